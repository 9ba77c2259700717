package fuzz

import (
	"bytes"
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/wscodec/wscodec/wsframe"
)

// connConfigOf derives a Conn's configuration from one fuzzed byte: bit 0
// the role (client), bit 1 streaming delivery, bit 2 no automatic pongs,
// bit 3 small message limits (64 bytes, 4 fragments), bit 4 outgoing
// fragments of 3 bytes, bit 5 lax length forms, bit 6 a 50-byte frame
// limit. A client masks with counterKeys so that runs replay exactly.
func connConfigOf(sel byte) wsframe.ConnConfig {
	cfg := wsframe.ConnConfig{
		Streaming:       sel&2 != 0,
		DisableAutoPong: sel&4 != 0,
		KeySource:       &counterKeys{},
	}
	if sel&1 != 0 {
		cfg.Policy.Role = wsframe.Client
	}
	if sel&8 != 0 {
		cfg.MaxMessageSize, cfg.MaxFragments = 64, 4
	}
	if sel&16 != 0 {
		cfg.FragmentSize = 3
	}
	cfg.Policy.AllowNonMinimalLength = sel&32 != 0
	if sel&64 != 0 {
		cfg.Policy.MaxFramePayload = 50
	}
	return cfg
}

// stateInput is what moves a Conn along the table of wsframe.State.
type stateInput int

const (
	noInput stateInput = iota
	closeSent
	closeReceived
	failure
	transportEnded
)

// closeHandshake is the table documented at wsframe.State, written out
// here as the contract: a missing entry is an input that cannot occur in
// that state.
var closeHandshake = map[wsframe.State]map[stateInput]wsframe.State{
	wsframe.StateOpen: {
		closeSent: wsframe.StateCloseSent, closeReceived: wsframe.StateCloseReceived,
		failure: wsframe.StateClosed, transportEnded: wsframe.StateClosed,
	},
	wsframe.StateCloseSent: {
		closeReceived: wsframe.StateClosed, failure: wsframe.StateClosed, transportEnded: wsframe.StateClosed,
	},
	wsframe.StateCloseReceived: {closeSent: wsframe.StateClosed, transportEnded: wsframe.StateClosed},
	wsframe.StateClosed:        {transportEnded: wsframe.StateClosed},
}

// message is a data message as one side sent or the other received it.
type message struct {
	binary  bool
	payload string
}

// connHarness drives a Conn and checks it, with a peer Conn of the
// opposite role and a Decoder reading everything the Conn sends.
type connHarness struct {
	t    *testing.T
	cfg  wsframe.ConnConfig
	c    *wsframe.Conn
	peer *wsframe.Conn
	scan *wsframe.Decoder

	err        error // the error the Conn failed with
	gotClose   bool  // the Conn delivered the peer's close
	streamed   []byte
	streamOpen bool
	streamBin  bool

	sent      []message // messages the Conn sent, in order
	sending   *message  // a message being sent with AppendFragment
	ourClose  bool      // the Conn's close frame has gone out
	peerGot   []message // messages the peer received
	peerClose bool      // the peer received the Conn's close
	peerCode  wsframe.CloseCode
	pongs     map[string]bool // payloads a pong from the Conn may carry
	lastPing  []byte          // the latest ping since the last drain
	wantEcho  *wsframe.CloseCode
}

func newConnHarness(t *testing.T, sel byte) *connHarness {
	cfg := connConfigOf(sel)
	peerRole := opposite(cfg.Policy.Role)
	return &connHarness{
		t:     t,
		cfg:   cfg,
		c:     wsframe.NewConn(cfg),
		peer:  wsframe.NewConn(wsframe.ConnConfig{Policy: wsframe.Policy{Role: peerRole}, KeySource: &counterKeys{}}),
		scan:  wsframe.NewDecoder(wsframe.Policy{Role: peerRole}),
		pongs: map[string]bool{},
	}
}

func (h *connHarness) maxMessage() int {
	if h.cfg.MaxMessageSize == 0 {
		return wsframe.DefaultMaxMessageSize
	}
	return int(h.cfg.MaxMessageSize)
}

