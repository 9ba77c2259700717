package wsframe

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// The conformance table is written by this generator from expectations
// stated here case by case, from RFC 6455 and the Autobahn testsuite's
// case descriptions; nothing in it is recorded from the Conn. Run
//
//	go test ./wsframe -run TestConnConformanceTableUpToDate -update-conn
//
// to rewrite testdata/conn/conformance.json after changing a case.
var updateConn = flag.Bool("update-conn", false, "rewrite testdata/conn/conformance.json from its generator")

// connGen collects cases.
type connGen struct{ cases []connConformanceCase }

// connCaseBuilder builds one case; its methods append to the case in the
// order things happen.
type connCaseBuilder struct {
	c    *connConformanceCase
	role Role
	keys connCounterKeys // the keys the Conn will draw, for a client
	out  []byte
}

func (g *connGen) add(id, section, description string, role Role) *connCaseBuilder {
	g.cases = append(g.cases, connConformanceCase{
		ID: id + "/" + role.String(), Section: section, Description: description,
		Role: role.String(), State: StateOpen.String(), Events: []connEventRecord{},
	})
	return &connCaseBuilder{c: &g.cases[len(g.cases)-1], role: role}
}

// both adds the case for a server and for a client; build fills it in.
func (g *connGen) both(id, section, description string, build func(b *connCaseBuilder)) {
	for _, role := range []Role{Server, Client} {
		b := g.add(id, section, description, role)
		build(b)
		b.done()
	}
}

// server adds the case for a server only.
func (g *connGen) server(id, section, description string, build func(b *connCaseBuilder)) {
	b := g.add(id, section, description, Server)
	build(b)
	b.done()
}

func (b *connCaseBuilder) done() { b.c.Outbound = hex.EncodeToString(b.out) }

func (b *connCaseBuilder) config(cfg connCaseConfig) { b.c.Config = &cfg }

// frame encodes a frame as the peer sends it.
func (b *connCaseBuilder) frame(fin bool, rsv uint8, op Opcode, payload []byte) []byte {
	return connPeerFrame(b.role, fin, rsv, op, payload)
}

func (b *connCaseBuilder) recv(frames ...[]byte) {
	b.c.Steps = append(b.c.Steps, connCaseStep{Receive: hex.EncodeToString(connConcat(frames...))})
}

func (b *connCaseBuilder) recvRepeated(fin bool, op Opcode, c byte, n int) {
	b.c.Steps = append(b.c.Steps, connCaseStep{ReceiveFrame: &connCaseFrame{Fin: fin, Opcode: uint8(op), Byte: hex.EncodeToString([]byte{c}), Count: n}})
}

func (b *connCaseBuilder) eof() { b.c.Steps = append(b.c.Steps, connCaseStep{EOF: true}) }

func (b *connCaseBuilder) send(s connCaseSend) {
	if !utf8.ValidString(s.Text) {
		// JSON would replace the invalid bytes: such payloads go as hex.
		panic("case " + b.c.ID + ": send text is not UTF-8")
	}
	b.c.Steps = append(b.c.Steps, connCaseStep{Send: &s})
}

// sends appends a frame the local endpoint is expected to send.
func (b *connCaseBuilder) sends(fin bool, op Opcode, payload []byte) {
	b.out = append(b.out, connLocalFrame(b.role, &b.keys, fin, op, payload)...)
}

func (b *connCaseBuilder) sendsClose(code CloseCode) { b.sendsCloseWith(code, "") }

// sendsCloseWith expects a close frame with code and reason: the echo of
// a close the peer sent.
func (b *connCaseBuilder) sendsCloseWith(code CloseCode, reason string) {
	if code == CloseNoStatus {
		b.sends(true, OpClose, nil)
		return
	}
	b.sends(true, OpClose, connClosePayload(code, reason))
}

func (b *connCaseBuilder) expect(evs ...connEventRecord) { b.c.Events = append(b.c.Events, evs...) }

func (b *connCaseBuilder) state(s State) { b.c.State = s.String() }

// fails expects the connection to fail with err: the error event, the
// close frame with err's code, and the closed state.
func (b *connCaseBuilder) fails(err error) {
	b.expect(connErrorEv(err))
	b.sendsClose(CloseCodeOf(err))
	b.c.Error = connSentinelName(err)
	b.state(StateClosed)
}

func connBigEv(kind EventKind, c byte, n int) connEventRecord {
	return connMakeRecord(kind, bytes.Repeat([]byte{c}, n), 0, nil)
}

func connHexBytes(s string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		panic(err)
	}
	return b
}

func buildConnConformance() connConformanceTable {
	g := &connGen{}
	connFramingCases(g)
	connPingPongCases(g)
	connReservedBitsCases(g)
	connOpcodeCases(g)
	connFragmentationCases(g)
	connUTF8Cases(g)
	connCloseCases(g)
	connAutoFragmentationCases(g)
	return connConformanceTable{
		Description: "Conformance cases of wsframe.Conn, modelled on the Autobahn testsuite's sections 1-7 and 10; see README.md.",
		Cases:       g.cases,
	}
}

// Section 1: framing. Text and binary messages of lengths at and around
// the boundaries of the three length forms.
func connFramingCases(g *connGen) {
	lengths := []int{0, 125, 126, 127, 128, 65535, 65536}
	for i, n := range lengths {
		n := n
		g.both(fmt.Sprintf("1.1.%d", i+1), "framing", fmt.Sprintf("text message of %d bytes", n), func(b *connCaseBuilder) {
			b.recvRepeated(true, OpText, '*', n)
			b.expect(connBigEv(EventText, '*', n))
		})
		g.both(fmt.Sprintf("1.2.%d", i+1), "framing", fmt.Sprintf("binary message of %d bytes", n), func(b *connCaseBuilder) {
			b.recvRepeated(true, OpBinary, 0xfe, n)
			b.expect(connBigEv(EventBinary, 0xfe, n))
		})
	}
	g.both("1.1.8", "framing", "text message of 65536 bytes, delivered in streamed pieces", func(b *connCaseBuilder) {
		b.config(connCaseConfig{Streaming: true})
		b.recvRepeated(true, OpText, '*', 65536)
		b.expect(connBigEv(EventText, '*', 65536))
	})
	g.both("1.2.8", "framing", "binary message of 65536 bytes, delivered in streamed pieces", func(b *connCaseBuilder) {
		b.config(connCaseConfig{Streaming: true})
		b.recvRepeated(true, OpBinary, 0xfe, 65536)
		b.expect(connBigEv(EventBinary, 0xfe, 65536))
	})
}

