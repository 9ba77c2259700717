package wshttp_test

import (
	"bufio"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wscodec/wscodec/wshandshake"
	"github.com/wscodec/wscodec/wshandshake/wshttp"
)

var serverCfg = &wshandshake.ServerConfig{
	Subprotocols: []string{"chat"},
	Deflate:      &wshandshake.DeflateConfig{},
}

// upgradeHandler accepts WebSocket handshakes by hijacking the connection
// and writing the 101 itself.
func upgradeHandler(t *testing.T) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, err := wshttp.ValidateRequest(r, serverCfg)
		if err != nil {
			wshttp.WriteRejection(w, err)
			return
		}
		conn, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		resp, err := wshandshake.AppendResponse(nil, &a, nil)
		if err != nil {
			t.Error(err)
			return
		}
		brw.Write(resp)
		brw.Flush()
	})
}

func newServer(t *testing.T) *httptest.Server {
	srv := httptest.NewUnstartedServer(upgradeHandler(t))
	srv.Config.ReadHeaderTimeout = 5 * time.Second
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

func TestHandshakeOverNetHTTPServer(t *testing.T) {
	srv := newServer(t)
	addr := strings.TrimPrefix(srv.URL, "http://")
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))

	key, err := wshandshake.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	cfg := &wshandshake.ClientConfig{
		Host: addr, Target: "/ws", Origin: "http://" + addr,
		Subprotocols: []string{"chat"},
		Deflate:      []wshandshake.DeflateOffer{{AllowClientMaxWindowBits: true}},
	}
	req, err := wshandshake.AppendRequest(nil, cfg, &key)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Write(req); err != nil {
		t.Fatal(err)
	}
	var buf []byte
	var resp wshandshake.Response
	chunk := make([]byte, 64)
	for {
		n, err := conn.Read(chunk)
		if err != nil {
			t.Fatalf("read: %v (have %q)", err, buf)
		}
		buf = append(buf, chunk[:n]...)
		used, err := wshandshake.ParseResponse(buf, &resp, nil)
		if err != nil {
			t.Fatal(err)
		}
		if used > 0 {
			break
		}
	}
	got, err := wshandshake.VerifyResponse(&resp, cfg, &key)
	if err != nil {
		t.Fatal(err)
	}
	want := wshandshake.Negotiated{Subprotocol: "chat", Deflate: true,
		DeflateParams: wshandshake.DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}

func TestRejectionsOverNetHTTP(t *testing.T) {
	srv := newServer(t)
	client := &http.Client{Timeout: 5 * time.Second}
	tests := []struct {
		name    string
		method  string
		header  map[string]string
		status  int
		version string
		allow   string
	}{
		{name: "plain GET", method: "GET", status: 400},
		{name: "POST", method: "POST", status: 405, allow: "GET"},
		{name: "version 8", method: "GET", header: map[string]string{
			"Upgrade": "websocket", "Connection": "Upgrade",
			"Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version": "8",
		}, status: 426, version: "13"},
		{name: "foreign origin", method: "GET", header: map[string]string{
			"Upgrade": "websocket", "Connection": "Upgrade",
			"Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version": "13",
			"Origin": "https://evil.example",
		}, status: 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, srv.URL+"/ws", nil)
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if got := resp.Header.Get("Sec-WebSocket-Version"); got != tt.version {
				t.Errorf("Sec-WebSocket-Version %q, want %q", got, tt.version)
			}
			if got := resp.Header.Get("Allow"); got != tt.allow {
				t.Errorf("Allow %q, want %q", got, tt.allow)
			}
		})
	}
}

// TestNetHTTPClient drives the handshake with net/http's client, which
// hands back 101 responses, and verifies the response with the adapter.
func TestNetHTTPClient(t *testing.T) {
	srv := newServer(t)
	key, err := wshandshake.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	cfg := &wshandshake.ClientConfig{Host: "x", Subprotocols: []string{"other", "chat"}}
	req, err := http.NewRequest("GET", srv.URL+"/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Upgrade", "websocket")
	req.Header.Set("Connection", "Upgrade")
	req.Header.Set("Sec-WebSocket-Key", key.String())
	req.Header.Set("Sec-WebSocket-Version", "13")
	req.Header.Set("Sec-WebSocket-Protocol", "other, chat")
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	n, err := wshttp.VerifyResponse(resp, cfg, &key)
	if err != nil {
		t.Fatal(err)
	}
	if n.Subprotocol != "chat" {
		t.Fatalf("subprotocol %q", n.Subprotocol)
	}
	var wrong wshandshake.Key
	if _, err := wshttp.VerifyResponse(resp, cfg, &wrong); !errors.Is(err, wshandshake.ErrBadAccept) {
		t.Fatalf("wrong key: %v", err)
	}
}

func TestSetResponseHeader(t *testing.T) {
	r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(
		"GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n" +
			"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
			"Sec-WebSocket-Protocol: chat\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n")))
	if err != nil {
		t.Fatal(err)
	}
	a, err := wshttp.ValidateRequest(r, serverCfg)
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{}
	wshttp.SetResponseHeader(h, &a)
	want := http.Header{
		"Upgrade":                  {"websocket"},
		"Connection":               {"Upgrade"},
		"Sec-Websocket-Accept":     {"s3pPLMBiTxaQ9kYGzzhZRbK+xOo="},
		"Sec-Websocket-Protocol":   {"chat"},
		"Sec-Websocket-Extensions": {"permessage-deflate"},
	}
	if diff := cmp.Diff(want, h); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}

	r.ContentLength = 10
	if _, err := wshttp.ValidateRequest(r, serverCfg); !errors.Is(err, wshandshake.ErrUnexpectedBody) {
		t.Fatalf("request with a body: %v", err)
	}
}
