//go:build !purego

package wsmask

// The paths are chosen once, at package initialisation, from what the CPU
// and the operating system support. maskAt tests these flags and calls
// the chosen path directly: a predictable branch, cheaper than a call
// through a function value.
var (
	useAVX2   = cpuHasAVX2()
	useAVX512 = cpuHasAVX512()
)

// maskAt masks b with the key word k turned to phase pos (see phaseKey).
// Short buffers stay in Go: calling assembly passes the arguments through
// memory, which costs more than masking a few bytes.
func maskAt(b []byte, k uint32, pos int) {
	k = phaseKey(k, pos)
	switch {
	case len(b) < 16:
		maskShort(b, k)
	case useAVX512:
		maskAVX512(b, k)
	case useAVX2:
		maskAVX2(b, k)
	default:
		maskSSE2(b, k)
	}
}

// maskSSE2 uses 16-byte vectors; every amd64 CPU has SSE2.
//
//go:noescape
func maskSSE2(b []byte, key uint32)

// maskAVX2 uses 32-byte vectors; it needs AVX2.
//
//go:noescape
func maskAVX2(b []byte, key uint32)

// maskAVX512 uses 64-byte vectors, and a masked load and store to reach an
// aligned address in long buffers; it needs AVX-512F, BW and VL, and BMI2.
//
//go:noescape
func maskAVX512(b []byte, key uint32)
