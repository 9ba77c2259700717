package wshandshake

import (
	"encoding/binary"
	"math/bits"
)

// The scans below read eight bytes at a time and flag, in one word, the
// bytes that need a closer look. Each test works on the low seven bits of
// a byte, so no sum carries into the next byte and every flag is exact:
// adding 0x80-k to a byte below 0x80 sets its top bit exactly when the
// byte is at least k.
//
// For a name, the words flag what is not a letter, digit or '-'; for a
// value, controls, DEL and obs-text. Flagged bytes are then looked at one
// by one: most are the colon or the CR that ends the part.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
	lows  = 0x7f7f7f7f7f7f7f7f
)

// plainField finds the colon and the CR of the field line at the start of
// line, and the value between them without its surrounding whitespace
// (OWS), provided the line is plain: a name of tchars (RFC 9110 §5.6.2),
// a colon, and a value of bytes allowed in a field value (field-vchar, SP,
// HTAB or obs-text: RFC 9110 §5.5) ended by CRLF. It reports false for
// anything else, including a line that is unfinished, so that the caller
// can look at the line byte by byte. Letters, digits and '-' in names, and
// printable ASCII in values, are recognised a word at a time.
func plainField(line []byte) (colon, cr int, value []byte, ok bool) {
	p := line
name:
	for {
		if len(p) < 8 {
			for len(p) > 0 && tokenChar[p[0]] {
				p = p[1:]
			}
			if len(p) == 0 || p[0] != ':' {
				return 0, 0, nil, false
			}
			colon = len(line) - len(p)
			p = p[1:]
			break
		}
		x := binary.LittleEndian.Uint64(p)
		y := x & lows
		lower := y | 0x2020202020202020 // folds letters; nothing else lands on a-z
		// Only the top bit of each byte counts, so the masking with
		// highs is left to the end.
		letters := (lower + (0x80-'a')*ones) &^ (lower + (0x80-'z'-1)*ones)
		digits := (y + (0x80-'0')*ones) &^ (y + (0x80-'9'-1)*ones)
		dashes := ^((y ^ '-'*ones) + 0x7f*ones)
		for other := (^(letters | digits | dashes) | x) & highs; other != 0; other &= other - 1 {
			k := bits.TrailingZeros64(other) >> 3 & 7
			if c := p[k]; c == ':' {
				colon = len(line) - len(p) + k
				p = p[k+1:]
				break name
			} else if !tokenChar[c] {
				return 0, 0, nil, false
			}
		}
		p = p[8:]
	}
	if colon == 0 {
		return 0, 0, nil, false
	}
	for len(p) >= 8 {
		x := binary.LittleEndian.Uint64(p)
		y := x & lows
		// Flags controls (below 0x20), DEL and obs-text (top bit set).
		for odd := (^(y + (0x80-0x20)*ones) | (y + ones) | x) & highs; odd != 0; odd &= odd - 1 {
			k := bits.TrailingZeros64(odd) >> 3 & 7
			switch c := p[k]; {
			case c == '\r':
				if k+1 < len(p) && p[k+1] == '\n' {
					cr = len(line) - len(p) + k
					return colon, cr, trimOWS(line[colon+1 : cr]), true
				}
				return 0, 0, nil, false
			case c != '\t' && c < 0x80:
				return 0, 0, nil, false
			}
		}
		p = p[8:]
	}
	for i, c := range p {
		if c == '\r' {
			if i+1 < len(p) && p[i+1] == '\n' {
				cr = len(line) - len(p) + i
				return colon, cr, trimOWS(line[colon+1 : cr]), true
			}
			return 0, 0, nil, false
		}
		if !fieldValueChar[c] {
			return 0, 0, nil, false
		}
	}
	return 0, 0, nil, false
}
