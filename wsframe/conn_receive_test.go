package wsframe

import (
	"bytes"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// connCase is a receive scenario checked whole, at every split point and
// byte by byte.
type connCase struct {
	name   string
	cfg    ConnConfig
	input  []byte
	eof    bool
	events []connEventRecord
	out    []byte // expected outbound bytes; client keys start at 0
	err    error  // expected terminal error
	state  State
}

func (tc *connCase) run(t *testing.T) {
	t.Helper()
	check := func(label string, splits []int) {
		t.Helper()
		cfg := tc.cfg
		if cfg.Policy.Role == Client {
			cfg.KeySource = &connCounterKeys{}
		}
		d := connFeed(cfg, tc.input, splits, tc.eof)
		if diff := cmp.Diff(tc.events, d.records()); diff != "" {
			t.Errorf("%s: events (-want +got):\n%s", label, diff)
		}
		if !bytes.Equal(d.out, tc.out) {
			t.Errorf("%s: outbound\n got %x\nwant %x", label, d.out, tc.out)
		}
		if !errors.Is(d.err, tc.err) || (tc.err == nil) != (d.err == nil) {
			t.Errorf("%s: error %v, want %v", label, d.err, tc.err)
		}
		if got := d.c.State(); got != tc.state {
			t.Errorf("%s: state %v, want %v", label, got, tc.state)
		}
	}
	check("whole", nil)
	for i := 1; i < len(tc.input); i++ {
		check("split at "+connItoa(i), []int{i})
	}
	bytewise := make([]int, 0, len(tc.input))
	for i := 1; i < len(tc.input); i++ {
		bytewise = append(bytewise, i)
	}
	check("byte by byte", bytewise)
}

func connItoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	n := len(b)
	for ; i > 0; i /= 10 {
		n--
		b[n] = byte('0' + i%10)
	}
	return string(b[n:])
}

func connTextEv(s string) connEventRecord { return connEventRecord{Kind: "text", Text: s} }
func connBinaryEv(b []byte) connEventRecord {
	return connEventRecord{Kind: "binary", Hex: hex.EncodeToString(b)}
}
func connPingEv(b []byte) connEventRecord {
	return connEventRecord{Kind: "ping", Hex: hex.EncodeToString(b)}
}
func connPongEv(b []byte) connEventRecord {
	return connEventRecord{Kind: "pong", Hex: hex.EncodeToString(b)}
}
func connCloseEv(code CloseCode, reason string) connEventRecord {
	return connEventRecord{Kind: "close", Code: int(code), Text: reason}
}
func connErrorEv(err error) connEventRecord {
	return connEventRecord{Kind: "error", Code: int(CloseCodeOf(err)), Error: connSentinelName(err)}
}

// serverClose is the unmasked close frame a server sends with code.
func connServerClose(code CloseCode) []byte {
	if code == CloseNoStatus {
		return connPeerFrame(Client, true, 0, OpClose, nil)
	}
	return connPeerFrame(Client, true, 0, OpClose, []byte{byte(code >> 8), byte(code)})
}

func connClosePayload(code CloseCode, reason string) []byte {
	return append([]byte{byte(code >> 8), byte(code)}, reason...)
}