// Section 2: pings and pongs.
func connPingPongCases(g *connGen) {
	g.both("2.1", "ping/pong", "ping without payload is answered by a pong without payload", func(b *connCaseBuilder) {
		b.recv(b.frame(true, 0, OpPing, nil))
		b.expect(connPingEv(nil))
		b.sends(true, OpPong, nil)
	})
	g.both("2.2", "ping/pong", "ping with text payload is answered with the same payload", func(b *connCaseBuilder) {
		p := []byte("Hello, world!")
		b.recv(b.frame(true, 0, OpPing, p))
		b.expect(connPingEv(p))
		b.sends(true, OpPong, p)
	})
	g.both("2.3", "ping/pong", "ping with binary payload", func(b *connCaseBuilder) {
		p := connHexBytes("00 ff fe fd fc fb 00 ff")
		b.recv(b.frame(true, 0, OpPing, p))
		b.expect(connPingEv(p))
		b.sends(true, OpPong, p)
	})
	g.both("2.4", "ping/pong", "ping with 125-byte payload, the largest allowed", func(b *connCaseBuilder) {
		p := bytes.Repeat([]byte{0xfe}, 125)
		b.recv(b.frame(true, 0, OpPing, p))
		b.expect(connPingEv(p))
		b.sends(true, OpPong, p)
	})
	g.both("2.5", "ping/pong", "ping with 126-byte payload fails (RFC 6455 §5.5)", func(b *connCaseBuilder) {
		b.recv(b.frame(true, 0, OpPing, bytes.Repeat([]byte{0xfe}, 126)))
		b.fails(ErrControlTooLong)
	})
	g.both("2.6", "ping/pong", "ping with 125-byte payload, automatic pongs disabled", func(b *connCaseBuilder) {
		b.config(connCaseConfig{DisableAutoPong: true})
		p := bytes.Repeat([]byte{0x55}, 125)
		b.recv(b.frame(true, 0, OpPing, p))
		b.expect(connPingEv(p))
	})
	g.both("2.7", "ping/pong", "unsolicited pong without payload is reported, not answered", func(b *connCaseBuilder) {
		b.recv(b.frame(true, 0, OpPong, nil))
		b.expect(connPongEv(nil))
	})
	g.both("2.8", "ping/pong", "unsolicited pong with payload", func(b *connCaseBuilder) {
		p := []byte("unsolicited pong payload")
		b.recv(b.frame(true, 0, OpPong, p))
		b.expect(connPongEv(p))
	})
	g.both("2.9", "ping/pong", "unsolicited pong, then ping", func(b *connCaseBuilder) {
		p, q := []byte("unsolicited pong payload"), []byte("ping payload")
		b.recv(b.frame(true, 0, OpPong, p), b.frame(true, 0, OpPing, q))
		b.expect(connPongEv(p), connPingEv(q))
		b.sends(true, OpPong, q)
	})
	g.both("2.10", "ping/pong", "ten pings, each answered (drained after each)", func(b *connCaseBuilder) {
		var in [][]byte
		for i := 0; i < 10; i++ {
			in = append(in, b.frame(true, 0, OpPing, []byte(fmt.Sprintf("payload-%d", i))))
		}
		b.recv(in...)
		for i := 0; i < 10; i++ {
			p := []byte(fmt.Sprintf("payload-%d", i))
			b.expect(connPingEv(p))
			b.sends(true, OpPong, p)
		}
	})
	g.both("2.11", "ping/pong", "ping between a text message and a binary message", func(b *connCaseBuilder) {
		b.recv(b.frame(true, 0, OpText, []byte("a")), b.frame(true, 0, OpPing, []byte("b")), b.frame(true, 0, OpBinary, []byte("c")))
		b.expect(connTextEv("a"), connPingEv([]byte("b")), connBinaryEv([]byte("c")))
		b.sends(true, OpPong, []byte("b"))
	})
}

// Section 3: reserved bits. No extension is negotiated, so every RSV bit
// fails the connection (RFC 6455 §5.2), and nothing after it is read.
func connReservedBitsCases(g *connGen) {
	hello := []byte("Hello, world!")
	g.both("3.1", "reserved bits", "text message with RSV1", func(b *connCaseBuilder) {
		b.recv(b.frame(true, RSV1, OpText, hello))
		b.fails(ErrReservedBits)
	})
	rows := []struct {
		id   string
		rsv  uint8
		op   Opcode
		desc string
	}{
		{"3.2", RSV2, OpText, "text message, then text with RSV2, then ping"},
		{"3.3", RSV1 | RSV2, OpText, "text message, then text with RSV1 and RSV2, then ping"},
		{"3.4", RSV3, OpText, "text message, then text with RSV3, then ping"},
		{"3.5", RSV1 | RSV3, OpBinary, "text message, then binary with RSV1 and RSV3, then ping"},
		{"3.6", RSV2 | RSV3, OpPing, "text message, then ping with RSV2 and RSV3, then ping"},
		{"3.7", RSV1 | RSV2 | RSV3, OpClose, "text message, then close with all RSV bits, then ping"},
	}
	for _, r := range rows {
		r := r
		g.both(r.id, "reserved bits", r.desc, func(b *connCaseBuilder) {
			var payload []byte
			if r.op == OpClose {
				payload = connClosePayload(CloseNormal, "")
			}
			b.recv(b.frame(true, 0, OpText, hello), b.frame(true, r.rsv, r.op, payload), b.frame(true, 0, OpPing, nil))
			b.expect(connTextEv(string(hello)))
			b.fails(ErrReservedBits)
		})
	}
}

// Section 4: reserved opcodes fail the connection (RFC 6455 §5.2).
func connOpcodeCases(g *connGen) {
	for i, op := range []Opcode{3, 4, 5, 6, 7} {
		op := op
		section := fmt.Sprintf("4.1.%d", i+1)
		g.both(section, "opcodes", fmt.Sprintf("reserved data opcode %d", op), func(b *connCaseBuilder) {
			var payload []byte
			if i%2 == 1 {
				payload = []byte("reserved opcode payload")
			}
			if i >= 2 {
				// A valid message first, and a ping that must stay
				// unanswered after the failure.
				b.recv(b.frame(true, 0, OpText, []byte("Hello, world!")), b.frame(true, 0, op, payload), b.frame(true, 0, OpPing, nil))
				b.expect(connTextEv("Hello, world!"))
			} else {
				b.recv(b.frame(true, 0, op, payload))
			}
			b.fails(ErrReservedOpcode)
		})
	}
	for i, op := range []Opcode{0xB, 0xC, 0xD, 0xE, 0xF} {
		op := op
		section := fmt.Sprintf("4.2.%d", i+1)
		g.both(section, "opcodes", fmt.Sprintf("reserved control opcode %d", op), func(b *connCaseBuilder) {
			var payload []byte
			if i%2 == 1 {
				payload = []byte("reserved opcode payload")
			}
			if i >= 2 {
				b.recv(b.frame(true, 0, OpText, []byte("Hello, world!")), b.frame(true, 0, op, payload), b.frame(true, 0, OpPing, nil))
				b.expect(connTextEv("Hello, world!"))
			} else {
				b.recv(b.frame(true, 0, op, payload))
			}
			b.fails(ErrReservedOpcode)
		})
	}
}

