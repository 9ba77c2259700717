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
		// Names ending at and around the two words plainField
		// flags at once.
		"Seven-C: v\r\n",
		"Eight-Ch: v\r\n",
		"X-Fifteen-Chars: v\r\n",
		"X-Sixteen-Chars1: v\r\n",
		"X-Seventeen-Chars: v\r\n",
	}
	// Lines followed by enough bytes have their names compared a word at
	// a time; shorter ones by fieldIDOf.
	for _, l := range lines {
		if strings.Count(l, "\n") == 1 {
			lines = append(lines, l+"Next-Field: "+strings.Repeat("x", len(knownLine{})))
		}
	}
	for _, l := range lines {
		for i := 0; i < len(l); i++ {
			for c := 0; c < 256; c++ {
				b := []byte(l)
				b[i] = byte(c)
				id, vs, ve, cr := plainField(b)
				ok, value := cr >= 0, b[vs:ve]
				wid, wvalue, wcr, wok := slowField(b)
				if ok && id == otherField {
					wvalue = nil // not given for a field the handshake does not keep
				}
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
			if _, _, _, cr := plainField([]byte(l[:i])); cr >= 0 {
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

// TestFieldNames checks the word-at-a-time name comparison of
// plainField against fieldIDOf: every name is found in any case, and
// every byte of it changed to any other value that is not its other case
// breaks the match.
func TestFieldNames(t *testing.T) {
	// plainField compares names a word at a time only in lines with room
	// for the longest name, so the lines are padded.
	pad := func(s string) []byte { return []byte(s + strings.Repeat(" ", len(knownLine{}))) }
	idOf := func(line []byte) fieldID {
		t.Helper()
		id, _, _, cr := plainField(line)
		if cr < 0 {
			t.Fatalf("plainField(%q) says not plain", line)
		}
		return id
	}
	for id, name := range fieldNames {
		if name == "" {
			continue
		}
		want := fieldID(id)
		for _, v := range []string{name, strings.ToUpper(name), titleCase(name)} {
			if got := fieldIDOf([]byte(v)); got != want {
				t.Fatalf("fieldIDOf(%q) = %d, want %d", v, got, want)
			}
			for _, line := range [][]byte{pad(v + ": x\r\n"), []byte(v + ":x\r\n")} {
				if got := idOf(line); got != want {
					t.Fatalf("plainField(%q) = %d, want %d", line, got, want)
				}
			}
		}
		if got := idOf(pad(name + "x: y\r\n")); got != otherField {
			t.Fatalf("plainField(%q) = %d", name+"x: y", got)
		}
		for i := 0; i < len(name); i++ {
			for c := 0; c < 256; c++ {
				b := []byte(name)
				b[i] = byte(c)
				same := c == int(name[i]) || ('a' <= name[i] && name[i] <= 'z' && c == int(name[i])-'a'+'A')
				wantID := otherField
				if same {
					wantID = want
				}
				if got := fieldIDOf(b); got != wantID {
					t.Fatalf("fieldIDOf(%q) = %d, want %d", b, got, wantID)
				}
				if !tokenChar[c] {
					continue // not plain: TestPlainFieldAgreesWithSplitField
				}
				if line := pad(string(b) + ": x\r\n"); idOf(line) != wantID {
					t.Fatalf("plainField(%q) = %d, want %d", line, idOf(line), wantID)
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

// TestFoldedTokenAgreesWithEqualFold changes every byte of the tokens the
// negotiation compares, in turn, to every tchar, and checks the
// word-at-a-time comparison against the byte-by-byte one; and a letter
// constant against any bytes at all.
func TestFoldedTokenAgreesWithEqualFold(t *testing.T) {
	for _, ft := range []*foldedToken{deflateName, serverNoTakeoverParam, clientNoTakeoverParam, serverMaxBitsParam, clientMaxBitsParam, newFoldedToken("websocket"), newFoldedToken("upgrade")} {
		letters := strings.Trim(ft.s, "abcdefghijklmnopqrstuvwxyz") == ""
		for i := 0; i < len(ft.s); i++ {
			for c := 0; c < 256; c++ {
				b := []byte(ft.s)
				b[i] = byte(c)
				if !letters && !tokenChar[c] {
					continue
				}
				if got, want := ft.equal(b), equalFoldLower(b, ft.s); got != want {
					t.Fatalf("%q.equal(%q) = %v, want %v", ft.s, b, got, want)
				}
			}
		}
		for _, b := range []string{"", ft.s[1:], ft.s + "x", strings.ToUpper(ft.s)} {
			if got, want := ft.equal([]byte(b)), equalFoldLower([]byte(b), ft.s); got != want {
				t.Fatalf("%q.equal(%q) = %v, want %v", ft.s, b, got, want)
			}
		}
	}
}

// TestTokenEndAgreesWithTable changes every byte of tokens of several
// lengths, in turn, to every value, and checks the word-at-a-time scan
// against a byte-by-byte walk of the tchar table, from every start.
func TestTokenEndAgreesWithTable(t *testing.T) {
	slow := func(b []byte, i int) int {
		for i < len(b) && tokenChar[b[i]] {
			i++
		}
		return i
	}
	for _, tok := range []string{"x", "chat", "superchat", "permessage-deflate", "client_max_window_bits", "A-Z_a-z.0~9!#$%&'*+^`|", "server_no_context_takeover=15"} {
		for i := 0; i < len(tok); i++ {
			for c := 0; c < 256; c++ {
				b := []byte(tok)
				b[i] = byte(c)
				for start := 0; start <= len(b); start++ {
					if got, want := tokenEnd(b, start), slow(b, start); got != want {
						t.Fatalf("tokenEnd(%q, %d) = %d, want %d", b, start, got, want)
					}
				}
			}
		}
	}
}
