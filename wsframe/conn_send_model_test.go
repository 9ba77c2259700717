package wsframe_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/wscodec/wscodec/wsframe"
)

// rfcFrame is a frame as RFC 6455 §5.2 lays it out, decoded by decodeRFCFrames.
type rfcFrame struct {
	fin     bool
	rsv     byte
	op      byte
	masked  bool
	key     [4]byte
	payload []byte
}

// decodeRFCFrames decodes b, which must hold whole frames, straight from the
// RFC 6455 §5.2 figure, rejecting any length not in its minimal form.
func decodeRFCFrames(b []byte) ([]rfcFrame, error) {
	var out []rfcFrame
	for len(b) > 0 {
		if len(b) < 2 {
			return out, errors.New("truncated header")
		}
		f := rfcFrame{fin: b[0]&0x80 != 0, rsv: b[0] & 0x70, op: b[0] & 0x0f, masked: b[1]&0x80 != 0}
		n := uint64(b[1] & 0x7f)
		b = b[2:]
		switch n {
		case 126:
			if len(b) < 2 {
				return out, errors.New("truncated 16-bit length")
			}
			n = uint64(b[0])<<8 | uint64(b[1])
			b = b[2:]
			if n < 126 {
				return out, fmt.Errorf("length %d in 16-bit form", n)
			}
		case 127:
			if len(b) < 8 {
				return out, errors.New("truncated 64-bit length")
			}
			if b[0]&0x80 != 0 {
				return out, errors.New("64-bit length with MSB set")
			}
			n = 0
			for i := 0; i < 8; i++ {
				n = n<<8 | uint64(b[i])
			}
			b = b[8:]
			if n <= 0xffff {
				return out, fmt.Errorf("length %d in 64-bit form", n)
			}
		}
		if f.masked {
			if len(b) < 4 {
				return out, errors.New("truncated key")
			}
			copy(f.key[:], b)
			b = b[4:]
		}
		if uint64(len(b)) < n {
			return out, fmt.Errorf("truncated payload: %d of %d", len(b), n)
		}
		f.payload = append([]byte{}, b[:n]...)
		for i := range f.payload {
			if f.masked {
				f.payload[i] ^= f.key[i%4]
			}
		}
		b = b[n:]
		out = append(out, f)
	}
	return out, nil
}

// recordingKeys hands out distinct keys and records them, so that each
// client frame can be matched with the key drawn for it.
type recordingKeys struct {
	next  uint32
	drawn [][4]byte
}

func (k *recordingKeys) NextKey() [4]byte {
	k.next += 0x9e3779b1
	key := [4]byte{byte(k.next), byte(k.next >> 8), byte(k.next >> 16), byte(k.next >> 24)}
	k.drawn = append(k.drawn, key)
	return key
}

// wireEvent is what the peer makes of the bytes sent: a whole message, or
// a control frame.
type wireEvent struct {
	Kind    string
	Payload string
}

// sendableCloseCode reports whether an endpoint may put code in a close
// frame (RFC 6455 §7.4.1, §7.4.2): the defined codes but 1004, 1005, 1006
// and 1015, the registered 1012-1014, and the ranges for libraries and
// applications.
func sendableCloseCode(code uint16) bool {
	return code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999
}

// peerView checks every frame of one endpoint's output stream as the peer
// receives it and turns it into wireEvents.
type peerView struct {
	t         *testing.T
	role      wsframe.Role
	keys      *recordingKeys
	keyIdx    int
	fragSize  int
	closeSent bool
	msgOpen   bool
	msgOp     byte
	msgBuf    []byte
	events    []wireEvent
}

