package wsframe

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// onWireBySpec restates RFC 6455 §7.4 independently of ValidOnWire.
func onWireBySpec(c int) bool {
	switch {
	case c < 1000, c == 1004, c == 1005, c == 1006, c == 1015:
		return false
	case c <= 1014:
		return true
	case c < 3000:
		return false
	}
	return c <= 4999
}

func TestCloseCodeValidOnWire(t *testing.T) {
	for c := 0; c <= 0xFFFF; c++ {
		if got, want := CloseCode(c).ValidOnWire(), onWireBySpec(c); got != want {
			t.Errorf("CloseCode(%d).ValidOnWire() = %v, want %v", c, got, want)
		}
	}
}

func TestCloseCodeString(t *testing.T) {
	tests := map[CloseCode]string{
		0:                        "invalid(0)",
		999:                      "invalid(999)",
		CloseNormal:              "normal closure",
		CloseProtocolError:       "protocol error",
		CloseReserved:            "reserved",
		CloseNoStatus:            "no status received",
		CloseMessageTooBig:       "message too big",
		CloseTLSHandshakeFailure: "TLS handshake failure",
		1016:                     "invalid(1016)",
		2999:                     "invalid(2999)",
		3000:                     "registered(3000)",
		3999:                     "registered(3999)",
		4000:                     "private(4000)",
		4999:                     "private(4999)",
		5000:                     "invalid(5000)",
		65535:                    "invalid(65535)",
	}
	for c, want := range tests {
		if got := c.String(); got != want {
			t.Errorf("CloseCode(%d).String() = %q, want %q", uint16(c), got, want)
		}
	}
	for c := CloseNormal; c <= CloseTLSHandshakeFailure; c++ {
		if s := c.String(); strings.Contains(s, "(") || s == "" {
			t.Errorf("CloseCode(%d) has no name: %q", uint16(c), s)
		}
	}
}

func TestClosePayloadRoundTrip(t *testing.T) {
	reasons := []string{"", "bye", "κόσμε", strings.Repeat("x", 123), strings.Repeat("é", 61) + "x"}
	for c := 0; c <= 0xFFFF; c++ {
		code := CloseCode(c)
		if !code.ValidOnWire() {
			continue
		}
		for _, reason := range reasons {
			b, err := AppendClosePayload([]byte("pre"), code, reason)
			if err != nil {
				t.Fatalf("AppendClosePayload(%d, %q): %v", c, reason, err)
			}
			gotCode, gotReason, err := ParseClosePayload(b[3:])
			if err != nil || gotCode != code || string(gotReason) != reason || string(b[:3]) != "pre" {
				t.Fatalf("%d %q: encoded %x, parsed %d %q %v", c, reason, b, gotCode, gotReason, err)
			}
		}
	}
}

func TestAppendClosePayloadRefuses(t *testing.T) {
	tests := []struct {
		name   string
		code   CloseCode
		reason string
		want   error
	}{
		{"no status with reason", CloseNoStatus, "x", ErrInvalidCloseCode},
		{"abnormal", CloseAbnormal, "", ErrInvalidCloseCode},
		{"reserved", CloseReserved, "", ErrInvalidCloseCode},
		{"tls", CloseTLSHandshakeFailure, "", ErrInvalidCloseCode},
		{"zero", 0, "", ErrInvalidCloseCode},
		{"5000", 5000, "", ErrInvalidCloseCode},
		{"reason 124 bytes", CloseNormal, strings.Repeat("x", 124), ErrCloseReasonTooLong},
		{"invalid utf8", CloseNormal, "\xff", ErrInvalidUTF8},
		{"surrogate", CloseNormal, "\xed\xa0\x80", ErrInvalidUTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := []byte("pre")
			got, err := AppendClosePayload(dst, tt.code, tt.reason)
			var u *UsageError
			if !errors.Is(err, tt.want) || !errors.As(err, &u) {
				t.Fatalf("err = %v, want a *UsageError wrapping %v", err, tt.want)
			}
			if !bytes.Equal(got, dst) {
				t.Errorf("dst changed to %q", got)
			}
		})
	}
	if b, err := AppendClosePayload(nil, CloseNoStatus, ""); err != nil || len(b) != 0 {
		t.Errorf("no status: %x %v, want an empty payload", b, err)
	}
}

func TestParseClosePayload(t *testing.T) {
	type result struct {
		Code   CloseCode
		Reason string
		Err    error
	}
	tests := []struct {
		in   []byte
		want result
	}{
		{nil, result{Code: CloseNoStatus}},
		{[]byte{0x03}, result{Err: ErrClosePayloadLength}},
		{[]byte{0x03, 0xE8}, result{Code: CloseNormal}},
		{[]byte{0x03, 0xE9, 'b', 'y', 'e'}, result{Code: CloseGoingAway, Reason: "bye"}},
		{[]byte{0x03, 0xED}, result{Err: ErrInvalidCloseCode}},
		{[]byte{0x13, 0x88}, result{Err: ErrInvalidCloseCode}},
		{[]byte{0x0F, 0xA0, 0xC0, 0xAF}, result{Err: ErrInvalidUTF8}},
		{append([]byte{0x03, 0xE8}, bytes.Repeat([]byte("x"), 124)...), result{Err: ErrControlTooLong}},
	}
	for _, tt := range tests {
		code, reason, err := ParseClosePayload(tt.in)
		got := result{Code: code, Reason: string(reason), Err: err}
		if diff := cmp.Diff(tt.want, got, cmp.Comparer(func(a, b error) bool { return a == b })); diff != "" {
			t.Errorf("ParseClosePayload(%x) (-want +got):\n%s", tt.in, diff)
		}
	}
}
