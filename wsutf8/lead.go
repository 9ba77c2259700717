package wsutf8

// A lead describes the byte that starts an encoded code point: how many
// bytes the encoding has (0 when the byte cannot start one) and the
// inclusive range lo..lo+span allowed for the second byte. RFC 3629 §4
// narrows that range after E0, ED, F0 and F4 to exclude overlong forms,
// surrogates and values above U+10FFFF; every later byte is 0x80–0xBF.
type lead struct {
	size uint8
	lo   uint8
	span uint8
}

var leads = makeLeads()

func makeLeads() (t [256]lead) {
	set := func(from, to int, l lead) {
		for c := from; c <= to; c++ {
			t[c] = l
		}
	}
	set(0x00, 0x7F, lead{size: 1})
	// C0 and C1 could only encode U+0000–U+007F, overlong.
	set(0xC2, 0xDF, lead{size: 2, lo: 0x80, span: 0x3F})
	set(0xE0, 0xE0, lead{size: 3, lo: 0xA0, span: 0x1F}) // ≥ U+0800
	set(0xE1, 0xEC, lead{size: 3, lo: 0x80, span: 0x3F})
	set(0xED, 0xED, lead{size: 3, lo: 0x80, span: 0x1F}) // < U+D800
	set(0xEE, 0xEF, lead{size: 3, lo: 0x80, span: 0x3F})
	set(0xF0, 0xF0, lead{size: 4, lo: 0x90, span: 0x2F}) // ≥ U+10000
	set(0xF1, 0xF3, lead{size: 4, lo: 0x80, span: 0x3F})
	set(0xF4, 0xF4, lead{size: 4, lo: 0x80, span: 0x0F}) // ≤ U+10FFFF
	// F5–FF could only encode values above U+10FFFF.
	return t
}

// isContinuation reports whether c is 10xxxxxx, a byte that can only
// follow a lead byte.
func isContinuation(c byte) bool { return c&0xC0 == 0x80 }

// validPrefix reports whether s, which holds at most as many bytes as its
// first byte announces, is the start of a valid encoding: a complete valid
// encoding when len(s) equals that count, a part that some continuation
// bytes can complete otherwise.
func validPrefix(s []byte) bool {
	if len(s) == 0 {
		return true
	}
	l := leads[s[0]]
	if l.size == 0 || len(s) > int(l.size) {
		return false
	}
	if len(s) > 1 && s[1]-l.lo > l.span {
		return false
	}
	for _, c := range s[min(len(s), 2):] {
		if !isContinuation(c) {
			return false
		}
	}
	return true
}

// incompleteTail returns the index in b where a code point starts that b
// does not hold completely, or len(b) if b ends on a code point boundary or
// with bytes that cannot be part of any code point (those are left for the
// full validation to reject).
func incompleteTail(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-3; i-- {
		if isContinuation(b[i]) {
			continue
		}
		if int(leads[b[i]].size) > len(b)-i {
			return i
		}
		break
	}
	return len(b)
}