// frames checks fs, the next frames of the stream, and records what the
// peer makes of them.
func (w *peerView) frames(where string, fs []rfcFrame) {
	t := w.t
	t.Helper()
	for _, f := range fs {
		if w.role == wsframe.Client {
			if !f.masked {
				t.Fatalf("%s: client frame not masked", where)
			}
			if w.keyIdx >= len(w.keys.drawn) || w.keys.drawn[w.keyIdx] != f.key {
				t.Fatalf("%s: frame key %x is not the next key drawn (index %d of %d)", where, f.key, w.keyIdx, len(w.keys.drawn))
			}
			w.keyIdx++
		} else if f.masked {
			t.Fatalf("%s: server frame masked", where)
		}
		if f.op >= 8 {
			if !f.fin || len(f.payload) > 125 || f.rsv != 0 {
				t.Fatalf("%s: bad control frame fin=%v len=%d rsv=%x", where, f.fin, len(f.payload), f.rsv)
			}
			switch f.op {
			case 8:
				if w.closeSent {
					t.Fatalf("%s: second close frame", where)
				}
				w.closeSent = true
				p := f.payload
				if len(p) == 1 || len(p) > 0 && (!sendableCloseCode(binary.BigEndian.Uint16(p)) || !utf8.Valid(p[2:])) {
					t.Fatalf("%s: bad close payload %x", where, p)
				}
				w.events = append(w.events, wireEvent{"close", string(p)})
			case 9:
				w.events = append(w.events, wireEvent{"ping", string(f.payload)})
			case 10:
				w.events = append(w.events, wireEvent{"pong", string(f.payload)})
			default:
				t.Fatalf("%s: reserved opcode %x", where, f.op)
			}
			continue
		}
		if w.closeSent {
			t.Fatalf("%s: data frame after close", where)
		}
		if w.fragSize > 0 && len(f.payload) > w.fragSize {
			t.Fatalf("%s: data frame of %d bytes, fragment size %d", where, len(f.payload), w.fragSize)
		}
		switch f.op {
		case 0:
			if !w.msgOpen {
				t.Fatalf("%s: continuation without message", where)
			}
			if f.rsv != 0 {
				t.Fatalf("%s: continuation with RSV %x", where, f.rsv)
			}
		case 1, 2:
			if w.msgOpen {
				t.Fatalf("%s: new message inside a fragmented one", where)
			}
			if f.rsv != 0 {
				t.Fatalf("%s: RSV %x without an extension", where, f.rsv)
			}
			w.msgOpen, w.msgOp, w.msgBuf = true, f.op, nil
		default:
			t.Fatalf("%s: reserved opcode %x", where, f.op)
		}
		w.msgBuf = append(w.msgBuf, f.payload...)
		if f.fin {
			w.msgOpen = false
			msg := w.msgBuf
			kind := "binary"
			if w.msgOp == 1 {
				kind = "text"
				if !utf8.Valid(msg) {
					t.Fatalf("%s: invalid UTF-8 text %x", where, msg)
				}
			}
			w.events = append(w.events, wireEvent{kind, string(msg)})
		}
	}
}

// closeCodesToTry mixes codes that may be sent with every kind that may
// not.
var closeCodesToTry = []uint16{0, 1, 999, 1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1011, 1014, 1015, 1016, 2000, 2999, 3000, 3999, 4000, 4999, 5000, 65535}

// genText returns valid UTF-8 of at least n bytes, with code points of
// every length and at the edges of their ranges.
func genText(r *rand.Rand, n int) []byte {
	runes := []rune{'a', 'z', ' ', 'é', 'ß', '€', '中', '😀', 0x10FFFF, 0x7f, 0x80, 0x7ff, 0x800, 0xffff, 0x10000}
	var b []byte
	for len(b) < n {
		b = utf8.AppendRune(b, runes[r.IntN(len(runes))])
	}
	return b
}

// genBytes returns n random bytes.
func genBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.UintN(256))
	}
	return b
}

// genSize returns a payload size, often at an edge of a length form.
func genSize(r *rand.Rand) int {
	switch r.IntN(10) {
	case 0:
		return 0
	case 1:
		return 125 + r.IntN(3)
	case 2:
		return 0xffff + r.IntN(3) - 1
	case 3:
		return r.IntN(70000)
	default:
		return r.IntN(300)
	}
}

