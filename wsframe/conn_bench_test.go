package wsframe

import (
	"bytes"
	"strings"
	"testing"

	"github.com/wscodec/wscodec/wsmask"
)

func connSkipUnderRace(t *testing.T) {
	t.Helper()
	if connRaceEnabled {
		t.Skip("the race detector allocates; allocation budgets are checked without -race")
	}
}

// connEcho receives one message from in and appends the reply frame.
func connEcho(c *Conn, in, out []byte) []byte {
	ev, _, err := c.Receive(in)
	if err != nil || ev == nil {
		panic("echo: no message")
	}
	out, err = c.AppendMessage(out, OpBinary, ev.Payload)
	if err != nil {
		panic(err)
	}
	return out
}

func TestConnAllocations(t *testing.T) {
	connSkipUnderRace(t)
	binary16 := connPeerFrame(Server, true, 0, OpBinary, bytes.Repeat([]byte{7}, 16))
	text := []byte(strings.Repeat("κόσμε ", 200))
	fragmented := connConcat(
		connPeerFrame(Server, false, 0, OpText, text[:500]),
		connPeerFrame(Server, true, 0, OpPing, []byte("p")),
		connPeerFrame(Server, true, 0, OpContinuation, text[500:]),
	)
	// The payload is re-masked before every run: Receive unmasks in place.
	fresh := func(frames []byte) func() []byte {
		buf := make([]byte, len(frames))
		return func() []byte { copy(buf, frames); return buf }
	}
	tests := []struct {
		name string
		cfg  ConnConfig
		run  func(c *Conn)
	}{
		{"echo 16 bytes", ConnConfig{}, func() func(c *Conn) {
			out := make([]byte, 0, 64)
			return func(c *Conn) { connEcho(c, binary16, out[:0]) }
		}()},
		{"streaming text in chunks with a ping", ConnConfig{Streaming: true}, func() func(c *Conn) {
			in, out := fresh(fragmented), make([]byte, 0, 64)
			return func(c *Conn) {
				b := in()
				for len(b) > 0 {
					chunk := b[:min(len(b), 97)]
					for len(chunk) > 0 {
						_, n, err := c.Receive(chunk)
						if err != nil {
							panic(err)
						}
						chunk = chunk[n:]
						b = b[n:]
					}
					out = c.AppendOutgoing(out[:0])
				}
			}
		}()},
		{"whole message in chunks reuses its buffer", ConnConfig{}, func() func(c *Conn) {
			in, pongBuf := fresh(fragmented), make([]byte, 0, 64)
			return func(c *Conn) {
				b := in()
				for len(b) > 0 {
					chunk := b[:min(len(b), 97)]
					_, n, err := c.Receive(chunk)
					if err != nil {
						panic(err)
					}
					b = b[n:]
				}
				c.AppendOutgoing(pongBuf[:0])
			}
		}()},
		{"client sends text, ping, pong and streamed pieces", ConnConfig{Policy: Policy{Role: Client}, FragmentSize: 100}, func() func(c *Conn) {
			out := make([]byte, 0, 16<<10)
			return func(c *Conn) {
				o, _ := c.AppendText(out[:0], text)
				o, _ = c.AppendPing(o, []byte("ping"))
				o, _ = c.AppendPong(o, nil)
				o, _ = c.AppendFragment(o, OpText, text[:7], false)
				c.AppendFragment(o, OpText, text[7:], true)
			}
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewConn(tt.cfg)
			tt.run(c) // warm up: buffers reach their size
			if got := testing.AllocsPerRun(100, func() { tt.run(c) }); got != 0 {
				t.Fatalf("%v allocations per run, want 0", got)
			}
			if c.Err() != nil {
				t.Fatal(c.Err())
			}
		})
	}
}

func TestConnCloseAllocations(t *testing.T) {
	connSkipUnderRace(t)
	out := make([]byte, 0, 256)
	peerClose := connPeerFrame(Server, true, 0, OpClose, connClosePayload(CloseNormal, "reason"))
	in := make([]byte, len(peerClose))
	c := NewConn(ConnConfig{})
	got := testing.AllocsPerRun(100, func() {
		c.Reset(ConnConfig{})
		copy(in, peerClose)
		c.Receive(in)
		c.AppendOutgoing(out[:0])
		c.Reset(ConnConfig{})
		c.AppendClose(out[:0], CloseGoingAway, "bye")
	})
	if got != 0 {
		t.Fatalf("%v allocations per close handshake, want 0", got)
	}
}

// BenchmarkEcho16 receives a masked 16-byte binary message and produces
// the server's unmasked reply frame: the whole per-message work of an echo
// server apart from the transport.
func BenchmarkEcho16(b *testing.B) {
	in := connPeerFrame(Server, true, 0, OpBinary, bytes.Repeat([]byte{7}, 16))
	out := make([]byte, 0, 64)
	c := NewConn(ConnConfig{})
	b.SetBytes(16)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// Unmasking in place leaves a different (still binary) payload
		// each time; the work is the same.
		out = connEcho(c, in, out[:0])
	}
}

// BenchmarkReceiveText64K receives one 64 KiB message per iteration, as
// text (validated) and, for comparison, as binary carrying the same bytes
// (not validated). The frame is masked with an all-zero key, so that
// unmasking in place does all its work yet leaves the payload as it was.
func BenchmarkReceiveText64K(b *testing.B) {
	payloads := []struct {
		name string
		text string
	}{
		{"ascii", strings.Repeat("The quick brown fox jumps over the lazy dog. ", 1500)},
		{"cjk", strings.Repeat("敏捷的棕色狐狸跳过了懒狗。", 1800)},
	}
	for _, p := range payloads {
		payload := []byte(p.text)[:64<<10]
		for len(payload) > 0 && payload[len(payload)-1]&0xC0 == 0x80 {
			payload = payload[:len(payload)-1]
		}
		for len(payload) > 0 && payload[len(payload)-1] >= 0xC0 {
			payload = payload[:len(payload)-1]
		}
		for _, mode := range []struct {
			name string
			op   Opcode
		}{{"validate", OpText}, {"binary", OpBinary}} {
			h := Header{Fin: true, Opcode: mode.op, Masked: true}
			frame := AppendFrame(nil, Frame{Header: h, Payload: payload})
			b.Run(p.name+"/"+mode.name, func(b *testing.B) {
				c := NewConn(ConnConfig{})
				b.SetBytes(int64(len(payload)))
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					ev, _, err := c.Receive(frame)
					if err != nil || len(ev.Payload) != len(payload) {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkSendClient16 produces a masked 16-byte binary frame.
func BenchmarkSendClient16(b *testing.B) {
	c := NewConn(ConnConfig{Policy: Policy{Role: Client}, KeySource: wsmask.NewRandomKeySource()})
	payload := bytes.Repeat([]byte{7}, 16)
	out := make([]byte, 0, 64)
	b.SetBytes(16)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		out, _ = c.AppendBinary(out[:0], payload)
	}
}
