package wsframe

import (
	"bytes"
	"math/rand/v2"
	"testing"
	"unicode/utf8"
)

// connEndpoint is one side of an in-memory connection: a Conn and the
// messages it received, gathered from events.
type connEndpoint struct {
	c        *Conn
	received []connSentMessage
	partial  []byte
	pongs    int
	closed   bool
	t        *testing.T
}

type connSentMessage struct {
	op      Opcode
	payload []byte
}

// receive feeds b to the endpoint in random chunks, collecting events,
// and returns the bytes it wants sent back.
func (e *connEndpoint) receive(rng *rand.Rand, b []byte) []byte {
	var out []byte
	for len(b) > 0 {
		chunk := b[:1+rng.IntN(len(b))]
		b = b[len(chunk):]
		for {
			ev, n, err := e.c.Receive(chunk)
			chunk = chunk[n:]
			if err != nil {
				e.t.Fatalf("%v endpoint failed: %v", e.c.Policy().Role, err)
			}
			if ev == nil {
				break
			}
			switch ev.Kind {
			case EventText, EventBinary:
				if ev.First {
					e.partial = e.partial[:0]
				}
				e.partial = append(e.partial, ev.Payload...)
				if ev.Last {
					op := OpBinary
					if ev.Kind == EventText {
						op = OpText
					}
					e.received = append(e.received, connSentMessage{op, append([]byte(nil), e.partial...)})
				}
			case EventPong:
				e.pongs++
			case EventClose:
				e.closed = true
			}
		}
		out = e.c.AppendOutgoing(out)
	}
	return out
}

func connRandomMessage(rng *rand.Rand) connSentMessage {
	size := rng.IntN(100 << 10)
	if rng.IntN(4) == 0 {
		size = rng.IntN(8)
	}
	if rng.IntN(2) == 0 {
		p := make([]byte, size)
		for i := range p {
			p[i] = byte(rng.IntN(256))
		}
		return connSentMessage{OpBinary, p}
	}
	// Text mixing one- to four-byte code points, so that fragment and
	// chunk boundaries fall inside code points.
	runes := []rune{'a', 'é', '€', '𝄞', '中', '\u0000', '\U0010FFFF'}
	p := make([]byte, 0, size+4)
	for len(p) < size {
		p = utf8.AppendRune(p, runes[rng.IntN(len(runes))])
	}
	return connSentMessage{OpText, p}
}

// connSend produces the frames of m from the sender's side with random
// fragmentation, sometimes streamed in random pieces, with pings between.
func connSend(rng *rand.Rand, c *Conn, m connSentMessage) []byte {
	var out []byte
	var err error
	if rng.IntN(2) == 0 {
		out, err = c.AppendMessage(out, m.op, m.payload)
	} else {
		p := m.payload
		for {
			// Streamed pieces cut anywhere, also inside a code point.
			n := 0
			if len(p) > 0 {
				n = rng.IntN(len(p) + 1)
			}
			final := n == len(p)
			out, err = c.AppendFragment(out, m.op, p[:n], final)
			if err != nil || final {
				break
			}
			p = p[n:]
			if rng.IntN(3) == 0 {
				out, err = c.AppendPing(out, []byte("between"))
				if err != nil {
					break
				}
			}
		}
	}
	if err != nil {
		panic(err)
	}
	return out
}

func TestConnBackToBack(t *testing.T) {
	for seed := uint64(0); seed < 12; seed++ {
		rng := rand.New(rand.NewPCG(seed, 0xc0ffee))
		streaming := seed%2 == 1
		var ext func() Extension
		if seed%3 == 2 {
			ext = func() Extension { return &connRunLength{} }
		}
		newConn := func(role Role) *Conn {
			cfg := ConnConfig{Policy: Policy{Role: role}, Streaming: streaming, FragmentSize: rng.IntN(3) * rng.IntN(5000)}
			if ext != nil {
				cfg.Extension = ext()
			}
			return NewConn(cfg)
		}
		client := &connEndpoint{c: newConn(Client), t: t}
		server := &connEndpoint{c: newConn(Server), t: t}
		var toServer, toClient []connSentMessage
		for i := 0; i < 30; i++ {
			// Each round, both sides send a few messages; the bytes
			// cross in random chunks and the automatic replies flow
			// back.
			var c2s, s2c []byte
			for j := rng.IntN(3); j > 0; j-- {
				m := connRandomMessage(rng)
				toServer = append(toServer, m)
				c2s = append(c2s, connSend(rng, client.c, m)...)
				if rng.IntN(4) == 0 {
					c2s, _ = client.c.AppendPing(c2s, []byte{byte(i)})
				}
			}
			for j := rng.IntN(3); j > 0; j-- {
				m := connRandomMessage(rng)
				toClient = append(toClient, m)
				s2c = append(s2c, connSend(rng, server.c, m)...)
			}
			s2c = append(s2c, server.receive(rng, c2s)...)
			client.receive(rng, s2c)
		}
		if !connSameMessages(toServer, server.received) || !connSameMessages(toClient, client.received) {
			t.Fatalf("seed %d: %d/%d messages to the server, %d/%d to the client arrived intact",
				seed, connCountSame(toServer, server.received), len(toServer),
				connCountSame(toClient, client.received), len(toClient))
		}
		// A clean close from either side.
		initiator, responder := client, server
		if seed%2 == 0 {
			initiator, responder = server, client
		}
		closing, err := initiator.c.AppendClose(nil, CloseNormal, "bye")
		if err != nil {
			t.Fatal(err)
		}
		reply := responder.receive(rng, closing)
		initiator.receive(rng, reply)
		if !initiator.closed || !responder.closed ||
			initiator.c.State() != StateClosed || responder.c.State() != StateClosed {
			t.Fatalf("seed %d: close handshake incomplete: %v / %v", seed, initiator.c.State(), responder.c.State())
		}
		if !server.c.ShouldCloseTransport() || client.c.ShouldCloseTransport() {
			t.Fatalf("seed %d: the server should close the transport first", seed)
		}
	}
}

func connSameMessages(a, b []connSentMessage) bool {
	return len(a) == len(b) && connCountSame(a, b) == len(a)
}

func connCountSame(a, b []connSentMessage) int {
	n := 0
	for i := range a {
		if i < len(b) && a[i].op == b[i].op && bytes.Equal(a[i].payload, b[i].payload) {
			n++
		}
	}
	return n
}
