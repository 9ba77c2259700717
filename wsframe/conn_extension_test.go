package wsframe

import (
	"bytes"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// connRunLength is a test Extension that marks messages with RSV1 and
// run-length encodes them: the payload is (count, byte) pairs, count 1–255.
// Like permessage-deflate it makes messages smaller on the wire and larger
// on receipt, so it shows the size limit applying after the transform.
// Text messages go out untransformed, with RSV1 clear.
type connRunLength struct {
	pendingCount byte // a pair split between pieces: its count
	received     int  // messages received with RSV1
}

var errRunLengthCorrupt = protocolError(CloseInvalidPayload, "run-length payload is corrupt")

func (x *connRunLength) RSV() uint8 { return RSV1 }

func (x *connRunLength) BeginReceive(op Opcode, rsv uint8) (bool, error) {
	x.pendingCount = 0
	if rsv&RSV1 == 0 {
		return false, nil
	}
	x.received++
	return true, nil
}

func (x *connRunLength) AppendReceived(dst, piece []byte, final bool, limit uint64) ([]byte, error) {
	var produced uint64
	for _, b := range piece {
		if x.pendingCount == 0 {
			if b == 0 {
				return dst, errRunLengthCorrupt
			}
			x.pendingCount = b
			continue
		}
		for i := byte(0); i < x.pendingCount; i++ {
			dst = append(dst, b)
		}
		produced += uint64(x.pendingCount)
		x.pendingCount = 0
		if produced > limit {
			return dst, nil
		}
	}
	if final && x.pendingCount != 0 {
		return dst, errRunLengthCorrupt
	}
	return dst, nil
}

func (x *connRunLength) BeginSend(op Opcode, length int) (uint8, bool) {
	if op == OpText {
		return 0, false
	}
	return RSV1, true
}

func (x *connRunLength) AppendSend(dst, piece []byte, final bool) ([]byte, error) {
	for len(piece) > 0 {
		n := 1
		for n < len(piece) && n < 255 && piece[n] == piece[0] {
			n++
		}
		dst = append(dst, byte(n), piece[0])
		piece = piece[n:]
	}
	return dst, nil
}

func TestConnExtensionSendMarksFirstFrameOnly(t *testing.T) {
	c := NewConn(ConnConfig{Extension: &connRunLength{}, FragmentSize: 2})
	out, err := c.AppendBinary(nil, []byte("aaab"))
	if err != nil {
		t.Fatal(err)
	}
	// "aaab" encodes as 03 61 01 62, sent in two frames of two bytes:
	// RSV1 on the first only.
	want := []byte{0x42, 2, 3, 'a', 0x80, 2, 1, 'b'}
	if !bytes.Equal(out, want) {
		t.Fatalf("got %x, want %x", out, want)
	}
	out, err = c.AppendText(nil, []byte("aaab"))
	if err != nil || !bytes.Equal(out, []byte{0x01, 2, 'a', 'a', 0x80, 2, 'a', 'b'}) {
		t.Fatalf("untransformed text: %x %v", out, err)
	}
}

func TestConnExtensionReceive(t *testing.T) {
	rl := func(pairs ...byte) []byte { return pairs }
	s := func(fin bool, rsv uint8, op Opcode, p []byte) []byte { return connPeerFrame(Server, fin, rsv, op, p) }
	ext := func() ConnConfig { return ConnConfig{Extension: &connRunLength{}} }
	cases := []connCase{
		{
			name:   "transformed message in fragments",
			cfg:    ext(),
			input:  connConcat(s(false, RSV1, OpBinary, rl(3, 'a')), s(true, 0, OpPing, nil), s(true, 0, OpContinuation, rl(1, 'b'))),
			events: []connEventRecord{connPingEv(nil), connBinaryEv([]byte("aaab"))},
			out:    connServerPong(nil),
		},
		{
			name:   "pair split between fragments",
			cfg:    ext(),
			input:  connConcat(s(false, RSV1, OpText, rl(2)), s(true, 0, OpContinuation, rl('z'))),
			events: []connEventRecord{connTextEv("zz")},
		},
		{
			name:   "untransformed message passes through",
			cfg:    ext(),
			input:  s(true, 0, OpText, []byte("\x03a")),
			events: []connEventRecord{connTextEv("\x03a")},
		},
		{
			name:   "RSV1 on a continuation",
			cfg:    ext(),
			input:  connConcat(s(false, RSV1, OpBinary, rl(1, 'a')), s(true, RSV1, OpContinuation, rl(1, 'b'))),
			events: []connEventRecord{connErrorEv(ErrReservedBits)},
			out:    connServerClose(CloseProtocolError),
			err:    ErrReservedBits,
			state:  StateClosed,
		},
		{
			name:   "RSV1 on a control frame",
			cfg:    ext(),
			input:  s(true, RSV1, OpPing, nil),
			events: []connEventRecord{connErrorEv(ErrReservedBits)},
			out:    connServerClose(CloseProtocolError),
			err:    ErrReservedBits,
			state:  StateClosed,
		},
		{
			name:   "RSV2 is not the extension's",
			cfg:    ext(),
			input:  s(true, RSV2, OpBinary, nil),
			events: []connEventRecord{connErrorEv(ErrReservedBits)},
			out:    connServerClose(CloseProtocolError),
			err:    ErrReservedBits,
			state:  StateClosed,
		},
		{
			name:   "RSV1 without the extension",
			input:  s(true, RSV1, OpBinary, rl(1, 'a')),
			events: []connEventRecord{connErrorEv(ErrReservedBits)},
			out:    connServerClose(CloseProtocolError),
			err:    ErrReservedBits,
			state:  StateClosed,
		},
		{
			name: "size limit counts transformed bytes",
			cfg:  ConnConfig{Extension: &connRunLength{}, MaxMessageSize: 10},
			// Four bytes on the wire, eleven after the transform.
			input:  s(true, RSV1, OpBinary, rl(10, 'a', 1, 'b')),
			events: []connEventRecord{connErrorEv(ErrMessageTooLarge)},
			out:    connServerClose(CloseMessageTooBig),
			err:    ErrMessageTooLarge,
			state:  StateClosed,
		},
		{
			name:   "size limit reached exactly",
			cfg:    ConnConfig{Extension: &connRunLength{}, MaxMessageSize: 10},
			input:  s(true, RSV1, OpBinary, rl(9, 'a', 1, 'b')),
			events: []connEventRecord{connBinaryEv([]byte("aaaaaaaaab"))},
		},
		{
			name:   "streamed transformed message",
			cfg:    ConnConfig{Extension: &connRunLength{}, Streaming: true},
			input:  connConcat(s(false, RSV1, OpBinary, rl(2, 'x')), s(true, 0, OpContinuation, rl(1, 'y'))),
			events: []connEventRecord{connBinaryEv([]byte("xxy"))},
		},
		{
			name:   "transformed text is validated after the transform",
			cfg:    ext(),
			input:  s(true, RSV1, OpText, rl(1, 0xc3, 1, 0x28)),
			events: []connEventRecord{connErrorEv(ErrInvalidUTF8)},
			out:    connServerClose(CloseInvalidPayload),
			err:    ErrInvalidUTF8,
			state:  StateClosed,
		},
		{
			name:   "extension error fails the connection with its code",
			cfg:    ext(),
			input:  s(true, RSV1, OpBinary, rl(0, 'a')),
			events: []connEventRecord{{Kind: "error", Code: int(CloseInvalidPayload), Error: connSentinelName(errRunLengthCorrupt)}},
			out:    connServerClose(CloseInvalidPayload),
			err:    errRunLengthCorrupt,
			state:  StateClosed,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, tc.run)
	}
}

func TestConnExtensionErrorCode(t *testing.T) {
	c := NewConn(ConnConfig{Extension: &connRunLength{}})
	ev, _, err := c.Receive(connPeerFrame(Server, true, RSV1, OpBinary, []byte{0, 'a'}))
	if !errors.Is(err, errRunLengthCorrupt) || ev.Code != CloseInvalidPayload {
		t.Fatalf("got %+v %v", ev, err)
	}
}

// connLengthRecorder is a test Extension that records the lengths
// BeginSend is given and transforms nothing.
type connLengthRecorder struct{ lengths []int }

func (x *connLengthRecorder) RSV() uint8 { return RSV1 }
func (x *connLengthRecorder) BeginReceive(Opcode, uint8) (bool, error) {
	return false, nil
}
func (x *connLengthRecorder) AppendReceived(dst, piece []byte, final bool, limit uint64) ([]byte, error) {
	return append(dst, piece...), nil
}
func (x *connLengthRecorder) BeginSend(op Opcode, length int) (uint8, bool) {
	x.lengths = append(x.lengths, length)
	return 0, false
}
func (x *connLengthRecorder) AppendSend(dst, piece []byte, final bool) ([]byte, error) {
	return append(dst, piece...), nil
}

func TestConnExtensionBeginSendLength(t *testing.T) {
	x := &connLengthRecorder{}
	c := NewConn(ConnConfig{Extension: x})
	c.AppendBinary(nil, make([]byte, 300))
	c.AppendText(nil, nil)
	c.AppendFragment(nil, OpBinary, make([]byte, 7), true)  // whole message in one piece
	c.AppendFragment(nil, OpBinary, make([]byte, 5), false) // streamed: length unknown
	c.AppendFragment(nil, OpBinary, make([]byte, 5), true)
	if diff := cmp.Diff([]int{300, 0, 7, -1}, x.lengths); diff != "" {
		t.Fatalf("BeginSend lengths (-want +got):\n%s", diff)
	}
}

// connFailingSend is a test Extension that transforms nothing and fails
// the send it is told to fail, as a compressor may.
type connFailingSend struct{ failNext bool }

var errSendFailed = protocolError(CloseInternalError, "send failed")

func (x *connFailingSend) RSV() uint8 { return RSV1 }
func (x *connFailingSend) BeginReceive(Opcode, uint8) (bool, error) {
	return false, nil
}
func (x *connFailingSend) AppendReceived(dst, piece []byte, final bool, limit uint64) ([]byte, error) {
	return append(dst, piece...), nil
}
func (x *connFailingSend) BeginSend(op Opcode, length int) (uint8, bool) { return RSV1, true }
func (x *connFailingSend) AppendSend(dst, piece []byte, final bool) ([]byte, error) {
	if x.failNext {
		x.failNext = false
		return dst, errSendFailed
	}
	return append(dst, piece...), nil
}

// TestConnAppendFragmentExtensionFailureLeavesTextState checks that a text
// piece the Extension fails to send is not counted as sent: the UTF-8
// check of the message goes on from the pieces that went out, so the same
// piece may be sent again, and a piece that would leave the sent text
// invalid is still refused.
func TestConnAppendFragmentExtensionFailureLeavesTextState(t *testing.T) {
	start := func() (*Conn, *connFailingSend) {
		x := &connFailingSend{}
		c := NewConn(ConnConfig{Extension: x})
		if _, err := c.AppendFragment(nil, OpText, []byte("a\xe2"), false); err != nil {
			t.Fatal(err)
		}
		x.failNext = true
		if _, err := c.AppendFragment(nil, OpText, []byte("\x82\xac"), false); !errors.Is(err, errSendFailed) {
			t.Fatalf("failing send: %v", err)
		}
		return c, x
	}

	c, _ := start()
	if _, err := c.AppendFragment(nil, OpText, []byte("\x82\xac"), true); err != nil {
		t.Errorf("the piece that failed, sent again: %v", err)
	}
	c, _ = start()
	if out, err := c.AppendFragment(nil, OpText, []byte("b"), true); !errors.Is(err, ErrInvalidUTF8) {
		t.Errorf("a piece leaving \"a\\xe2b\" on the wire: %q, %v; want ErrInvalidUTF8", out, err)
	}
}

// connOffWireError is a test Extension whose received messages fail with a
// code that may not go on the wire.
type connOffWireError struct{ connFailingSend }

func (connOffWireError) BeginReceive(Opcode, uint8) (bool, error) { return true, nil }
func (connOffWireError) AppendReceived(dst, piece []byte, final bool, limit uint64) ([]byte, error) {
	return dst, protocolError(CloseAbnormal, "inflater gave up")
}

// TestConnErrorEventCodeIsTheWireCode checks that the code of an error
// event is the code of the close frame the Conn queues, 1011 when the
// error's own code may not go on the wire, also when a close was sent
// before and nothing more is queued.
func TestConnErrorEventCodeIsTheWireCode(t *testing.T) {
	in := connPeerFrame(Server, true, RSV1, OpBinary, []byte("x"))
	c := NewConn(ConnConfig{Extension: &connOffWireError{}})
	ev, _, err := c.Receive(append([]byte(nil), in...))
	if CloseCodeOf(err) != CloseAbnormal || ev == nil || ev.Code != CloseInternalError {
		t.Fatalf("got %+v, %v; want the extension's error and code 1011", ev, err)
	}
	if out := c.AppendOutgoing(nil); !bytes.Equal(out, connServerClose(CloseInternalError)) {
		t.Errorf("queued %x, want a close frame with 1011", out)
	}

	c = NewConn(ConnConfig{Extension: &connOffWireError{}})
	if _, err := c.AppendClose(nil, CloseNormal, ""); err != nil {
		t.Fatal(err)
	}
	ev, _, _ = c.Receive(append([]byte(nil), in...))
	if ev == nil || ev.Code != CloseInternalError || c.HasOutgoing() {
		t.Errorf("after a close was sent: %+v, outgoing %v; want code 1011 and nothing queued", ev, c.HasOutgoing())
	}
}