// Section 5: fragmentation (RFC 6455 §5.4).
func connFragmentationCases(g *connGen) {
	f1, f2 := []byte("fragment1"), []byte("fragment2")
	g.both("5.1", "fragmentation", "ping in two fragments fails", func(b *connCaseBuilder) {
		b.recv(b.frame(false, 0, OpPing, f1), b.frame(true, 0, OpContinuation, f2))
		b.fails(ErrFragmentedControl)
	})
	g.both("5.2", "fragmentation", "pong in two fragments fails", func(b *connCaseBuilder) {
		b.recv(b.frame(false, 0, OpPong, f1), b.frame(true, 0, OpContinuation, f2))
		b.fails(ErrFragmentedControl)
	})
	g.both("5.3", "fragmentation", "text message in two fragments", func(b *connCaseBuilder) {
		b.recv(b.frame(false, 0, OpText, f1), b.frame(true, 0, OpContinuation, f2))
		b.expect(connTextEv("fragment1fragment2"))
	})
	g.both("5.4", "fragmentation", "text message in two fragments, streamed", func(b *connCaseBuilder) {
		b.config(connCaseConfig{Streaming: true})
		b.recv(b.frame(false, 0, OpText, f1), b.frame(true, 0, OpContinuation, f2))
		b.expect(connTextEv("fragment1fragment2"))
	})
	g.both("5.5", "fragmentation", "binary message in two fragments, fragment limit exactly met", func(b *connCaseBuilder) {
		b.config(connCaseConfig{MaxFragments: 2})
		b.recv(b.frame(false, 0, OpBinary, f1), b.frame(true, 0, OpContinuation, f2))
		b.expect(connBinaryEv([]byte("fragment1fragment2")))
	})
	g.both("5.6", "fragmentation", "text message in two fragments with a ping between", func(b *connCaseBuilder) {
		b.recv(b.frame(false, 0, OpText, f1), b.frame(true, 0, OpPing, nil), b.frame(true, 0, OpContinuation, f2))
		b.expect(connPingEv(nil), connTextEv("fragment1fragment2"))
		b.sends(true, OpPong, nil)
	})
	g.both("5.7", "fragmentation", "text message in two fragments with a ping between, streamed", func(b *connCaseBuilder) {
		b.config(connCaseConfig{Streaming: true})
		b.recv(b.frame(false, 0, OpText, f1), b.frame(true, 0, OpPing, nil), b.frame(true, 0, OpContinuation, f2))
		// The message's first piece arrives before the ping.
		b.expect(connTextEv("fragment1fragment2"), connPingEv(nil))
		b.sends(true, OpPong, nil)
	})
	g.both("5.8", "fragmentation", "text message in two fragments with a ping with payload between", func(b *connCaseBuilder) {
		p := []byte("pongme!")
		b.recv(b.frame(false, 0, OpText, f1), b.frame(true, 0, OpPing, p), b.frame(true, 0, OpContinuation, f2))
		b.expect(connPingEv(p), connTextEv("fragment1fragment2"))
		b.sends(true, OpPong, p)
	})
	g.both("5.9", "fragmentation", "final continuation without a message, then a text message", func(b *connCaseBuilder) {
		b.recv(b.frame(true, 0, OpContinuation, []byte("non-continuation payload")), b.frame(true, 0, OpText, []byte("Hello, world!")))
		b.fails(ErrUnexpectedContinuation)
	})
	g.both("5.10", "fragmentation", "empty final continuation without a message", func(b *connCaseBuilder) {
		b.recv(b.frame(true, 0, OpContinuation, nil))
		b.fails(ErrUnexpectedContinuation)
	})
	g.both("5.11", "fragmentation", "final continuation without a message, streamed", func(b *connCaseBuilder) {
		b.config(connCaseConfig{Streaming: true})
		b.recv(b.frame(true, 0, OpContinuation, []byte("non-continuation payload")), b.frame(true, 0, OpText, []byte("Hello, world!")))
		b.fails(ErrUnexpectedContinuation)
	})
	g.both("5.12", "fragmentation", "non-final continuation without a message, then a text message", func(b *connCaseBuilder) {
		b.recv(b.frame(false, 0, OpContinuation, []byte("non-continuation payload")), b.frame(true, 0, OpText, []byte("Hello, world!")))
		b.fails(ErrUnexpectedContinuation)
	})
	g.both("5.13", "fragmentation", "continuation after a complete message", func(b *connCaseBuilder) {
		b.recv(b.frame(true, 0, OpText, []byte("done")), b.frame(true, 0, OpContinuation, []byte("more")))
		b.expect(connTextEv("done"))
		b.fails(ErrUnexpectedContinuation)
	})
	g.both("5.14", "fragmentation", "continuation after a complete fragmented message, streamed", func(b *connCaseBuilder) {
		b.config(connCaseConfig{Streaming: true})
		b.recv(b.frame(false, 0, OpText, f1), b.frame(true, 0, OpContinuation, f2), b.frame(false, 0, OpContinuation, []byte("x")))
		b.expect(connTextEv("fragment1fragment2"))
		b.fails(ErrUnexpectedContinuation)
	})
	g.both("5.15", "fragmentation", "text in two fragments, then a continuation and a text fragment", func(b *connCaseBuilder) {
		b.recv(b.frame(false, 0, OpText, f1), b.frame(true, 0, OpContinuation, f2),
			b.frame(false, 0, OpContinuation, []byte("fragment3")), b.frame(true, 0, OpText, []byte("fragment4")))
		b.expect(connTextEv("fragment1fragment2"))
		b.fails(ErrUnexpectedContinuation)
	})
	g.both("5.16", "fragmentation", "continuation, text, continuation: fails at the first", func(b *connCaseBuilder) {
		b.recv(b.frame(false, 0, OpContinuation, f1), b.frame(false, 0, OpText, f2), b.frame(true, 0, OpContinuation, []byte("fragment3")))
		b.fails(ErrUnexpectedContinuation)
	})
	g.both("5.17", "fragmentation", "final continuation, text, final continuation: fails at the first", func(b *connCaseBuilder) {
		b.recv(b.frame(true, 0, OpContinuation, f1), b.frame(false, 0, OpText, f2), b.frame(true, 0, OpContinuation, []byte("fragment3")))
		b.fails(ErrUnexpectedContinuation)
	})
	g.both("5.18", "fragmentation", "text fragment followed by a second text frame fails", func(b *connCaseBuilder) {
		b.recv(b.frame(false, 0, OpText, f1), b.frame(true, 0, OpText, f2))
		b.fails(ErrExpectedContinuation)
	})
	g.both("5.19", "fragmentation", "text in five fragments with two pings between", func(b *connCaseBuilder) {
		p1, p2 := []byte("pongme 1!"), []byte("pongme 2!")
		b.recv(b.frame(false, 0, OpText, []byte("fragment1")), b.frame(false, 0, OpContinuation, []byte("fragment2")),
			b.frame(true, 0, OpPing, p1), b.frame(false, 0, OpContinuation, []byte("fragment3")),
			b.frame(false, 0, OpContinuation, []byte("fragment4")), b.frame(true, 0, OpPing, p2),
			b.frame(true, 0, OpContinuation, []byte("fragment5")))
		b.expect(connPingEv(p1), connPingEv(p2), connTextEv("fragment1fragment2fragment3fragment4fragment5"))
		b.sends(true, OpPong, p1)
		b.sends(true, OpPong, p2)
	})
	g.both("5.20", "fragmentation", "text in five fragments with two pings between, streamed", func(b *connCaseBuilder) {
		b.config(connCaseConfig{Streaming: true})
		p1, p2 := []byte("pongme 1!"), []byte("pongme 2!")
		b.recv(b.frame(false, 0, OpText, []byte("fragment1")), b.frame(false, 0, OpContinuation, []byte("fragment2")),
			b.frame(true, 0, OpPing, p1), b.frame(false, 0, OpContinuation, []byte("fragment3")),
			b.frame(false, 0, OpContinuation, []byte("fragment4")), b.frame(true, 0, OpPing, p2),
			b.frame(true, 0, OpContinuation, []byte("fragment5")))
		b.expect(connTextEv("fragment1fragment2fragment3fragment4fragment5"), connPingEv(p1), connPingEv(p2))
		b.sends(true, OpPong, p1)
		b.sends(true, OpPong, p2)
	})
	g.both("5.21", "fragmentation", "one fragment more than the fragment limit", func(b *connCaseBuilder) {
		b.config(connCaseConfig{MaxFragments: 3})
		b.recv(b.frame(false, 0, OpBinary, []byte("a")), b.frame(false, 0, OpContinuation, []byte("b")),
			b.frame(false, 0, OpContinuation, []byte("c")), b.frame(true, 0, OpContinuation, []byte("d")))
		b.fails(ErrTooManyFragments)
	})
	g.both("5.22", "fragmentation", "a flood of empty fragments is stopped by the fragment limit", func(b *connCaseBuilder) {
		b.config(connCaseConfig{MaxFragments: 100})
		frames := [][]byte{b.frame(false, 0, OpText, nil)}
		for i := 0; i < 120; i++ {
			frames = append(frames, b.frame(false, 0, OpContinuation, nil))
		}
		b.recv(frames...)
		b.fails(ErrTooManyFragments)
	})
	g.both("5.23", "fragmentation", "fragments one byte over the message size limit", func(b *connCaseBuilder) {
		b.config(connCaseConfig{MaxMessageSize: 17})
		b.recv(b.frame(false, 0, OpText, f1), b.frame(true, 0, OpContinuation, f2))
		b.fails(ErrMessageTooLarge)
	})
	g.both("5.24", "fragmentation", "fragments exactly at the message size limit", func(b *connCaseBuilder) {
		b.config(connCaseConfig{MaxMessageSize: 18})
		b.recv(b.frame(false, 0, OpText, f1), b.frame(true, 0, OpContinuation, f2))
		b.expect(connTextEv("fragment1fragment2"))
	})
	g.both("5.25", "fragmentation", "streamed message over the message size limit fails before its payload", func(b *connCaseBuilder) {
		b.config(connCaseConfig{MaxMessageSize: 17, Streaming: true})
		// The second header already shows 18 bytes; its payload is never
		// delivered.
		b.recv(b.frame(false, 0, OpBinary, f1), b.frame(true, 0, OpContinuation, f2))
		b.expect(connEventRecord{Kind: "partial-binary", Hex: hex.EncodeToString(f1)})
		b.fails(ErrMessageTooLarge)
	})
	g.both("5.26", "fragmentation", "frame over the frame payload limit", func(b *connCaseBuilder) {
		b.config(connCaseConfig{MaxFramePayload: 8})
		b.recv(b.frame(true, 0, OpBinary, f1))
		b.fails(ErrFrameTooLarge)
	})
	g.both("5.27", "fragmentation", "close inside a fragmented message discards it", func(b *connCaseBuilder) {
		b.recv(b.frame(false, 0, OpText, f1), b.frame(true, 0, OpClose, connClosePayload(CloseNormal, "")), b.frame(true, 0, OpContinuation, f2))
		b.expect(connCloseEv(CloseNormal, ""))
		b.sendsClose(CloseNormal)
		b.state(StateClosed)
	})
}

