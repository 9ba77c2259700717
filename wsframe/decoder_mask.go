package wsframe

import "encoding/binary"

// shortMaskMax is the longest payload the whole-frame path of
// [Decoder.Decode] unmasks itself rather than calling wsmask: for a few
// words the call and its setup cost more than the XOR.
const shortMaskMax = 24

// maskShort XORs b, at most shortMaskMax bytes long, with key from key
// phase 0: the same as wsmask.Mask, small enough to be inlined.
func maskShort(b []byte, key [4]byte) {
	k := uint64(binary.LittleEndian.Uint32(key[:])) * (1<<32 + 1)
	for len(b) >= 8 {
		binary.LittleEndian.PutUint64(b, binary.LittleEndian.Uint64(b)^k)
		b = b[8:]
	}
	for i := range b {
		b[i] ^= byte(k >> (8 * (i & 7)))
	}
}
