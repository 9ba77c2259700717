package wshandshake

import "strconv"

// ClientConfig describes the opening handshake a client sends
// (RFC 6455 §4.1). The same value checks the server's response, so it must
// not change between [AppendRequest] and [VerifyResponse].
type ClientConfig struct {
	// Host is the Host field: the server's host, with ":port" unless it
	// is the scheme's default.
	Host string
	// Target is the request-target: path and query, "/" if empty.
	Target string
	// Origin, if not empty, is sent as Origin (browsers always do).
	Origin string
	// Subprotocols are offered in order of preference.
	Subprotocols []string
	// Deflate holds permessage-deflate offers in order of preference;
	// none if empty.
	Deflate []DeflateOffer
	// Extensions are other extension offers, written after the deflate
	// ones; the server's acceptance comes back in
	// [Negotiated.Extensions].
	Extensions []Extension
	// Header holds extra fields, such as Authorization or Cookie.
	Header []HeaderField
}

// AppendRequest appends the HTTP/1.1 upgrade request that opens a
// handshake with key to dst and returns the extended buffer (RFC 6455
// §4.1). Every value must fit in its field: a Host that is not a host
// with an optional port, a target that is not visible ASCII or is
// neither a path nor an absolute http or https URI, a subprotocol or
// extension that is not a token, a subprotocol offered twice, or any
// field holding CR, LF or another control character fails with
// [ErrInvalidHeader] (or [ErrInvalidConfig] for bad window bits), and dst
// comes back unchanged.
func AppendRequest(dst []byte, cfg *ClientConfig, key *Key) ([]byte, error) {
	orig := len(dst)
	fail := func(err error) ([]byte, error) { return dst[:orig], err }
	target := cfg.Target
	if target == "" {
		target = "/"
	}
	for i := 0; i < len(target); i++ {
		if c := target[i]; c <= ' ' || c >= 0x7f {
			return fail(wrap(ErrInvalidHeader, "request target is not visible ASCII"))
		}
	}
	if _, ok := parseTarget(target); !ok {
		return fail(wrap(ErrInvalidHeader, "request target is neither a path nor an absolute http or https URI"))
	}
	// RFC 9110 §7.2: Host = uri-host [ ":" port ]; a server answers
	// anything else with 400 (RFC 9112 §3.2).
	if !validHost(cfg.Host) {
		return fail(wrap(ErrInvalidHeader, "Host is not a host and optional port"))
	}
	for _, f := range [...]HeaderField{{"Host", cfg.Host}, {"Origin", cfg.Origin}} {
		if err := checkField(&f); err != nil {
			return fail(err)
		}
	}
	for i := range cfg.Header {
		if err := checkField(&cfg.Header[i]); err != nil {
			return fail(err)
		}
	}
	dst = append(dst, "GET "...)
	dst = append(dst, target...)
	dst = append(dst, " HTTP/1.1\r\n"...)
	dst = appendField(dst, "Host", cfg.Host)
	dst = append(dst, "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "...)
	dst = append(dst, key[:]...)
	dst = append(dst, "\r\nSec-WebSocket-Version: 13\r\n"...)
	if cfg.Origin != "" {
		dst = appendField(dst, "Origin", cfg.Origin)
	}
	if len(cfg.Subprotocols) > 0 {
		dst = append(dst, "Sec-WebSocket-Protocol: "...)
		for i, p := range cfg.Subprotocols {
			if !isTokenString(p) {
				return fail(wrap(ErrInvalidHeader, "subprotocol "+strconv.Quote(p)+" is not a token"))
			}
			// §4.1: the elements MUST all be unique strings.
			for _, q := range cfg.Subprotocols[:i] {
				if p == q {
					return fail(wrap(ErrInvalidHeader, "subprotocol "+strconv.Quote(p)+" offered twice"))
				}
			}
			if i > 0 {
				dst = append(dst, ", "...)
			}
			dst = append(dst, p...)
		}
		dst = append(dst, "\r\n"...)
	}
	if len(cfg.Deflate) > 0 || len(cfg.Extensions) > 0 {
		dst = append(dst, "Sec-WebSocket-Extensions: "...)
		var err error
		for i := range cfg.Deflate {
			if i > 0 {
				dst = append(dst, ", "...)
			}
			if dst, err = appendDeflateOffer(dst, &cfg.Deflate[i]); err != nil {
				return fail(err)
			}
		}
		if len(cfg.Extensions) > 0 {
			if len(cfg.Deflate) > 0 {
				dst = append(dst, ", "...)
			}
			if dst, err = AppendExtensions(dst, cfg.Extensions); err != nil {
				return fail(err)
			}
		}
		dst = append(dst, "\r\n"...)
	}
	for _, f := range cfg.Header {
		dst = appendField(dst, f.Name, f.Value)
	}
	return append(dst, "\r\n"...), nil
}

