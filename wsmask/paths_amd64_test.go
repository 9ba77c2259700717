//go:build !purego

package wsmask

// maskPaths lists every implementation on this architecture; the tests run
// each one the CPU supports, whichever the dispatcher picked.
func maskPaths() []maskPath {
	return []maskPath{
		{"generic", maskGenericAt, true},
		{"sse2", maskSSE2, true},
		{"avx2", maskAVX2, cpuHasAVX2()},
		{"avx512", maskAVX512, cpuHasAVX512()},
		{"dispatch", maskAt, true},
	}
}
