//go:build !purego

package wsmask

// maskWord masks b with the key word k for b[0]. Short buffers stay in Go:
// calling assembly passes the arguments through memory, which costs more
// than masking a few bytes. Every arm64 CPU has NEON (Advanced SIMD), so
// there is nothing to detect.
func maskWord(b []byte, k uint32) {
	if len(b) < 16 {
		maskShort(b, k)
		return
	}
	maskNEON(b, k)
}

// maskNEON uses 16-byte NEON vectors.
//
//go:noescape
func maskNEON(b []byte, key uint32)
