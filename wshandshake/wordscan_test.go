package wshandshake

import (
	"bytes"
	"encoding/base64"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// slowField is what the byte-by-byte path makes of the field line at the
// start of b: the offsets plainField must report, or ok false when the
// line is not plain (unfinished, or not CRLF-ended, or malformed).
func slowField(b []byte) (colon, cr int, ok bool) {
	i := bytes.IndexByte(b, '\n')
	if i < 1 || b[i-1] != '\r' {
		return 0, 0, false
	}
	line := b[:i-1]
	if len(line) == 0 {
		return 0, 0, false
	}
	name, _, err := splitField(line, ErrMalformedRequest)
	if err != nil {
		return 0, 0, false
	}
	return len(name), i - 1, true
}

// TestPlainFieldAgreesWithSplitField changes every byte of field lines,
// in turn, to every value, and checks that the word-at-a-time scan and
// the byte-by-byte parse agree on each result: a control character, DEL,
// a separator in the name or a lone CR or LF in any of the eight places
// of a word must send the line to the slow path, and obs-text, HTAB and
// the rarer tchars must not.
func TestPlainFieldAgreesWithSplitField(t *testing.T) {
	lines := []string{
		"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n",
		"Host: 127.0.0.1:9312\r\n",
		"X:\r\n",
		"X-_~!#$%&'*+.^`|: a\tb \r\nrest",
		"User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36\r\n",
	}
	for _, l := range lines {
		for i := 0; i < len(l); i++ {
			for c := 0; c < 256; c++ {
				b := []byte(l)
				b[i] = byte(c)
				colon, cr, _, ok := plainField(b)
				wc, wcr, wok := slowField(b)
				if ok != wok || (ok && (colon != wc || cr != wcr)) {
					t.Fatalf("plainField(%q) = %d, %d, %v; byte by byte: %d, %d, %v", b, colon, cr, ok, wc, wcr, wok)
				}
			}
		}
		// Every prefix is unfinished, so never plain.
		for i := 0; i < len(l) && l[i] != '\n'; i++ {
			if _, _, _, ok := plainField([]byte(l[:i])); ok {
				t.Fatalf("plainField(%q) = ok for an unfinished line", l[:i])
			}
		}
	}
}

func TestTokenIs(t *testing.T) {
	tests := []struct {
		tok, lower string
		want       bool
	}{
		{"Host", "host", true},
		{"HOST", "host", true},
		{"Hos", "host", false},
		{"Hosu", "host", false},
		{"Sec-WebSocket-Key", "sec-websocket-key", true},
		{"Sec-WebSocket-Kez", "sec-websocket-key", false},
		{"Sec_WebSocket-Key", "sec-websocket-key", false},
		{"Sec-WebSocket-Extensions", "sec-websocket-extensions", true},
		{"sec-websocket-extensionS", "sec-websocket-extensions", true},
		{"sec-websocket-extensionz", "sec-websocket-extensions", false},
		{"Xec-websocket-extensions", "sec-websocket-extensions", false},
		{"Connection", "connection", true},
		{"Connectio", "connection", false},
	}
	var got []bool
	var want []bool
	for _, tt := range tests {
		got = append(got, tokenIs([]byte(tt.tok), tt.lower))
		want = append(want, tt.want)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("tokenIs (-want +got):\n%s", diff)
	}
	// Every byte changed to every other token character breaks equality.
	const lower = "sec-websocket-version"
	for i := 0; i < len(lower); i++ {
		for c := 0; c < 256; c++ {
			b := []byte(lower)
			b[i] = byte(c)
			if !tokenChar[c] {
				continue
			}
			want := c == int(lower[i]) || c == int(lower[i])-'a'+'A' && lower[i] != '-'
			if got := tokenIs(b, lower); got != want {
				t.Fatalf("tokenIs(%q) = %v, want %v", b, got, want)
			}
		}
	}
}

// TestValidKeyAgreesWithDecoder checks the table-driven key check against
// base64.StdEncoding for every single-byte change of a valid key and for
// every length up to 30.
func TestValidKeyAgreesWithDecoder(t *testing.T) {
	decodes := func(key []byte) bool {
		var nonce [32]byte
		n, err := base64.StdEncoding.Decode(nonce[:], key)
		return len(key) == KeyLen && err == nil && n == 16
	}
	const key = "dGhlIHNhbXBsZSBub25jZQ=="
	for i := 0; i < len(key); i++ {
		for c := 0; c < 256; c++ {
			b := []byte(key)
			b[i] = byte(c)
			if got, want := validKey(b), decodes(b); got != want {
				t.Fatalf("validKey(%q) = %v, decoder says %v", b, got, want)
			}
		}
	}
	for n := 0; n <= 30; n++ {
		b := bytes.Repeat([]byte("A"), n)
		if n >= 2 {
			b[n-1], b[n-2] = '=', '='
		}
		if got, want := validKey(b), decodes(b); got != want {
			t.Fatalf("validKey(%q) = %v, decoder says %v", b, got, want)
		}
	}
}
