//go:build !purego

package wsmask

import "github.com/wscodec/wscodec/internal/cpu"

// The paths are chosen once, at package initialisation, from what the CPU
// and the operating system support. maskVector (assembly) tests these
// flags and jumps to the chosen path: a predictable branch instead of a
// call through a function value, and one call from Go whatever the size.
var (
	//lint:ignore U1000 read by maskVector in mask_amd64.s
	useAVX2 = cpu.X86.HasAVX2
	//lint:ignore U1000 read by maskVector in mask_amd64.s
	useAVX512 = cpu.X86.HasAVX512
)

// maskAt masks b with the key word k turned to phase pos (see phaseKey),
// on the path chosen at start-up. It inlines, so the key is turned in Go,
// and not at all for [Mask], whose phase is the constant 0.
func maskAt(b []byte, k uint32, pos int) { maskVector(b, phaseKey(k, pos)) }

// maskVector masks b with the key word for b[0] on the path chosen at
// start-up.
//
//go:noescape
func maskVector(b []byte, key uint32)

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
