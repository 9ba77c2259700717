//go:build !purego

package wsutf8

import "github.com/wscodec/wscodec/internal/cpu"

// hasAVX2 reports whether the AVX2 path can run: the CPU has AVX2 and the
// operating system saves the YMM registers.
var hasAVX2 = cpu.X86.HasAVX2

// hasAVX512 reports whether the AVX-512 path can run: the CPU has
// AVX-512F, BW and VL and the operating system saves the ZMM and mask
// registers.
var hasAVX512 = cpu.X86.HasAVX512

// hasAVX512VBMI reports whether the AVX-512 path can also use VPERMB
// (AVX512_VBMI) in its main loop.
var hasAVX512VBMI = cpu.X86.HasAVX512VBMI

// valid takes the widest path the CPU has and the length allows.
func valid(b []byte) bool {
	if hasAVX512 && len(b) >= avx512MinLen {
		return validAVX512Asm(&b[0], len(b), hasAVX512VBMI)
	}
	if hasAVX2 && len(b) >= avx2MinLen {
		return validAVX2Asm(&b[0], len(b))
	}
	return validGeneric(b)
}

// avx2MinLen is the shortest input the AVX2 code takes: a block of 32 bytes
// and the three bytes before it, which give each byte its predecessors.
const avx2MinLen = 32 + 3

// avx512MinLen is the shortest input the AVX-512 code takes: a block of 64
// bytes and the three bytes before it. Shorter inputs cost the AVX2 code
// one or two blocks.
const avx512MinLen = 64 + 3

// validAVX2Asm reports whether the n bytes at p, n ≥ avx2MinLen, are valid
// UTF-8.
//
//go:noescape
func validAVX2Asm(p *byte, n int) bool

// validAVX512Asm reports whether the n bytes at p, n ≥ avx512MinLen, are
// valid UTF-8. vbmi, which needs AVX512_VBMI, picks the faster form of its
// main loop.
//
//go:noescape
func validAVX512Asm(p *byte, n int, vbmi bool) bool
