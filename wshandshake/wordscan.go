package wshandshake

import (
	"encoding/binary"
	"math/bits"
)

// The scans below read eight bytes at a time and flag, in one word, the
// bytes that need a closer look; the first flagged byte is usually the
// colon or the CR that ends the part scanned.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
	lows  = 0x7f7f7f7f7f7f7f7f

	foldWord = 0x2020202020202020 // sets bit 0x20, which folds ASCII letters to lower case
)

// plainField recognises the field line at the start of b when it is
// plain: a name of tchars (RFC 9110 §5.6.2), a colon, and a value of
// printable ASCII ended by CRLF. It returns the field, the offsets of the
// value without its surrounding spaces (for a field the handshake keeps;
// 0 for any other), and the offset of the CR. cr is -1 for anything
// else, including a line that is unfinished or holds HTAB or obs-text, so
// that the caller can look at the line byte by byte.
//
// It runs once for most lines of a head, so it calls nothing: a name the
// handshake keeps is recognised by its first letter and a comparison a
// word at a time, any other name is checked for tchars a word at a time,
// and so is the value.
func plainField(b []byte) (id fieldID, start, end, cr int) {
	colon := 0
	if len(b) >= len(knownLine{}) {
		l := (*knownLine)(b)
		for _, k := range namesByFirst[l[0]|0x20] {
			// The colon rules out most other names at once. The
			// offsets are at most 24: the masks only spare the
			// bounds checks.
			if l[len(k.name)&31] == ':' &&
				(binary.LittleEndian.Uint64(l[k.off[0]&31:])|k.fold[0])&k.keep[0] == k.want[0] &&
				(binary.LittleEndian.Uint64(l[k.off[1]&31:])|k.fold[1])&k.keep[1] == k.want[1] &&
				(binary.LittleEndian.Uint64(l[k.off[2]&31:])|k.fold[2])&k.keep[2] == k.want[2] {
				id, colon = k.id, len(k.name)
				break
			}
		}
	}
	if colon == 0 && len(b) >= len(knownLine{}) {
		// Most other names are letters and '-' and end within 16
		// bytes: the first two words, flagged at once and picked
		// without a branch, then find the colon with no loop whose
		// exit depends on the name's length.
		x0, x1 := binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[8:])
		o0, o1 := notNameWord(x0), notNameWord(x1)
		k := 8 + bits.TrailingZeros64(o1)>>3
		if o0 != 0 {
			k = bits.TrailingZeros64(o0) >> 3
		}
		if k > 0 && b[k] == ':' {
			colon = k
		}
	}
	if colon == 0 {
		// As tokenEnd, but without its test for '_', which names
		// rarely hold, and inlined; then the colon.
		i := 0
	name:
		for ; i+8 <= len(b); i += 8 {
			for other := notNameWord(binary.LittleEndian.Uint64(b[i:])); other != 0; other &= other - 1 {
				if k := i + bits.TrailingZeros64(other)>>3; !tokenChar[b[k]] {
					i = k
					break name
				}
			}
		}
		for i < len(b) && tokenChar[b[i]] {
			i++
		}
		if i == 0 || i == len(b) || b[i] != ':' {
			return otherField, 0, 0, -1
		}
		colon = i
		if len(b) < len(knownLine{}) {
			id = fieldIDOf(b[:colon])
		}
	}
	// The line end, sixteen bytes at a time, found from the start of the
	// line rather than from the colon: the name's tchars pass the same
	// test, so the scan need not wait for the name to be recognised, and
	// the next line, which starts after this one's end, need not either.
	// A byte is flagged when it is below 0x20 (the subtraction wraps),
	// 0x7F (the addition reaches 0x80) or 0x80 and above. A borrow or
	// carry leaves a byte only if that byte is flagged itself, so the
	// lowest flag in a word is always exact, and it must be the CR that
	// ends the line.
	// rest shrinks as the scan goes, which lets the compiler drop the
	// bounds checks of the loads.
	rest := b
	for len(rest) >= 16 {
		x, y := binary.LittleEndian.Uint64(rest), binary.LittleEndian.Uint64(rest[8:])
		odd := ((x - 0x20*ones) | (x + ones) | x) & highs
		odd2 := ((y - 0x20*ones) | (y + ones) | y) & highs
		if odd|odd2 != 0 {
			if odd == 0 {
				odd, rest = odd2, rest[8:]
			}
			rest = rest[bits.TrailingZeros64(odd)>>3:]
			goto found
		}
		rest = rest[16:]
	}
	for len(rest) > 0 && 0x20 <= rest[0] && rest[0] < 0x7f {
		rest = rest[1:]
	}
found:
	i := len(b) - len(rest)
	if i+2 > len(b) || binary.LittleEndian.Uint16(b[i:]) != '\r'|'\n'<<8 {
		return otherField, 0, 0, -1
	}
	if id == otherField {
		return otherField, 0, 0, i // the caller skips the line
	}
	start, end = colon+1, i
	for start < end && b[start] == ' ' {
		start++
	}
	for end > start && b[end-1] == ' ' {
		end--
	}
	return id, start, end, i
}

// notNameWord flags the bytes of x that are not a letter, a digit or '-'
// in their top bit, every flag exact (see alnumFlags).
func notNameWord(x uint64) uint64 {
	y := x & lows
	return (^(alnumFlags(y) | byteFlags(y, '-')) | x) & highs
}

// alnumFlags sets the top bit of each byte of y that is an ASCII letter or
// digit. Every top bit of y must be clear (y = x & lows): then no sum
// carries into the next byte and every flag is exact, since adding 0x80-k
// to a byte below 0x80 sets its top bit exactly when the byte is at least
// k. Bits other than the top ones are left in no particular state.
func alnumFlags(y uint64) uint64 {
	lower := y | foldWord // folds letters; nothing else lands on a-z
	letters := (lower + (0x80-'a')*ones) &^ (lower + (0x80-'z'-1)*ones)
	digits := (y + (0x80-'0')*ones) &^ (y + (0x80-'9'-1)*ones)
	return letters | digits
}

// byteFlags sets the top bit of each byte of y equal to c, with y and the
// other bits as in alnumFlags.
func byteFlags(y uint64, c byte) uint64 {
	return ^((y ^ uint64(c)*ones) + lows)
}

// tokenEnd returns the offset of the first byte at or after b[i] that is
// not a tchar, or len(b). Letters, digits, '-' and '_' are recognised a
// word at a time: '_' because extension parameters such as
// client_max_window_bits are full of it.
func tokenEnd(b []byte, i int) int {
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		y := x & lows
		for other := (^(alnumFlags(y) | byteFlags(y, '-') | byteFlags(y, '_')) | x) & highs; other != 0; other &= other - 1 {
			if k := i + bits.TrailingZeros64(other)>>3; !tokenChar[b[k]] {
				return k
			}
		}
	}
	for i < len(b) && tokenChar[b[i]] {
		i++
	}
	return i
}