// step checks that the Conn's state moved along the table on input in.
func (h *connHarness) step(what string, before wsframe.State, in stateInput) {
	h.t.Helper()
	want := before
	if in != noInput {
		next, ok := closeHandshake[before][in]
		if !ok {
			h.t.Fatalf("%s: input %d cannot occur in state %v", what, in, before)
		}
		want = next
	}
	if got := h.c.State(); got != want {
		h.t.Fatalf("%s: state %v -> %v, want %v", what, before, got, want)
	}
	if h.c.ShouldCloseTransport() && (h.c.State() != wsframe.StateClosed || h.c.HasOutgoing()) {
		h.t.Fatalf("%s: ShouldCloseTransport in state %v with outgoing %v", what, h.c.State(), h.c.HasOutgoing())
	}
}

// receive pushes one chunk of peer bytes and checks every event.
func (h *connHarness) receive(chunk []byte) {
	t := h.t
	t.Helper()
	for {
		before := h.c.State()
		ev, n, err := h.c.Receive(chunk)
		if n < 0 || n > len(chunk) {
			t.Fatalf("Receive consumed %d of %d bytes", n, len(chunk))
		}
		if h.err != nil {
			if ev != nil || n != 0 || err != h.err {
				t.Fatalf("after failing with %v: Receive = %+v, %d, %v", h.err, ev, n, err)
			}
			h.step("Receive after failure", before, noInput)
			return
		}
		if err != nil {
			if ev == nil || ev.Kind != wsframe.EventError || ev.Err != err || ev.Code != wsframe.CloseCodeOf(err) || h.c.Err() != err {
				t.Fatalf("error %v with event %+v, Err() %v", err, ev, h.c.Err())
			}
			checkProtocolError(t, "Receive", err)
			h.err = err
			h.step("failure", before, failure)
			if before == wsframe.StateOpen {
				code := wsframe.CloseCodeOf(err)
				h.wantEcho = &code
			}
			return
		}
		chunk = chunk[n:]
		if ev == nil {
			if len(chunk) != 0 {
				t.Fatalf("no event with %d bytes left", len(chunk))
			}
			h.step("Receive", before, noInput)
			return
		}
		if h.gotClose {
			t.Fatalf("event %v after the peer's close", ev.Kind)
		}
		in := noInput
		switch ev.Kind {
		case wsframe.EventText, wsframe.EventBinary:
			h.dataEvent(ev)
		case wsframe.EventPing, wsframe.EventPong:
			if len(ev.Payload) > 125 {
				t.Fatalf("%v of %d bytes", ev.Kind, len(ev.Payload))
			}
			if ev.Kind == wsframe.EventPing {
				h.lastPing = append([]byte{}, ev.Payload...)
				h.pongs[string(ev.Payload)] = true
			}
		case wsframe.EventClose:
			if !(ev.Code.ValidOnWire() || ev.Code == wsframe.CloseNoStatus && len(ev.Payload) == 0) ||
				len(ev.Payload) > 123 || !utf8.Valid(ev.Payload) {
				t.Fatalf("close event code %d reason %q", ev.Code, ev.Payload)
			}
			h.gotClose = true
			in = closeReceived
			if before == wsframe.StateOpen {
				code := ev.Code
				h.wantEcho = &code
			}
		default:
			t.Fatalf("event of kind %v without an error", ev.Kind)
		}
		h.step("Receive "+ev.Kind.String(), before, in)
	}
}