func TestConnReceive(t *testing.T) {
	s := func(fin bool, op Opcode, p string) []byte { return connPeerFrame(Server, fin, 0, op, []byte(p)) }
	cases := []connCase{
		{
			name:   "text message",
			input:  s(true, OpText, "Hello"),
			events: []connEventRecord{connTextEv("Hello")},
		},
		{
			name:   "fragmented text with interleaved ping",
			input:  connConcat(s(false, OpText, "Hel"), s(true, OpPing, "p"), s(false, OpContinuation, ""), s(true, OpContinuation, "lo")),
			events: []connEventRecord{connPingEv([]byte("p")), connTextEv("Hello")},
			out:    connServerPong([]byte("p")),
		},
		{
			name:   "code point split across fragments",
			input:  connConcat(s(false, OpText, "\xce"), s(true, OpContinuation, "\xba\xe1\xbd\xb9")),
			events: []connEventRecord{connTextEv("\xce\xba\xe1\xbd\xb9")},
		},
		{
			name:   "binary and pong",
			input:  connConcat(s(true, OpBinary, "\x00\xff"), s(true, OpPong, "x")),
			events: []connEventRecord{connBinaryEv([]byte{0, 0xff}), connPongEv([]byte("x"))},
		},
		{
			name:   "continuation without message",
			input:  s(true, OpContinuation, "x"),
			events: []connEventRecord{connErrorEv(ErrUnexpectedContinuation)},
			out:    connServerClose(CloseProtocolError),
			err:    ErrUnexpectedContinuation,
			state:  StateClosed,
		},
		{
			name:   "new message inside open message",
			input:  connConcat(s(false, OpText, "a"), s(true, OpBinary, "b")),
			events: []connEventRecord{connErrorEv(ErrExpectedContinuation)},
			out:    connServerClose(CloseProtocolError),
			err:    ErrExpectedContinuation,
			state:  StateClosed,
		},
		{
			name: "invalid UTF-8 fails before the message ends",
			// The final fragment never arrives: the failure must come
			// from the first fragment's bad byte.
			input:  connConcat(s(false, OpText, "ok"), s(false, OpContinuation, "\xc0\xaf")),
			events: []connEventRecord{connErrorEv(ErrInvalidUTF8)},
			out:    connServerClose(CloseInvalidPayload),
			err:    ErrInvalidUTF8,
			state:  StateClosed,
		},
		{
			name:   "text ends inside a code point",
			input:  connConcat(s(false, OpText, "a\xe2\x82"), s(true, OpContinuation, "")),
			events: []connEventRecord{connErrorEv(ErrInvalidUTF8)},
			out:    connServerClose(CloseInvalidPayload),
			err:    ErrInvalidUTF8,
			state:  StateClosed,
		},
		{
			name:   "close echo",
			input:  connConcat(s(true, OpClose, string(connClosePayload(CloseGoingAway, "bye"))), s(true, OpText, "ignored")),
			events: []connEventRecord{connCloseEv(CloseGoingAway, "bye")},
			out:    connPeerFrame(Client, true, 0, OpClose, connClosePayload(CloseGoingAway, "bye")),
			state:  StateClosed,
		},
		{
			name:   "empty close",
			input:  s(true, OpClose, ""),
			events: []connEventRecord{connCloseEv(CloseNoStatus, "")},
			out:    connServerClose(CloseNoStatus),
			state:  StateClosed,
		},
		{
			name:   "close with one byte",
			input:  s(true, OpClose, "\x03"),
			events: []connEventRecord{connErrorEv(ErrClosePayloadLength)},
			out:    connServerClose(CloseProtocolError),
			err:    ErrClosePayloadLength,
			state:  StateClosed,
		},
		{
			name:   "close reason not UTF-8",
			input:  s(true, OpClose, string(connClosePayload(CloseNormal, "\xff"))),
			events: []connEventRecord{connErrorEv(ErrInvalidUTF8)},
			out:    connServerClose(CloseInvalidPayload),
			err:    ErrInvalidUTF8,
			state:  StateClosed,
		},
		{
			name:   "eof without close",
			input:  s(true, OpText, "x"),
			eof:    true,
			events: []connEventRecord{connTextEv("x"), connErrorEv(ErrAbnormalClosure)},
			err:    ErrAbnormalClosure,
			state:  StateClosed,
		},
		{
			name:   "message too large",
			cfg:    ConnConfig{MaxMessageSize: 4},
			input:  connConcat(s(false, OpBinary, "abc"), s(true, OpContinuation, "de")),
			events: []connEventRecord{connErrorEv(ErrMessageTooLarge)},
			out:    connServerClose(CloseMessageTooBig),
			err:    ErrMessageTooLarge,
			state:  StateClosed,
		},
		{
			name:   "too many fragments",
			cfg:    ConnConfig{MaxFragments: 2},
			input:  connConcat(s(false, OpBinary, ""), s(false, OpContinuation, ""), s(true, OpContinuation, "")),
			events: []connEventRecord{connErrorEv(ErrTooManyFragments)},
			out:    connServerClose(CloseMessageTooBig),
			err:    ErrTooManyFragments,
			state:  StateClosed,
		},
		{
			name:   "streaming text",
			cfg:    ConnConfig{Streaming: true},
			input:  connConcat(s(false, OpText, "Hel"), s(true, OpPing, ""), s(true, OpContinuation, "lo")),
			events: []connEventRecord{connTextEv("Hello"), connPingEv(nil)},
			out:    connServerPong(nil),
		},
		{
			name:   "client receives unmasked close and echoes masked",
			cfg:    ConnConfig{Policy: Policy{Role: Client}},
			input:  connPeerFrame(Client, true, 0, OpClose, connClosePayload(CloseNormal, "")),
			events: []connEventRecord{connCloseEv(CloseNormal, "")},
			out:    connLocalFrame(Client, &connCounterKeys{}, true, OpClose, connClosePayload(CloseNormal, "")),
			state:  StateClosed,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, tc.run)
	}
}

