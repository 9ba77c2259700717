package wshandshake

import "bytes"

// Request is an HTTP/1.1 request head as [ParseRequest] found it. Every
// byte slice in it aliases the buffer given to ParseRequest: it stays valid
// only as long as the caller keeps that buffer unchanged. A Request may be
// reused for the next parse, which then allocates nothing.
//
// Fields that RFC 6455 allows once are kept as the value of their first
// line; a repeated one fails [ValidateRequest]. Fields that are lists are
// kept as [Values] holding every line.
type Request struct {
	Method     []byte // the method token, e.g. "GET"
	Target     []byte // the request-target, e.g. "/chat?room=1"
	ProtoMajor int    // the HTTP version, e.g. 1 and 1
	ProtoMinor int

	Host    []byte // Host, nil if absent
	Origin  []byte // Origin, nil if absent
	Key     []byte // Sec-WebSocket-Key, nil if absent
	Version []byte // Sec-WebSocket-Version, nil if absent

	Upgrade    Values // Upgrade lines
	Connection Values // Connection lines
	Protocols  Values // Sec-WebSocket-Protocol lines: the offered subprotocols
	Extensions Values // Sec-WebSocket-Extensions lines: the offered extensions

	hostLines, originLines, keyLines, versionLines int
	hasBody                                        bool
	fields                                         []byte
}

// ParseRequest parses the HTTP/1.1 request head at the start of b into req
// (RFC 9112 §2–5). It returns the length of the head, after which any
// further bytes of b belong to the WebSocket connection (a client may send
// frames without waiting for the response).
//
// n == 0 with a nil error means b holds only part of a head: call again
// with more bytes appended; req is meaningful only once n > 0. The limits
// in lim (nil for the defaults) are enforced on the bytes seen so far, so
// a peer that never ends its head fails with [ErrHeaderTooLarge] or
// [ErrURITooLong] once it crosses them, and the caller never needs to
// buffer more than the limit. An unfinished head within the limits is only
// scanned for line ends, so that calling again after every small read
// stays cheap; syntax errors are reported once the empty line that ends
// the head has arrived. The outcome does not depend on how b was split
// across calls.
//
// Lines must end in CRLF; a bare LF, obsolete line folding and control
// characters in values fail with [ErrMalformedRequest]. ParseRequest checks
// syntax only: [ValidateRequest] checks what RFC 6455 requires.
func ParseRequest(b []byte, req *Request, lim *Limits) (n int, err error) {
	*req = Request{}
	var s headScanner
	if !s.begin(b, lim, ErrMalformedRequest, true) {
		return 0, nil
	}
	line, kind, err := s.startLine()
	if kind != lineFound || err != nil {
		return 0, err
	}
	if err := req.startLine(line); err != nil {
		return 0, err
	}
	start := s.pos
	for {
		id, value, kind, err := s.field()
		if err != nil || kind == lineMore {
			return 0, err
		}
		if kind == lineEnd {
			break
		}
		req.field(id, value)
	}
	n = s.pos
	req.fields = b[start:n]
	req.Upgrade.block = req.fields
	req.Connection.block = req.fields
	req.Protocols.block = req.fields
	req.Extensions.block = req.fields
	return n, nil
}

// startLine parses request-line = method SP request-target SP HTTP-version
// (RFC 9112 §3).
func (r *Request) startLine(line []byte) error {
	sp := bytes.IndexByte(line, ' ')
	if sp <= 0 || !isToken(line[:sp]) {
		return wrapValue(ErrMalformedRequest, "bad method in request line", line)
	}
	r.Method = line[:sp]
	rest := line[sp+1:]
	sp = bytes.IndexByte(rest, ' ')
	if sp <= 0 {
		return wrapValue(ErrMalformedRequest, "bad request line", line)
	}
	r.Target = rest[:sp]
	for _, c := range r.Target {
		if c <= ' ' || c >= 0x7f {
			return wrapValue(ErrMalformedRequest, "bad request-target", r.Target)
		}
	}
	major, minor, ok := parseHTTPVersion(rest[sp+1:])
	if !ok {
		return wrapValue(ErrMalformedRequest, "bad HTTP version", rest[sp+1:])
	}
	r.ProtoMajor, r.ProtoMinor = major, minor
	return nil
}

// parseHTTPVersion parses HTTP-version = "HTTP/" DIGIT "." DIGIT
// (RFC 9112 §2.3).
func parseHTTPVersion(v []byte) (major, minor int, ok bool) {
	if len(v) != 8 || string(v[:5]) != "HTTP/" || v[6] != '.' ||
		!isDigit(v[5]) || !isDigit(v[7]) {
		return 0, 0, false
	}
	return int(v[5] - '0'), int(v[7] - '0'), true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// keepFirst keeps the value of the first line of a field that must appear
// once, and counts its lines, so that validation can refuse a repeated one.
func keepFirst(kept *[]byte, lines *int, value []byte) {
	if *lines == 0 {
		*kept = value
	}
	*lines++
}

// field keeps what RFC 6455 needs of one field line.
func (r *Request) field(id fieldID, value []byte) {
	switch id {
	case hostField:
		keepFirst(&r.Host, &r.hostLines, value)
	case originField:
		keepFirst(&r.Origin, &r.originLines, value)
	case upgradeField:
		r.Upgrade.add(id, value)
	case connectionField:
		r.Connection.add(id, value)
	case contentLengthField:
		if string(value) != "0" {
			r.hasBody = true
		}
	case transferEncodingField:
		r.hasBody = true
	case keyField:
		keepFirst(&r.Key, &r.keyLines, value)
	case versionField:
		keepFirst(&r.Version, &r.versionLines, value)
	case protocolField:
		r.Protocols.add(id, value)
	case extensionsField:
		r.Extensions.add(id, value)
	}
}

// Get returns the value of the first header field line named name
// (compared without regard to ASCII case) and whether there is one, for
// fields Request does not keep itself, such as Cookie. The value aliases
// the parsed buffer.
func (r *Request) Get(name string) (value []byte, ok bool) {
	return lookupField(r.fields, name)
}

// VisitFields calls fn with the name and value of each header field line
// in order until fn returns false. The slices alias the parsed buffer.
func (r *Request) VisitFields(fn func(name, value []byte) bool) {
	eachField(r.fields, fn)
}
