//go:build !purego

package wsutf8

import "github.com/wscodec/wscodec/internal/cpu"

// hasAVX2 reports whether the AVX2 path can run: the CPU has AVX2 and the
// operating system saves the YMM registers.
var hasAVX2 = cpu.X86.HasAVX2

func valid(b []byte) bool {
	if hasAVX2 {
		return validAVX2(b)
	}
	return validGeneric(b)
}

// avx2MinLen is the shortest input the AVX2 code takes: a block of 32 bytes
// and the three bytes before it, which give each byte its predecessors.
const avx2MinLen = 32 + 3

// validAVX2 is [Valid] in AVX2 for inputs long enough, the portable loop
// for the others.
func validAVX2(b []byte) bool {
	if len(b) < avx2MinLen {
		return validGeneric(b)
	}
	return validAVX2Asm(&b[0], len(b))
}

// validAVX2Asm reports whether the n bytes at p, n ≥ avx2MinLen, are valid
// UTF-8.
//
//go:noescape
func validAVX2Asm(p *byte, n int) bool
