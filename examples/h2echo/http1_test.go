package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wscodec/wscodec/wsframe"
	"github.com/wscodec/wscodec/wshandshake"
)

// dialHTTP1 opens a WebSocket with an HTTP/1.1 upgrade over TLS.
func dialHTTP1(t *testing.T, ts *testServer, target string, protocols ...string) (*wsClient, wshandshake.Negotiated) {
	t.Helper()
	conn := ts.dialTLS(t, "http/1.1")
	key, err := wshandshake.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	cfg := &wshandshake.ClientConfig{Host: ts.addr, Target: target, Origin: "https://" + ts.addr, Subprotocols: protocols}
	req, err := wshandshake.AppendRequest(nil, cfg, &key)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Write(req); err != nil {
		t.Fatal(err)
	}
	var resp wshandshake.Response
	var head []byte
	chunk := make([]byte, 4096)
	for {
		n, err := conn.Read(chunk)
		head = append(head, chunk[:n]...)
		used, perr := wshandshake.ParseResponse(head, &resp, nil)
		if perr != nil {
			t.Fatalf("response %q: %v", head, perr)
		}
		if used > 0 {
			neg, err := wshandshake.VerifyResponse(&resp, cfg, &key)
			if err != nil {
				t.Fatal(err)
			}
			return newWSClient(t, conn, conn, head[used:]), neg
		}
		if err != nil {
			t.Fatalf("reading the response: %v (have %q)", err, head)
		}
	}
}

// TestHTTP1Upgrade runs the echo semantics over an HTTP/1.1 upgrade on the
// TLS server, with the same handler that serves HTTP/2.
func TestHTTP1Upgrade(t *testing.T) {
	ts := startTestServer(t)

	wc, neg := dialHTTP1(t, ts, "/echo", "echo.v1", "echo.v2")
	if neg.Subprotocol != "echo.v2" {
		t.Errorf("subprotocol %q, want echo.v2", neg.Subprotocol)
	}
	wc.expectEcho(wsframe.OpText, utf8Pattern(65536))
	wc.expectEcho(wsframe.OpBinary, binaryPattern(1<<20))
	wc.ping([]byte("are you there"))
	if ev := wc.next(); ev.kind != wsframe.EventPong || string(ev.payload) != "are you there" {
		t.Fatalf("got %v %q, want the pong", ev.kind, ev.payload)
	}
	wc.close(4001, "client bye ✓")
	wc.expectClose(4001, "client bye ✓")

	wc, _ = dialHTTP1(t, ts, "/echo?close=4002&reason=server+bye+%E2%9C%93&after=1")
	wc.expectEcho(wsframe.OpText, []byte("one"))
	wc.expectClose(4002, "server bye ✓")

	got := ts.logLines(t)
	want := []logLine{
		{"HTTP/1.1", "GET", "-", got[0].remote, "/echo"},
		{"HTTP/1.1", "GET", "-", got[1].remote, "/echo?close=4002&reason=server+bye+%E2%9C%93&after=1"},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(logLine{})); diff != "" {
		t.Fatalf("log (-want +got):\n%s", diff)
	}
}

// TestPageAndNotFound checks the plain HTTP routes over HTTP/2.
func TestPageAndNotFound(t *testing.T) {
	ts := startTestServer(t)
	client := &http.Client{
		Timeout:   10 * time.Second,
		Transport: &http.Transport{TLSClientConfig: ts.tlsConfig(), ForceAttemptHTTP2: true},
	}
	defer client.CloseIdleConnections()
	tests := []struct {
		path   string
		status int
		body   string
	}{
		{"/", 200, "<title>wscodec echo</title>"},
		{"/nope", 404, "404 page not found"},
	}
	for _, tt := range tests {
		resp, err := client.Get("https://" + ts.addr + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != tt.status || resp.ProtoMajor != 2 || !strings.Contains(string(body), tt.body) {
			t.Errorf("GET %s: %s %d, body %.80q; want HTTP/2 %d with %q", tt.path, resp.Proto, resp.StatusCode, body, tt.status, tt.body)
		}
	}
}

func TestListenLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "localhost:0", "192.0.2.1:0"} {
		if ln, err := listenLoopback(addr); err == nil {
			ln.Close()
			t.Errorf("listenLoopback(%q) listened", addr)
		}
	}
}
