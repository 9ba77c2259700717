package wshandshake

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func rfcKey() Key {
	var nonce [16]byte
	copy(nonce[:], "the sample nonce")
	return KeyFromNonce(nonce)
}

func TestAppendRequestExact(t *testing.T) {
	key := rfcKey()
	cfg := &ClientConfig{
		Host:         "server.example.com",
		Target:       "/chat",
		Origin:       "http://example.com",
		Subprotocols: []string{"chat", "superchat"},
		Deflate: []DeflateOffer{
			{ServerMaxWindowBits: 10, AllowClientMaxWindowBits: true},
			{ClientNoContextTakeover: true},
		},
		Extensions: []Extension{{Name: "x-test", Params: []Param{{Name: "a", Value: "1", HasValue: true}}}},
		Header:     []HeaderField{{Name: "Authorization", Value: "Bearer t"}},
	}
	got, err := AppendRequest([]byte("prefix"), cfg, &key)
	if err != nil {
		t.Fatal(err)
	}
	want := "prefix" +
		"GET /chat HTTP/1.1\r\n" +
		"Host: server.example.com\r\n" +
		"Upgrade: websocket\r\n" +
		"Connection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
		"Sec-WebSocket-Version: 13\r\n" +
		"Origin: http://example.com\r\n" +
		"Sec-WebSocket-Protocol: chat, superchat\r\n" +
		"Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=10; client_max_window_bits, " +
		"permessage-deflate; client_no_context_takeover, x-test; a=1\r\n" +
		"Authorization: Bearer t\r\n" +
		"\r\n"
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}

func TestAppendRequestRefusesInjection(t *testing.T) {
	key := rfcKey()
	base := ClientConfig{Host: "h"}
	tests := []struct {
		name string
		mod  func(c *ClientConfig)
		want *Error
	}{
		{"CRLF in host", func(c *ClientConfig) { c.Host = "h\r\nX-Evil: 1" }, ErrInvalidHeader},
		{"empty host", func(c *ClientConfig) { c.Host = "" }, ErrInvalidHeader},
		// RFC 9110 §2.2, §7.2: a sender MUST NOT generate a Host that is not uri-host [":" port].
		{"space in host", func(c *ClientConfig) { c.Host = "exa mple.com" }, ErrInvalidHeader},
		{"path in host", func(c *ClientConfig) { c.Host = "example.com/chat" }, ErrInvalidHeader},
		{"unbracketed IPv6 host", func(c *ClientConfig) { c.Host = "::1" }, ErrInvalidHeader},
		{"LF in origin", func(c *ClientConfig) { c.Origin = "http://a\nb" }, ErrInvalidHeader},
		{"space in target", func(c *ClientConfig) { c.Target = "/a b" }, ErrInvalidHeader},
		{"CR in target", func(c *ClientConfig) { c.Target = "/a\rb" }, ErrInvalidHeader},
		// RFC 6455 §4.1: the request-target is the resource name or an absolute http(s) URI.
		{"relative target", func(c *ClientConfig) { c.Target = "chat" }, ErrInvalidHeader},
		{"asterisk target", func(c *ClientConfig) { c.Target = "*" }, ErrInvalidHeader},
		{"ws URI target", func(c *ClientConfig) { c.Target = "ws://h/chat" }, ErrInvalidHeader},
		{"subprotocol not a token", func(c *ClientConfig) { c.Subprotocols = []string{"a,b"} }, ErrInvalidHeader},
		// RFC 6455 §4.1: the offered subprotocols MUST all be unique strings.
		{"subprotocol twice", func(c *ClientConfig) { c.Subprotocols = []string{"chat", "v2", "chat"} }, ErrInvalidHeader},
		{"header name", func(c *ClientConfig) { c.Header = []HeaderField{{Name: "X Y", Value: "1"}} }, ErrInvalidHeader},
		{"header value", func(c *ClientConfig) { c.Header = []HeaderField{{Name: "X", Value: "1\r\n\r\nGET /"}} }, ErrInvalidHeader},
		{"extension param", func(c *ClientConfig) {
			c.Extensions = []Extension{{Name: "x", Params: []Param{{Name: "a", Value: "1\r\n", HasValue: true}}}}
		}, ErrInvalidHeader},
		{"window bits", func(c *ClientConfig) { c.Deflate = []DeflateOffer{{ServerMaxWindowBits: 16}} }, ErrInvalidConfig},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := base
			tt.mod(&cfg)
			got, err := AppendRequest([]byte("keep"), &cfg, &key)
			checkErr(t, err, tt.want)
			if string(got) != "keep" {
				t.Fatalf("dst changed on error: %q", got)
			}
		})
	}
}

var chatClient = &ClientConfig{
	Host:         "127.0.0.1",
	Target:       "/chat",
	Subprotocols: []string{"chat", "superchat"},
	Deflate:      []DeflateOffer{{AllowClientMaxWindowBits: true}},
}

