package wshandshake

import "encoding/binary"

// tchar (RFC 9110 §5.6.2).
var tokenChar = alnumAnd("!#$%&'*+-.^_`|~")

// alnumAnd returns the set of the ASCII letters and digits and the bytes
// of extra.
func alnumAnd(extra string) (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
		t[c-'a'+'A'] = true
	}
	for i := 0; i < len(extra); i++ {
		t[extra[i]] = true
	}
	return t
}

// field-vchar, SP and HTAB (RFC 9110 §5.5); obs-text is allowed because
// recipients must tolerate it, control characters are not.
var fieldValueChar = func() (t [256]bool) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = true
	}
	for c := 0x80; c < 0x100; c++ {
		t[c] = true
	}
	t['\t'] = true
	return t
}()

func isToken(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if !tokenChar[c] {
			return false
		}
	}
	return true
}

func isTokenString(s string) bool {
	if len(s) == 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !tokenChar[s[i]] {
			return false
		}
	}
	return true
}

func trimOWS(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

// equalFoldLower reports whether b equals lower, a lower-case ASCII string,
// ignoring ASCII case in b.
func equalFoldLower(b []byte, lower string) bool {
	if len(b) != len(lower) {
		return false
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// equalFold reports whether a and b are equal ignoring ASCII case; each
// may be a string or a byte slice.
func equalFold[A, B ~string | ~[]byte](a A, b B) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// foldedToken is a lower-case constant made of tchars, at most 32 bytes,
// kept as folded words so that [foldedToken.equal] compares eight bytes at
// a time.
type foldedToken struct {
	s string
	// words are folded words at 0, 8, 16 and len(s)-8, or for a
	// shorter token four-byte words at 0 and len(s)-4.
	words [4]uint64
}

func newFoldedToken(s string) *foldedToken {
	t := &foldedToken{s: s}
	b := []byte(s)
	switch n := len(s); {
	case n >= 8:
		for i := range t.words {
			t.words[i] = binary.LittleEndian.Uint64(b[min(8*i, n-8):]) | foldWord
		}
	case n >= 4:
		t.words[0] = uint64(binary.LittleEndian.Uint32(b) | foldWord&0xffffffff)
		t.words[3] = uint64(binary.LittleEndian.Uint32(b[n-4:]) | foldWord&0xffffffff)
	}
	return t
}

// equal reports whether b equals t ignoring ASCII case, provided b is a
// token or t is made of letters only. It sets bit 0x20 in every byte of
// b, which folds upper-case letters onto lower-case ones; the bytes it
// maps onto another tchar of t are controls and DEL, which a token does
// not hold, and only letters map onto letters.
func (t *foldedToken) equal(b []byte) bool {
	n := len(t.s)
	if len(b) != n {
		return false
	}
	if n < 8 {
		if n < 4 {
			return equalFoldLower(b, t.s)
		}
		return uint64(binary.LittleEndian.Uint32(b)|foldWord&0xffffffff) == t.words[0] &&
			uint64(binary.LittleEndian.Uint32(b[n-4:])|foldWord&0xffffffff) == t.words[3]
	}
	for i := 0; i+8 < n; i += 8 {
		if binary.LittleEndian.Uint64(b[i:])|foldWord != t.words[i>>3] {
			return false
		}
	}
	// The last word may overlap the one before.
	return binary.LittleEndian.Uint64(b[n-8:])|foldWord == t.words[3]
}