// connUTF8Row is a text payload and whether it is valid UTF-8 (RFC 3629),
// after the Autobahn testsuite's section 6, which follows Markus Kuhn's
// UTF-8 decoder stress test.
type connUTF8Row struct {
	id, desc string
	hex      string
	valid    bool
}

var connUTF8Rows = []connUTF8Row{
	{"6.5.1", "κόσμε", "ce ba e1 bd b9 cf 83 ce bc ce b5", true},
	{"6.7.1", "first possible 1-byte sequence U+0000", "00", true},
	{"6.7.2", "first possible 2-byte sequence U+0080", "c2 80", true},
	{"6.7.3", "first possible 3-byte sequence U+0800", "e0 a0 80", true},
	{"6.7.4", "first possible 4-byte sequence U+10000", "f0 90 80 80", true},
	{"6.8.1", "5-byte sequence (beyond UTF-8)", "f8 88 80 80 80", false},
	{"6.8.2", "6-byte sequence (beyond UTF-8)", "fc 84 80 80 80 80", false},
	{"6.9.1", "last possible 1-byte sequence U+007F", "7f", true},
	{"6.9.2", "last possible 2-byte sequence U+07FF", "df bf", true},
	{"6.9.3", "last possible 3-byte sequence U+FFFF", "ef bf bf", true},
	{"6.9.4", "last possible 4-byte sequence U+10FFFF", "f4 8f bf bf", true},
	{"6.10.1", "4-byte sequence for U+1FFFFF", "f7 bf bf bf", false},
	{"6.10.2", "5-byte sequence for U+3FFFFFF", "fb bf bf bf bf", false},
	{"6.10.3", "6-byte sequence for U+7FFFFFFF", "fd bf bf bf bf bf", false},
	{"6.11.1", "U+D7FF, before the surrogates", "ed 9f bf", true},
	{"6.11.2", "U+E000, after the surrogates", "ee 80 80", true},
	{"6.11.3", "U+FFFD", "ef bf bd", true},
	{"6.11.4", "U+10FFFF", "f4 8f bf bf", true},
	{"6.11.5", "U+110000, beyond Unicode", "f4 90 80 80", false},
	{"6.12.1", "lone first continuation byte", "80", false},
	{"6.12.2", "lone last continuation byte", "bf", false},
	{"6.12.3", "2 continuation bytes", "80 bf", false},
	{"6.12.4", "3 continuation bytes", "80 bf 80", false},
	{"6.12.5", "4 continuation bytes", "80 bf 80 bf", false},
	{"6.12.6", "5 continuation bytes", "80 bf 80 bf 80", false},
	{"6.12.7", "6 continuation bytes", "80 bf 80 bf 80 bf", false},
	{"6.12.8", "all 64 continuation bytes", connByteRange(0x80, 0xbf, ""), false},
	{"6.13.1", "lonely 2-byte leads, each followed by a space", connByteRange(0xc0, 0xdf, "20"), false},
	{"6.13.2", "lonely 3-byte leads, each followed by a space", connByteRange(0xe0, 0xef, "20"), false},
	{"6.13.3", "lonely 4-byte leads, each followed by a space", connByteRange(0xf0, 0xf7, "20"), false},
	{"6.13.4", "lonely 5-byte leads, each followed by a space", connByteRange(0xf8, 0xfb, "20"), false},
	{"6.13.5", "lonely 6-byte leads, each followed by a space", connByteRange(0xfc, 0xfd, "20"), false},
	{"6.14.1", "2-byte sequence for U+0000 without its last byte", "c0", false},
	{"6.14.2", "3-byte sequence for U+0000 without its last byte", "e0 80", false},
	{"6.14.3", "4-byte sequence for U+0000 without its last byte", "f0 80 80", false},
	{"6.14.4", "5-byte sequence without its last byte", "f8 80 80 80", false},
	{"6.14.5", "6-byte sequence without its last byte", "fc 80 80 80 80", false},
	{"6.14.6", "U+07FF without its last byte", "df", false},
	{"6.14.7", "U+FFFF without its last byte", "ef bf", false},
	{"6.14.8", "4-byte U+1FFFFF without its last byte", "f7 bf bf", false},
	{"6.14.9", "5-byte sequence without its last byte", "fb bf bf bf", false},
	{"6.14.10", "6-byte sequence without its last byte", "fd bf bf bf bf", false},
	{"6.15.1", "the sequences of 6.14 concatenated", "c0 e0 80 f0 80 80 f8 80 80 80 fc 80 80 80 80 df ef bf f7 bf bf fb bf bf bf fd bf bf bf bf", false},
	{"6.16.1", "byte fe", "fe", false},
	{"6.16.2", "byte ff", "ff", false},
	{"6.16.3", "bytes fe fe ff ff", "fe fe ff ff", false},
	{"6.17.1", "overlong '/' in 2 bytes", "c0 af", false},
	{"6.17.2", "overlong '/' in 3 bytes", "e0 80 af", false},
	{"6.17.3", "overlong '/' in 4 bytes", "f0 80 80 af", false},
	{"6.17.4", "overlong '/' in 5 bytes", "f8 80 80 80 af", false},
	{"6.17.5", "overlong '/' in 6 bytes", "fc 80 80 80 80 af", false},
	{"6.18.1", "largest overlong 2-byte sequence", "c1 bf", false},
	{"6.18.2", "largest overlong 3-byte sequence", "e0 9f bf", false},
	{"6.18.3", "largest overlong 4-byte sequence", "f0 8f bf bf", false},
	{"6.18.4", "largest overlong 5-byte sequence", "f8 87 bf bf bf", false},
	{"6.18.5", "largest overlong 6-byte sequence", "fc 83 bf bf bf bf", false},
	{"6.19.1", "overlong NUL in 2 bytes", "c0 80", false},
	{"6.19.2", "overlong NUL in 3 bytes", "e0 80 80", false},
	{"6.19.3", "overlong NUL in 4 bytes", "f0 80 80 80", false},
	{"6.19.4", "overlong NUL in 5 bytes", "f8 80 80 80 80", false},
	{"6.19.5", "overlong NUL in 6 bytes", "fc 80 80 80 80 80", false},
	{"6.20.1", "single surrogate U+D800", "ed a0 80", false},
	{"6.20.2", "single surrogate U+DB7F", "ed ad bf", false},
	{"6.20.3", "single surrogate U+DB80", "ed ae 80", false},
	{"6.20.4", "single surrogate U+DBFF", "ed af bf", false},
	{"6.20.5", "single surrogate U+DC00", "ed b0 80", false},
	{"6.20.6", "single surrogate U+DF80", "ed be 80", false},
	{"6.20.7", "single surrogate U+DFFF", "ed bf bf", false},
	{"6.21.1", "surrogate pair U+D800 U+DC00", "ed a0 80 ed b0 80", false},
	{"6.21.2", "surrogate pair U+D800 U+DFFF", "ed a0 80 ed bf bf", false},
	{"6.21.3", "surrogate pair U+DB7F U+DC00", "ed ad bf ed b0 80", false},
	{"6.21.4", "surrogate pair U+DB7F U+DFFF", "ed ad bf ed bf bf", false},
	{"6.21.5", "surrogate pair U+DB80 U+DC00", "ed ae 80 ed b0 80", false},
	{"6.21.6", "surrogate pair U+DB80 U+DFFF", "ed ae 80 ed bf bf", false},
	{"6.21.7", "surrogate pair U+DBFF U+DC00", "ed af bf ed b0 80", false},
	{"6.21.8", "surrogate pair U+DBFF U+DFFF", "ed af bf ed bf bf", false},
	{"6.22.1", "noncharacter U+FFFE", "ef bf be", true},
	{"6.22.2", "noncharacter U+FFFF", "ef bf bf", true},
	{"6.22.3", "noncharacter U+1FFFE", "f0 9f bf be", true},
	{"6.22.4", "noncharacter U+1FFFF", "f0 9f bf bf", true},
	{"6.22.5", "noncharacter U+2FFFE", "f0 af bf be", true},
	{"6.22.6", "noncharacter U+10FFFE", "f4 8f bf be", true},
	{"6.22.7", "noncharacter U+10FFFF", "f4 8f bf bf", true},
	{"6.22.8", "noncharacter U+FDD0", "ef b7 90", true},
	{"6.22.9", "noncharacter U+FDEF", "ef b7 af", true},
	{"6.23.1", "replacement character U+FFFD", "ef bf bd", true},
	{"6.23.2", "byte order mark U+FEFF", "ef bb bf", true},
	{"6.23.3", "NUL between letters", "61 00 62", true},
}

