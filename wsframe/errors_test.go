package wsframe

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestCloseCodeOf(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want CloseCode
	}{
		{"nil", nil, CloseNormal},
		{"reserved bits", ErrReservedBits, CloseProtocolError},
		{"frame too large", ErrFrameTooLarge, CloseMessageTooBig},
		{"invalid utf8", ErrInvalidUTF8, CloseInvalidPayload},
		{"wrapped", fmt.Errorf("reading: %w", ErrMaskedFrame), CloseProtocolError},
		{"custom protocol error", &ProtocolError{Code: ClosePolicyViolation, Msg: "origin"}, ClosePolicyViolation},
		{"usage", &UsageError{Err: ErrInvalidCloseCode}, CloseInternalError},
		{"wrapped usage", fmt.Errorf("send: %w", &UsageError{Err: ErrFrameTooLarge}), CloseInternalError},
		{"other", errors.New("disk full"), CloseInternalError},
	}
	for _, tt := range tests {
		if got := CloseCodeOf(tt.err); got != tt.want {
			t.Errorf("%s: CloseCodeOf = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestSentinels checks every sentinel named in the vectors: distinct,
// prefixed, and carrying the close code RFC 6455 §7.4.1 assigns.
func TestSentinels(t *testing.T) {
	seen := map[error]string{}
	for name, err := range sentinelsByName {
		if other, dup := seen[err]; dup {
			t.Errorf("%s and %s are the same value", name, other)
		}
		seen[err] = name
		if !strings.HasPrefix(err.Error(), "wsframe: ") {
			t.Errorf("%s: message %q lacks the package prefix", name, err)
		}
		if got, want := uint16(CloseCodeOf(err)), closeCodeOfSentinel[name]; got != want {
			t.Errorf("%s: close code %d, want %d", name, got, want)
		}
		u := &UsageError{Err: err}
		if !errors.Is(u, err) || !strings.HasSuffix(u.Error(), "(refused to send)") {
			t.Errorf("%s: UsageError %q does not wrap it", name, u)
		}
	}
	if len(seen) != len(closeCodeOfSentinel) {
		t.Errorf("%d sentinels, %d close codes", len(seen), len(closeCodeOfSentinel))
	}
}
