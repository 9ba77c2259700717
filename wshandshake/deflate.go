package wshandshake

import "strconv"

// DeflateExtension is the name of the permessage-deflate extension
// (RFC 7692 §7).
const DeflateExtension = "permessage-deflate"

// The tokens of permessage-deflate, as the negotiation compares them.
var (
	deflateName           = newFoldedToken(DeflateExtension)
	serverNoTakeoverParam = newFoldedToken("server_no_context_takeover")
	clientNoTakeoverParam = newFoldedToken("client_no_context_takeover")
	serverMaxBitsParam    = newFoldedToken("server_max_window_bits")
	clientMaxBitsParam    = newFoldedToken("client_max_window_bits")
)

// Window sizes of permessage-deflate, as base-2 logarithms of the LZ77
// window (RFC 7692 §7.1.2).
const (
	MinWindowBits = 8
	MaxWindowBits = 15
)

// DeflateParams is the permessage-deflate configuration both ends agreed
// on (RFC 7692 §7.1). Window bits are always 8–15, 15 when nothing smaller
// was agreed.
type DeflateParams struct {
	// ServerNoContextTakeover: the server resets its compressor after
	// each message (§7.1.1.1).
	ServerNoContextTakeover bool
	// ClientNoContextTakeover: the client resets its compressor after
	// each message (§7.1.1.2).
	ClientNoContextTakeover bool
	// ServerMaxWindowBits bounds the window the server compresses with
	// (§7.1.2.1).
	ServerMaxWindowBits int
	// ClientMaxWindowBits bounds the window the client compresses with
	// (§7.1.2.2).
	ClientMaxWindowBits int
}

// DeflateSettings is permessage-deflate seen from one end: what its frame
// layer needs.
type DeflateSettings struct {
	// Enabled reports whether permessage-deflate was negotiated, which
	// permits RSV1 on the first frame of a data message (RFC 7692 §6).
	Enabled bool
	// OwnMaxWindowBits bounds the window this end compresses with;
	// PeerMaxWindowBits the window the peer compresses with, which is
	// the window this end needs to decompress.
	OwnMaxWindowBits, PeerMaxWindowBits int
	// OwnNoContextTakeover: this end must reset its compressor after each
	// message. PeerNoContextTakeover: the peer does, so this end may
	// reset its decompressor too.
	OwnNoContextTakeover, PeerNoContextTakeover bool
}

// Settings returns p as seen from the server (server true) or the client.
func (p DeflateParams) Settings(server bool) DeflateSettings {
	if server {
		return DeflateSettings{
			Enabled:               true,
			OwnMaxWindowBits:      p.ServerMaxWindowBits,
			PeerMaxWindowBits:     p.ClientMaxWindowBits,
			OwnNoContextTakeover:  p.ServerNoContextTakeover,
			PeerNoContextTakeover: p.ClientNoContextTakeover,
		}
	}
	return DeflateSettings{
		Enabled:               true,
		OwnMaxWindowBits:      p.ClientMaxWindowBits,
		PeerMaxWindowBits:     p.ServerMaxWindowBits,
		OwnNoContextTakeover:  p.ClientNoContextTakeover,
		PeerNoContextTakeover: p.ServerNoContextTakeover,
	}
}

// DeflateConfig is a server's permessage-deflate policy: [ValidateRequest]
// accepts the first offer in the client's list that it can honour and
// declines the others (RFC 7692 §5).
type DeflateConfig struct {
	// ServerNoContextTakeover makes the server reset its compressor after
	// each message, and say so in its response even when the client did
	// not ask (§7.1.1.1). It saves memory between messages.
	ServerNoContextTakeover bool
	// ClientNoContextTakeover asks the client to reset its compressor
	// after each message (§7.1.1.2), so the server need not keep a
	// decompression window between messages.
	ClientNoContextTakeover bool
	// ServerMaxWindowBits is the window the server compresses with, 8–15;
	// 0 means 15. Below 15 the response announces it (§7.1.2.1).
	ServerMaxWindowBits int
	// MinServerWindowBits is the smallest server_max_window_bits offer
	// the server can honour, 8–15; 0 means 15.
	//
	// The default is 15 because Go's compress/flate always compresses
	// with a 32 KiB window and cannot be made to use a smaller one: an
	// offer that demands a smaller server window is declined, as §7.1.2.1
	// requires of a server that cannot comply. Set it lower only if the
	// server's compressor can limit its window, or if the server then
	// sends its messages uncompressed (RSV1 clear), which permessage-
	// deflate allows.
	MinServerWindowBits int
	// ClientMaxWindowBits, 8–15, asks a client that offered
	// client_max_window_bits to compress with at most this window, so the
	// server's decompressor can be smaller; 0 or 15 asks nothing. A
	// client that did not offer the parameter may use 15 regardless
	// (§7.1.2.2).
	ClientMaxWindowBits int
}