// connByteRange spells the bytes from..to in hex, each followed by sep.
func connByteRange(from, to int, sep string) string {
	var sb strings.Builder
	for c := from; c <= to; c++ {
		fmt.Fprintf(&sb, "%02x %s ", c, sep)
	}
	return sb.String()
}

// Section 6: UTF-8 handling (RFC 6455 §8.1: invalid text fails with 1007,
// as soon as the invalid byte is seen).
func connUTF8Cases(g *connGen) {
	g.both("6.1.1", "utf-8", "empty text message", func(b *connCaseBuilder) {
		b.recv(b.frame(true, 0, OpText, nil))
		b.expect(connTextEv(""))
	})
	g.both("6.1.2", "utf-8", "empty text message in three empty fragments", func(b *connCaseBuilder) {
		b.recv(b.frame(false, 0, OpText, nil), b.frame(false, 0, OpContinuation, nil), b.frame(true, 0, OpContinuation, nil))
		b.expect(connTextEv(""))
	})
	g.both("6.1.3", "utf-8", "empty fragments around a non-empty one", func(b *connCaseBuilder) {
		b.recv(b.frame(false, 0, OpText, nil), b.frame(false, 0, OpContinuation, []byte("middle")), b.frame(true, 0, OpContinuation, nil))
		b.expect(connTextEv("middle"))
	})
	hello := "Hello-\u00b5@\u00df\u00f6\u00e4\u00fc\u00e0\u00e1-UTF-8!!"
	g.both("6.2.1", "utf-8", "valid text with 2-byte code points in one frame", func(b *connCaseBuilder) {
		b.recv(b.frame(true, 0, OpText, []byte(hello)))
		b.expect(connTextEv(hello))
	})
	g.both("6.2.2", "utf-8", "valid text in two fragments split between code points", func(b *connCaseBuilder) {
		b.recv(b.frame(false, 0, OpText, []byte(hello[:8])), b.frame(true, 0, OpContinuation, []byte(hello[8:])))
		b.expect(connTextEv(hello))
	})
	g.both("6.2.3", "utf-8", "valid text in one-byte fragments", func(b *connCaseBuilder) {
		b.config(connCaseConfig{MaxFragments: len(hello)})
		b.recv(connBytewiseFragments(b, []byte(hello))...)
		b.expect(connTextEv(hello))
	})
	kosme := connHexBytes("ce ba e1 bd b9 cf 83 ce bc ce b5")
	g.both("6.2.4", "utf-8", "κόσμε in one-byte fragments", func(b *connCaseBuilder) {
		b.recv(connBytewiseFragments(b, kosme)...)
		b.expect(connTextEv(string(kosme)))
	})
	bad := connConcat(kosme, connHexBytes("ed a0 80"), []byte("edited"))
	g.both("6.3.1", "utf-8", "invalid text (a surrogate) in one frame", func(b *connCaseBuilder) {
		b.recv(b.frame(true, 0, OpText, bad))
		b.fails(ErrInvalidUTF8)
	})
	g.both("6.3.2", "utf-8", "invalid text (a surrogate) in one-byte fragments", func(b *connCaseBuilder) {
		b.recv(connBytewiseFragments(b, bad)...)
		b.fails(ErrInvalidUTF8)
	})
	g.both("6.4.1", "utf-8", "fail fast: invalid second fragment of three, the third never needed", func(b *connCaseBuilder) {
		b.recv(b.frame(false, 0, OpText, kosme), b.frame(false, 0, OpContinuation, connHexBytes("f4 90 80 80")), b.frame(true, 0, OpContinuation, []byte("edited")))
		b.fails(ErrInvalidUTF8)
	})
	g.both("6.4.2", "utf-8", "fail fast: a 4-byte lead ends the first fragment, its invalid continuation begins the second", func(b *connCaseBuilder) {
		b.recv(b.frame(false, 0, OpText, connConcat(kosme, connHexBytes("f4"))), b.frame(false, 0, OpContinuation, connHexBytes("90 80 80")))
		b.fails(ErrInvalidUTF8)
	})
	g.both("6.4.3", "utf-8", "fail fast inside a frame: the frame's end never arrives", func(b *connCaseBuilder) {
		frame := b.frame(true, 0, OpText, connConcat(kosme, connHexBytes("f4 90 80 80"), []byte("edited")))
		// Stop right after the invalid byte 90 (header 2 or 6 bytes).
		cut := len(frame) - len("edited") - 2
		b.recv(frame[:cut])
		b.fails(ErrInvalidUTF8)
	})
	for n := 1; n <= len(kosme); n++ {
		n := n
		// A prefix is valid exactly when it ends on a code point
		// boundary: after byte 2, 5, 7, 9 or 11.
		valid := n == 2 || n == 5 || n == 7 || n == 9 || n == 11
		g.server(fmt.Sprintf("6.6.%d", n), "utf-8", fmt.Sprintf("the first %d bytes of κόσμε as a message", n), func(b *connCaseBuilder) {
			b.recv(b.frame(true, 0, OpText, kosme[:n]))
			if valid {
				b.expect(connTextEv(string(kosme[:n])))
			} else {
				b.fails(ErrInvalidUTF8)
			}
		})
	}
	for _, r := range connUTF8Rows {
		r := r
		build := func(b *connCaseBuilder) {
			p := connHexBytes(r.hex)
			b.recv(b.frame(true, 0, OpText, p))
			if r.valid {
				b.expect(connTextEv(string(p)))
			} else {
				b.fails(ErrInvalidUTF8)
			}
		}
		g.server(r.id, "utf-8", r.desc, build)
		if r.id == "6.5.1" || r.id == "6.20.1" || r.id == "6.17.1" {
			b := g.add(r.id, "utf-8", r.desc, Client)
			build(b)
			b.done()
		}
	}
	// The same rows as one code point per fragment: a code point is
	// never split, but the validity of the whole must still be judged.
	for _, r := range connUTF8Rows[:12] {
		r := r
		g.server(r.id+".fragmented", "utf-8", r.desc+", split between two fragments after its first byte", func(b *connCaseBuilder) {
			p := connHexBytes(r.hex)
			b.recv(b.frame(false, 0, OpText, p[:1]), b.frame(true, 0, OpContinuation, p[1:]))
			if r.valid {
				b.expect(connTextEv(string(p)))
			} else {
				b.fails(ErrInvalidUTF8)
			}
		})
	}
}

