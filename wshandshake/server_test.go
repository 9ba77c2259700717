package wshandshake

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestOriginPolicy(t *testing.T) {
	tests := []struct {
		name         string
		policy       OriginPolicy
		origin, host string // origin "-" means absent
		want         bool
	}{
		{"absent allowed", OriginPolicy{}, "-", "example.com", true},
		{"absent required", OriginPolicy{RequireOrigin: true}, "-", "example.com", false},
		{"same", OriginPolicy{}, "https://example.com", "example.com", true},
		{"same case", OriginPolicy{}, "https://Example.COM", "example.com", true},
		{"same with port", OriginPolicy{}, "http://example.com:8080", "example.com:8080", true},
		{"port differs", OriginPolicy{}, "http://example.com:8080", "example.com:8081", false},
		{"host default port", OriginPolicy{}, "https://example.com", "example.com:443", true},
		{"origin default port", OriginPolicy{}, "http://example.com:80", "example.com", true},
		{"wrong default port", OriginPolicy{}, "https://example.com", "example.com:80", false},
		{"other host", OriginPolicy{}, "https://evil.com", "example.com", false},
		{"suffix trick", OriginPolicy{}, "https://evilexample.com", "example.com", false},
		{"null", OriginPolicy{}, "null", "example.com", false},
		{"allow exact", OriginPolicy{Allow: []string{"https://app.example.com"}}, "https://app.example.com", "api.example.com", true},
		{"allow scheme differs", OriginPolicy{Allow: []string{"https://app.example.com"}}, "http://app.example.com", "api.example.com", false},
		{"allow list replaces same-origin", OriginPolicy{Allow: []string{"https://app.example.com"}}, "https://api.example.com", "api.example.com", false},
		{"wildcard sub", OriginPolicy{Allow: []string{"https://*.example.com"}}, "https://a.b.example.com", "x", true},
		{"wildcard apex", OriginPolicy{Allow: []string{"https://*.example.com"}}, "https://example.com", "x", false},
		{"wildcard suffix trick", OriginPolicy{Allow: []string{"https://*.example.com"}}, "https://evil-example.com", "x", false},
		{"wildcard port", OriginPolicy{Allow: []string{"https://*.example.com"}}, "https://a.example.com:444", "x", false},
		{"wildcard with port", OriginPolicy{Allow: []string{"https://*.example.com:444"}}, "https://a.example.com:444", "x", true},
		{"star", OriginPolicy{Allow: []string{"*"}}, "null", "x", true},
		{"check", OriginPolicy{Check: func(o, h []byte) bool { return strings.HasSuffix(string(o), ".test") }}, "http://a.test", "x", true},
		{"check refuses", OriginPolicy{Check: func(o, h []byte) bool { return false }}, "https://example.com", "example.com", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var origin []byte
			if tt.origin != "-" {
				origin = []byte(tt.origin)
			}
			if got := tt.policy.allows(origin, []byte(tt.host)); got != tt.want {
				t.Fatalf("allows(%q, %q) = %v, want %v", tt.origin, tt.host, got, tt.want)
			}
		})
	}
}

// TestRFCRequestIsCrossOrigin: the sample request of RFC 6455 §1.2 comes
// from http://example.com to server.example.com, which the default policy
// refuses with 403.
func TestRFCRequestIsCrossOrigin(t *testing.T) {
	var r Request
	if _, err := ParseRequest(readTestdata(t, "requests/rfc6455.http"), &r, nil); err != nil {
		t.Fatal(err)
	}
	_, err := ValidateRequest(&r, nil)
	checkErr(t, err, ErrOriginRejected)
	if got := string(AppendRejection(nil, err)); !strings.HasPrefix(got, "HTTP/1.1 403 Forbidden\r\n") {
		t.Fatalf("rejection: %q", got)
	}
}

// TestOriginOfAbsoluteTarget: the same-origin rule judges the host a
// request is for, which an absolute-form target names.
func TestOriginOfAbsoluteTarget(t *testing.T) {
	// RFC 9112 §3.2.2: with an absolute-form target the server MUST ignore Host and use the target's host.
	req := strings.Replace(goodRequest, "GET /chat", "GET http://a.example/chat", 1)
	req = strings.Replace(req, "Host: example.com", "Host: b.example", 1)
	tests := []struct {
		origin string
		want   *Error
	}{
		{"http://a.example", nil},
		{"http://b.example", ErrOriginRejected},
	}
	for _, tt := range tests {
		t.Run(tt.origin, func(t *testing.T) {
			var r Request
			if _, err := ParseRequest([]byte(withOrigin(req, tt.origin)), &r, nil); err != nil {
				t.Fatal(err)
			}
			_, err := ValidateRequest(&r, nil)
			checkErr(t, err, tt.want)
			var host []byte
			_, err = ValidateRequest(&r, &ServerConfig{Origin: OriginPolicy{Check: func(_, h []byte) bool {
				host = h
				return true
			}}})
			if err != nil || string(host) != "a.example" {
				t.Fatalf("Check saw host %q (err %v), want a.example", host, err)
			}
		})
	}
}

func withOrigin(req, origin string) string {
	return strings.TrimSuffix(req, "\r\n") + "Origin: " + origin + "\r\n\r\n"
}