func (c *DeflateConfig) check() error {
	ok := func(v int) bool { return v == 0 || (MinWindowBits <= v && v <= MaxWindowBits) }
	if !ok(c.ServerMaxWindowBits) || !ok(c.MinServerWindowBits) || !ok(c.ClientMaxWindowBits) {
		return wrap(ErrInvalidConfig, "deflate window bits outside 8-15")
	}
	// A server that compresses with a window its compressor cannot
	// limit itself to contradicts itself.
	if orDefault(c.ServerMaxWindowBits) < orDefault(c.MinServerWindowBits) {
		return wrap(ErrInvalidConfig, "deflate ServerMaxWindowBits below MinServerWindowBits")
	}
	return nil
}

// DeflateOffer is one permessage-deflate offer a client makes (RFC 7692
// §7.1). A client may make several, in order of preference.
type DeflateOffer struct {
	// ServerNoContextTakeover asks the server to reset its compressor
	// after each message; a server that accepts must agree.
	ServerNoContextTakeover bool
	// ClientNoContextTakeover tells the server the client will reset its
	// compressor after each message.
	ClientNoContextTakeover bool
	// ServerMaxWindowBits, 8–15, asks the server to compress with at most
	// this window; 0 sends nothing.
	ServerMaxWindowBits int
	// AllowClientMaxWindowBits sends client_max_window_bits, telling the
	// server the client can limit its window if asked.
	AllowClientMaxWindowBits bool
	// ClientMaxWindowBits, 8–15, gives client_max_window_bits a value:
	// the client will compress with at most this window in any case. It
	// implies AllowClientMaxWindowBits. 0 sends no value.
	ClientMaxWindowBits int
}

// appendDeflateOffer appends o as one element of an extension list.
func appendDeflateOffer(dst []byte, o *DeflateOffer) ([]byte, error) {
	bad := func(v int) bool { return v != 0 && (v < MinWindowBits || v > MaxWindowBits) }
	if bad(o.ServerMaxWindowBits) || bad(o.ClientMaxWindowBits) {
		return dst, wrap(ErrInvalidConfig, "deflate offer window bits outside 8-15")
	}
	dst = append(dst, DeflateExtension...)
	if o.ServerNoContextTakeover {
		dst = append(dst, "; server_no_context_takeover"...)
	}
	if o.ClientNoContextTakeover {
		dst = append(dst, "; client_no_context_takeover"...)
	}
	if o.ServerMaxWindowBits != 0 {
		dst = append(dst, "; server_max_window_bits="...)
		dst = strconv.AppendInt(dst, int64(o.ServerMaxWindowBits), 10)
	}
	if o.ClientMaxWindowBits != 0 {
		dst = append(dst, "; client_max_window_bits="...)
		dst = strconv.AppendInt(dst, int64(o.ClientMaxWindowBits), 10)
	} else if o.AllowClientMaxWindowBits {
		dst = append(dst, "; client_max_window_bits"...)
	}
	return dst, nil
}

// deflateWire is the parameter set of one permessage-deflate element as
// written on the wire; window bits are 0 when absent.
type deflateWire struct {
	serverNoTakeover, clientNoTakeover bool
	serverBits, clientBits             int
	clientBitsNoValue                  bool
}

// readDeflateParams reads the parameters that follow a permessage-deflate
// name from lx. valid is false when they break RFC 7692 §7: an unknown
// parameter, a repeated one, or an invalid value; response selects the
// rules for a response (where client_max_window_bits needs a value). A
// syntax error of the header is returned as err.
func readDeflateParams(lx *extLexer, response bool) (w deflateWire, valid bool, err error) {
	valid = true
	var seen [4]bool
	for {
		ok, err := lx.next()
		if err != nil {
			return w, false, err
		}
		if !ok {
			return w, valid, nil
		}
		it := &lx.it
		if !it.isParam {
			lx.unread()
			return w, valid, nil
		}
		var idx int
		switch {
		case serverNoTakeoverParam.equal(it.name):
			idx = 0
			w.serverNoTakeover = true
			valid = valid && !it.hasValue
		case clientNoTakeoverParam.equal(it.name):
			idx = 1
			w.clientNoTakeover = true
			valid = valid && !it.hasValue
		case serverMaxBitsParam.equal(it.name):
			idx = 2
			bits, ok := windowBits(it)
			w.serverBits = bits
			valid = valid && ok
		case clientMaxBitsParam.equal(it.name):
			idx = 3
			if !it.hasValue && !response {
				w.clientBitsNoValue = true
				break
			}
			bits, ok := windowBits(it)
			w.clientBits = bits
			valid = valid && ok
		default:
			// §7: an extension parameter not defined for use in an
			// offer (or response) makes it invalid.
			valid = false
			continue
		}
		// §7: an offer or response with multiple extension parameters
		// with the same name is invalid.
		if seen[idx] {
			valid = false
		}
		seen[idx] = true
	}
}

