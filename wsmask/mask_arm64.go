//go:build !purego

package wsmask

// maskAt masks b with the key word k turned to phase pos (see phaseKey).
// Short buffers stay in Go:
// calling assembly passes the arguments through memory, which costs more
// than masking a few bytes. Every arm64 CPU has NEON (Advanced SIMD), so
// there is nothing to detect.
func maskAt(b []byte, k uint32, pos int) {
	k = phaseKey(k, pos)
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