// TestCapturedResponses verifies the answers real servers gave to a
// request with the RFC's key, whole, byte by byte, and followed by a
// frame.
func TestCapturedResponses(t *testing.T) {
	key := rfcKey()
	want := map[string]Negotiated{
		"node-ws-101.http": {Subprotocol: "chat", Deflate: true, DeflateParams: DeflateParams{
			ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}},
		"python-websockets-101.http": {Subprotocol: "chat", Deflate: true, DeflateParams: DeflateParams{
			ServerMaxWindowBits: 12, ClientMaxWindowBits: 12}},
		"rfc6455-101.http": {Subprotocol: "chat"},
	}
	for name, b := range captures(t, "responses") {
		t.Run(name, func(t *testing.T) {
			for _, step := range []int{len(b), 1} {
				var resp Response
				n, err := parseResponseFeed(t, b, step, &resp, nil)
				if err != nil || n != len(b) {
					t.Fatalf("step %d: ParseResponse = %d, %v", step, n, err)
				}
				got, err := VerifyResponse(&resp, chatClient, &key)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want[name], got); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
			}
			frame := []byte{0x81, 0x02, 'h', 'i'}
			var resp Response
			in := append(append([]byte{}, b...), frame...)
			n, err := ParseResponse(in, &resp, nil)
			if err != nil || !bytes.Equal(in[n:], frame) {
				t.Fatalf("early frame lost: n = %d, err = %v", n, err)
			}
		})
	}
}

const goodResponse = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n" +
	"Connection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"

func withResponseField(line string) string {
	return strings.TrimSuffix(goodResponse, "\r\n") + line + "\r\n\r\n"
}

