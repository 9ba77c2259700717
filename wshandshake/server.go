package wshandshake

import "encoding/binary"

// ServerConfig is a server's handshake policy, shared by HTTP/1.1
// ([ValidateRequest]) and extended CONNECT ([ValidateExtendedConnect]). The
// zero ServerConfig accepts no subprotocol, no extension, and same-origin
// requests. A nil *ServerConfig means the zero one.
type ServerConfig struct {
	// Subprotocols the server speaks, in the server's order of
	// preference: the first one the client offered is chosen
	// (RFC 6455 §4.2.2 step 5.5 leaves the choice to the server).
	Subprotocols []string
	// PreferClientOrder chooses instead the first subprotocol in the
	// client's list that is in Subprotocols.
	PreferClientOrder bool
	// SelectSubprotocol, if set, replaces both rules: it returns one of
	// the offered subprotocols, or "" for none. Anything else fails the
	// handshake with [ErrInvalidConfig], since RFC 6455 §4.2.2 lets the
	// server choose only among the offered values (and the client fails
	// the connection otherwise).
	SelectSubprotocol func(offered *Values) string

	// Origin is the origin policy.
	Origin OriginPolicy

	// Deflate, if set, enables permessage-deflate (RFC 7692) with this
	// policy. Other extensions are declined, which RFC 6455 §9.1 permits
	// by leaving them out of the response.
	Deflate *DeflateConfig
}

// Negotiated is the outcome of a handshake that both ends must keep:
// the subprotocol and the extensions in use.
type Negotiated struct {
	// Subprotocol is the chosen subprotocol, "" if none.
	Subprotocol string
	// Deflate reports whether permessage-deflate is in use; if so,
	// DeflateParams holds its agreed parameters.
	Deflate       bool
	DeflateParams DeflateParams
	// Extensions holds the other extensions a server accepted, of those
	// a client offered through [ClientConfig.Extensions]; the client's
	// code for them must check their parameters. Always nil on a server.
	Extensions []Extension
}

// DeflateSettings returns the permessage-deflate settings of the server
// (server true) or of the client; Enabled is false if it is not in use.
func (n *Negotiated) DeflateSettings(server bool) DeflateSettings {
	if !n.Deflate {
		return DeflateSettings{}
	}
	return n.DeflateParams.Settings(server)
}

// Accepted is a server's decision to accept a handshake: what
// [AppendResponse] writes and what the connection then uses.
type Accepted struct {
	Negotiated
	// Accept is the Sec-WebSocket-Accept value; empty after extended
	// CONNECT, which has none.
	Accept [AcceptLen]byte

	deflateResp deflateWire
	http1       bool
}

// ValidateRequest checks req against RFC 6455 §4.2.1 and cfg, and
// negotiates the subprotocol and extensions. On success it returns what
// [AppendResponse] needs to write the 101 response; on failure an error
// whose [StatusOf] is the status to answer with ([AppendRejection] writes
// it). It allocates nothing.
//
// Two checks go beyond RFC 6455: Host must appear exactly once, with a
// valid value (RFC 9112 §3.2), and the request must have no body, since
// the bytes after the head are read as WebSocket frames.
func ValidateRequest(req *Request, cfg *ServerConfig) (a Accepted, err error) {
	if cfg == nil {
		cfg = &ServerConfig{}
	}
	// §4.1: the method of the request MUST be GET, and the HTTP version
	// MUST be at least 1.1.
	if string(req.Method) != "GET" {
		return Accepted{}, wrapValue(ErrBadMethod, "method", req.Method)
	}
	if req.ProtoMajor < 1 || (req.ProtoMajor == 1 && req.ProtoMinor < 1) {
		return Accepted{}, ErrBadHTTPVersion
	}
	// §4.2.1 item 1: the request-target is the resource name, or an
	// absolute http or https URI naming it; a request that does not match
	// MUST be answered with 400.
	authority, ok := parseTarget(req.Target)
	if !ok {
		return Accepted{}, wrapValue(ErrMalformedRequest, "request-target is not a resource name", req.Target)
	}
	// RFC 9112 §3.2: a server MUST respond with 400 to a request that
	// lacks Host, contains more than one Host field line, or a Host
	// field with an invalid field value.
	if req.hostLines != 1 || len(req.Host) == 0 {
		return Accepted{}, ErrMissingHost
	}
	if !validHost(req.Host) {
		return Accepted{}, wrapValue(ErrMissingHost, "invalid Host", req.Host)
	}
	if err := checkUpgradeConnection(&req.Upgrade, &req.Connection); err != nil {
		return Accepted{}, err
	}
	// §4.2.2: if the version is not one the server understands, it MUST
	// abort the handshake and answer 426 with the versions it supports.
	if req.versionLines != 1 || string(req.Version) != "13" {
		return Accepted{}, wrapValue(ErrUnsupportedVersion, "version", req.Version)
	}
	// §4.1: the value of this header field MUST be a nonce consisting of
	// a randomly selected 16-byte value that has been base64-encoded.
	if req.keyLines != 1 || !validKey(req.Key) {
		return Accepted{}, wrapValue(ErrBadKey, "key", req.Key)
	}
	if req.hasBody {
		return Accepted{}, ErrUnexpectedBody
	}
	// RFC 9112 §3.2.2: with an absolute-form request-target, the server
	// MUST ignore Host and use the host of the target instead.
	host := req.Host
	if authority != nil {
		host = authority
	}
	if req.originLines > 1 || !cfg.Origin.allows(req.Origin, host) {
		return Accepted{}, wrapValue(ErrOriginRejected, "origin", req.Origin)
	}
	// Accepted is large: it is filled in place rather than copied.
	if err := negotiate(&a, &req.Protocols, &req.Extensions, cfg); err != nil {
		return Accepted{}, err
	}
	acceptInto(&a.Accept, req.Key)
	a.http1 = true
	return a, nil
}