// dataEvent checks a message, or a piece of one when streaming.
func (h *connHarness) dataEvent(ev *wsframe.ConnEvent) {
	t := h.t
	t.Helper()
	bin := ev.Kind == wsframe.EventBinary
	if !h.cfg.Streaming {
		if !ev.First || !ev.Last {
			t.Fatalf("whole-message mode delivered First=%v Last=%v", ev.First, ev.Last)
		}
		if !bin && !utf8.Valid(ev.Payload) {
			t.Fatalf("text message %q is not UTF-8", ev.Payload)
		}
		if len(ev.Payload) > h.maxMessage() {
			t.Fatalf("message of %d bytes over the limit %d", len(ev.Payload), h.maxMessage())
		}
		return
	}
	if ev.First == h.streamOpen || (h.streamOpen && bin != h.streamBin) {
		t.Fatalf("piece First=%v kind %v while a message of binary=%v is open=%v", ev.First, ev.Kind, h.streamBin, h.streamOpen)
	}
	// ConnEvent promises no empty piece but a whole empty message; the
	// last piece is empty, though, when the final frame carries no
	// payload and the message's bytes were delivered already.
	if len(ev.Payload) == 0 && !ev.Last {
		t.Fatal("empty piece before the end of a message")
	}
	if ev.First {
		h.streamed = h.streamed[:0]
	}
	h.streamed = append(h.streamed, ev.Payload...)
	h.streamOpen, h.streamBin = !ev.Last, bin
	if !bin && (!validPrefix(h.streamed) || ev.Last && !utf8.Valid(h.streamed)) {
		t.Fatalf("streamed text %q (last %v) is not UTF-8", h.streamed, ev.Last)
	}
	if len(h.streamed) > h.maxMessage() {
		t.Fatalf("message of %d bytes over the limit %d", len(h.streamed), h.maxMessage())
	}
}

// sentBytes checks bytes the Conn produced: the peer Conn must take them
// without error, and the Decoder must find only frames the protocol lets
// the Conn send: at most one close, and no data frame after it.
func (h *connHarness) sentBytes(out []byte) {
	t := h.t
	t.Helper()
	b := bytes.Clone(out)
	for len(b) > 0 {
		f, n, err := h.scan.DecodeFrame(b)
		if err != nil {
			t.Fatalf("the Conn sent a frame its peer refuses: %v", err)
		}
		if f == nil {
			break
		}
		b = b[n:]
		if h.ourClose && (f.Opcode.IsData() || f.Opcode == wsframe.OpClose) {
			t.Fatalf("%v frame after the close frame", f.Opcode)
		}
		if f.Opcode == wsframe.OpClose {
			h.ourClose = true
		}
	}
	p := bytes.Clone(out)
	for len(p) > 0 {
		ev, n, err := h.peer.Receive(p)
		if err != nil {
			t.Fatalf("peer of role %v fails on the Conn's bytes: %v", h.peer.Policy().Role, err)
		}
		p = p[n:]
		if ev == nil {
			break
		}
		switch ev.Kind {
		case wsframe.EventText, wsframe.EventBinary:
			h.peerGot = append(h.peerGot, message{ev.Kind == wsframe.EventBinary, string(ev.Payload)})
		case wsframe.EventPong:
			if !h.pongs[string(ev.Payload)] {
				t.Fatalf("pong %q answers no ping", ev.Payload)
			}
		case wsframe.EventClose:
			h.peerClose, h.peerCode = true, ev.Code
		}
	}
}

// drain takes the Conn's own frames and checks them: the pong of the
// latest ping (RFC 6455 §5.5.2 allows answering only the most recent), and
// the close reply echoing the peer's code or the close failing the
// connection with the error's code.
func (h *connHarness) drain() {
	t := h.t
	t.Helper()
	before := h.c.State()
	had := h.c.HasOutgoing()
	peerClosed := h.peerClose
	out := h.c.AppendOutgoing([]byte{})
	if had != (len(out) > 0) || h.c.HasOutgoing() {
		t.Fatalf("HasOutgoing %v before, %d bytes out, %v after", had, len(out), h.c.HasOutgoing())
	}
	closesBefore := h.ourClose
	h.sentBytes(out)
	in := noInput
	if h.ourClose && !closesBefore {
		if before == wsframe.StateOpen || before == wsframe.StateCloseSent {
			t.Fatalf("AppendOutgoing sent a close in state %v", before)
		}
		if before == wsframe.StateCloseReceived {
			in = closeSent
		}
	}
	h.step("AppendOutgoing", before, in)
	if h.lastPing != nil && !h.cfg.DisableAutoPong && !peerClosed && !h.pongs[string(h.lastPing)] {
		t.Fatalf("ping %q not answered", h.lastPing)
	}
	if h.lastPing != nil && !h.cfg.DisableAutoPong && !peerClosed && len(out) == 0 {
		t.Fatalf("ping %q received, nothing sent", h.lastPing)
	}
	h.lastPing = nil
	if h.wantEcho != nil && !peerClosed {
		want := *h.wantEcho
		if !h.peerClose || h.peerCode != want {
			t.Fatalf("peer got close %v (code %d), want code %d", h.peerClose, h.peerCode, want)
		}
	}
	h.wantEcho = nil
}

