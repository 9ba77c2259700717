package wshandshake

import "testing"

func BenchmarkAppendAccept(b *testing.B) {
	key := []byte("dGhlIHNhbXBsZSBub25jZQ==")
	dst := make([]byte, 0, AcceptLen)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		dst = AppendAccept(dst[:0], key)
	}
}

func BenchmarkAppendResponse(b *testing.B) {
	in := readTestdata(b, "requests/chromium.http")
	var req Request
	if _, err := ParseRequest(in, &req, nil); err != nil {
		b.Fatal(err)
	}
	a, err := ValidateRequest(&req, chatServer)
	if err != nil {
		b.Fatal(err)
	}
	dst := make([]byte, 0, 512)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		dst, _ = AppendResponse(dst[:0], &a, nil)
	}
}

func BenchmarkParseResponse(b *testing.B) {
	in := readTestdata(b, "responses/python-websockets-101.http")
	key := rfcKey()
	var resp Response
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := ParseResponse(in, &resp, nil); err != nil {
			b.Fatal(err)
		}
		if _, err := VerifyResponse(&resp, chatClient, &key); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTrickledRequest feeds the Chromium request one byte at a time,
// calling ParseRequest after each byte as an event loop would; the
// unfinished-head scan keeps this near linear in the head's size.
func BenchmarkTrickledRequest(b *testing.B) {
	in := readTestdata(b, "requests/chromium.http")
	var req Request
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for end := 1; end <= len(in); end++ {
			n, err := ParseRequest(in[:end], &req, nil)
			if err != nil || (n > 0) != (end == len(in)) {
				b.Fatal(n, err)
			}
		}
	}
}

// BenchmarkChromiumRequest parses and validates a captured Chromium upgrade
// request into a reused Request, as a server does for every connection.
// The side-by-side comparison with net/http.ReadRequest is
// BenchmarkUpgradeRequest in the bench module.
func BenchmarkChromiumRequest(b *testing.B) {
	in := readTestdata(b, "requests/chromium.http")
	cfg := &ServerConfig{Subprotocols: []string{"superchat", "chat"}, Deflate: &DeflateConfig{}}
	var req Request
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := ParseRequest(in, &req, nil); err != nil {
			b.Fatal(err)
		}
		a, err := ValidateRequest(&req, cfg)
		if err != nil || a.Subprotocol != "superchat" || !a.Deflate {
			b.Fatal(err)
		}
	}
}
