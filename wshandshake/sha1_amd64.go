//go:build !purego

package wshandshake

import (
	"crypto/sha1"
	"encoding/binary"

	"github.com/wscodec/wscodec/internal/cpu"
)

// useSHANI is whether sha1BlocksSHANI can run here.
var useSHANI = cpu.X86.HasSHA

// sha1BlocksSHANI runs the SHA-1 compression function over each 64-byte
// block of p in turn, updating h; len(p) must be a multiple of 64. It
// needs the SHA extensions, SSSE3 and SSE4.1.
//
//go:noescape
func sha1BlocksSHANI(h *[5]uint32, p []byte)

// acceptSum sets sum to SHA-1(key + acceptGUID) with the SHA extensions
// when key has the length of every valid key, 24 bytes, and reports
// whether it did. Beside the rounds themselves, crypto/sha1.Sum pays for
// its general Write and padding on every call, more than the rounds of
// one block here; the 60 bytes hashed here always pad to the same two
// blocks, of which only the key's 24 bytes change.
func acceptSum(sum *[sha1.Size]byte, key []byte) bool {
	if !useSHANI || len(key) != 24 {
		return false
	}
	var blocks [2 * sha1BlockSize]byte
	copy(blocks[:24], key)
	copy(blocks[24:], acceptPaddedTail[:])
	h := sha1Init
	sha1BlocksSHANI(&h, blocks[:])
	for i, v := range h {
		binary.BigEndian.PutUint32(sum[4*i:], v)
	}
	return true
}

// sha1BlockSize is the size of a SHA-1 message block.
const sha1BlockSize = 64

// sha1Init is the initial hash value of SHA-1 (FIPS 180-4 §5.3.1).
var sha1Init = [5]uint32{0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0}

// acceptPaddedTail is what follows a 24-byte key in the two padded blocks
// of key + acceptGUID (FIPS 180-4 §5.1.1): the GUID, the 1 bit, zeros,
// and the message length in bits as a 64-bit big-endian number.
var acceptPaddedTail = func() (t [2*sha1BlockSize - 24]byte) {
	n := copy(t[:], acceptGUID)
	t[n] = 0x80
	binary.BigEndian.PutUint64(t[len(t)-8:], uint64(24+len(acceptGUID))*8)
	return t
}()
