package wshandshake

// Response is an HTTP/1.1 response head as [ParseResponse] found it. Every
// byte slice in it aliases the buffer given to ParseResponse: it stays
// valid only as long as the caller keeps that buffer unchanged. A Response
// may be reused for the next parse, which then allocates nothing.
type Response struct {
	ProtoMajor int // the HTTP version, e.g. 1 and 1
	ProtoMinor int
	StatusCode int    // e.g. 101
	Reason     []byte // the reason phrase, e.g. "Switching Protocols"

	Accept   []byte // Sec-WebSocket-Accept, nil if absent
	Protocol []byte // Sec-WebSocket-Protocol, nil if absent

	Upgrade    Values // Upgrade lines
	Connection Values // Connection lines
	Extensions Values // Sec-WebSocket-Extensions lines: the accepted extensions

	acceptLines, protocolLines int
	fields                     []byte
}

// ParseResponse parses the HTTP/1.1 response head at the start of b into
// resp (RFC 9112 §2–5, §4). It returns the length of the head; after a 101
// response, any further bytes of b are WebSocket frames the server sent
// right behind it, and belong to the frame decoder. After any other status
// the bytes that follow are the response's body, which this package does
// not read.
//
// n == 0 with a nil error means b holds only part of a head: call again
// with more bytes appended. The limits in lim (nil for the defaults) are
// enforced on the bytes seen so far, as for [ParseRequest]; syntax errors
// are [ErrMalformedResponse]. [VerifyResponse] checks what RFC 6455
// requires.
func ParseResponse(b []byte, resp *Response, lim *Limits) (n int, err error) {
	*resp = Response{}
	var s headScanner
	if !s.begin(b, lim, ErrMalformedResponse, false) {
		return 0, nil
	}
	line, kind, err := s.startLine()
	if kind != lineFound || err != nil {
		return 0, err
	}
	if err := resp.startLine(line); err != nil {
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
		resp.field(id, value)
	}
	n = s.pos
	resp.fields = b[start:n]
	resp.Upgrade.block = resp.fields
	resp.Connection.block = resp.fields
	resp.Extensions.block = resp.fields
	return n, nil
}

// startLine parses status-line = HTTP-version SP status-code SP
// [ reason-phrase ] (RFC 9112 §4). A missing SP after the code is
// tolerated, as RFC 9112 §4 asks of recipients.
func (r *Response) startLine(line []byte) error {
	if len(line) < 12 || line[8] != ' ' {
		return wrapValue(ErrMalformedResponse, "bad status line", line)
	}
	major, minor, ok := parseHTTPVersion(line[:8])
	if !ok || !isDigit(line[9]) || !isDigit(line[10]) || !isDigit(line[11]) {
		return wrapValue(ErrMalformedResponse, "bad status line", line)
	}
	r.ProtoMajor, r.ProtoMinor = major, minor
	r.StatusCode = int(line[9]-'0')*100 + int(line[10]-'0')*10 + int(line[11]-'0')
	rest := line[12:]
	if len(rest) > 0 {
		if rest[0] != ' ' {
			return wrapValue(ErrMalformedResponse, "bad status line", line)
		}
		rest = rest[1:]
	}
	for _, c := range rest {
		if !fieldValueChar[c] {
			return wrapValue(ErrMalformedResponse, "bad reason phrase", rest)
		}
	}
	r.Reason = rest
	return nil
}

// field keeps what RFC 6455 needs of one field line.
func (r *Response) field(id fieldID, value []byte) {
	switch id {
	case upgradeField:
		r.Upgrade.add(id, value)
	case connectionField:
		r.Connection.add(id, value)
	case acceptField:
		keepFirst(&r.Accept, &r.acceptLines, value)
	case protocolField:
		keepFirst(&r.Protocol, &r.protocolLines, value)
	case extensionsField:
		r.Extensions.add(id, value)
	}
}

// Get returns the value of the first header field line named name
// (compared without regard to ASCII case) and whether there is one. The
// value aliases the parsed buffer.
func (r *Response) Get(name string) (value []byte, ok bool) {
	return lookupField(r.fields, name)
}

// VisitFields calls fn with the name and value of each header field line
// in order until fn returns false. The slices alias the parsed buffer.
func (r *Response) VisitFields(fn func(name, value []byte) bool) {
	eachField(r.fields, fn)
}
