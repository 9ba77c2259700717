package wsutf8

import "unicode/utf8"

// utf8Case is a named input with its expected validity. failAt is the
// number of bytes after which the stream can no longer become valid (the
// 1-based position of the first offending byte), or -1 when every prefix
// can still be completed.
type utf8Case struct {
	name   string
	in     string
	valid  bool
	failAt int
}

var utf8Cases = []utf8Case{
	{"empty", "", true, -1},
	{"ascii", "Hello, world", true, -1},
	{"two byte é", "\xc3\xa9", true, -1},
	{"three byte €", "\xe2\x82\xac", true, -1},
	{"four byte U+1F600", "\xf0\x9f\x98\x80", true, -1},
	{"smallest two byte U+0080", "\xc2\x80", true, -1},
	{"largest two byte U+07FF", "\xdf\xbf", true, -1},
	{"smallest three byte U+0800", "\xe0\xa0\x80", true, -1},
	{"last before surrogates U+D7FF", "\xed\x9f\xbf", true, -1},
	{"first after surrogates U+E000", "\xee\x80\x80", true, -1},
	{"U+FFFF", "\xef\xbf\xbf", true, -1},
	{"smallest four byte U+10000", "\xf0\x90\x80\x80", true, -1},
	{"largest U+10FFFF", "\xf4\x8f\xbf\xbf", true, -1},
	{"mixed text", "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z", true, -1},
	{"lone continuation", "\x80", false, 1},
	{"continuation after ascii", "a\xbf", false, 2},
	{"overlong C0", "\xc0\x80", false, 1},
	{"overlong C1", "\xc1\xbf", false, 1},
	{"overlong three byte", "\xe0\x9f\xbf", false, 2},
	{"overlong four byte", "\xf0\x8f\xbf\xbf", false, 2},
	{"high surrogate", "\xed\xa0\x80", false, 2},
	{"low surrogate", "\xed\xbf\xbf", false, 2},
	{"above U+10FFFF", "\xf4\x90\x80\x80", false, 2},
	{"F5 lead", "\xf5\x80\x80\x80", false, 1},
	{"FE byte", "\xfe", false, 1},
	{"FF byte", "\xff", false, 1},
	{"five byte form", "\xf8\x88\x80\x80\x80", false, 1},
	{"truncated two byte", "\xc3", false, -1},
	{"truncated three byte", "\xe2\x82", false, -1},
	{"truncated four byte", "\xf0\x9f\x98", false, -1},
	{"three byte cut by ascii", "\xe2a\xac", false, 2},
	{"four byte cut by lead", "\xf0\x9f\xc3\xa9", false, 3},
	{"extra continuation", "\xc3\xa9\xa9", false, 3},
	{"truncated then valid", "\xe2\x82\xc3\xa9", false, 3},
	// The text of Autobahn TestSuite case 6.4.1, which must fail at its
	// 13th byte: 90 after F4 starts a value above U+10FFFF.
	{"Autobahn 6.4.1", "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xf4\x90\x80\x80edited", false, 13},
}

// properPrefixes holds every proper prefix of the UTF-8 encoding of every
// Unicode scalar value, built with unicode/utf8 alone. The proper prefixes
// of an encoding depend only on the code point shifted right by six bits,
// so one code point in every 64 covers them all.
var properPrefixes = func() map[string]bool {
	m := make(map[string]bool)
	var buf [utf8.UTFMax]byte
	for r := rune(0); r <= utf8.MaxRune; r += 64 {
		if !utf8.ValidRune(r) {
			continue
		}
		n := utf8.EncodeRune(buf[:], r)
		for k := 1; k < n; k++ {
			m[string(buf[:k])] = true
		}
	}
	return m
}()

// refPrefixValid reports whether some continuation can make b valid UTF-8:
// b is valid, or b is valid up to a final 1–3 bytes that are a proper
// prefix of the encoding of some code point.
func refPrefixValid(b []byte) bool {
	if utf8.Valid(b) {
		return true
	}
	for k := 1; k <= 3 && k <= len(b); k++ {
		if properPrefixes[string(b[len(b)-k:])] && utf8.Valid(b[:len(b)-k]) {
			return true
		}
	}
	return false
}

// refFailAt returns the length of the shortest prefix of b that no
// continuation can make valid, or -1 if every prefix can be completed.
func refFailAt(b []byte) int {
	for n := 1; n <= len(b); n++ {
		if !refPrefixValid(b[:n]) {
			return n
		}
	}
	return -1
}
