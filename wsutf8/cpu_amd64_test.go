//go:build !purego

package wsutf8

import (
	"os"
	"strings"
	"testing"
)

// TestDetectAVX2MatchesKernel compares the CPUID check with the flags the
// Linux kernel reports (it drops avx2 when the OS does not save YMM
// state). A detection that wrongly said no would quietly leave the AVX2
// path untested and unused.
func TestDetectAVX2MatchesKernel(t *testing.T) {
	info, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		t.Skipf("no /proc/cpuinfo to compare with: %v", err)
	}
	kernel := false
	for _, line := range strings.Split(string(info), "\n") {
		if name, flags, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(name) == "flags" {
			kernel = strings.Contains(flags+" ", " avx2 ")
			break
		}
	}
	if hasAVX2 != kernel {
		t.Fatalf("CPUID says AVX2 = %v, /proc/cpuinfo says %v", hasAVX2, kernel)
	}
	t.Logf("AVX2: %v", hasAVX2)
}
