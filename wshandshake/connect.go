package wshandshake

// ExtendedConnect holds the pseudo-header and header fields of an HTTP/2
// (RFC 8441) or HTTP/3 (RFC 9220) extended CONNECT request that bootstraps
// a WebSocket. A field that is absent is nil. Protocols and Extensions
// hold one entry per field line. Nothing is copied: Accepted and errors
// refer to these slices only while the caller keeps them.
type ExtendedConnect struct {
	Method    []byte // :method, must be CONNECT
	Protocol  []byte // :protocol, must be websocket
	Scheme    []byte // :scheme, http or https
	Path      []byte // :path
	Authority []byte // :authority, the equivalent of Host

	Version    []byte   // sec-websocket-version, must be 13
	Origin     []byte   // origin
	Protocols  [][]byte // sec-websocket-protocol lines
	Extensions [][]byte // sec-websocket-extensions lines
}

// ValidateExtendedConnect checks an extended CONNECT request against
// RFC 8441 §4–5 (RFC 9220 §3 applies the same to HTTP/3) and cfg, and
// negotiates the subprotocol and extensions with the same rules as
// [ValidateRequest]. There is no key and no Accept: success is answered
// with status 200 and the fields of [AppendConnectResponse]. On failure,
// [AppendRejectionFields] gives the response.
func ValidateExtendedConnect(h *ExtendedConnect, cfg *ServerConfig) (Accepted, error) {
	if cfg == nil {
		cfg = &ServerConfig{}
	}
	// RFC 8441 §4: a CONNECT request that includes :protocol.
	if string(h.Method) != "CONNECT" {
		return Accepted{}, wrapValue(ErrBadMethod, "method", h.Method)
	}
	// RFC 8441 §5: the :protocol pseudo-header field MUST be included
	// and MUST have a value of "websocket".
	if string(h.Protocol) != "websocket" {
		return Accepted{}, wrapValue(ErrBadProtocol, ":protocol", h.Protocol)
	}
	// RFC 8441 §4: on requests that contain :protocol, the :scheme and
	// :path pseudo-header fields MUST be included.
	if string(h.Scheme) != "https" && string(h.Scheme) != "http" {
		return Accepted{}, wrapValue(ErrBadScheme, ":scheme", h.Scheme)
	}
	// RFC 9113 §8.3.1: the :path of an http or https URI is not empty
	// and, but for an OPTIONS "*", starts with "/": here it is the
	// resource name of RFC 6455 §3.
	if len(h.Path) == 0 {
		return Accepted{}, ErrBadPath
	}
	if h.Path[0] != '/' {
		return Accepted{}, wrapValue(ErrBadPath, ":path is not a path", h.Path)
	}
	// RFC 9113 §8.3.1: CONNECT carries :authority, the host and port of
	// the target, without userinfo.
	if len(h.Authority) == 0 {
		return Accepted{}, ErrMissingHost
	}
	if !validHost(h.Authority) {
		return Accepted{}, wrapValue(ErrMissingHost, "invalid :authority", h.Authority)
	}
	if string(h.Version) != "13" {
		return Accepted{}, wrapValue(ErrUnsupportedVersion, "version", h.Version)
	}
	if !cfg.Origin.allows(h.Origin, h.Authority) {
		return Accepted{}, wrapValue(ErrOriginRejected, "origin", h.Origin)
	}
	protocols, extensions := ValuesOf(h.Protocols), ValuesOf(h.Extensions)
	var a Accepted
	if err := negotiate(&a, &protocols, &extensions, cfg); err != nil {
		return Accepted{}, err
	}
	return a, nil
}

// AppendConnectResponse appends the fields of the response that accepts an
// extended CONNECT to dst and returns the extended slice: ":status" "200",
// then sec-websocket-protocol and sec-websocket-extensions when a
// subprotocol or extension was chosen (RFC 8441 §5). Field names are lower
// case, as HTTP/2 and HTTP/3 require.
func AppendConnectResponse(dst []HeaderField, a *Accepted) []HeaderField {
	dst = append(dst, HeaderField{Name: ":status", Value: "200"})
	if a.Subprotocol != "" {
		dst = append(dst, HeaderField{Name: "sec-websocket-protocol", Value: a.Subprotocol})
	}
	if a.Deflate {
		dst = append(dst, HeaderField{Name: "sec-websocket-extensions", Value: string(a.AppendExtensionsResponse(nil))})
	}
	return dst
}
