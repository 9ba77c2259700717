package wshandshake

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// requestSummary is what a test compares of a parsed request.
type requestSummary struct {
	Method, Target, Host, Origin, Key, Version string
	Proto                                      [2]int
	Upgrade, Connection, Protocols, Extensions []string
}

func lines(v *Values) []string {
	var out []string
	v.Each(func(l []byte) bool { out = append(out, string(l)); return true })
	return out
}

func summarize(r *Request) requestSummary {
	return requestSummary{
		Method: string(r.Method), Target: string(r.Target), Host: string(r.Host),
		Origin: string(r.Origin), Key: string(r.Key), Version: string(r.Version),
		Proto:   [2]int{r.ProtoMajor, r.ProtoMinor},
		Upgrade: lines(&r.Upgrade), Connection: lines(&r.Connection),
		Protocols: lines(&r.Protocols), Extensions: lines(&r.Extensions),
	}
}

// chatServer accepts the captured requests: their pages' origins are
// listed because the RFC's sample request comes from another origin than
// its Host.
var chatServer = &ServerConfig{
	Subprotocols: []string{"superchat", "chat"},
	Deflate:      &DeflateConfig{},
	Origin: OriginPolicy{Allow: []string{
		"http://example.com", "http://example.com:8000",
		"http://127.0.0.1:9312", "http://127.0.0.1:9313",
	}},
}

// TestCapturedRequests accepts the requests real clients sent, whole, byte
// by byte, and followed by frame bytes that must be left alone.
func TestCapturedRequests(t *testing.T) {
	for name, b := range captures(t, "requests") {
		t.Run(name, func(t *testing.T) {
			var whole Request
			n, err := ParseRequest(b, &whole, nil)
			if err != nil || n != len(b) {
				t.Fatalf("ParseRequest = %d, %v; want %d, nil", n, err, len(b))
			}
			a, err := ValidateRequest(&whole, chatServer)
			if err != nil {
				t.Fatalf("ValidateRequest: %v", err)
			}
			if a.Subprotocol != "superchat" {
				t.Errorf("subprotocol = %q, want superchat (server preference)", a.Subprotocol)
			}
			wantAccept := string(AppendAccept(nil, whole.Key))
			if string(a.Accept[:]) != wantAccept {
				t.Errorf("Accept = %q, want %q", a.Accept[:], wantAccept)
			}
			deflateOffered := bytes.Contains(b, []byte("permessage-deflate"))
			if a.Deflate != deflateOffered {
				t.Errorf("Deflate = %v, want %v", a.Deflate, deflateOffered)
			}

			var split Request
			n, err = parseFeed(t, b, 1, &split, nil)
			if err != nil || n != len(b) {
				t.Fatalf("byte by byte: %d, %v", n, err)
			}
			if diff := cmp.Diff(summarize(&whole), summarize(&split)); diff != "" {
				t.Errorf("byte by byte differs (-whole +split):\n%s", diff)
			}

			frame := []byte{0x81, 0x85, 1, 2, 3, 4, 'h', 'e', 'l', 'l', 'o'}
			withFrame := append(append([]byte{}, b...), frame...)
			var trailing Request
			n, err = ParseRequest(withFrame, &trailing, nil)
			if err != nil || n != len(b) || !bytes.Equal(withFrame[n:], frame) {
				t.Fatalf("with trailing frame: n = %d, err = %v", n, err)
			}
		})
	}
}

