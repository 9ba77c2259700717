//go:build !purego

package wsmask

// cpuid executes the CPUID instruction for leaf and subleaf.
func cpuid(leaf, subleaf uint32) (eax, ebx, ecx, edx uint32)

// xgetbv0 returns the low half of XCR0, the register in which the operating
// system reports which register states it saves on a context switch.
func xgetbv0() (eax uint32)

// CPUID feature bits (Intel SDM vol. 2A, CPUID; AMD APM vol. 3).
const (
	cpuid1ECXOSXSAVE = 1 << 27
	cpuid1ECXAVX     = 1 << 28

	cpuid7EBXAVX2     = 1 << 5
	cpuid7EBXBMI2     = 1 << 8
	cpuid7EBXAVX512F  = 1 << 16
	cpuid7EBXAVX512BW = 1 << 30
	cpuid7EBXAVX512VL = 1 << 31

	xcr0SSE    = 1 << 1
	xcr0AVX    = 1 << 2 // upper halves of YMM0-15
	xcr0Opmask = 1 << 5 // K0-K7
	xcr0ZMMHi  = 1 << 6 // upper halves of ZMM0-15
	xcr0ZMM16  = 1 << 7 // ZMM16-31

	xcr0YMMState = xcr0SSE | xcr0AVX
	xcr0ZMMState = xcr0YMMState | xcr0Opmask | xcr0ZMMHi | xcr0ZMM16
)

// osXCR0 returns XCR0, or 0 when the operating system has not enabled
// XGETBV (and so saves no vector state beyond what SSE needs).
func osXCR0() uint32 {
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return 0
	}
	_, _, ecx1, _ := cpuid(1, 0)
	if ecx1&(cpuid1ECXOSXSAVE|cpuid1ECXAVX) != cpuid1ECXOSXSAVE|cpuid1ECXAVX {
		return 0
	}
	return xgetbv0()
}

func leaf7EBX() uint32 {
	_, ebx, _, _ := cpuid(7, 0)
	return ebx
}

// cpuHasAVX2 reports whether the CPU has AVX2 and the operating system
// saves the YMM registers.
func cpuHasAVX2() bool {
	return osXCR0()&xcr0YMMState == xcr0YMMState && leaf7EBX()&cpuid7EBXAVX2 != 0
}

// cpuHasAVX512 reports whether the CPU has what maskAVX512 uses
// (AVX-512F, BW and VL, and BMI2) and the operating system saves the opmask
// and ZMM registers.
func cpuHasAVX512() bool {
	const need = cpuid7EBXAVX512F | cpuid7EBXAVX512BW | cpuid7EBXAVX512VL | cpuid7EBXBMI2
	return osXCR0()&xcr0ZMMState == xcr0ZMMState && leaf7EBX()&need == need
}