// windowBits parses a window-bits value: a decimal integer 8–15 without
// leading zeros (RFC 7692 §7.1.2), possibly written as a quoted string.
func windowBits(it *extItem) (int, bool) {
	if !it.hasValue {
		return 0, false
	}
	var buf [8]byte
	if len(it.value) > len(buf) {
		return 0, false
	}
	v := it.appendValue(buf[:0])
	switch {
	case len(v) == 1 && (v[0] == '8' || v[0] == '9'):
		return int(v[0] - '0'), true
	case len(v) == 2 && v[0] == '1' && '0' <= v[1] && v[1] <= '5':
		return 10 + int(v[1]-'0'), true
	}
	return 0, false
}

// serverAccept decides whether the server can accept offer w under c. It
// returns the agreed parameters and the parameter set to respond with.
func (c *DeflateConfig) serverAccept(w deflateWire) (agreed DeflateParams, resp deflateWire, ok bool) {
	serverBits := orDefault(c.ServerMaxWindowBits)
	floor := orDefault(c.MinServerWindowBits)
	if w.serverBits != 0 {
		// §7.1.2.1: a server that cannot use a window no larger than
		// the offered one MUST decline the offer.
		if w.serverBits < floor {
			return DeflateParams{}, deflateWire{}, false
		}
		serverBits = min(serverBits, w.serverBits)
		resp.serverBits = serverBits
	} else if serverBits < MaxWindowBits {
		resp.serverBits = serverBits
	}
	agreed.ServerMaxWindowBits = serverBits

	// §7.1.1.1: a server accepts server_no_context_takeover by including
	// it in the response.
	resp.serverNoTakeover = w.serverNoTakeover || c.ServerNoContextTakeover
	agreed.ServerNoContextTakeover = resp.serverNoTakeover

	// The response repeats every promise of the client's that the server
	// relies on. A client that made several offers learns from the
	// response alone which parameters are in force, so both ends agree
	// whichever offer was taken; and some clients (Node's ws among them)
	// honour their own client_no_context_takeover hint only when the
	// response carries it. §7.1.1.2 and §7.1.2.2 allow both parameters
	// in a response to an offer that had them.
	resp.clientNoTakeover = c.ClientNoContextTakeover || w.clientNoTakeover
	agreed.ClientNoContextTakeover = resp.clientNoTakeover

	clientBits := MaxWindowBits
	if w.clientBits != 0 {
		clientBits = w.clientBits // the client's promise (§7.1.2.2)
	}
	// §7.1.2.2: if the offer lacks client_max_window_bits, the response
	// MUST NOT include it.
	if (w.clientBits != 0 || w.clientBitsNoValue) && c.ClientMaxWindowBits != 0 && c.ClientMaxWindowBits < clientBits {
		clientBits = c.ClientMaxWindowBits
	}
	if clientBits < MaxWindowBits {
		resp.clientBits = clientBits
	}
	agreed.ClientMaxWindowBits = clientBits
	return agreed, resp, true
}

// appendDeflateResponse appends the permessage-deflate element of a
// response.
func appendDeflateResponse(dst []byte, w *deflateWire) []byte {
	o := DeflateOffer{
		ServerNoContextTakeover: w.serverNoTakeover,
		ClientNoContextTakeover: w.clientNoTakeover,
		ServerMaxWindowBits:     w.serverBits,
		ClientMaxWindowBits:     w.clientBits,
	}
	dst, _ = appendDeflateOffer(dst, &o) // values come from serverAccept, always 8–15
	return dst
}

// clientCheck reports whether response w is a valid acceptance of offer o
// (RFC 7692 §7.1), and the agreed parameters if so.
func (o *DeflateOffer) clientCheck(w deflateWire) (DeflateParams, bool) {
	// §7.1.1.1: the server accepts server_no_context_takeover by
	// including it.
	if o.ServerNoContextTakeover && !w.serverNoTakeover {
		return DeflateParams{}, false
	}
	// §7.1.2.1: the response carries server_max_window_bits with the
	// same or a smaller value than the offer.
	if o.ServerMaxWindowBits != 0 && (w.serverBits == 0 || w.serverBits > o.ServerMaxWindowBits) {
		return DeflateParams{}, false
	}
	p := DeflateParams{
		ServerNoContextTakeover: w.serverNoTakeover,
		ClientNoContextTakeover: w.clientNoTakeover || o.ClientNoContextTakeover,
		ServerMaxWindowBits:     orDefault(w.serverBits),
		ClientMaxWindowBits:     orDefault(o.ClientMaxWindowBits),
	}
	if w.clientBits != 0 {
		// §7.1.2.2: a response MUST NOT include client_max_window_bits
		// unless the offer did, and never with a larger value.
		if !o.AllowClientMaxWindowBits && o.ClientMaxWindowBits == 0 {
			return DeflateParams{}, false
		}
		if o.ClientMaxWindowBits != 0 && w.clientBits > o.ClientMaxWindowBits {
			return DeflateParams{}, false
		}
		p.ClientMaxWindowBits = w.clientBits
	}
	return p, true
}

func orDefault(bits int) int {
	if bits == 0 {
		return MaxWindowBits
	}
	return bits
}