func TestParseChromiumFields(t *testing.T) {
	var r Request
	b := readTestdata(t, "requests/chromium.http")
	if _, err := ParseRequest(b, &r, nil); err != nil {
		t.Fatal(err)
	}
	want := requestSummary{
		Method: "GET", Target: "/chat", Host: "127.0.0.1:9312",
		Origin: "http://127.0.0.1:9312", Key: "jTjXM98s98k0h0zZd3pZUw==", Version: "13",
		Proto:      [2]int{1, 1},
		Upgrade:    []string{"websocket"},
		Connection: []string{"Upgrade"},
		Protocols:  []string{"chat, superchat"},
		Extensions: []string{"permessage-deflate; client_max_window_bits"},
	}
	if diff := cmp.Diff(want, summarize(&r)); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	if ua, ok := r.Get("user-agent"); !ok || !strings.HasPrefix(string(ua), "Mozilla/5.0") {
		t.Errorf("Get(user-agent) = %q, %v", ua, ok)
	}
	if _, ok := r.Get("Cookie"); ok {
		t.Error("Get(Cookie) found a field that is not there")
	}
	count := 0
	r.VisitFields(func(name, value []byte) bool { count++; return true })
	if count != 13 {
		t.Errorf("VisitFields saw %d fields, want 13", count)
	}
}

func TestRepeatedFieldsCombine(t *testing.T) {
	b := []byte("GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive\r\nSec-WebSocket-Protocol: a\r\n" +
		"X: y\r\nconnection: Upgrade\r\nSEC-WEBSOCKET-PROTOCOL: b, c\r\nUpgrade: websocket\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
	var r Request
	if _, err := ParseRequest(b, &r, nil); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"keep-alive", "Upgrade"}, lines(&r.Connection)); diff != "" {
		t.Errorf("Connection (-want +got):\n%s", diff)
	}
	var elems []string
	r.Protocols.EachElement(func(e []byte) bool { elems = append(elems, string(e)); return true })
	if diff := cmp.Diff([]string{"a", "b", "c"}, elems); diff != "" {
		t.Errorf("protocol elements (-want +got):\n%s", diff)
	}
	a, err := ValidateRequest(&r, &ServerConfig{Subprotocols: []string{"c"}})
	if err != nil || a.Subprotocol != "c" {
		t.Fatalf("ValidateRequest = %q, %v", a.Subprotocol, err)
	}
}

const goodRequest = "GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\n" +
	"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
	"Sec-WebSocket-Version: 13\r\n\r\n"

// replaceField returns goodRequest with the line starting with prefix
// replaced by repl (which carries its own CRLF, or is empty to delete it).
func replaceField(prefix, repl string) string {
	i := strings.Index(goodRequest, prefix)
	if i < 0 {
		panic(prefix)
	}
	j := i + strings.Index(goodRequest[i:], "\r\n") + 2
	return goodRequest[:i] + repl + goodRequest[j:]
}

func withField(line string) string {
	return strings.TrimSuffix(goodRequest, "\r\n") + line + "\r\n\r\n"
}

