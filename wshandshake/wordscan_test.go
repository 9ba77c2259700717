package wshandshake

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"
)

// slowField is what the byte-by-byte path makes of the field line at the
// start of b: the results plainField must report, or ok false when the
// line is not CRLF-ended or malformed.
func slowField(b []byte) (id fieldID, value []byte, cr int, ok bool) {
	i := bytes.IndexByte(b, '\n')
	if i < 1 || b[i-1] != '\r' {
		return otherField, nil, 0, false
	}
	line := b[:i-1]
	if len(line) == 0 {
		return otherField, nil, 0, false
	}
	name, value, err := splitField(line, ErrMalformedRequest)
	if err != nil {
		return otherField, nil, 0, false
	}
	return fieldIDOf(name), value, i - 1, true
}

// isPlain reports whether the field line at the start of b is one that
// plainField must accept: CRLF-ended, a token name, and a value of
// printable ASCII.
func isPlain(b []byte) bool {
	i := bytes.IndexByte(b, '\n')
	if i < 1 || b[i-1] != '\r' {
		return false
	}
	line := b[:i-1]
	colon := bytes.IndexByte(line, ':')
	if colon < 1 || !isToken(line[:colon]) {
		return false
	}
	for _, c := range line[colon+1:] {
		if c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// TestPlainFieldAgreesWithSplitField changes every byte of field lines,
// in turn, to every value, and checks that the word-at-a-time scan agrees
// with the byte-by-byte parse whenever it accepts a line, and accepts
// every plain line: a control character, DEL, obs-text, a separator in
// the name or a lone CR or LF in any of the eight places of a word must
// send the line to the slow path, and nothing else may.
func TestPlainFieldAgreesWithSplitField(t *testing.T) {
	lines := []string{
		"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n",
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n",
		"sec-websocket-accept:s3pPLMBiTxaQ9kK+xOo=\r\n",
		"Host: 127.0.0.1:9312\r\n",
		"Upgrade:websocket  \r\n",
		"Origin: x\r\n",
		"content-length: 0\r\n",
		"Transfer-Encoding: chunked\r\n",
		"X:\r\n",
		"X-_~!#$%&'*+.^`|: a b \r\nrest",
		"User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36\r\n",
	}
	for _, l := range lines {
		for i := 0; i < len(l); i++ {
			for c := 0; c < 256; c++ {
				b := []byte(l)
				b[i] = byte(c)
				id, value, cr, ok := plainField(b)
				wid, wvalue, wcr, wok := slowField(b)
				if ok && (!wok || id != wid || !bytes.Equal(value, wvalue) || cr != wcr) {
					t.Fatalf("plainField(%q) = %d, %q, %d; byte by byte: %d, %q, %d, %v", b, id, value, cr, wid, wvalue, wcr, wok)
				}
				if plain := isPlain(b); ok != plain {
					t.Fatalf("plainField(%q) ok = %v for a line that is plain: %v", b, ok, plain)
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

// titleCase upper-cases the first letter of each dash-separated word of
// an ASCII name, as most clients write field names.
func titleCase(name string) string {
	b := []byte(name)
	for i := range b {
		if (i == 0 || b[i-1] == '-') && 'a' <= b[i] && b[i] <= 'z' {
			b[i] -= 'a' - 'A'
		}
	}
	return string(b)
}

// TestFieldNames checks the word-at-a-time name comparison: every name is
// found in any case, at the start of a line and alone, and every byte of
// it changed to any other value that is not its other case breaks the
// match.
func TestFieldNames(t *testing.T) {
	// knownFieldAt looks at lines with room for the longest name.
	pad := func(s string) []byte { return []byte(s + strings.Repeat(" ", maxKnownName)) }
	for id, name := range fieldNames {
		if name == "" {
			continue
		}
		want := fieldID(id)
		variants := []string{name, strings.ToUpper(name), titleCase(name)}
		for _, v := range variants {
			if got := fieldIDOf([]byte(v)); got != want {
				t.Fatalf("fieldIDOf(%q) = %d, want %d", v, got, want)
			}
			if got, n := knownFieldAt(pad(v + ": x")); got != want || n != len(v) {
				t.Fatalf("knownFieldAt(%q) = %d, %d, want %d, %d", v+": x", got, n, want, len(v))
			}
		}
		if got, n := knownFieldAt(pad(name)); got != otherField || n != 0 {
			t.Fatalf("knownFieldAt(%q) without a colon = %d, %d", name, got, n)
		}
		if got, n := knownFieldAt(pad(name + "x: y")); got != otherField || n != 0 {
			t.Fatalf("knownFieldAt(%q) = %d, %d", name+"x: y", got, n)
		}
		for i := 0; i < len(name); i++ {
			for c := 0; c < 256; c++ {
				b := pad(name + ":")
				b[i] = byte(c)
				same := c == int(name[i]) || ('a' <= name[i] && name[i] <= 'z' && c == int(name[i])-'a'+'A')
				wantID := otherField
				if same {
					wantID = want
				}
				if got := fieldIDOf(b[:len(name)]); got != wantID {
					t.Fatalf("fieldIDOf(%q) = %d, want %d", b[:len(name)], got, wantID)
				}
				if got, _ := knownFieldAt(b); got != wantID {
					t.Fatalf("knownFieldAt(%q) = %d, want %d", b, got, wantID)
				}
			}
		}
	}
	for _, other := range []string{"Cookie", "Sec-WebSocket-Keys", "Hosts", "X"} {
		if got := fieldIDOf([]byte(other)); got != otherField {
			t.Fatalf("fieldIDOf(%q) = %d", other, got)
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