func TestSubprotocolSelection(t *testing.T) {
	offered := ValuesOf([][]byte{[]byte("a, b"), []byte("c")})
	tests := []struct {
		name string
		cfg  ServerConfig
		want string
	}{
		{"none configured", ServerConfig{}, ""},
		{"server preference", ServerConfig{Subprotocols: []string{"c", "a"}}, "c"},
		{"client preference", ServerConfig{Subprotocols: []string{"c", "a"}, PreferClientOrder: true}, "a"},
		{"case matters", ServerConfig{Subprotocols: []string{"A"}}, ""},
		{"callback", ServerConfig{SelectSubprotocol: func(v *Values) string {
			last := ""
			v.EachElement(func(e []byte) bool { last = string(e); return true })
			return last
		}}, "c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := selectSubprotocol(&offered, &tt.cfg)
			if err != nil || got != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	var none Values
	called := false
	cfg := ServerConfig{SelectSubprotocol: func(*Values) string { called = true; return "x" }}
	if got, _ := selectSubprotocol(&none, &cfg); got != "" || called {
		t.Fatalf("selection without an offer: %q, called %v", got, called)
	}
}

// TestSelectSubprotocolChoosesOffered: a callback's choice that the
// client did not offer fails the handshake instead of reaching the
// response.
func TestSelectSubprotocolChoosesOffered(t *testing.T) {
	// RFC 6455 §4.2.2: the subprotocol MUST be one of the values of the client's Sec-WebSocket-Protocol.
	tests := []struct {
		choice string
		want   *Error
	}{
		{"", nil},
		{"a", nil},
		{"b", nil},
		{"A", ErrInvalidConfig},
		{"c", ErrInvalidConfig},
		{"a, b", ErrInvalidConfig},
		{"a\r\nX-Injected: 1", ErrInvalidConfig},
	}
	for _, tt := range tests {
		t.Run(tt.choice, func(t *testing.T) {
			var r Request
			if _, err := ParseRequest([]byte(withField("Sec-WebSocket-Protocol: a, b")), &r, nil); err != nil {
				t.Fatal(err)
			}
			a, err := ValidateRequest(&r, &ServerConfig{SelectSubprotocol: func(*Values) string { return tt.choice }})
			checkErr(t, err, tt.want)
			if err == nil && a.Subprotocol != tt.choice {
				t.Fatalf("Subprotocol = %q, want %q", a.Subprotocol, tt.choice)
			}
		})
	}
}

func TestAppendRejection(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{wrap(ErrBadKey, "x"), "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n" +
			"Content-Length: 12\r\n\r\nBad Request\n"},
		{ErrUnsupportedVersion, "HTTP/1.1 426 Upgrade Required\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n" +
			"Content-Length: 17\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n\r\nUpgrade Required\n"},
		{ErrBadMethod, "HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n" +
			"Content-Length: 19\r\nAllow: GET\r\n\r\nMethod Not Allowed\n"},
		{ErrHeaderTooLarge, "HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n" +
			"Content-Length: 32\r\n\r\nRequest Header Fields Too Large\n"},
		{ErrURITooLong, "HTTP/1.1 414 URI Too Long\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n" +
			"Content-Length: 13\r\n\r\nURI Too Long\n"},
		{ErrOriginRejected, "HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n" +
			"Content-Length: 10\r\n\r\nForbidden\n"},
		{errors.New("disk on fire"), "HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n" +
			"Content-Length: 22\r\n\r\nInternal Server Error\n"},
	}
	for _, tt := range tests {
		got := string(AppendRejection(nil, tt.err))
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%v (-want +got):\n%s", tt.err, diff)
		}
		// The rejection is itself a well-formed response of the right
		// status, with a body of the length it declares.
		var resp Response
		n, err := ParseResponse([]byte(got), &resp, nil)
		if err != nil || n == 0 {
			t.Fatalf("%v: rejection does not parse: %v", tt.err, err)
		}
		if resp.StatusCode != rejectionStatus(tt.err) {
			t.Errorf("status %d", resp.StatusCode)
		}
		if cl, _ := resp.Get("content-length"); string(cl) != itoa(len(got)-n) {
			t.Errorf("%v: Content-Length %s, body %d bytes", tt.err, cl, len(got)-n)
		}
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func TestStatusOf(t *testing.T) {
	if StatusOf(nil) != 0 {
		t.Error("StatusOf(nil) != 0")
	}
	if StatusOf(errors.New("x")) != 500 {
		t.Error("foreign error is not 500")
	}
	if StatusOf(ErrBadAccept) != 0 {
		t.Error("client-side error has a status")
	}
	wrapped := wrapValue(ErrUnsupportedVersion, "version", []byte(strings.Repeat("9", 1000)))
	if StatusOf(wrapped) != 426 || !errors.Is(wrapped, ErrUnsupportedVersion) {
		t.Errorf("wrapped: %d", StatusOf(wrapped))
	}
	if len(wrapped.Error()) > 200 {
		t.Errorf("error text not bounded: %d bytes", len(wrapped.Error()))
	}
}

// TestSubprotocolListSyntax checks the one-pass element scan of
// selectSubprotocol against the elements EachElement yields, each of
// which must be a token.
func TestSubprotocolListSyntax(t *testing.T) {
	lines := []string{
		"chat, superchat", "chat,,superchat", " , chat ,", "\tchat\t", "",
		"chat superchat", "chat;v=1", "a b, c", "chat,\x01", "@chat", "chat@", "a,\tb , c",
	}
	cfg := &ServerConfig{Subprotocols: []string{"superchat", "chat"}}
	for _, l := range lines {
		v := ValuesOf([][]byte{[]byte(l)})
		tokens := true
		v.EachElement(func(e []byte) bool { tokens = tokens && isToken(e); return true })
		got, err := selectSubprotocol(&v, cfg)
		if (err == nil) != tokens {
			t.Fatalf("selectSubprotocol(%q) = %q, %v; elements are tokens: %v", l, got, err, tokens)
		}
		if err == nil && strings.Contains(l, "superchat") != (got == "superchat") {
			t.Fatalf("selectSubprotocol(%q) = %q", l, got)
		}
	}
}