func connBytewiseFragments(b *connCaseBuilder, p []byte) [][]byte {
	var frames [][]byte
	for i := range p {
		op := OpContinuation
		if i == 0 {
			op = OpText
		}
		frames = append(frames, b.frame(i == len(p)-1, 0, op, p[i:i+1]))
	}
	return frames
}

// Section 7: the close handshake (RFC 6455 §5.5.1, §7).
func connCloseCases(g *connGen) {
	normal := connClosePayload(CloseNormal, "")
	g.both("7.1.1", "close", "text message, then close: both delivered, close echoed", func(b *connCaseBuilder) {
		b.recv(b.frame(true, 0, OpText, []byte("Hello World!")), b.frame(true, 0, OpClose, normal))
		b.expect(connTextEv("Hello World!"), connCloseEv(CloseNormal, ""))
		b.sendsClose(CloseNormal)
		b.state(StateClosed)
	})
	g.both("7.1.2", "close", "two close frames: the second is ignored", func(b *connCaseBuilder) {
		b.recv(b.frame(true, 0, OpClose, normal), b.frame(true, 0, OpClose, normal))
		b.expect(connCloseEv(CloseNormal, ""))
		b.sendsClose(CloseNormal)
		b.state(StateClosed)
	})
	g.both("7.1.3", "close", "ping after close: not answered", func(b *connCaseBuilder) {
		b.recv(b.frame(true, 0, OpClose, normal), b.frame(true, 0, OpPing, []byte("late")))
		b.expect(connCloseEv(CloseNormal, ""))
		b.sendsClose(CloseNormal)
		b.state(StateClosed)
	})
	g.both("7.1.4", "close", "text message after close: not delivered", func(b *connCaseBuilder) {
		b.recv(b.frame(true, 0, OpClose, normal), b.frame(true, 0, OpText, []byte("Hello World!")))
		b.expect(connCloseEv(CloseNormal, ""))
		b.sendsClose(CloseNormal)
		b.state(StateClosed)
	})
	g.both("7.1.5", "close", "fragment, close, fragment: the message is dropped", func(b *connCaseBuilder) {
		b.recv(b.frame(false, 0, OpText, []byte("fragment1")), b.frame(true, 0, OpClose, normal), b.frame(true, 0, OpContinuation, []byte("fragment2")))
		b.expect(connCloseEv(CloseNormal, ""))
		b.sendsClose(CloseNormal)
		b.state(StateClosed)
	})
	g.both("7.1.6", "close", "garbage after close is not even parsed", func(b *connCaseBuilder) {
		b.recv(b.frame(true, 0, OpClose, normal), connHexBytes("ff ff ff ff"))
		b.expect(connCloseEv(CloseNormal, ""))
		b.sendsClose(CloseNormal)
		b.state(StateClosed)
	})
	g.both("7.3.1", "close", "close without payload: echoed without payload", func(b *connCaseBuilder) {
		b.recv(b.frame(true, 0, OpClose, nil))
		b.expect(connCloseEv(CloseNoStatus, ""))
		b.sendsClose(CloseNoStatus)
		b.state(StateClosed)
	})
	g.both("7.3.2", "close", "close with a one-byte payload fails", func(b *connCaseBuilder) {
		b.recv(b.frame(true, 0, OpClose, []byte{0x03}))
		b.fails(ErrClosePayloadLength)
	})
	g.both("7.3.3", "close", "close with code 1000", func(b *connCaseBuilder) {
		b.recv(b.frame(true, 0, OpClose, normal))
		b.expect(connCloseEv(CloseNormal, ""))
		b.sendsClose(CloseNormal)
		b.state(StateClosed)
	})
	g.both("7.3.4", "close", "close with code and reason: both are echoed", func(b *connCaseBuilder) {
		b.recv(b.frame(true, 0, OpClose, connClosePayload(CloseNormal, "Hello World!")))
		b.expect(connCloseEv(CloseNormal, "Hello World!"))
		b.sendsCloseWith(CloseNormal, "Hello World!")
		b.state(StateClosed)
	})
	g.both("7.3.5", "close", "close with a 123-byte reason, the longest allowed", func(b *connCaseBuilder) {
		reason := strings.Repeat("*", 123)
		b.recv(b.frame(true, 0, OpClose, connClosePayload(CloseNormal, reason)))
		b.expect(connCloseEv(CloseNormal, reason))
		b.sendsCloseWith(CloseNormal, reason)
		b.state(StateClosed)
	})
	g.both("7.3.6", "close", "close with a 124-byte reason: payload over 125 bytes", func(b *connCaseBuilder) {
		b.recv(b.frame(true, 0, OpClose, connClosePayload(CloseNormal, strings.Repeat("*", 124))))
		b.fails(ErrControlTooLong)
	})
	g.both("7.3.7", "close", "close reason with multi-byte code points split between chunks", func(b *connCaseBuilder) {
		reason := "κόσμε €𝄞"
		b.recv(b.frame(true, 0, OpClose, connClosePayload(CloseGoingAway, reason)))
		b.expect(connCloseEv(CloseGoingAway, reason))
		b.sendsCloseWith(CloseGoingAway, reason)
		b.state(StateClosed)
	})
	g.both("7.5.1", "close", "close reason that is not UTF-8 fails with 1007", func(b *connCaseBuilder) {
		b.recv(b.frame(true, 0, OpClose, connClosePayload(CloseNormal, string(connConcat(connHexBytes("ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80"), []byte("edited"))))))
		b.fails(ErrInvalidUTF8)
	})
	// Every code that may appear on the wire is echoed: 1000-1003,
	// 1007-1014 (RFC 6455 §7.4.1 and the IANA registry), 3000-3999
	// (registered), 4000-4999 (private).
	for i, code := range []CloseCode{1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999} {
		code := code
		g.both(fmt.Sprintf("7.7.%d", i+1), "close", fmt.Sprintf("close with valid code %d is echoed", code), func(b *connCaseBuilder) {
			b.recv(b.frame(true, 0, OpClose, connClosePayload(code, "")))
			b.expect(connCloseEv(code, ""))
			b.sendsClose(code)
			b.state(StateClosed)
		})
	}
	// Codes that never appear on the wire fail with 1002: 0-999 unused,
	// 1004 reserved, 1005, 1006 and 1015 local only, 1016-2999 reserved
	// for the protocol, 5000 and up undefined.
	for i, code := range []CloseCode{0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535} {
		code := code
		g.both(fmt.Sprintf("7.9.%d", i+1), "close", fmt.Sprintf("close with invalid code %d fails", code), func(b *connCaseBuilder) {
			b.recv(b.frame(true, 0, OpClose, connClosePayload(code, "")))
			b.fails(ErrInvalidCloseCode)
		})
	}
	g.both("7.10.1", "close", "local close, then the peer's reply: handshake complete, nothing echoed", func(b *connCaseBuilder) {
		b.send(connCaseSend{Op: "close", Code: 1000, Text: "bye"})
		b.sends(true, OpClose, connClosePayload(CloseNormal, "bye"))
		b.recv(b.frame(true, 0, OpClose, normal))
		b.expect(connCloseEv(CloseNormal, ""))
		b.state(StateClosed)
	})
	g.both("7.10.2", "close", "local close: messages still arrive until the peer's close", func(b *connCaseBuilder) {
		b.send(connCaseSend{Op: "close", Code: 1001})
		b.sends(true, OpClose, connClosePayload(CloseGoingAway, ""))
		b.recv(b.frame(true, 0, OpText, []byte("in flight")), b.frame(true, 0, OpClose, connClosePayload(CloseGoingAway, "")))
		b.expect(connTextEv("in flight"), connCloseEv(CloseGoingAway, ""))
		b.state(StateClosed)
	})
	g.both("7.10.3", "close", "local close: a ping is still answered (RFC 6455 §5.5.2)", func(b *connCaseBuilder) {
		b.send(connCaseSend{Op: "close", Code: 1000})
		b.sends(true, OpClose, normal)
		b.recv(b.frame(true, 0, OpPing, []byte("p")))
		b.expect(connPingEv([]byte("p")))
		b.sends(true, OpPong, []byte("p"))
		b.state(StateCloseSent)
	})
	g.both("7.10.4", "close", "no data message after a local close", func(b *connCaseBuilder) {
		b.send(connCaseSend{Op: "close", Code: 1000})
		b.sends(true, OpClose, normal)
		b.send(connCaseSend{Op: "text", Text: "too late", Error: "ErrClosed"})
		b.send(connCaseSend{Op: "close", Code: 1000, Error: "ErrClosed"})
		b.state(StateCloseSent)
	})
	g.both("7.10.5", "close", "no data message once the close reply was sent", func(b *connCaseBuilder) {
		b.recv(b.frame(true, 0, OpClose, normal))
		b.expect(connCloseEv(CloseNormal, ""))
		b.sendsClose(CloseNormal)
		b.send(connCaseSend{Op: "binary", Hex: "00", Error: "ErrClosed"})
		b.send(connCaseSend{Op: "ping", Error: "ErrClosed"})
		b.state(StateClosed)
	})
	g.both("7.10.6", "close", "invalid close codes are refused locally", func(b *connCaseBuilder) {
		b.send(connCaseSend{Op: "close", Code: 1005, Text: "x", Error: "ErrInvalidCloseCode"})
		b.send(connCaseSend{Op: "close", Code: 1006, Error: "ErrInvalidCloseCode"})
		b.send(connCaseSend{Op: "close", Code: 2000, Error: "ErrInvalidCloseCode"})
		b.send(connCaseSend{Op: "close", Code: 1000, Text: strings.Repeat("r", 124), Error: "ErrCloseReasonTooLong"})
		b.send(connCaseSend{Op: "close", Code: 1005})
		b.sends(true, OpClose, nil)
		b.state(StateCloseSent)
	})
	g.both("7.11.1", "close", "transport ends without a close frame: abnormal closure 1006", func(b *connCaseBuilder) {
		b.recv(b.frame(true, 0, OpText, []byte("last")))
		b.eof()
		b.expect(connTextEv("last"), connErrorEv(ErrAbnormalClosure))
		b.c.Error = connSentinelName(ErrAbnormalClosure)
		b.state(StateClosed)
	})
	g.both("7.11.2", "close", "transport ends inside a frame", func(b *connCaseBuilder) {
		frame := b.frame(true, 0, OpText, []byte("truncated"))
		b.recv(frame[:len(frame)-3])
		b.eof()
		b.expect(connErrorEv(ErrAbnormalClosure))
		b.c.Error = connSentinelName(ErrAbnormalClosure)
		b.state(StateClosed)
	})
	g.both("7.11.3", "close", "transport ends after a local close, before the reply", func(b *connCaseBuilder) {
		b.send(connCaseSend{Op: "close", Code: 1000})
		b.sends(true, OpClose, normal)
		b.eof()
		b.expect(connErrorEv(ErrAbnormalClosure))
		b.c.Error = connSentinelName(ErrAbnormalClosure)
		b.state(StateClosed)
	})
	g.both("7.11.4", "close", "transport ends after the handshake: a clean end", func(b *connCaseBuilder) {
		b.recv(b.frame(true, 0, OpClose, normal))
		b.expect(connCloseEv(CloseNormal, ""))
		b.sendsClose(CloseNormal)
		b.eof()
		b.state(StateClosed)
	})
}

