package wsmask

import (
	"encoding/binary"
	"math/bits"
)

// Mask XORs b in place with key, starting at key phase 0: byte i of b is
// XORed with key[i%4], as RFC 6455 §5.3 defines. Masking is its own inverse,
// so Mask also unmasks. It never allocates and keeps no reference to b.
func Mask(b []byte, key [4]byte) {
	maskAt(b, binary.LittleEndian.Uint32(key[:]), 0)
}

// MaskAt XORs b in place with key, starting at key phase pos (only pos&3
// counts): byte i of b is XORed with key[(pos+i)%4]. It returns the phase of
// the byte that follows b, (pos+len(b))&3. Calling MaskAt on consecutive
// pieces of a buffer, passing each returned phase on to the next call, gives
// the same result as [Mask] on the whole. It never allocates and keeps no
// reference to b.
func MaskAt(b []byte, key [4]byte, pos int) int {
	maskAt(b, binary.LittleEndian.Uint32(key[:]), pos)
	return (pos + len(b)) & 3
}

// phaseKey returns the little-endian key word k (the word for phase 0)
// turned to start at phase pos: the byte of k for phase pos moves into the
// lowest byte. The result is again a key word, usable at any offset that is
// a multiple of 4 from the byte at phase pos.
func phaseKey(k uint32, pos int) uint32 {
	return bits.RotateLeft32(k, -8*pos) // rotation counts are mod 32
}

// maskedCopyMax is the length up to which AppendMasked masks while it
// copies, saving a second pass over the bytes; longer payloads are copied
// and then masked in place, where the vector paths win.
const maskedCopyMax = 256

// AppendMasked appends src masked with key (from key phase 0) to dst and
// returns the extended buffer; src is not modified and must not overlap
// the spare capacity of dst. It is [Mask] for a sender that must not
// touch the caller's payload.
func AppendMasked(dst, src []byte, key [4]byte) []byte {
	n := len(dst)
	if len(src) > maskedCopyMax || cap(dst)-n < len(src) {
		return appendMaskedGrow(dst, src, key)
	}
	// With room in dst and no call on this path, the compiler keeps
	// everything in registers: for the small frames this path serves, the
	// spills around a call cost as much as the masking.
	dst = dst[:n+len(src)]
	out := dst[n:]
	k := binary.LittleEndian.Uint32(key[:])
	size := len(src)
	if size < 8 {
		for i := range src {
			out[i] = src[i] ^ byte(k>>(8*(i&3)))
		}
		return dst
	}
	// Whole 64-bit words, the last one ending at the end of src and so
	// overlapping the one before unless size is a multiple of 8: src is
	// only read, so the bytes masked twice come out the same.
	k64 := uint64(k) | uint64(k)<<32
	for i := 0; i < size-8; i += 8 {
		binary.LittleEndian.PutUint64(out[i:i+8], binary.LittleEndian.Uint64(src[i:i+8])^k64)
	}
	last := size - 8
	binary.LittleEndian.PutUint64(out[last:], binary.LittleEndian.Uint64(src[last:])^bits.RotateLeft64(k64, -8*(last&3)))
	return dst
}

// appendMaskedGrow is AppendMasked when dst must grow or src is long: it
// copies, then masks in place.
func appendMaskedGrow(dst, src []byte, key [4]byte) []byte {
	n := len(dst)
	dst = append(dst, src...)
	Mask(dst[n:], key)
	return dst
}