// parseTarget reports whether a request-target names a WebSocket
// resource (RFC 6455 §3, §4.2.1), and returns its authority when it has
// one (nil for a path): the origin-form of RFC 9112 §3.2.1,
// which starts with "/", or the absolute-form of §3.2.2 with the scheme
// http or https and a valid host, since RFC 9110 §4.2.1 has a recipient
// reject an http URI with an empty host and §4.2.4 treat userinfo as an
// error. The asterisk-form and the authority-form (§3.2.3, §3.2.4) are for
// OPTIONS and CONNECT only. The caller has checked that t is visible
// ASCII.
func parseTarget[T ~string | ~[]byte](t T) (authority T, ok bool) {
	if len(t) > 0 && t[0] == '/' {
		return authority, true
	}
	var rest T
	switch {
	case len(t) >= 7 && equalFold(t[:7], "http://"):
		rest = t[7:]
	case len(t) >= 8 && equalFold(t[:8], "https://"):
		rest = t[8:]
	default:
		return authority, false
	}
	end := 0
	for end < len(rest) && rest[end] != '/' && rest[end] != '?' {
		end++
	}
	return rest[:end], validHost(rest[:end])
}

// checkUpgradeConnection applies RFC 6455 §4.2.1 items 3 and 4 to a
// request.
func checkUpgradeConnection(upgrade, connection *Values) error {
	if !upgrade.containsToken(websocketToken) {
		return ErrBadUpgrade
	}
	if !connection.containsToken(upgradeToken) {
		return ErrBadConnection
	}
	return nil
}

var (
	websocketToken = newFoldedToken("websocket")
	upgradeToken   = newFoldedToken("upgrade")
)

// validKey reports whether key is base64 of exactly 16 bytes: 22 digits
// of the standard alphabet and "==" (RFC 4648 §4), as base64.StdEncoding
// decodes it, which ignores the unused low bits of the last digit.
func validKey(key []byte) bool {
	if len(key) != KeyLen || key[22] != '=' || key[23] != '=' {
		return false
	}
	// The 22 digits as three words, the last overlapping the second.
	return base64Digits(binary.LittleEndian.Uint64(key)) &&
		base64Digits(binary.LittleEndian.Uint64(key[8:])) &&
		base64Digits(binary.LittleEndian.Uint64(key[14:]))
}

// base64Digits reports whether the eight bytes of x are digits of the
// standard base64 alphabet: letters, digits, '+' and '/'. The tests work
// on the low seven bits of each byte (see alnumFlags); bytes with the top
// bit set are ruled out at the end.
func base64Digits(x uint64) bool {
	y := x & lows
	return (alnumFlags(y)|byteFlags(y, '+')|byteFlags(y, '/'))&^x&highs == highs
}

// negotiate picks the subprotocol and extensions into a, the part of the
// handshake HTTP/1.1 and extended CONNECT share.
func negotiate(a *Accepted, protocols, extensions *Values, cfg *ServerConfig) error {
	sub, err := selectSubprotocol(protocols, cfg)
	if err != nil {
		return err
	}
	a.Subprotocol = sub
	if cfg.Deflate != nil {
		if err := cfg.Deflate.check(); err != nil {
			return err
		}
	}
	// Browsers send one of a few offers byte for byte: those skip the
	// lexer, which would find the same parameters.
	if line, ok := extensions.only(); ok {
		for i := range commonDeflateOffers {
			if o := &commonDeflateOffers[i]; string(line) == o.line {
				if cfg.Deflate == nil {
					return nil
				}
				if params, resp, ok := cfg.Deflate.serverAccept(o.offer); ok {
					a.Deflate, a.DeflateParams, a.deflateResp = true, params, resp
				}
				return nil
			}
		}
	}
	lines := lineIter{v: extensions}
	for line, ok := lines.next(); ok; line, ok = lines.next() {
		lx := extLexer{s: line}
		for {
			ok, err := lx.next()
			if err != nil {
				return err
			}
			if !ok {
				break
			}
			if lx.it.isParam {
				continue // parameters of an extension the server declines
			}
			if cfg.Deflate == nil || !deflateName.equal(lx.it.name) {
				continue
			}
			w, valid, err := readDeflateParams(&lx, false)
			if err != nil {
				return err
			}
			// RFC 7692 §5: the server accepts at most one offer; it
			// MUST decline an invalid one.
			if !valid || a.Deflate {
				continue
			}
			if params, resp, ok := cfg.Deflate.serverAccept(w); ok {
				a.Deflate, a.DeflateParams, a.deflateResp = true, params, resp
			}
		}
	}
	return nil
}

