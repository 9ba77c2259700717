package wsutf8

import (
	"encoding/binary"
	"math/bits"
)

const highBits = 0x8080808080808080

// validGeneric is the portable implementation of [Valid]. Text is mostly
// runs of ASCII or runs of multi-byte code points, so it alternates between
// two phases. The ASCII phase looks at eight bytes; if they are all ASCII
// it goes on 64, then 32, then 8 bytes at a time, and either way it jumps
// straight to the first byte with its high bit set, so that the short ASCII
// runs of mixed text cost one word. The other phase decodes multi-byte
// sequences for as long as they follow one another.
func validGeneric(p []byte) bool {
	for {
		if len(p) >= 8 {
			if w := binary.LittleEndian.Uint64(p) & highBits; w != 0 {
				p = p[bits.TrailingZeros64(w)/8:]
			} else {
				p = skipASCII(p[8:])
			}
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

// skipASCII returns p from its first byte that is not ASCII, or its last
// few bytes (fewer than eight) if those come first.
func skipASCII(p []byte) []byte {
	for len(p) >= 64 {
		w := binary.LittleEndian.Uint64(p) | binary.LittleEndian.Uint64(p[8:]) |
			binary.LittleEndian.Uint64(p[16:]) | binary.LittleEndian.Uint64(p[24:]) |
			binary.LittleEndian.Uint64(p[32:]) | binary.LittleEndian.Uint64(p[40:]) |
			binary.LittleEndian.Uint64(p[48:]) | binary.LittleEndian.Uint64(p[56:])
		if w&highBits != 0 {
			break
		}
		p = p[64:]
	}
	for len(p) >= 32 {
		w := binary.LittleEndian.Uint64(p) | binary.LittleEndian.Uint64(p[8:]) |
			binary.LittleEndian.Uint64(p[16:]) | binary.LittleEndian.Uint64(p[24:])
		if w&highBits != 0 {
			break
		}
		p = p[32:]
	}
	for len(p) >= 8 {
		if w := binary.LittleEndian.Uint64(p) & highBits; w != 0 {
			return p[bits.TrailingZeros64(w)/8:]
		}
		p = p[8:]
	}
	return p
}
