package wsframe

import (
	"bytes"
	"errors"
	"testing"
)

func TestConnAppendMessageServer(t *testing.T) {
	c := NewConn(ConnConfig{})
	got, err := c.AppendText(nil, []byte("Hello"))
	if err != nil {
		t.Fatal(err)
	}
	// RFC 6455 §5.7: a single-frame unmasked text message.
	want := []byte{0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f}
	if !bytes.Equal(got, want) {
		t.Fatalf("got %x, want %x", got, want)
	}
}

func TestConnAppendMessageClientMasksWithFreshKeys(t *testing.T) {
	c := NewConn(ConnConfig{Policy: Policy{Role: Client}, KeySource: &connCounterKeys{next: 0x37fa213d}, FragmentSize: 3})
	payload := []byte("Hello")
	got, err := c.AppendText(nil, payload)
	if err != nil {
		t.Fatal(err)
	}
	// RFC 6455 §5.7's masked "Hello" uses key 37 fa 21 3d; split at 3
	// bytes the second frame takes the next key, 37 fa 21 3e.
	want := []byte{
		0x01, 0x83, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d,
		0x80, 0x82, 0x37, 0xfa, 0x21, 0x3e, 0x6c ^ 0x37, 0x6f ^ 0xfa,
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("got  %x\nwant %x", got, want)
	}
	if string(payload) != "Hello" {
		t.Fatalf("caller's payload modified: %q", payload)
	}
}

func TestConnAppendFragmentation(t *testing.T) {
	c := NewConn(ConnConfig{FragmentSize: 2})
	got, err := c.AppendBinary(nil, []byte{1, 2, 3, 4, 5})
	if err != nil {
		t.Fatal(err)
	}
	want := []byte{0x02, 2, 1, 2, 0x00, 2, 3, 4, 0x80, 1, 5}
	if !bytes.Equal(got, want) {
		t.Fatalf("got %x, want %x", got, want)
	}
	// An empty message is still one frame.
	got, _ = c.AppendBinary(nil, nil)
	if !bytes.Equal(got, []byte{0x82, 0}) {
		t.Fatalf("empty message: %x", got)
	}
}

func TestConnAppendFragmentStream(t *testing.T) {
	c := NewConn(ConnConfig{})
	var out []byte
	var err error
	// "€" (e2 82 ac) split across pieces is valid streamed text.
	for i, p := range []string{"a\xe2", "\x82", "\xacb"} {
		out, err = c.AppendFragment(out, OpText, []byte(p), i == 2)
		if err != nil {
			t.Fatalf("piece %d: %v", i, err)
		}
		if i == 0 {
			// A ping between pieces is legal (RFC 6455 §5.4).
			if out, err = c.AppendPing(out, []byte("p")); err != nil {
				t.Fatal(err)
			}
			if _, err := c.AppendText(nil, []byte("x")); !errors.Is(err, ErrSendMessageOpen) {
				t.Fatalf("whole message inside a stream: %v", err)
			}
			if _, err := c.AppendFragment(nil, OpBinary, nil, true); !errors.Is(err, ErrNotDataOpcode) {
				t.Fatalf("opcode change inside a stream: %v", err)
			}
		}
	}
	want := connConcat(
		[]byte{0x01, 2, 'a', 0xe2},
		[]byte{0x89, 1, 'p'},
		[]byte{0x00, 1, 0x82},
		[]byte{0x80, 2, 0xac, 'b'},
	)
	if !bytes.Equal(out, want) {
		t.Fatalf("got  %x\nwant %x", out, want)
	}
}

func TestConnAppendFragmentRefusesInvalidTextAndRecovers(t *testing.T) {
	c := NewConn(ConnConfig{})
	out, err := c.AppendFragment(nil, OpText, []byte("a\xe2"), false)
	if err != nil {
		t.Fatal(err)
	}
	n := len(out)
	if out, err = c.AppendFragment(out, OpText, []byte("b"), false); !errors.Is(err, ErrInvalidUTF8) || len(out) != n {
		t.Fatalf("invalid continuation of a code point: %v, %d bytes appended", err, len(out)-n)
	}
	if out, err = c.AppendFragment(out, OpText, []byte("\x82"), true); !errors.Is(err, ErrInvalidUTF8) {
		t.Fatalf("final piece inside a code point: %v", err)
	}
	if _, err = c.AppendFragment(out, OpText, []byte("\x82\xac"), true); err != nil {
		t.Fatalf("the refused pieces must not count: %v", err)
	}
}

