//go:build !purego

package wsutf8

// Every arm64 CPU has NEON (Advanced SIMD), so there is nothing to detect.

func valid(b []byte) bool { return validNEON(b) }

// neonMinLen is the shortest input the NEON code takes: a last 16-byte
// block and the block before it, which gives each byte its predecessors.
const neonMinLen = 32

// validNEON is [Valid] in NEON for inputs long enough, the portable loop
// for the others.
func validNEON(b []byte) bool {
	if len(b) < neonMinLen {
		return validGeneric(b)
	}
	return validNEONAsm(&b[0], len(b))
}

// validNEONAsm reports whether the n bytes at p, n ≥ neonMinLen, are valid
// UTF-8.
//
//go:noescape
func validNEONAsm(p *byte, n int) bool
