package bench

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	coder "github.com/coder/websocket"
	gobwas "github.com/gobwas/ws"
	"github.com/gorilla/websocket"
	"github.com/lxzan/gws"
	"github.com/wscodec/wscodec/wshandshake"
)

// chromiumRequest is an upgrade request captured from Chromium: it offers
// two subprotocols and permessage-deflate and carries an Origin.
func chromiumRequest(b *testing.B) []byte {
	in, err := os.ReadFile("../wshandshake/testdata/requests/chromium.http")
	if err != nil {
		b.Fatal(err)
	}
	return in
}

var handshakeCfg = &wshandshake.ServerConfig{
	Subprotocols: []string{"superchat", "chat"},
	Deflate:      &wshandshake.DeflateConfig{},
}

// BenchmarkUpgradeRequest handles the Chromium request as a server.
//
// op=parse-validate parses the request and checks it (method, version,
// Host, Upgrade, Connection, key, WebSocket version, same origin), picks
// the subprotocol and accepts permessage-deflate:
//
//   - wscodec: wshandshake.ParseRequest into a reused Request, then
//     ValidateRequest.
//   - net-http: http.ReadRequest from a bufio.Reader over the bytes, then
//     the same checks with the usual net/http header idioms (netHTTPValidate),
//     including the Sec-WebSocket-Accept computation.
//
// op=upgrade adds writing the 101 response, with each library's server
// API; the request comes from memory and the response is dropped:
//
//   - wscodec: ParseRequest, ValidateRequest and AppendResponse into a
//     reused buffer.
//   - gobwas-Upgrader: ws.Upgrader.Upgrade over an io.ReadWriter reading
//     the request bytes; it parses without net/http. Subprotocol chosen by
//     its Protocol hook; it declines permessage-deflate (that needs
//     wsflate's extension hooks).
//   - gorilla, coder, gws: http.ReadRequest (they take a *http.Request, as
//     net/http's server gives them), then gorilla's Upgrader.Upgrade or
//     coder's Accept through a hijacking ResponseWriter, or gws's
//     UpgradeFromConn, over a memConn; each builds its Conn too. gorilla
//     and gws negotiate permessage-deflate (EnableCompression,
//     PermessageDeflate); coder is left at its default, no compression.
func BenchmarkUpgradeRequest(b *testing.B) {
	in := chromiumRequest(b)
	b.Run("impl=wscodec/op=parse-validate", func(b *testing.B) {
		var req wshandshake.Request
		b.SetBytes(int64(len(in)))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := wshandshake.ParseRequest(in, &req, nil); err != nil {
				b.Fatal(err)
			}
			a, err := wshandshake.ValidateRequest(&req, handshakeCfg)
			if err != nil || a.Subprotocol != "superchat" || !a.Deflate {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=net-http/op=parse-validate", func(b *testing.B) {
		b.SetBytes(int64(len(in)))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(in)))
			if err != nil {
				b.Fatal(err)
			}
			sub, deflate, err := netHTTPValidate(r)
			if err != nil || sub != "superchat" || !deflate {
				b.Fatal(err)
			}
		}
	})

	b.Run("impl=wscodec/op=upgrade", func(b *testing.B) {
		var req wshandshake.Request
		out := make([]byte, 0, 512)
		b.SetBytes(int64(len(in)))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := wshandshake.ParseRequest(in, &req, nil); err != nil {
				b.Fatal(err)
			}
			a, err := wshandshake.ValidateRequest(&req, handshakeCfg)
			if err != nil {
				b.Fatal(err)
			}
			if out, err = wshandshake.AppendResponse(out[:0], &a, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=gobwas-Upgrader/op=upgrade", func(b *testing.B) {
		u := gobwas.Upgrader{Protocol: func(p []byte) bool { return string(p) == "superchat" }}
		r := bytes.NewReader(in)
		rw := struct {
			io.Reader
			io.Writer
		}{r, io.Discard}
		b.SetBytes(int64(len(in)))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			r.Reset(in)
			hs, err := u.Upgrade(rw)
			if err != nil || hs.Protocol != "superchat" {
				b.Fatal(hs, err)
			}
		}
	})
	b.Run("impl=gorilla/op=upgrade", func(b *testing.B) {
		u := websocket.Upgrader{Subprotocols: []string{"superchat", "chat"}, EnableCompression: true}
		b.SetBytes(int64(len(in)))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(in)))
			if err != nil {
				b.Fatal(err)
			}
			c, err := u.Upgrade(&hijacker{conn: &memConn{}}, r, nil)
			if err != nil || c.Subprotocol() != "superchat" {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=coder/op=upgrade", func(b *testing.B) {
		opts := &coder.AcceptOptions{Subprotocols: []string{"superchat", "chat"}}
		b.SetBytes(int64(len(in)))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(in)))
			if err != nil {
				b.Fatal(err)
			}
			c, err := coder.Accept(&hijacker{conn: &memConn{}}, r, opts)
			if err != nil || c.Subprotocol() != "superchat" {
				b.Fatal(err)
			}
			// Accept sets a finalizer; closing ends the Conn as a server
			// would, without leaving the work to the collector.
			c.CloseNow()
		}
	})
	b.Run("impl=gws/op=upgrade", func(b *testing.B) {
		u := gws.NewUpgrader(&gws.BuiltinEventHandler{}, &gws.ServerOption{
			SubProtocols:      []string{"superchat", "chat"},
			PermessageDeflate: gws.PermessageDeflate{Enabled: true},
		})
		b.SetBytes(int64(len(in)))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(in)))
			if err != nil {
				b.Fatal(err)
			}
			mc := &memConn{}
			c, err := u.UpgradeFromConn(mc, bufio.NewReader(mc), r)
			if err != nil || c.SubProtocol() != "superchat" {
				b.Fatal(err)
			}
		}
	})
}

