//go:build !purego

package wsutf8

import (
	"encoding/binary"
	"math/bits"
	"unsafe"

	"github.com/wscodec/wscodec/wsmask"
)

// unmaskValid takes the AVX-512 code when the CPU has it and b is long
// enough, and the two passes otherwise.
func unmaskValid(b []byte, key [4]byte) bool {
	if hasAVX512 && len(b) >= unmaskAVX512MinLen {
		return unmaskValidAVX512(b, key, hasAVX512VBMI)
	}
	return unmaskThenValid(b, key)
}

// unmaskValidAVX512 is UnmaskValid in AVX-512 for b of at least
// unmaskAVX512MinLen bytes; vbmi is as for validAVX512Asm.
func unmaskValidAVX512(b []byte, key [4]byte, vbmi bool) bool {
	// Unmask up to the first multiple of 64 here, so that the stores of
	// the vector loop never straddle two cache lines.
	head := int(-uintptr(unsafe.Pointer(unsafe.SliceData(b))) & 63)
	phase := wsmask.MaskAt(b[:head], key, 0)
	word := bits.RotateLeft32(binary.LittleEndian.Uint32(key[:]), -8*phase)
	return unmaskValidAVX512Asm(&b[0], len(b), word, head, vbmi)
}

// unmaskValidAVX512Asm unmasks the n bytes at p in place but the first
// head, which are unmasked already, with key word key for the byte at
// p+head, and reports whether all n bytes are then valid UTF-8. p+head
// must be a multiple of 64 and n at least head+unmaskAhead.
//
//go:noescape
func unmaskValidAVX512Asm(p *byte, n int, key uint32, head int, vbmi bool) bool