func TestMalformedResponses(t *testing.T) {
	replace := func(old, new string) string { return strings.Replace(goodResponse, old, new, 1) }
	tests := []struct {
		name string
		in   string
		want *Error
	}{
		{"good", goodResponse, nil},
		{"no reason", replace(" Switching Protocols", ""), nil},
		{"200", replace("101", "200"), ErrBadStatus},
		{"status letters", replace("101", "1a1"), ErrMalformedResponse},
		{"status four digits", replace("101 ", "1011 "), ErrMalformedResponse},
		{"bad version", replace("HTTP/1.1", "HTTP/11"), ErrMalformedResponse},
		{"control in reason", replace("Switching", "Swi\x01tching"), ErrMalformedResponse},
		{"bare LF", replace("Upgrade: websocket\r\n", "Upgrade: websocket\n"), ErrMalformedResponse},
		{"obs-fold", replace("Upgrade: websocket\r\n", "Upgrade:\r\n\twebsocket\r\n"), ErrMalformedResponse},
		{"no upgrade", replace("Upgrade: websocket\r\n", ""), ErrBadUpgrade},
		{"upgrade other", replace("Upgrade: websocket", "Upgrade: h2c"), ErrBadUpgrade},
		// RFC 6455 §4.1 item 2: an Upgrade value that is not "websocket" MUST fail the connection.
		{"upgrade list", replace("Upgrade: websocket", "Upgrade: h2c, websocket"), ErrBadUpgrade},
		{"upgrade second line", replace("Upgrade: websocket", "Upgrade: websocket\r\nUpgrade: h2c"), ErrBadUpgrade},
		{"upgrade empty", replace("Upgrade: websocket", "Upgrade: "), ErrBadUpgrade},
		{"upgrade case", replace("Upgrade: websocket", "Upgrade: WebSocket"), nil},
		{"upgrade empty elements", replace("Upgrade: websocket", "Upgrade: , websocket ,"), nil},
		{"no connection", replace("Connection: Upgrade\r\n", ""), ErrBadConnection},
		{"connection close", replace("Connection: Upgrade", "Connection: close"), ErrBadConnection},
		{"no accept", replace("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n", ""), ErrBadAccept},
		{"wrong accept", replace("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "s3pPLMBiTxaQ9kYGzzhZRbK+xOa="), ErrBadAccept},
		{"two accepts", withResponseField("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), ErrBadAccept},
		{"offered subprotocol", withResponseField("Sec-WebSocket-Protocol: superchat"), nil},
		{"unoffered subprotocol", withResponseField("Sec-WebSocket-Protocol: other"), ErrUnofferedSubprotocol},
		{"subprotocol list", withResponseField("Sec-WebSocket-Protocol: chat, superchat"), ErrUnofferedSubprotocol},
		{"two subprotocols", withResponseField("Sec-WebSocket-Protocol: chat\r\nSec-WebSocket-Protocol: chat"), ErrUnofferedSubprotocol},
		{"unoffered extension", withResponseField("Sec-WebSocket-Extensions: x-other"), ErrUnofferedExtension},
		{"malformed extensions", withResponseField("Sec-WebSocket-Extensions: permessage-deflate; =1"), ErrBadExtensions},
		{"deflate twice", withResponseField("Sec-WebSocket-Extensions: permessage-deflate, permessage-deflate"), ErrBadDeflateResponse},
		{"deflate unknown param", withResponseField("Sec-WebSocket-Extensions: permessage-deflate; x=1"), ErrBadDeflateResponse},
		{"deflate client bits without value", withResponseField("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits"), ErrBadDeflateResponse},
	}
	key := rfcKey()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, step := range []int{len(tt.in), 1} {
				var resp Response
				n, err := parseResponseFeed(t, []byte(tt.in), step, &resp, nil)
				if err == nil && n == 0 {
					t.Fatal("complete response reported as incomplete")
				}
				if err == nil {
					_, err = VerifyResponse(&resp, chatClient, &key)
				}
				checkErr(t, err, tt.want)
			}
		})
	}
}

func TestResponseLimits(t *testing.T) {
	var resp Response
	in := withResponseField("X: " + strings.Repeat("a", 100))
	_, err := ParseResponse([]byte(in), &resp, &Limits{MaxLineBytes: 50})
	checkErr(t, err, ErrHeaderTooLarge)
	_, err = ParseResponse([]byte(in[:60]), &resp, &Limits{MaxHeaderBytes: 50})
	checkErr(t, err, ErrHeaderTooLarge)
	n, err := ParseResponse([]byte(in[:60]), &resp, nil)
	if n != 0 || err != nil {
		t.Fatalf("prefix: %d, %v", n, err)
	}
}

func TestResponseOtherExtensions(t *testing.T) {
	key := rfcKey()
	cfg := &ClientConfig{Host: "h", Extensions: []Extension{{Name: "x-one"}}}
	in := withResponseField(`Sec-WebSocket-Extensions: x-one; level="3"; fast`)
	var resp Response
	if _, err := ParseResponse([]byte(in), &resp, nil); err != nil {
		t.Fatal(err)
	}
	n, err := VerifyResponse(&resp, cfg, &key)
	if err != nil {
		t.Fatal(err)
	}
	want := []Extension{{Name: "x-one", Params: []Param{{Name: "level", Value: "3", HasValue: true}, {Name: "fast"}}}}
	if diff := cmp.Diff(want, n.Extensions); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	if v, ok := resp.Get("sec-websocket-extensions"); !ok || !strings.HasPrefix(string(v), "x-one") {
		t.Fatalf("Get = %q, %v", v, ok)
	}
}

// TestClientServerRoundTrip runs both sides of the exchange against each
// other.
func TestClientServerRoundTrip(t *testing.T) {
	key := rfcKey()
	client := &ClientConfig{
		Host: "example.com", Target: "/chat?room=1", Origin: "https://example.com",
		Subprotocols: []string{"v2.chat", "v1.chat"},
		Deflate:      []DeflateOffer{{ServerNoContextTakeover: true, ClientMaxWindowBits: 12}},
	}
	server := &ServerConfig{
		Subprotocols: []string{"v1.chat", "v2.chat"},
		Deflate:      &DeflateConfig{ClientNoContextTakeover: true, ClientMaxWindowBits: 10},
	}
	reqBytes, err := AppendRequest(nil, client, &key)
	if err != nil {
		t.Fatal(err)
	}
	var req Request
	if n, err := ParseRequest(reqBytes, &req, nil); err != nil || n != len(reqBytes) {
		t.Fatalf("ParseRequest = %d, %v", n, err)
	}
	if string(req.Target) != "/chat?room=1" {
		t.Fatalf("target = %q", req.Target)
	}
	accepted, err := ValidateRequest(&req, server)
	if err != nil {
		t.Fatal(err)
	}
	respBytes, err := AppendResponse(nil, &accepted, []HeaderField{{Name: "Set-Cookie", Value: "s=1"}})
	if err != nil {
		t.Fatal(err)
	}
	var resp Response
	if n, err := ParseResponse(respBytes, &resp, nil); err != nil || n != len(respBytes) {
		t.Fatalf("ParseResponse = %d, %v", n, err)
	}
	got, err := VerifyResponse(&resp, client, &key)
	if err != nil {
		t.Fatalf("VerifyResponse: %v\n%s", err, respBytes)
	}
	want := Negotiated{
		Subprotocol: "v1.chat",
		Deflate:     true,
		DeflateParams: DeflateParams{
			ServerNoContextTakeover: true, ClientNoContextTakeover: true,
			ServerMaxWindowBits: 15, ClientMaxWindowBits: 10,
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("client view (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, accepted.Negotiated); diff != "" {
		t.Errorf("server view (-want +got):\n%s", diff)
	}
	if c, _ := resp.Get("set-cookie"); string(c) != "s=1" {
		t.Errorf("extra field lost: %q", c)
	}
	wantResp := "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: v1.chat\r\n" +
		"Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; client_no_context_takeover; client_max_window_bits=10\r\n" +
		"Set-Cookie: s=1\r\n\r\n"
	if diff := cmp.Diff(wantResp, string(respBytes)); diff != "" {
		t.Errorf("response bytes (-want +got):\n%s", diff)
	}
	if _, err := AppendResponse(nil, &accepted, []HeaderField{{Name: "X", Value: "a\nb"}}); err == nil {
		t.Error("AppendResponse wrote a value with LF")
	}
	var empty Accepted
	if _, err := AppendResponse(nil, &empty, nil); err == nil {
		t.Error("AppendResponse wrote a response for a zero Accepted")
	}
}