// netHTTPValidate applies the checks of wshandshake.ValidateRequest to a
// net/http request with the usual header idioms, and computes the
// Sec-WebSocket-Accept value a response would carry.
func netHTTPValidate(r *http.Request) (sub string, deflate bool, err error) {
	hasToken := func(name, tok string) bool {
		for _, v := range r.Header.Values(name) {
			for _, e := range strings.Split(v, ",") {
				if strings.EqualFold(strings.TrimSpace(e), tok) {
					return true
				}
			}
		}
		return false
	}
	switch {
	case r.Method != http.MethodGet:
		return "", false, errors.New("method")
	case !r.ProtoAtLeast(1, 1):
		return "", false, errors.New("version")
	case r.Host == "":
		return "", false, errors.New("host")
	case !hasToken("Upgrade", "websocket"):
		return "", false, errors.New("upgrade")
	case !hasToken("Connection", "upgrade"):
		return "", false, errors.New("connection")
	case r.Header.Get("Sec-WebSocket-Version") != "13":
		return "", false, errors.New("ws version")
	}
	key := r.Header.Get("Sec-WebSocket-Key")
	if nonce, err := base64.StdEncoding.DecodeString(key); err != nil || len(nonce) != 16 {
		return "", false, errors.New("key")
	}
	if o := r.Header.Get("Origin"); o != "" && strings.TrimPrefix(strings.TrimPrefix(o, "http://"), "https://") != r.Host {
		return "", false, errors.New("origin")
	}
	var offered []string
	for _, v := range r.Header.Values("Sec-WebSocket-Protocol") {
		for _, e := range strings.Split(v, ",") {
			offered = append(offered, strings.TrimSpace(e))
		}
	}
	for _, p := range handshakeCfg.Subprotocols {
		for _, o := range offered {
			if o == p && sub == "" {
				sub = p
			}
		}
	}
	for _, v := range r.Header.Values("Sec-WebSocket-Extensions") {
		exts, err := wshandshake.ParseExtensions(nil, []byte(v))
		if err != nil {
			return "", false, err
		}
		for _, e := range exts {
			deflate = deflate || e.Name == wshandshake.DeflateExtension
		}
	}
	h := sha1.Sum([]byte(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
	_ = base64.StdEncoding.EncodeToString(h[:])
	return sub, deflate, nil
}