// VerifyResponse checks the server's response to the request
// [AppendRequest] wrote with cfg and key, as RFC 6455 §4.1 requires of the
// client, and returns what was negotiated. Each failure has its own
// error: [ErrBadStatus], [ErrBadUpgrade], [ErrBadConnection],
// [ErrBadAccept], [ErrUnofferedSubprotocol], [ErrBadExtensions],
// [ErrUnofferedExtension], [ErrBadDeflateResponse]; on any of them the
// client MUST fail the WebSocket connection.
func VerifyResponse(resp *Response, cfg *ClientConfig, key *Key) (Negotiated, error) {
	// §4.1: if the status code received from the server is not 101, the
	// client handles the response per HTTP procedures.
	if resp.StatusCode != 101 {
		return Negotiated{}, wrap(ErrBadStatus, "status "+strconv.Itoa(resp.StatusCode))
	}
	// §4.1: if the response lacks an Upgrade field, or its Upgrade field
	// holds a value that is not "websocket", or it lacks a Connection
	// field containing "Upgrade", the client MUST fail the connection.
	// A request only needs Upgrade to contain "websocket" (§4.2.1); the
	// response names the one protocol the connection switches to.
	if !resp.Upgrade.onlyToken(websocketToken) {
		return Negotiated{}, ErrBadUpgrade
	}
	if !resp.Connection.containsToken(upgradeToken) {
		return Negotiated{}, ErrBadConnection
	}
	// §4.1: if the Sec-WebSocket-Accept is missing or is not the
	// expected value, the client MUST fail the connection.
	if resp.acceptLines != 1 || !CheckAccept(key[:], resp.Accept) {
		return Negotiated{}, ErrBadAccept
	}
	var n Negotiated
	// §4.1: a subprotocol that was not present in the client's handshake
	// MUST fail the connection.
	if resp.protocolLines > 0 {
		if resp.protocolLines > 1 {
			return Negotiated{}, wrap(ErrUnofferedSubprotocol, "repeated Sec-WebSocket-Protocol")
		}
		for _, p := range cfg.Subprotocols {
			if string(resp.Protocol) == p {
				n.Subprotocol = p
				break
			}
		}
		if n.Subprotocol == "" {
			return Negotiated{}, wrapValue(ErrUnofferedSubprotocol, "subprotocol", resp.Protocol)
		}
	}
	if err := verifyExtensions(&resp.Extensions, cfg, &n); err != nil {
		return Negotiated{}, err
	}
	return n, nil
}

// verifyExtensions checks the accepted extensions (RFC 6455 §4.1: an
// extension not present in the client's handshake MUST fail the
// connection; RFC 7692 §7: so must a permessage-deflate response the
// client cannot accept).
func verifyExtensions(exts *Values, cfg *ClientConfig, n *Negotiated) error {
	var err error
	exts.Each(func(line []byte) bool {
		lx := extLexer{s: line}
		for {
			ok, lerr := lx.next()
			if lerr != nil {
				err = lerr
				return false
			}
			if !ok {
				return true
			}
			name := lx.it.name
			if deflateName.equal(name) && len(cfg.Deflate) > 0 {
				if n.Deflate {
					err = wrap(ErrBadDeflateResponse, "permessage-deflate accepted twice")
					return false
				}
				w, valid, lerr := readDeflateParams(&lx, true)
				if lerr != nil {
					err = lerr
					return false
				}
				if !valid {
					err = wrap(ErrBadDeflateResponse, "invalid parameters")
					return false
				}
				for i := range cfg.Deflate {
					if p, ok := cfg.Deflate[i].clientCheck(w); ok {
						n.Deflate, n.DeflateParams = true, p
						break
					}
				}
				if !n.Deflate {
					err = wrap(ErrBadDeflateResponse, "no offer allows the response")
					return false
				}
				continue
			}
			offered := false
			for _, e := range cfg.Extensions {
				if equalFold(name, e.Name) {
					offered = true
					break
				}
			}
			if !offered {
				err = wrapValue(ErrUnofferedExtension, "extension", name)
				return false
			}
			n.Extensions = append(n.Extensions, Extension{Name: string(name)})
			for {
				ok, lerr := lx.next()
				if lerr != nil {
					err = lerr
					return false
				}
				if !ok {
					return true
				}
				p := &lx.it
				if !p.isParam {
					lx.unread()
					break
				}
				e := &n.Extensions[len(n.Extensions)-1]
				e.Params = append(e.Params, Param{Name: string(p.name), Value: string(p.appendValue(nil)), HasValue: p.hasValue})
			}
		}
	})
	return err
}
