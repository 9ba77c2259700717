package wsframe

import "testing"

// TestAllocations holds the hot paths to zero allocations per call.
func TestAllocations(t *testing.T) {
	if raceDetectorEnabled {
		t.Skip("the race detector allocates; budgets are checked without -race")
	}
	server := Policy{Role: Server}
	masked14 := AppendHeader(nil, Header{Fin: true, Opcode: OpBinary, Masked: true, Key: [4]byte{1, 2, 3, 4}, Length: 1 << 20})
	frame := Frame{Header: Header{Fin: true, Opcode: OpBinary, Masked: true, Key: [4]byte{1, 2, 3, 4}}, Payload: make([]byte, 300)}
	encoded := AppendFrame(nil, frame)
	buf := make([]byte, 0, MaxHeaderLen+len(frame.Payload))
	closeBuf := make([]byte, 0, 125)
	tests := []struct {
		name string
		fn   func()
	}{
		{"ParseHeader", func() { _, _, _ = ParseHeader(masked14, &server) }},
		{"ParseHeader error", func() { _, _, _ = ParseHeader([]byte{0xF0}, &server) }},
		{"AppendHeader", func() { _ = AppendHeader(buf, frame.Header) }},
		{"AppendFrame", func() { _ = AppendFrame(buf, frame) }},
		{"AppendFrame short", func() { _ = AppendFrame(buf, Frame{Header: frame.Header, Payload: frame.Payload[:16]}) }},
		{"ParseFrame", func() { _, _, _ = ParseFrame(encoded, &server) }},
		{"AppendClosePayload", func() { _, _ = AppendClosePayload(closeBuf, CloseGoingAway, "bye") }},
		{"ParseClosePayload", func() { _, _, _ = ParseClosePayload([]byte{0x03, 0xE8, 'o', 'k'}) }},
	}
	for _, tt := range tests {
		if n := testing.AllocsPerRun(100, tt.fn); n != 0 {
			t.Errorf("%s: %v allocations, want 0", tt.name, n)
		}
	}
}
