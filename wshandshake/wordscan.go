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
)

// plainField recognises the field line at the start of b when it is
// plain: a name of tchars (RFC 9110 §5.6.2), a colon, and a value of
// printable ASCII ended by CRLF. It returns the field, the value without
// its surrounding spaces, and the offset of the CR. It reports false for
// anything else, including a line that is unfinished or holds HTAB or
// obs-text, so that the caller can look at the line byte by byte.
//
// A name the handshake keeps is recognised by its first letter and a
// comparison a word at a time, any other name is checked for tchars a
// word at a time, and so is the value.
func plainField(b []byte) (id fieldID, value []byte, cr int, ok bool) {
	colon := 0
	if len(b) > maxKnownName {
		id, colon = knownFieldAt(b)
	}
	if colon == 0 {
		if colon = nameEnd(b); colon <= 0 {
			return otherField, nil, 0, false
		}
		if len(b) <= maxKnownName {
			id = fieldIDOf(b[:colon])
		}
	}
	cr = plainValueEnd(b, colon+1)
	if cr < 0 {
		return otherField, nil, 0, false
	}
	value = b[colon+1 : cr]
	for len(value) > 0 && value[0] == ' ' {
		value = value[1:]
	}
	for len(value) > 0 && value[len(value)-1] == ' ' {
		value = value[:len(value)-1]
	}
	return id, value, cr, true
}

// nameEnd returns the offset of the colon that ends the field name at the
// start of b, provided every byte before it is a tchar; otherwise -1.
// Letters, digits and '-' are recognised a word at a time.
func nameEnd(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		// Each test works on the low seven bits of a byte, so no sum
		// carries into the next byte and every flag is exact: adding
		// 0x80-k to a byte below 0x80 sets its top bit exactly when the
		// byte is at least k.
		y := x & lows
		lower := y | 0x2020202020202020 // folds letters; nothing else lands on a-z
		letters := (lower + (0x80-'a')*ones) &^ (lower + (0x80-'z'-1)*ones)
		digits := (y + (0x80-'0')*ones) &^ (y + (0x80-'9'-1)*ones)
		dashes := ^((y ^ '-'*ones) + lows)
		for other := (^(letters | digits | dashes) | x) & highs; other != 0; other &= other - 1 {
			k := i + bits.TrailingZeros64(other)>>3
			if c := b[k]; c == ':' {
				return k
			} else if !tokenChar[c] {
				return -1
			}
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c == ':' {
			return i
		} else if !tokenChar[c] {
			return -1
		}
	}
	return -1
}

// plainValueEnd returns the offset of the CR that ends the field value
// starting at b[i:], provided a LF follows it and every byte before it is
// printable ASCII (0x20 to 0x7E); otherwise -1.
func plainValueEnd(b []byte, i int) int {
	for ; i+16 <= len(b); i += 16 {
		w := b[i : i+16]
		x, y := binary.LittleEndian.Uint64(w), binary.LittleEndian.Uint64(w[8:])
		// A byte is flagged when it is below 0x20 (the subtraction
		// wraps), 0x7F (the addition reaches 0x80) or 0x80 and above.
		// A borrow or carry leaves a byte only if that byte is flagged
		// itself, so the lowest flag in a word is always exact.
		odd := ((x - 0x20*ones) | (x + ones) | x) & highs
		odd2 := ((y - 0x20*ones) | (y + ones) | y) & highs
		if odd|odd2 != 0 {
			k := i + bits.TrailingZeros64(odd)>>3
			if odd == 0 {
				k = i + 8 + bits.TrailingZeros64(odd2)>>3
			}
			if b[k] == '\r' && k+1 < len(b) && b[k+1] == '\n' {
				return k
			}
			return -1
		}
	}
	for ; i < len(b); i++ {
		switch c := b[i]; {
		case c == '\r':
			if i+1 < len(b) && b[i+1] == '\n' {
				return i
			}
			return -1
		case c < 0x20 || c >= 0x7f:
			return -1
		}
	}
	return -1
}
