package h2xconnect

import (
	"os"
	"strings"
	"testing"
)

func TestWithExtendedConnect(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "http2xconnect=1"},
		{"http2debug=1", "http2debug=1,http2xconnect=1"},
		{"http2xconnect=0", "http2xconnect=0"},
		{"madvdontneed=1,http2xconnect=1", "madvdontneed=1,http2xconnect=1"},
	}
	for _, tt := range tests {
		if got := withExtendedConnect(tt.in); got != tt.want {
			t.Errorf("withExtendedConnect(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestInitSetsGODEBUG checks that init left a choice about extended
// CONNECT in this test binary's environment: its own, or the one the
// environment made already.
func TestInitSetsGODEBUG(t *testing.T) {
	if got := os.Getenv("GODEBUG"); !strings.Contains(got, setting+"=") {
		t.Fatalf("GODEBUG=%q after init, want an http2xconnect setting", got)
	}
}