func TestConnSendRefusals(t *testing.T) {
	long := bytes.Repeat([]byte{'x'}, 126)
	tests := []struct {
		name string
		send func(c *Conn) ([]byte, error)
		want error
	}{
		{"invalid text", func(c *Conn) ([]byte, error) { return c.AppendText(nil, []byte{0xff}) }, ErrInvalidUTF8},
		{"ping too long", func(c *Conn) ([]byte, error) { return c.AppendPing(nil, long) }, ErrControlTooLong},
		{"pong too long", func(c *Conn) ([]byte, error) { return c.AppendPong(nil, long) }, ErrControlTooLong},
		{"control opcode as message", func(c *Conn) ([]byte, error) { return c.AppendMessage(nil, OpPing, nil) }, ErrNotDataOpcode},
		{"continuation as message", func(c *Conn) ([]byte, error) { return c.AppendMessage(nil, OpContinuation, nil) }, ErrNotDataOpcode},
		{"close code 1005 with reason", func(c *Conn) ([]byte, error) { return c.AppendClose(nil, CloseNoStatus, "x") }, ErrInvalidCloseCode},
		{"close code 1006", func(c *Conn) ([]byte, error) { return c.AppendClose(nil, CloseAbnormal, "") }, ErrInvalidCloseCode},
		{"close code 999", func(c *Conn) ([]byte, error) { return c.AppendClose(nil, 999, "") }, ErrInvalidCloseCode},
		{"close code 5000", func(c *Conn) ([]byte, error) { return c.AppendClose(nil, 5000, "") }, ErrInvalidCloseCode},
		{"close reason too long", func(c *Conn) ([]byte, error) { return c.AppendClose(nil, CloseNormal, string(long[:124])) }, ErrCloseReasonTooLong},
		{"close reason not UTF-8", func(c *Conn) ([]byte, error) { return c.AppendClose(nil, CloseNormal, "\xff") }, ErrInvalidUTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewConn(ConnConfig{})
			dst, err := tt.send(c)
			var u *UsageError
			if !errors.Is(err, tt.want) || !errors.As(err, &u) || len(dst) != 0 {
				t.Fatalf("got %x, %v; want a *UsageError wrapping %v", dst, err, tt.want)
			}
			if CloseCodeOf(err) != CloseInternalError || c.State() != StateOpen {
				t.Fatalf("code %v state %v", CloseCodeOf(err), c.State())
			}
		})
	}
}

func TestConnTrustedTextSkipsCheck(t *testing.T) {
	c := NewConn(ConnConfig{TrustedText: true})
	if _, err := c.AppendText(nil, []byte{0xff}); err != nil {
		t.Fatalf("TrustedText still validates: %v", err)
	}
}

func TestConnNoDataAfterCloseSent(t *testing.T) {
	c := NewConn(ConnConfig{})
	out, err := c.AppendClose(nil, CloseNormal, "done")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, connConcat([]byte{0x88, 6, 0x03, 0xe8}, []byte("done"))) {
		t.Fatalf("close frame %x", out)
	}
	if c.State() != StateCloseSent {
		t.Fatalf("state %v", c.State())
	}
	for name, send := range map[string]func() ([]byte, error){
		"text":     func() ([]byte, error) { return c.AppendText(nil, []byte("x")) },
		"fragment": func() ([]byte, error) { return c.AppendFragment(nil, OpBinary, nil, true) },
		"close":    func() ([]byte, error) { return c.AppendClose(nil, CloseNormal, "") },
	} {
		if _, err := send(); !errors.Is(err, ErrClosed) {
			t.Errorf("%s after close: %v", name, err)
		}
	}
	// Control frames stay legal until the handshake completes, and a
	// received ping must still be answered (RFC 6455 §5.5.2).
	if _, err := c.AppendPing(nil, nil); err != nil {
		t.Errorf("ping after close: %v", err)
	}
	ev, _, err := c.Receive(connPeerFrame(Server, true, 0, OpPing, []byte("?")))
	if err != nil || ev.Kind != EventPing || !bytes.Equal(c.AppendOutgoing(nil), connServerPong([]byte("?"))) {
		t.Fatalf("ping in CloseSent: %v %v", ev, err)
	}
	// Messages still arrive until the peer's close.
	ev, _, err = c.Receive(connPeerFrame(Server, true, 0, OpText, []byte("late")))
	if err != nil || ev.Kind != EventText || string(ev.Payload) != "late" {
		t.Fatalf("message in CloseSent: %v %v", ev, err)
	}
	ev, _, err = c.Receive(connPeerFrame(Server, true, 0, OpClose, connClosePayload(CloseNormal, "")))
	if err != nil || ev.Kind != EventClose || c.State() != StateClosed {
		t.Fatalf("close reply: %v %v %v", ev, err, c.State())
	}
	if c.HasOutgoing() {
		t.Fatalf("a close reply was queued although a close was sent")
	}
	if !c.ShouldCloseTransport() {
		t.Fatalf("server should close the transport after the handshake")
	}
}