// Section 10: auto-fragmentation of outgoing messages at
// ConnConfig.FragmentSize.
func connAutoFragmentationCases(g *connGen) {
	msg := make([]byte, 1000)
	for i := range msg {
		msg[i] = byte('a' + i%26)
	}
	sizes := []int{0, 1, 125, 126, 300, 999, 1000, 1001, 65536}
	for i, size := range sizes {
		size := size
		for j, op := range []Opcode{OpText, OpBinary} {
			op := op
			g.both(fmt.Sprintf("10.1.%d.%d", i+1, j+1), "auto-fragmentation", fmt.Sprintf("1000-byte %v message sent with fragment size %d", op, size), func(b *connCaseBuilder) {
				b.config(connCaseConfig{FragmentSize: size})
				send := connCaseSend{Op: op.String(), Text: string(msg)}
				b.send(send)
				connExpectFragments(b, op, msg, size, true)
			})
		}
	}
	g.both("10.2.1", "auto-fragmentation", "streamed text in three pieces with fragment size 4, a code point split between pieces", func(b *connCaseBuilder) {
		b.config(connCaseConfig{FragmentSize: 4})
		pieces := []string{"abcde\xe2", "\x82\xac", "fghij"}
		for i, p := range pieces {
			b.send(connCaseSend{Op: "text", Hex: hex.EncodeToString([]byte(p)), Fragment: true, Final: i == len(pieces)-1})
		}
		b.sends(false, OpText, []byte("abcd"))
		b.sends(false, OpContinuation, []byte("e\xe2"))
		b.sends(false, OpContinuation, []byte("\x82\xac"))
		b.sends(false, OpContinuation, []byte("fghi"))
		b.sends(true, OpContinuation, []byte("j"))
	})
	g.both("10.2.2", "auto-fragmentation", "a whole message while a streamed one is open is refused", func(b *connCaseBuilder) {
		b.send(connCaseSend{Op: "binary", Hex: "01", Fragment: true})
		b.sends(false, OpBinary, []byte{1})
		b.send(connCaseSend{Op: "binary", Hex: "02", Error: "ErrSendMessageOpen"})
		b.send(connCaseSend{Op: "ping", Hex: "03"})
		b.sends(true, OpPing, []byte{3})
		b.send(connCaseSend{Op: "binary", Hex: "04", Fragment: true, Final: true})
		b.sends(true, OpContinuation, []byte{4})
	})
	g.both("10.2.3", "auto-fragmentation", "invalid text is refused; control payloads over 125 bytes are refused", func(b *connCaseBuilder) {
		b.send(connCaseSend{Op: "text", Hex: "c0af", Error: "ErrInvalidUTF8"})
		b.send(connCaseSend{Op: "ping", Hex: strings.Repeat("00", 126), Error: "ErrControlTooLong"})
		b.send(connCaseSend{Op: "pong", Hex: strings.Repeat("00", 125)})
		b.sends(true, OpPong, make([]byte, 125))
	})
}