// peerFrame returns a final frame from the peer of an endpoint of role:
// masked when the endpoint is a server.
func peerFrame(role wsframe.Role, op wsframe.Opcode, payload []byte) []byte {
	h := wsframe.Header{Fin: true, Opcode: op}
	if role == wsframe.Server {
		h.Masked, h.Key = true, [4]byte{1, 2, 3, 4}
	}
	return wsframe.AppendFrame(nil, wsframe.Frame{Header: h, Payload: payload})
}

// TestSendModel drives Conns of both roles through random sequences of
// sends and receives, and checks every byte they produce with an
// independent decoder against a model of the send side.
func TestSendModel(t *testing.T) {
	seeds := 400
	if testing.Short() {
		seeds = 50
	}
	for seed := range seeds {
		for _, role := range []wsframe.Role{wsframe.Server, wsframe.Client} {
			t.Run(fmt.Sprintf("seed%d/%v", seed, role), func(t *testing.T) { runSendModel(t, uint64(seed), role) })
		}
	}
}

// runSendModel runs 60 random steps on one Conn: sends of every kind,
// with a random destination buffer, and received frames split at random,
// checking each call's result and the state against the model.
func runSendModel(t *testing.T, seed uint64, role wsframe.Role) {
	r := rand.New(rand.NewPCG(seed, uint64(role)))
	keys := &recordingKeys{next: uint32(seed)}
	cfg := wsframe.ConnConfig{Policy: wsframe.Policy{Role: role}, KeySource: keys, DisableAutoPong: r.IntN(5) == 0, Streaming: r.IntN(2) == 0}
	if r.IntN(2) == 0 {
		cfg.FragmentSize = 1 + r.IntN(200)
	}
	c := wsframe.NewConn(cfg)
	w := &peerView{t: t, role: role, keys: keys, fragSize: cfg.FragmentSize}
	var want []wireEvent
	state := wsframe.StateOpen
	var sendOpen bool
	var sendOp wsframe.Opcode
	var sendText []byte // the valid text the open stream is a prefix of
	var sendSent []byte // what has been accepted of the open stream
	var pong *string
	var queuedClose *string

	emit := func(where string, dst, out []byte, err error, wantErr error) {
		t.Helper()
		if !bytes.HasPrefix(out, dst) {
			t.Fatalf("%s: dst prefix changed", where)
		}
		if wantErr != nil {
			var u *wsframe.UsageError
			if !errors.Is(err, wantErr) || !errors.As(err, &u) {
				t.Fatalf("%s: err %v, want %v", where, err, wantErr)
			}
			if len(out) != len(dst) {
				t.Fatalf("%s: refused call appended %d bytes", where, len(out)-len(dst))
			}
			return
		}
		if err != nil {
			t.Fatalf("%s: unexpected error %v", where, err)
		}
		fs, derr := decodeRFCFrames(out[len(dst):])
		if derr != nil {
			t.Fatalf("%s: decode: %v (%x)", where, derr, out[len(dst):min(len(out), len(dst)+40)])
		}
		w.frames(where, fs)
	}
	dstOf := func() []byte {
		if r.IntN(2) == 0 {
			return nil
		}
		n := r.IntN(20)
		return append(make([]byte, 0, n+r.IntN(200)), genBytes(r, n)...)
	}

	for step := range 60 {
		where := fmt.Sprintf("step %d", step)
		dst := dstOf()
		switch op := r.IntN(20); {
		case op < 4: // whole message
			mop := wsframe.OpBinary
			var p []byte
			if r.IntN(2) == 0 {
				mop = wsframe.OpText
				p = genText(r, genSize(r))
			} else {
				p = genBytes(r, genSize(r))
			}
			bad := mop == wsframe.OpText && r.IntN(8) == 0
			if bad {
				p = append(p, 0xff)
			}
			orig := append([]byte{}, p...)
			var wantErr error
			switch {
			case state == wsframe.StateCloseSent || state == wsframe.StateClosed:
				wantErr = wsframe.ErrClosed
			case sendOpen:
				wantErr = wsframe.ErrSendMessageOpen
			case bad:
				wantErr = wsframe.ErrInvalidUTF8
			}
			out, err := c.AppendMessage(dst, mop, p)
			if !bytes.Equal(p, orig) {
				t.Fatalf("%s: caller's payload modified", where)
			}
			emit(where+" message", dst, out, err, wantErr)
			if wantErr == nil {
				kind := "binary"
				if mop == wsframe.OpText {
					kind = "text"
				}
				want = append(want, wireEvent{kind, string(p)})
			}
		case op < 9: // streamed piece
			mop := sendOp
			if !sendOpen {
				mop = wsframe.OpBinary
				if r.IntN(2) == 0 {
					mop = wsframe.OpText
				}
				if mop == wsframe.OpText {
					sendText = genText(r, genSize(r))
				} else {
					sendText = genBytes(r, genSize(r))
				}
				sendSent = nil
			} else if r.IntN(15) == 0 {
				mop = wsframe.OpText + wsframe.OpBinary - sendOp
			}
			rest := sendText[len(sendSent):]
			n := 0
			if len(rest) > 0 {
				n = r.IntN(len(rest) + 1)
				if r.IntN(3) == 0 {
					n = min(len(rest), r.IntN(5))
				}
			}
			piece := rest[:n]
			final := n == len(rest) && r.IntN(3) != 0
			if r.IntN(10) == 0 {
				final = true // may end inside a code point
			}
			bad := mop == wsframe.OpText && r.IntN(10) == 0
			if bad {
				piece = append(append([]byte{}, piece...), 0xff)
			}
			text := append(append([]byte{}, sendSent...), piece...)
			var wantErr error
			switch {
			case state == wsframe.StateCloseSent || state == wsframe.StateClosed:
				wantErr = wsframe.ErrClosed
			case sendOpen && mop != sendOp:
				wantErr = wsframe.ErrNotDataOpcode
			case mop == wsframe.OpText && (bad || final && !utf8.Valid(text)):
				wantErr = wsframe.ErrInvalidUTF8
			}
			out, err := c.AppendFragment(dst, mop, piece, final)
			emit(where+" fragment", dst, out, err, wantErr)
			if wantErr == nil {
				sendOpen, sendOp, sendSent = !final, mop, text
				if final {
					kind := "binary"
					if mop == wsframe.OpText {
						kind = "text"
					}
					want = append(want, wireEvent{kind, string(text)})
				}
			} else if !sendOpen {
				sendText = nil
			}
		case op < 11: // ping or pong
			p := genBytes(r, r.IntN(130))
			if r.IntN(2) == 0 {
				p = p[:min(len(p), 125)]
			}
			var wantErr error
			switch {
			case state == wsframe.StateClosed:
				wantErr = wsframe.ErrClosed
			case len(p) > 125:
				wantErr = wsframe.ErrControlTooLong
			}
			kind := "ping"
			var out []byte
			var err error
			if r.IntN(2) == 0 {
				out, err = c.AppendPing(dst, p)
			} else {
				kind = "pong"
				out, err = c.AppendPong(dst, p)
			}
			emit(where+" "+kind, dst, out, err, wantErr)
			if wantErr == nil {
				want = append(want, wireEvent{kind, string(p)})
			}
		case op < 12: // close
			code := closeCodesToTry[r.IntN(len(closeCodesToTry))]
			var reason []byte
			switch r.IntN(4) {
			case 1:
				reason = genText(r, r.IntN(125))
			case 2:
				reason = append(genText(r, r.IntN(10)), 0xc0, 0x80)
			case 3:
				reason = bytes.Repeat([]byte("x"), 120+r.IntN(6))
			}
			var wantErr error
			var payload []byte
			switch {
			case state == wsframe.StateCloseSent || state == wsframe.StateClosed:
				wantErr = wsframe.ErrClosed
			case code == 1005 && len(reason) == 0:
			case !sendableCloseCode(code):
				wantErr = wsframe.ErrInvalidCloseCode
			case len(reason) > 123:
				wantErr = wsframe.ErrCloseReasonTooLong
			case !utf8.Valid(reason):
				wantErr = wsframe.ErrInvalidUTF8
			default:
				payload = binary.BigEndian.AppendUint16(nil, code)
				payload = append(payload, reason...)
			}
			out, err := c.AppendClose(dst, wsframe.CloseCode(code), string(reason))
			emit(where+" close", dst, out, err, wantErr)
			if wantErr == nil {
				want = append(want, wireEvent{"close", string(payload)})
				queuedClose = nil
				if state == wsframe.StateOpen {
					state = wsframe.StateCloseSent
				} else {
					state = wsframe.StateClosed
				}
			}
		case op < 17: // receive from the peer
			var in []byte
			kind := r.IntN(10)
			var p []byte
			switch {
			case kind < 5:
				p = genBytes(r, r.IntN(126))
				in = peerFrame(role, wsframe.OpPing, p)
			case kind < 6:
				in = peerFrame(role, wsframe.OpPong, genBytes(r, 3))
			case kind < 8:
				in = peerFrame(role, wsframe.OpText, genText(r, 10))
			case kind < 9:
				code := closeCodesToTry[r.IntN(len(closeCodesToTry))]
				if !sendableCloseCode(code) {
					code = 1000
				}
				if r.IntN(4) > 0 {
					p = binary.BigEndian.AppendUint16(nil, code)
					p = append(p, genText(r, r.IntN(124))...)
					p = p[:min(len(p), 125)]
					for !utf8.Valid(p[2:]) {
						p = p[:len(p)-1]
					}
				}
				in = peerFrame(role, wsframe.OpClose, p)
			default:
				in = peerFrame(role, wsframe.Opcode(3), nil) // reserved opcode
			}
			var err error
			for len(in) > 0 && err == nil {
				k := len(in)
				if r.IntN(2) == 0 {
					k = 1 + r.IntN(len(in))
				}
				var n int
				_, n, err = c.Receive(in[:k])
				if err == nil && n != k && c.State() != wsframe.StateClosed {
					t.Fatalf("%s: Receive consumed %d of %d", where, n, k)
				}
				in = in[k:]
			}
			if state == wsframe.StateOpen || state == wsframe.StateCloseSent {
				switch {
				case kind < 5:
					if !cfg.DisableAutoPong {
						s := string(p)
						pong = &s
					}
				case kind == 8:
					if state == wsframe.StateOpen {
						s := string(p)
						queuedClose = &s
						state = wsframe.StateCloseReceived
					} else {
						state = wsframe.StateClosed
					}
				case kind == 9:
					if err == nil {
						t.Fatalf("%s: reserved opcode accepted", where)
					}
					if state == wsframe.StateOpen {
						s := string([]byte{0x03, 0xea})
						queuedClose = &s
					}
					state = wsframe.StateClosed
				}
			}
		case op < 19: // take the outgoing frames
			out := c.AppendOutgoing(dst)
			emit(where+" outgoing", dst, out, nil, nil)
			if pong != nil {
				want = append(want, wireEvent{"pong", *pong})
				pong = nil
			}
			if queuedClose != nil {
				want = append(want, wireEvent{"close", *queuedClose})
				queuedClose = nil
				if state == wsframe.StateCloseReceived {
					state = wsframe.StateClosed
				}
			}
		default:
			if r.IntN(4) == 0 {
				c.ReceiveEOF()
				if c.Err() == nil || !errors.Is(c.Err(), wsframe.ErrReservedOpcode) {
					// A failed Conn keeps what it queued.
					pong, queuedClose = nil, nil
				}
				state = wsframe.StateClosed
			}
		}
		if got := c.State(); got != state {
			t.Fatalf("%s: state %v, model %v", where, c.State(), state)
		}
	}
	if diff := cmp.Diff(want, w.events); diff != "" {
		t.Fatalf("wire events (-model +wire):\n%s", diff)
	}
	if w.role == wsframe.Client && w.keyIdx != len(keys.drawn) {
		t.Fatalf("%d keys drawn for %d frames", len(keys.drawn), w.keyIdx)
	}
	if w.role == wsframe.Server && len(keys.drawn) != 0 {
		t.Fatalf("server drew %d keys", len(keys.drawn))
	}
}
