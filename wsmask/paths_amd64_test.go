//go:build !purego

package wsmask

import "github.com/wscodec/wscodec/internal/cpu"

// maskPaths lists every implementation on this architecture; the tests run
// each one the CPU supports, whichever the dispatcher picked.
func maskPaths() []maskPath {
	return []maskPath{
		{"generic", maskGenericAt, true},
		{"sse2", phased(maskSSE2), true},
		{"avx2", phased(maskAVX2), cpu.X86.HasAVX2},
		{"avx512", phased(maskAVX512), cpu.X86.HasAVX512},
		{"dispatch", maskAt, true},
	}
}