// commonDeflateOffers are Sec-WebSocket-Extensions values that browsers
// send exactly so, each with the permessage-deflate offer it makes: one
// valid offer and nothing else.
var commonDeflateOffers = [...]struct {
	line  string
	offer deflateWire
}{
	{"permessage-deflate; client_max_window_bits", deflateWire{clientBitsNoValue: true}}, // Chromium, Safari
	{"permessage-deflate", deflateWire{}},
}

// selectSubprotocol picks the subprotocol from the offered list (RFC 6455
// §4.2.2 step 5.5), after checking that each element is a token (§4.1:
// the elements MUST be tokens). It walks the list once, keeping the best
// choice so far.
func selectSubprotocol(offered *Values, cfg *ServerConfig) (string, error) {
	choose := cfg.SelectSubprotocol == nil
	best := len(cfg.Subprotocols) // index of the choice so far; none yet
	lines := lineIter{v: offered}
	for line, ok := lines.next(); ok; line, ok = lines.next() {
		// The elements of the list (RFC 9110 §5.6.1), as elemIter
		// finds them, each checked to be a token on the way.
		for i := 0; i < len(line); {
			if c := line[i]; c == ' ' || c == '\t' || c == ',' {
				i++
				continue
			}
			start := i
			for i < len(line) && tokenChar[line[i]] {
				i++
			}
			e := line[start:i]
			for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
				i++
			}
			if len(e) == 0 || (i < len(line) && line[i] != ',') {
				return "", ErrBadSubprotocols
			}
			if !choose || (cfg.PreferClientOrder && best < len(cfg.Subprotocols)) {
				continue
			}
			// In the server's order the earliest of its subprotocols
			// that was offered wins; in the client's, the first
			// offered one the server speaks. Names are compared
			// exactly (RFC 6455 §11.3.4).
			for j, p := range cfg.Subprotocols[:best] {
				if string(e) == p {
					best = j
					break
				}
			}
		}
	}
	if offered.Len() == 0 {
		return "", nil
	}
	if !choose {
		// §4.2.2: the value chosen MUST be one of the values of the
		// client's Sec-WebSocket-Protocol field.
		sub := cfg.SelectSubprotocol(offered)
		if sub != "" && !offeredElement(offered, sub) {
			return "", wrapValue(ErrInvalidConfig, "SelectSubprotocol chose a subprotocol that was not offered:", []byte(sub))
		}
		return sub, nil
	}
	if best < len(cfg.Subprotocols) {
		return cfg.Subprotocols[best], nil
	}
	return "", nil
}

// offeredElement reports whether sub is an element of the offered list,
// compared exactly.
func offeredElement(offered *Values, sub string) bool {
	it := elemIter{lines: lineIter{v: offered}}
	for elem, ok := it.next(); ok; elem, ok = it.next() {
		if string(elem) == sub {
			return true
		}
	}
	return false
}

// AppendResponse appends the 101 response that completes an HTTP/1.1
// handshake accepted by [ValidateRequest] to dst, with the fields of extra
// after the WebSocket ones (for example Set-Cookie), and returns the
// extended buffer (RFC 6455 §4.2.2 step 5). It fails with
// [ErrInvalidHeader], returning dst unchanged, if a field of extra could
// break the response, and with [ErrInvalidConfig] if a was not made by
// ValidateRequest.
func AppendResponse(dst []byte, a *Accepted, extra []HeaderField) ([]byte, error) {
	if !a.http1 {
		return dst, wrap(ErrInvalidConfig, "Accepted is not from ValidateRequest")
	}
	for i := range extra {
		if err := checkField(&extra[i]); err != nil {
			return dst, err
		}
	}
	dst = append(dst, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "...)
	dst = append(dst, a.Accept[:]...)
	dst = append(dst, "\r\n"...)
	if a.Subprotocol != "" {
		dst = appendField(dst, "Sec-WebSocket-Protocol", a.Subprotocol)
	}
	if a.Deflate {
		dst = append(dst, "Sec-WebSocket-Extensions: "...)
		dst = appendDeflateResponse(dst, &a.deflateResp)
		dst = append(dst, "\r\n"...)
	}
	for _, f := range extra {
		dst = appendField(dst, f.Name, f.Value)
	}
	return append(dst, "\r\n"...), nil
}

// AppendExtensionsResponse appends the Sec-WebSocket-Extensions value of
// an accepted handshake to dst (nothing if no extension was accepted) and
// returns the extended buffer, for callers that write the response
// themselves, such as the net/http adapter.
func (a *Accepted) AppendExtensionsResponse(dst []byte) []byte {
	if !a.Deflate {
		return dst
	}
	return appendDeflateResponse(dst, &a.deflateResp)
}
