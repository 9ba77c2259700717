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

// skipASCII returns p from its first byte that is not ASCII, or the last
// few bytes (fewer than eight) before which it stopped looking. It steps an index
// rather than reslicing p so that the loops carry one counter.
func skipASCII(p []byte) []byte {
	i := 0
	for ; len(p)-i >= 64; i += 64 {
		q := p[i : i+64 : i+64]
		w := binary.LittleEndian.Uint64(q) | binary.LittleEndian.Uint64(q[8:]) |
			binary.LittleEndian.Uint64(q[16:]) | binary.LittleEndian.Uint64(q[24:]) |
			binary.LittleEndian.Uint64(q[32:]) | binary.LittleEndian.Uint64(q[40:]) |
			binary.LittleEndian.Uint64(q[48:]) | binary.LittleEndian.Uint64(q[56:])
		if w&highBits != 0 {
			break
		}
	}
	for ; len(p)-i >= 32; i += 32 {
		q := p[i : i+32 : i+32]
		w := binary.LittleEndian.Uint64(q) | binary.LittleEndian.Uint64(q[8:]) |
			binary.LittleEndian.Uint64(q[16:]) | binary.LittleEndian.Uint64(q[24:])
		if w&highBits != 0 {
			break
		}
	}
	for ; len(p)-i >= 8; i += 8 {
		if w := binary.LittleEndian.Uint64(p[i:]) & highBits; w != 0 {
			return p[i+bits.TrailingZeros64(w)/8:]
		}
	}
	// Fewer than eight bytes are left: the last eight bytes of p, some of
	// them already seen to be ASCII, tell whether all of them are.
	if i < len(p) && len(p) >= 8 && binary.LittleEndian.Uint64(p[len(p)-8:])&highBits == 0 {
		return p[len(p):]
	}
	return p[i:]
}