// send checks one local Append call: a refusal is a *UsageError that
// leaves dst and the state alone; a success's bytes go to the peer.
func (h *connHarness) send(what string, in stateInput, call func(dst []byte) ([]byte, error)) bool {
	t := h.t
	t.Helper()
	before := h.c.State()
	dst := []byte("dst")
	out, err := call(dst)
	if err != nil {
		var u *wsframe.UsageError
		if !errors.As(err, &u) || string(out) != "dst" {
			t.Fatalf("%s refused with %v (%T), dst %q", what, err, err, out)
		}
		h.step(what+" refused", before, noInput)
		return false
	}
	if string(out[:3]) != "dst" || len(out) == 3 {
		t.Fatalf("%s appended %q", what, out)
	}
	h.sentBytes(out[3:])
	h.step(what, before, in)
	return true
}

// dataSend checks a data send: refused with ErrClosed once a close frame
// went out or the Conn closed (RFC 6455 §5.5.1).
func (h *connHarness) dataSend(what string, call func(dst []byte) ([]byte, error)) bool {
	closed := h.ourClose || h.c.State() == wsframe.StateClosed || h.c.State() == wsframe.StateCloseSent
	var err error
	ok := h.send(what, noInput, func(dst []byte) ([]byte, error) {
		var out []byte
		out, err = call(dst)
		return out, err
	})
	if closed && !errors.Is(err, wsframe.ErrClosed) {
		h.t.Fatalf("%s after the close frame: %v, want ErrClosed", what, err)
	}
	return ok
}

