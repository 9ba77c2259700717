package wsutf8

import (
	"encoding/binary"
	"math/bits"
)

const highBits = 0x8080808080808080

// validGeneric is the portable implementation of [Valid]. Text is mostly
// runs of ASCII or runs of multi-byte code points, so it alternates between
// two loops: one skips ASCII 32 and then 8 bytes at a time and jumps
// straight to the first byte with its high bit set; the other decodes
// multi-byte sequences for as long as they follow one another.
func validGeneric(p []byte) bool {
	for {
		for len(p) >= 32 {
			w := binary.LittleEndian.Uint64(p) | binary.LittleEndian.Uint64(p[8:]) |
				binary.LittleEndian.Uint64(p[16:]) | binary.LittleEndian.Uint64(p[24:])
			if w&highBits != 0 {
				break
			}
			p = p[32:]
		}
		for len(p) >= 8 {
			w := binary.LittleEndian.Uint64(p) & highBits
			if w != 0 {
				p = p[bits.TrailingZeros64(w)/8:]
				break
			}
			p = p[8:]
		}
		if len(p) < 8 {
			for len(p) > 0 && p[0] < 0x80 {
				p = p[1:]
			}
			if len(p) == 0 {
				return true
			}
		}
		// p[0] is not ASCII.
		for len(p) > 0 && p[0] >= 0x80 {
			l := leads[p[0]]
			switch l.size {
			case 2:
				if len(p) < 2 || p[1]-l.lo > l.span {
					return false
				}
				p = p[2:]
			case 3:
				if len(p) < 3 || p[1]-l.lo > l.span || !isContinuation(p[2]) {
					return false
				}
				p = p[3:]
			case 4:
				if len(p) < 4 || p[1]-l.lo > l.span || !isContinuation(p[2]) || !isContinuation(p[3]) {
					return false
				}
				p = p[4:]
			default:
				return false
			}
		}
	}
}
