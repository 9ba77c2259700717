package wshttp_test

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"encoding/base64"
	"errors"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/wscodec/wscodec/wshandshake"
)

func chromiumRequest(b *testing.B) []byte {
	in, err := os.ReadFile("../testdata/requests/chromium.http")
	if err != nil {
		b.Fatal(err)
	}
	return in
}

var benchCfg = &wshandshake.ServerConfig{
	Subprotocols: []string{"superchat", "chat"},
	Deflate:      &wshandshake.DeflateConfig{},
}

// BenchmarkChromiumRequest/wshandshake parses and validates a captured
// Chromium upgrade request into a reused Request; .../net-http does the
// same work with http.ReadRequest and header lookups, the way a net/http
// based server would.
func BenchmarkChromiumRequest(b *testing.B) {
	in := chromiumRequest(b)
	b.Run("wshandshake", func(b *testing.B) {
		var req wshandshake.Request
		b.SetBytes(int64(len(in)))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := wshandshake.ParseRequest(in, &req, nil); err != nil {
				b.Fatal(err)
			}
			a, err := wshandshake.ValidateRequest(&req, benchCfg)
			if err != nil || a.Subprotocol != "superchat" || !a.Deflate {
				b.Fatal(err)
			}
		}
	})
	b.Run("net-http", func(b *testing.B) {
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
}

// netHTTPValidate applies the checks of wshandshake.ValidateRequest to a
// net/http request with the usual header idioms.
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
	for _, p := range benchCfg.Subprotocols {
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
	h := sha1.New()
	h.Write([]byte(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
	_ = base64.StdEncoding.EncodeToString(h.Sum(nil))
	return sub, deflate, nil
}