// connExpectFragments appends the frames of msg cut at size bytes (0: one
// frame), written independently of the Conn's own loop.
func connExpectFragments(b *connCaseBuilder, op Opcode, msg []byte, size int, final bool) {
	if size <= 0 || size >= len(msg) {
		b.sends(final, op, msg)
		return
	}
	nframes := (len(msg) + size - 1) / size
	for k := 0; k < nframes; k++ {
		end := min((k+1)*size, len(msg))
		frameOp := OpContinuation
		if k == 0 {
			frameOp = op
		}
		b.sends(final && k == nframes-1, frameOp, msg[k*size:end])
	}
}

// TestConnConformanceTableUpToDate checks that the table on disk is what
// the generator writes, or rewrites it with -update-conn.
func TestConnConformanceTableUpToDate(t *testing.T) {
	table := buildConnConformance()
	ids := map[string]bool{}
	for _, c := range table.Cases {
		if ids[c.ID] {
			t.Fatalf("duplicate case id %s", c.ID)
		}
		ids[c.ID] = true
	}
	want, err := json.MarshalIndent(table, "", "\t")
	if err != nil {
		t.Fatal(err)
	}
	want = append(want, '\n')
	if *updateConn {
		if err := os.WriteFile(connConformanceFile, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(connConformanceFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is out of date: run go test ./wsframe -run TestConnConformanceTableUpToDate -update-conn", connConformanceFile)
	}
}
