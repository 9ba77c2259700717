package cpu

import (
	"os"
	"strings"
	"testing"
)

// TestDetectionMatchesKernel compares the CPUID checks with the flags the
// Linux kernel reports (it drops avx2 and avx512* when the operating
// system does not save their registers). A detection that wrongly said no
// would quietly leave the vector paths untested and unused.
func TestDetectionMatchesKernel(t *testing.T) {
	info, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		t.Skipf("no /proc/cpuinfo to compare with: %v", err)
	}
	var flags string
	for _, line := range strings.Split(string(info), "\n") {
		if name, value, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(name) == "flags" {
			flags = value + " "
			break
		}
	}
	has := func(f string) bool { return strings.Contains(flags, " "+f+" ") }
	if X86.HasAVX2 != has("avx2") {
		t.Errorf("CPUID says AVX2 = %v, /proc/cpuinfo says %v", X86.HasAVX2, has("avx2"))
	}
	kernel512 := has("avx512f") && has("avx512bw") && has("avx512vl") && has("bmi2")
	if X86.HasAVX512 != kernel512 {
		t.Errorf("CPUID says AVX-512 = %v, /proc/cpuinfo says %v", X86.HasAVX512, kernel512)
	}
	if kernelVBMI := kernel512 && has("avx512vbmi"); X86.HasAVX512VBMI != kernelVBMI {
		t.Errorf("CPUID says AVX-512 with VBMI = %v, /proc/cpuinfo says %v", X86.HasAVX512VBMI, kernelVBMI)
	}
	if kernelSHA := has("sha_ni") && has("ssse3") && has("sse4_1"); X86.HasSHA != kernelSHA {
		t.Errorf("CPUID says SHA = %v, /proc/cpuinfo says %v", X86.HasSHA, kernelSHA)
	}
	t.Logf("AVX2 %v, AVX-512 %v, VBMI %v, SHA %v", X86.HasAVX2, X86.HasAVX512, X86.HasAVX512VBMI, X86.HasSHA)
}
