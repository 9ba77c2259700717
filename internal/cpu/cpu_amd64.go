package cpu

// X86 holds the features detected at start-up.
var X86 struct {
	// HasAVX2 reports AVX2 with YMM state saved.
	HasAVX2 bool
	// HasAVX512 reports AVX-512F, BW and VL, and BMI2, with opmask and
	// ZMM state saved: what the module's AVX-512 code uses.
	HasAVX512 bool
	// HasAVX512VBMI reports HasAVX512 and AVX512_VBMI, whose VPERMB
	// looks up bytes in a whole 64-byte register.
	HasAVX512VBMI bool
	// HasSHA reports the SHA extensions (SHA-NI) with SSSE3 and SSE4.1,
	// what the module's SHA-1 code uses; they need only the SSE state.
	HasSHA bool
}

func init() {
	xcr0 := osXCR0()
	_, ebx7, ecx7, _ := cpuid(7, 0)
	X86.HasAVX2 = xcr0&xcr0YMMState == xcr0YMMState && ebx7&cpuid7EBXAVX2 != 0
	const avx512 = cpuid7EBXAVX512F | cpuid7EBXAVX512BW | cpuid7EBXAVX512VL | cpuid7EBXBMI2
	X86.HasAVX512 = xcr0&xcr0ZMMState == xcr0ZMMState && ebx7&avx512 == avx512
	X86.HasAVX512VBMI = X86.HasAVX512 && ecx7&cpuid7ECXAVX512VBMI != 0
	maxLeaf, _, _, _ := cpuid(0, 0)
	_, _, ecx1, _ := cpuid(1, 0)
	const sse = cpuid1ECXSSSE3 | cpuid1ECXSSE41
	X86.HasSHA = maxLeaf >= 7 && ebx7&cpuid7EBXSHA != 0 && ecx1&sse == sse
}

// cpuid executes the CPUID instruction for leaf and subleaf.
//
//go:noescape
func cpuid(leaf, subleaf uint32) (eax, ebx, ecx, edx uint32)

// xgetbv0 returns the low half of XCR0, the register in which the operating
// system reports which register states it saves on a context switch.
func xgetbv0() (eax uint32)

// CPUID feature bits (Intel SDM vol. 2A, CPUID; AMD APM vol. 3).
const (
	cpuid1ECXSSSE3   = 1 << 9
	cpuid1ECXSSE41   = 1 << 19
	cpuid1ECXOSXSAVE = 1 << 27
	cpuid1ECXAVX     = 1 << 28

	cpuid7EBXAVX2     = 1 << 5
	cpuid7EBXBMI2     = 1 << 8
	cpuid7EBXAVX512F  = 1 << 16
	cpuid7EBXSHA      = 1 << 29
	cpuid7EBXAVX512BW = 1 << 30
	cpuid7EBXAVX512VL = 1 << 31

	cpuid7ECXAVX512VBMI = 1 << 1

	xcr0SSE    = 1 << 1
	xcr0AVX    = 1 << 2 // upper halves of YMM0-15
	xcr0Opmask = 1 << 5 // K0-K7
	xcr0ZMMHi  = 1 << 6 // upper halves of ZMM0-15
	xcr0ZMM16  = 1 << 7 // ZMM16-31

	xcr0YMMState = xcr0SSE | xcr0AVX
	xcr0ZMMState = xcr0YMMState | xcr0Opmask | xcr0ZMMHi | xcr0ZMM16
)

// osXCR0 returns XCR0, or 0 when the CPU lacks leaf 7 or the operating
// system has not enabled XGETBV (and so saves no vector state beyond what
// SSE needs).
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