func TestConnCustomCloseReplyReplacesEcho(t *testing.T) {
	c := NewConn(ConnConfig{})
	if _, _, err := c.Receive(connPeerFrame(Server, true, 0, OpClose, connClosePayload(CloseGoingAway, ""))); err != nil {
		t.Fatal(err)
	}
	if c.State() != StateCloseReceived || !c.HasOutgoing() {
		t.Fatalf("state %v, outgoing %v", c.State(), c.HasOutgoing())
	}
	out, err := c.AppendClose(nil, 4000, "custom")
	if err != nil {
		t.Fatal(err)
	}
	if c.HasOutgoing() || c.State() != StateClosed {
		t.Fatalf("echo still queued or state %v", c.State())
	}
	if !bytes.Equal(out, connConcat([]byte{0x88, 8, 0x0f, 0xa0}, []byte("custom"))) {
		t.Fatalf("reply %x", out)
	}
}

func TestConnClientWaitsForServerToClose(t *testing.T) {
	c := NewConn(ConnConfig{Policy: Policy{Role: Client}, KeySource: &connCounterKeys{}})
	if _, err := c.AppendClose(nil, CloseNormal, ""); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Receive(connPeerFrame(Client, true, 0, OpClose, connClosePayload(CloseNormal, ""))); err != nil {
		t.Fatal(err)
	}
	if c.State() != StateClosed || c.ShouldCloseTransport() {
		t.Fatalf("client: state %v, ShouldCloseTransport %v; want closed and waiting", c.State(), c.ShouldCloseTransport())
	}
	if ev, err := c.ReceiveEOF(); ev != nil || err != nil {
		t.Fatalf("EOF after handshake: %v %v", ev, err)
	}
	if !c.ShouldCloseTransport() {
		t.Fatalf("after EOF the client should release the transport")
	}
}

// TestConnStateTable walks every entry of stateTransitions: it drives a
// Conn into the row's state by the public API, applies the column's input,
// and checks the resulting state, or that the input is refused or ignored
// where the table has no entry.
func TestConnStateTable(t *testing.T) {
	peerClose := connPeerFrame(Server, true, 0, OpClose, connClosePayload(CloseNormal, ""))
	bad := connPeerFrame(Server, true, 0, OpContinuation, nil)
	reach := map[State]func(c *Conn){
		StateOpen:          func(c *Conn) {},
		StateCloseSent:     func(c *Conn) { c.AppendClose(nil, CloseNormal, "") },
		StateCloseReceived: func(c *Conn) { c.Receive(append([]byte(nil), peerClose...)) },
		StateClosed: func(c *Conn) {
			c.Receive(append([]byte(nil), peerClose...))
			c.AppendOutgoing(nil)
		},
	}
	apply := map[stateInput]func(c *Conn) bool{ // reports whether the input took effect
		inputCloseSent: func(c *Conn) bool {
			_, err := c.AppendClose(nil, CloseNormal, "")
			return err == nil
		},
		inputCloseReceived: func(c *Conn) bool {
			ev, _, err := c.Receive(append([]byte(nil), peerClose...))
			return err == nil && ev != nil && ev.Kind == EventClose
		},
		inputFailure: func(c *Conn) bool {
			_, _, err := c.Receive(append([]byte(nil), bad...))
			return err != nil
		},
		inputTransportEnded: func(c *Conn) bool {
			c.ReceiveEOF()
			return true
		},
	}
	for from, row := range stateTransitions {
		for in, to := range row {
			from, in, to := State(from), stateInput(in), to
			t.Run(from.String()+"/"+stateInputNames[in], func(t *testing.T) {
				c := NewConn(ConnConfig{})
				reach[from](c)
				if c.State() != from {
					t.Fatalf("could not reach %v: at %v", from, c.State())
				}
				took := apply[in](c)
				if to == noState {
					if took || c.State() != from {
						t.Fatalf("input took effect (now %v); the table says it cannot occur", c.State())
					}
					return
				}
				if !took || c.State() != to {
					t.Fatalf("state %v (took effect: %v), want %v", c.State(), took, to)
				}
			})
		}
	}
}