func connServerPong(p []byte) []byte { return connPeerFrame(Client, true, 0, OpPong, p) }

// TestConnStreamingPiecesAliasInput checks that streamed pieces are the
// input's own bytes (no copy) and that the flags mark the message's ends.
func TestConnStreamingPiecesAliasInput(t *testing.T) {
	c := NewConn(ConnConfig{Streaming: true})
	msg := strings.Repeat("x", 100)
	in := connPeerFrame(Server, true, 0, OpBinary, []byte(msg))
	var got []byte
	var firsts, lasts int
	for _, chunk := range [][]byte{in[:10], in[10:50], in[50:]} {
		for len(chunk) > 0 {
			ev, n, err := c.Receive(chunk)
			if err != nil {
				t.Fatal(err)
			}
			if ev != nil {
				if len(ev.Payload) > 0 && &ev.Payload[0] != &chunk[n-len(ev.Payload)] {
					t.Fatalf("piece does not alias the input")
				}
				got = append(got, ev.Payload...)
				if ev.First {
					firsts++
				}
				if ev.Last {
					lasts++
				}
			}
			chunk = chunk[n:]
		}
	}
	if string(got) != msg || firsts != 1 || lasts != 1 {
		t.Fatalf("got %q firsts=%d lasts=%d", got, firsts, lasts)
	}
}

// TestConnWholeMessageAliasesInput checks the single-frame fast path.
func TestConnWholeMessageAliasesInput(t *testing.T) {
	c := NewConn(ConnConfig{})
	in := connPeerFrame(Server, true, 0, OpText, []byte("hello"))
	ev, n, err := c.Receive(in)
	if err != nil || ev == nil || n != len(in) {
		t.Fatalf("Receive = %v, %d, %v", ev, n, err)
	}
	if &ev.Payload[0] != &in[len(in)-5] || cap(ev.Payload) != 5 {
		t.Fatalf("payload does not alias the input exactly")
	}
}

func TestConnPingFloodKeepsOnePong(t *testing.T) {
	c := NewConn(ConnConfig{})
	var in []byte
	for i := 0; i < 1000; i++ {
		in = append(in, connPeerFrame(Server, true, 0, OpPing, []byte{byte(i), byte(i >> 8)})...)
	}
	for len(in) > 0 {
		_, n, err := c.Receive(in)
		if err != nil {
			t.Fatal(err)
		}
		in = in[n:]
	}
	want := connServerPong([]byte{byte(999 & 0xff), byte(999 >> 8)})
	if got := c.AppendOutgoing(nil); !bytes.Equal(got, want) {
		t.Fatalf("outgoing %x, want only the pong of the last ping %x", got, want)
	}
}

func TestConnDisableAutoPong(t *testing.T) {
	c := NewConn(ConnConfig{DisableAutoPong: true})
	ev, _, err := c.Receive(connPeerFrame(Server, true, 0, OpPing, []byte("x")))
	if err != nil || ev.Kind != EventPing {
		t.Fatalf("got %v %v", ev, err)
	}
	if c.HasOutgoing() {
		t.Fatalf("pong queued with DisableAutoPong")
	}
}