// FuzzConn drives a Conn with a fuzzed stream of peer bytes, cut into
// chunks and interleaved with local sends by a fuzzed script, under a
// fuzzed configuration, and checks that:
//   - it never panics, and once Receive fails every later Receive
//     returns the same error with no event and no byte consumed;
//   - every error is a *ProtocolError with a close code for the wire,
//     reported in the EventError, and the close frame the Conn queues
//     carries it;
//   - events are well formed: text is UTF-8 (a valid prefix while
//     streaming), messages stay within the limit, streamed pieces run
//     from First to Last (only the last may be empty), control
//     payloads are at most 125 bytes, and no event follows the peer's
//     close;
//   - every byte the Conn sends is a valid frame stream for the opposite
//     role (checked by a peer Conn and a Decoder of that role), with no
//     data frame or second close after a close, pings answered, the
//     peer's close echoed, and every message sent arriving at the peer;
//   - the State moves only along the table documented at wsframe.State.
//
// The script is a series of operations, one byte each, low three bits
// the kind: 0–2 receive a chunk (next byte the size, bits 3–4 its high
// bits), 3 AppendMessage, 4 AppendFragment, 5 AppendPing or AppendPong,
// 6 AppendClose, 7 ReceiveEOF (bits 3–7 zero) or AppendOutgoing.
// Payload lengths and bytes come from the script.
func FuzzConn(f *testing.F) {
	f.Add(byte(0), []byte("\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58"), []byte{})
	f.Add(byte(1), []byte("\x01\x03Hel\x89\x01!\x80\x02lo\x88\x02\x03\xe8"), []byte{0, 5, 3, 2, 'h', 'i', 0, 3})
	f.Add(byte(0x12), []byte("\x88\x80\x00\x00\x00\x00"), []byte{4, 4, 'a', 'b', 'c', 'd', 14, 2, 'e', 'f', 6, 3, 0xe8, 0, 15, 0, 1})
	f.Fuzz(func(t *testing.T, sel byte, stream, ops []byte) {
		h := newConnHarness(t, sel)
		s := script{b: ops}
		in := bytes.Clone(stream)
		eof := false
		for !s.done() {
			op := s.byte()
			arg := op >> 3
			switch op & 7 {
			case 0, 1, 2:
				size := min(int(s.byte())|int(arg&3)<<8, len(in))
				h.receive(in[:size])
				in = in[size:]
				h.drain()
			case 3:
				bin := arg&1 != 0
				payload := s.bytes(int(s.byte()))
				wsOp := wsframe.OpText
				if bin {
					wsOp = wsframe.OpBinary
				}
				open := h.sending != nil
				if h.dataSend("AppendMessage", func(dst []byte) ([]byte, error) { return h.c.AppendMessage(dst, wsOp, payload) }) {
					if open {
						t.Fatal("AppendMessage accepted while a streamed message is open")
					}
					h.sent = append(h.sent, message{bin, string(payload)})
				}
			case 4:
				bin, final := arg&1 != 0, arg&2 != 0
				payload := s.bytes(int(s.byte()))
				wsOp := wsframe.OpText
				if bin {
					wsOp = wsframe.OpBinary
				}
				if h.dataSend("AppendFragment", func(dst []byte) ([]byte, error) { return h.c.AppendFragment(dst, wsOp, payload, final) }) {
					if h.sending == nil {
						h.sending = &message{binary: bin}
					}
					h.sending.payload += string(payload)
					if final {
						h.sent = append(h.sent, *h.sending)
						h.sending = nil
					}
				}
			case 5:
				payload := s.bytes(int(s.byte()))
				closed := h.c.State() == wsframe.StateClosed
				var ok bool
				if arg&1 == 0 {
					ok = h.send("AppendPing", noInput, func(dst []byte) ([]byte, error) { return h.c.AppendPing(dst, payload) })
				} else {
					h.pongs[string(payload)] = true
					ok = h.send("AppendPong", noInput, func(dst []byte) ([]byte, error) { return h.c.AppendPong(dst, payload) })
				}
				if ok && (closed || len(payload) > 125) {
					t.Fatalf("control frame of %d bytes sent in state closed=%v", len(payload), closed)
				}
			case 6:
				code := wsframe.CloseCode(s.uint16())
				if arg&1 == 0 {
					code = wsframe.CloseCode(1000 + int(code)%15)
				}
				reason := string(s.bytes(int(s.byte()) % 130))
				wasOpen := h.c.State() == wsframe.StateOpen
				sentBefore := h.ourClose
				if h.send("AppendClose", closeSent, func(dst []byte) ([]byte, error) { return h.c.AppendClose(dst, code, reason) }) {
					if sentBefore {
						t.Fatal("second close frame accepted")
					}
					if wasOpen {
						h.wantEcho = nil
					}
				}
			case 7:
				if arg == 0 {
					before := h.c.State()
					ev, err := h.c.ReceiveEOF()
					switch {
					case h.err != nil:
						if ev != nil || err != h.err {
							t.Fatalf("ReceiveEOF after %v: %+v, %v", h.err, ev, err)
						}
						h.step("ReceiveEOF", before, noInput)
					case before == wsframe.StateCloseReceived || before == wsframe.StateClosed:
						if ev != nil || err != nil {
							t.Fatalf("ReceiveEOF after the close: %+v, %v", ev, err)
						}
						h.step("ReceiveEOF", before, transportEnded)
					default:
						if !errors.Is(err, wsframe.ErrAbnormalClosure) || ev == nil || ev.Kind != wsframe.EventError || ev.Code != wsframe.CloseAbnormal {
							t.Fatalf("ReceiveEOF in state %v: %+v, %v", before, ev, err)
						}
						h.err = err
						h.step("ReceiveEOF", before, transportEnded)
					}
					if h.c.HasOutgoing() {
						t.Fatal("frames queued after the transport ended")
					}
					eof = true
					h.wantEcho, h.lastPing = nil, nil
				} else {
					h.drain()
				}
			}
		}
		if !eof {
			h.receive(in)
			h.drain()
		}
		if h.sending != nil && !h.ourClose {
			// The open streamed message never ended; the peer holds it.
			h.sending = nil
		}
		if len(h.sent) != len(h.peerGot) {
			t.Fatalf("sent %d messages, peer received %d", len(h.sent), len(h.peerGot))
		}
		for i := range h.sent {
			if h.sent[i] != h.peerGot[i] {
				t.Fatalf("message %d: sent %+v, peer received %+v", i, h.sent[i], h.peerGot[i])
			}
		}
	})
}