// TestMalformedRequests maps bad requests to their errors and statuses,
// fed whole and byte by byte.
func TestMalformedRequests(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want *Error
	}{
		{"good", goodRequest, nil},
		{"leading empty line", "\r\n" + goodRequest, nil},
		{"POST", "POST" + goodRequest[3:], ErrBadMethod},
		{"lower-case get", "get" + goodRequest[3:], ErrBadMethod},
		{"HTTP/1.0", strings.Replace(goodRequest, "HTTP/1.1", "HTTP/1.0", 1), ErrBadHTTPVersion},
		{"HTTP/2.0 text", strings.Replace(goodRequest, "HTTP/1.1", "HTTP/2.0", 1), nil},
		{"HTTP/1.10", strings.Replace(goodRequest, "HTTP/1.1", "HTTP/1.10", 1), ErrMalformedRequest},
		{"no version", strings.Replace(goodRequest, " HTTP/1.1", "", 1), ErrMalformedRequest},
		{"two spaces", strings.Replace(goodRequest, "GET ", "GET  ", 1), ErrMalformedRequest},
		{"control in target", strings.Replace(goodRequest, "/chat", "/ch\x01at", 1), ErrMalformedRequest},
		// RFC 6455 §4.2.1 item 1: the target is a resource name or an absolute http(s) URI, else 400.
		{"asterisk-form", strings.Replace(goodRequest, "/chat", "*", 1), ErrMalformedRequest},
		{"authority-form", strings.Replace(goodRequest, "/chat", "example.com:80", 1), ErrMalformedRequest},
		{"relative target", strings.Replace(goodRequest, "/chat", "chat", 1), ErrMalformedRequest},
		{"absolute ftp URI", strings.Replace(goodRequest, "/chat", "ftp://example.com/chat", 1), ErrMalformedRequest},
		{"absolute URI without host", strings.Replace(goodRequest, "/chat", "http:///chat", 1), ErrMalformedRequest},
		{"absolute URI with userinfo", strings.Replace(goodRequest, "/chat", "http://u@example.com/chat", 1), ErrMalformedRequest},
		{"absolute http URI", strings.Replace(goodRequest, "/chat", "http://example.com/chat", 1), nil},
		{"absolute HTTPS URI with query", strings.Replace(goodRequest, "/chat", "HTTPS://example.com:443?room=1", 1), nil},
		{"absolute URI without path", strings.Replace(goodRequest, "/chat", "http://[::1]:8080", 1), nil},
		{"no host", replaceField("Host:", ""), ErrMissingHost},
		{"empty host", replaceField("Host:", "Host: \r\n"), ErrMissingHost},
		{"two hosts", withField("Host: other.example"), ErrMissingHost},
		// RFC 9112 §3.2: a Host with an invalid field value MUST be answered with 400.
		{"space in host", replaceField("Host:", "Host: exa mple.com\r\n"), ErrMissingHost},
		{"host list", replaceField("Host:", "Host: a.example, b.example\r\n"), ErrMissingHost},
		{"path in host", replaceField("Host:", "Host: example.com/chat\r\n"), ErrMissingHost},
		{"userinfo in host", replaceField("Host:", "Host: user@example.com\r\n"), ErrMissingHost},
		{"port only", replaceField("Host:", "Host: :80\r\n"), ErrMissingHost},
		{"bad port", replaceField("Host:", "Host: example.com:8o\r\n"), ErrMissingHost},
		{"unbracketed IPv6", replaceField("Host:", "Host: ::1\r\n"), ErrMissingHost},
		{"bad IPv6", replaceField("Host:", "Host: [1::2::3]:80\r\n"), ErrMissingHost},
		{"host with port", replaceField("Host:", "Host: example.com:8080\r\n"), nil},
		{"IPv6 host", replaceField("Host:", "Host: [::1]:8080\r\n"), nil},
		{"no upgrade", replaceField("Upgrade:", ""), ErrBadUpgrade},
		{"upgrade h2c", replaceField("Upgrade:", "Upgrade: h2c\r\n"), ErrBadUpgrade},
		{"upgrade mixed case", replaceField("Upgrade:", "Upgrade: WebSocket\r\n"), nil},
		{"no connection", replaceField("Connection:", ""), ErrBadConnection},
		{"connection keep-alive", replaceField("Connection:", "Connection: keep-alive\r\n"), ErrBadConnection},
		{"connection list", replaceField("Connection:", "Connection: keep-alive,  upgrade \r\n"), nil},
		{"connection upgrades", replaceField("Connection:", "Connection: upgrades\r\n"), ErrBadConnection},
		{"no version field", replaceField("Sec-WebSocket-Version:", ""), ErrUnsupportedVersion},
		{"version 8", replaceField("Sec-WebSocket-Version:", "Sec-WebSocket-Version: 8\r\n"), ErrUnsupportedVersion},
		{"two versions", withField("Sec-WebSocket-Version: 13"), ErrUnsupportedVersion},
		{"no key", replaceField("Sec-WebSocket-Key:", ""), ErrBadKey},
		{"short key", replaceField("Sec-WebSocket-Key:", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25j\r\n"), ErrBadKey},
		{"key of 17 bytes", replaceField("Sec-WebSocket-Key:", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZTE=\r\n"), ErrBadKey},
		{"key not base64", replaceField("Sec-WebSocket-Key:", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ!!\r\n"), ErrBadKey},
		{"two keys", withField("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="), ErrBadKey},
		{"content-length", withField("Content-Length: 5"), ErrUnexpectedBody},
		{"content-length zero", withField("Content-Length: 0"), nil},
		{"content-length zero twice", withField("Content-Length: 0\r\ncontent-length:0"), nil},
		{"content-length zero then 5", withField("Content-Length: 0\r\nX: y\r\nCONTENT-LENGTH: 5"), ErrUnexpectedBody},
		{"content-length zero, tab, then 5", withField("Content-Length: 0\r\nContent-Length:\t5"), ErrUnexpectedBody},
		{"chunked", withField("Transfer-Encoding: chunked"), ErrUnexpectedBody},
		{"foreign origin", withField("Origin: https://evil.example"), ErrOriginRejected},
		{"same origin", withField("Origin: https://example.com"), nil},
		{"null origin", withField("Origin: null"), ErrOriginRejected},
		{"bad subprotocol", withField("Sec-WebSocket-Protocol: chat, a b"), ErrBadSubprotocols},
		{"bad extensions", withField("Sec-WebSocket-Extensions: permessage-deflate;"), ErrBadExtensions},
		{"bare LF", strings.Replace(goodRequest, "Host: example.com\r\n", "Host: example.com\n", 1), ErrMalformedRequest},
		{"bare LF at end", strings.TrimSuffix(goodRequest, "\r\n") + "\n", ErrMalformedRequest},
		{"bare CR", strings.Replace(goodRequest, "Host: example.com", "Host: exa\rmple.com", 1), ErrMalformedRequest},
		{"obs-fold", strings.Replace(goodRequest, "Upgrade: websocket\r\n", "Upgrade:\r\n websocket\r\n", 1), ErrMalformedRequest},
		{"space before colon", strings.Replace(goodRequest, "Host:", "Host :", 1), ErrMalformedRequest},
		{"no colon", withField("Hostexample.com"), ErrMalformedRequest},
		{"empty name", withField(": x"), ErrMalformedRequest},
		{"NUL in value", withField("X: a\x00b"), ErrMalformedRequest},
		{"DEL in value", withField("X: a\x7fb"), ErrMalformedRequest},
		{"obs-text in value", withField("X: caf\xe9"), nil},
		{"whitespace before first field", strings.Replace(goodRequest, "\r\nHost", "\r\n Host", 1), ErrMalformedRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, step := range []int{len(tt.in), 1, 7} {
				var r Request
				n, err := parseFeed(t, []byte(tt.in), step, &r, nil)
				if err == nil && n == 0 {
					t.Fatalf("step %d: complete request reported as incomplete", step)
				}
				if err == nil {
					_, err = ValidateRequest(&r, nil)
				}
				checkErr(t, err, tt.want)
			}
		})
	}
}

// TestIncompleteRequests: every proper prefix of a request needs more.
func TestIncompleteRequests(t *testing.T) {
	b := readTestdata(t, "requests/chromium.http")
	var r Request
	for i := 0; i < len(b); i++ {
		n, err := ParseRequest(b[:i], &r, nil)
		if n != 0 || err != nil {
			t.Fatalf("prefix of %d bytes: %d, %v; want 0, nil", i, n, err)
		}
	}
}

func TestRequestLimits(t *testing.T) {
	long := strings.Repeat("a", 300)
	tests := []struct {
		name string
		in   string
		lim  Limits
		want *Error
	}{
		{"line limit on field", withField("X: " + long), Limits{MaxLineBytes: 200}, ErrHeaderTooLarge},
		{"line limit on request line", "GET /" + long + " HTTP/1.1\r\n\r\n", Limits{MaxLineBytes: 200}, ErrURITooLong},
		{"field at the line limit", withField("X: " + long[:197]), Limits{MaxLineBytes: 200}, nil},
		{"total limit", withField("X: " + long), Limits{MaxHeaderBytes: 300}, ErrHeaderTooLarge},
		{"total exactly at limit", goodRequest, Limits{MaxHeaderBytes: len(goodRequest)}, nil},
		{"total one under", goodRequest, Limits{MaxHeaderBytes: len(goodRequest) - 1}, ErrHeaderTooLarge},
		{"field count", withField("X: 1"), Limits{MaxFields: 5}, ErrHeaderTooLarge},
		{"field count exact", withField("X: 1"), Limits{MaxFields: 6}, nil},
		// The total is crossed inside the request line before the
		// line limit is: both the whole and the pieces report 431.
		{"total before line", "GET /" + long + " HTTP/1.1\r\n\r\n", Limits{MaxHeaderBytes: 100, MaxLineBytes: 200}, ErrHeaderTooLarge},
		{"line before total", "GET /" + long + " HTTP/1.1\r\n\r\n", Limits{MaxHeaderBytes: 250, MaxLineBytes: 200}, ErrURITooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, step := range []int{len(tt.in), 1, 13} {
				var r Request
				n, err := parseFeed(t, []byte(tt.in), step, &r, &tt.lim)
				if err == nil && n == 0 {
					t.Fatalf("step %d: reported incomplete", step)
				}
				if err == nil {
					_, err = ValidateRequest(&r, nil)
				}
				checkErr(t, err, tt.want)
			}
		})
	}
}

// TestLineAtLimitWithItsCR: an unfinished line exactly at the line limit
// whose CR has arrived is within the limit, so a head that also breaks
// the syntax earlier still answers "need more", as the longer input that
// completes the CRLF does; the syntax error must wait for the empty line.
func TestLineAtLimitWithItsCR(t *testing.T) {
	lim := &Limits{MaxLineBytes: 20}
	in := "GET\n" + strings.Repeat("0", 20) + "\r\n"
	for end := 1; end <= len(in); end++ {
		var r Request
		if n, err := ParseRequest([]byte(in[:end]), &r, lim); n != 0 || err != nil {
			t.Fatalf("prefix %q: %d, %v; want need-more", in[:end], n, err)
		}
	}
}

// TestEndlessHeadIsRefused: a head without end fails once it crosses the
// limit, before any CRLFCRLF, so the caller never buffers more.
func TestEndlessHeadIsRefused(t *testing.T) {
	lim := &Limits{MaxHeaderBytes: 1024}
	b := []byte("GET / HTTP/1.1\r\n")
	var r Request
	for i := 0; len(b) <= 1024; i++ {
		n, err := ParseRequest(b, &r, lim)
		if n != 0 || err != nil {
			t.Fatalf("at %d bytes: %d, %v; want need-more", len(b), n, err)
		}
		b = append(b, "X-Filler: 0123456789\r\n"...)
	}
	_, err := ParseRequest(b, &r, lim)
	checkErr(t, err, ErrHeaderTooLarge)

	// One endless line, without any line end at all.
	line := []byte("GET / HTTP/1.1\r\nX: " + strings.Repeat("v", DefaultMaxLineBytes))
	_, err = ParseRequest(line, &r, nil)
	checkErr(t, err, ErrHeaderTooLarge)
}

func TestParseRequestAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	b := readTestdata(t, "requests/chromium.http")
	var r Request
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := ParseRequest(b, &r, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := ValidateRequest(&r, chatServer); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Fatalf("reused Request: %v allocations, want 0", allocs)
	}
	allocs = testing.AllocsPerRun(100, func() {
		r := new(Request)
		if _, err := ParseRequest(b, r, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := ValidateRequest(r, chatServer); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 1 {
		t.Fatalf("fresh Request: %v allocations, want at most 1", allocs)
	}
}