func TestConnErrorIsSticky(t *testing.T) {
	c := NewConn(ConnConfig{})
	in := connPeerFrame(Client, true, 0, OpText, []byte("unmasked"))
	ev, _, err := c.Receive(in)
	if !errors.Is(err, ErrUnmaskedFrame) || ev == nil || ev.Kind != EventError || ev.Code != CloseProtocolError {
		t.Fatalf("got %+v, %v", ev, err)
	}
	ev, n, err2 := c.Receive(connPeerFrame(Server, true, 0, OpText, []byte("ok")))
	if ev != nil || n != 0 || err2 != err {
		t.Fatalf("after failure: %v %d %v", ev, n, err2)
	}
	if _, err := c.AppendText(nil, []byte("x")); !errors.Is(err, ErrClosed) {
		t.Fatalf("send after failure: %v", err)
	}
	if !bytes.Equal(c.AppendOutgoing(nil), connServerClose(CloseProtocolError)) {
		t.Fatalf("no close frame queued")
	}
	if !c.ShouldCloseTransport() {
		t.Fatalf("failed connection should close the transport")
	}
}

// TestConnFrameLimitFollowsMessageLimit checks that raising MaxMessageSize
// above DefaultMaxFramePayload raises an unset frame limit with it, so a
// message sent as one frame, as browsers send it, is held to the message
// limit alone; and that a frame limit set in the Policy is kept.
func TestConnFrameLimitFollowsMessageLimit(t *testing.T) {
	const limit = 64 << 20
	header := func(length uint64) []byte {
		return AppendHeader(nil, Header{Fin: true, Opcode: OpBinary, Masked: true, Key: connPeerKey, Length: length})
	}
	for _, streaming := range []bool{false, true} {
		c := NewConn(ConnConfig{MaxMessageSize: limit, Streaming: streaming})
		if got := c.Policy().MaxFramePayload; got != limit {
			t.Errorf("streaming=%v: MaxFramePayload %d, want %d", streaming, got, limit)
		}
		// The header alone: the Conn accepts it and waits for the payload.
		if ev, n, err := c.Receive(header(limit)); err != nil || n != 14 {
			t.Errorf("streaming=%v: one-frame message of MaxMessageSize: %v %d %v", streaming, ev, n, err)
		}
		c = NewConn(ConnConfig{MaxMessageSize: limit, Streaming: streaming})
		if _, _, err := c.Receive(header(limit + 1)); CloseCodeOf(err) != CloseMessageTooBig {
			t.Errorf("streaming=%v: frame over MaxMessageSize: %v, want 1009", streaming, err)
		}
	}

	set := NewConn(ConnConfig{MaxMessageSize: limit, Policy: Policy{MaxFramePayload: 1 << 20}})
	if _, _, err := set.Receive(header(1<<20 + 1)); !errors.Is(err, ErrFrameTooLarge) {
		t.Errorf("frame over a set MaxFramePayload: %v, want ErrFrameTooLarge", err)
	}
	small := NewConn(ConnConfig{MaxMessageSize: 1 << 20})
	if got := small.Policy().MaxFramePayload; got != 0 {
		t.Errorf("MaxMessageSize below the default frame limit: MaxFramePayload %d, want 0 (the default)", got)
	}

	// With an Extension, room for a compressed payload a little larger
	// than the message, from the default MaxMessageSize on.
	for _, tc := range []struct{ maxMessage, want uint64 }{
		{0, DefaultMaxMessageSize + DefaultMaxMessageSize/64 + 64<<10},
		{limit, limit + limit/64 + 64<<10},
		{1 << 20, 0},
		{1<<64 - 1, 1<<64 - 1},
	} {
		c := NewConn(ConnConfig{MaxMessageSize: tc.maxMessage, Extension: &connRunLength{}})
		if got := c.Policy().MaxFramePayload; got != tc.want {
			t.Errorf("with an Extension, MaxMessageSize %d: MaxFramePayload %d, want %d", tc.maxMessage, got, tc.want)
		}
	}
}
