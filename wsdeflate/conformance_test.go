package wsdeflate

import (
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wscodec/wscodec/wsframe"
	"github.com/wscodec/wscodec/wshandshake"
)

// autobahnOffers are the parameter sets of Autobahn's section 13, which
// runs section 12's traffic under different negotiated parameters: 13.1
// the plain offer, 13.2 no context takeover both ways, 13.3 and 13.4 the
// smallest and largest client window, 13.5 and 13.6 those windows with
// client_no_context_takeover, 13.7 everything at once. The server window
// stays 15, the only one this package's server accepts.
var autobahnOffers = []struct {
	id     string
	params wshandshake.DeflateParams
}{
	{"13.1", wshandshake.DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}},
	{"13.2", wshandshake.DeflateParams{ServerNoContextTakeover: true, ClientNoContextTakeover: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}},
	{"13.3", wshandshake.DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 8}},
	{"13.4", wshandshake.DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}},
	{"13.5", wshandshake.DeflateParams{ClientNoContextTakeover: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 8}},
	{"13.6", wshandshake.DeflateParams{ClientNoContextTakeover: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}},
	{"13.7", wshandshake.DeflateParams{ServerNoContextTakeover: true, ClientNoContextTakeover: true, ServerMaxWindowBits: 9, ClientMaxWindowBits: 8}},
}

// autobahnSizes are the message sizes of Autobahn's section 12 (16 B to
// 128 KiB), plus 1 MiB beyond it.
var autobahnSizes = []int{16, 64, 256, 1024, 4096, 8192, 16384, 32768, 65536, 131072, 1 << 20}

// TestConformanceAutobahn12And13 runs Autobahn's section 12 traffic
// (messages of each size sent back to back, text that compresses and
// binary that does not) under each parameter set of section 13, client to
// server and echoed back, unfragmented and in 4 KiB fragments, received
// whole and in 997-byte chunks (Autobahn's chunk size); small messages
// also byte by byte.
func TestConformanceAutobahn12And13(t *testing.T) {
	for _, offer := range autobahnOffers {
		for _, kind := range []string{"text", "binary"} {
			for _, size := range autobahnSizes {
				if size > 131072 && offer.id != "13.1" && offer.id != "13.7" {
					continue // beyond section 12's sizes: the plain and the strictest offer suffice
				}
				for _, fragment := range []int{0, 4096} {
					count := 10
					if size >= 65536 {
						count = 2
					}
					name := fmt.Sprintf("%s/%s/%d/fragment=%d", offer.id, kind, size, fragment)
					t.Run(name, func(t *testing.T) {
						op := wsframe.OpText
						var msgs [][]byte
						for i := 0; i < count; i++ {
							if kind == "text" {
								msgs = append(msgs, textOf(size, i%3))
							} else {
								op = wsframe.OpBinary
								msgs = append(msgs, noiseOf(size, i))
							}
						}
						chunks := []int{0, 997}
						if size <= 1024 && fragment == 0 {
							chunks = append(chunks, 1)
						}
						for _, chunk := range chunks {
							cfg := wsframe.ConnConfig{FragmentSize: fragment}
							client := newEndpoint(offer.params, false, Options{SendContextTakeover: true}, cfg)
							server := newEndpoint(offer.params, true, Options{SendContextTakeover: true}, cfg)
							var wire []byte
							for _, m := range msgs {
								wire, _ = client.conn.AppendMessage(wire, op, m)
							}
							got := receiveChunks(t, server.conn, wire, chunk)
							checkSame(t, fmt.Sprintf("to server, chunk %d", chunk), got, op, msgs)
							var back []byte
							for _, r := range got {
								back, _ = server.conn.AppendMessage(back, op, r.payload)
							}
							checkSame(t, fmt.Sprintf("to client, chunk %d", chunk), receiveChunks(t, client.conn, back, chunk), op, msgs)
						}
					})
				}
			}
		}
	}
}

func checkSame(t *testing.T, dir string, got []received, op wsframe.Opcode, want [][]byte) {
	t.Helper()
	kind := wsframe.EventText
	if op == wsframe.OpBinary {
		kind = wsframe.EventBinary
	}
	if len(got) != len(want) {
		t.Fatalf("%s: got %d events %v, want %d messages", dir, len(got), got, len(want))
	}
	for i := range want {
		if got[i].kind != kind || !bytes.Equal(got[i].payload, want[i]) {
			t.Fatalf("%s: message %d: got %v", dir, i, got[i])
		}
	}
}

// failureCase is received bytes that must fail a server Conn.
type failureCase struct {
	name       string
	negotiated bool // permessage-deflate in use (else no extension)
	maxMessage uint64
	wire       []byte
	delivered  []string // messages delivered before the failure
	err        error
	code       wsframe.CloseCode
}

func failureCases(t testing.TB) []failureCase {
	hello := compressRaw(t, 6, []byte("Hello"))
	c := func(fin bool, rsv uint8, op wsframe.Opcode, p []byte) []byte { return peerFrame(true, fin, rsv, op, p) }
	rsv1 := wsframe.RSV1
	emptyBlocks := bytes.Repeat([]byte{0x00, 0x00, 0x00, 0xff, 0xff}, 14_000) // 70 000 bytes inflating to nothing
	return []failureCase{
		{
			name:       "RSV1 on a continuation frame",
			negotiated: true,
			wire:       concat(c(false, rsv1, wsframe.OpText, hello[:3]), c(true, rsv1, wsframe.OpContinuation, hello[3:])),
			err:        wsframe.ErrReservedBits, code: wsframe.CloseProtocolError,
		},
		{
			name:       "RSV1 on a ping",
			negotiated: true,
			wire:       c(true, rsv1, wsframe.OpPing, []byte("hi")),
			err:        wsframe.ErrReservedBits, code: wsframe.CloseProtocolError,
		},
		{
			name:       "RSV1 on a close frame",
			negotiated: true,
			wire:       c(true, rsv1, wsframe.OpClose, []byte{0x03, 0xe8}),
			err:        wsframe.ErrReservedBits, code: wsframe.CloseProtocolError,
		},
		{
			name: "RSV1 without permessage-deflate negotiated",
			wire: c(true, rsv1, wsframe.OpText, hello),
			err:  wsframe.ErrReservedBits, code: wsframe.CloseProtocolError,
		},
		{
			name:       "RSV2 with permessage-deflate",
			negotiated: true,
			wire:       c(true, wsframe.RSV2, wsframe.OpText, hello),
			err:        wsframe.ErrReservedBits, code: wsframe.CloseProtocolError,
		},
		{
			name:       "reserved block type",
			negotiated: true,
			wire:       concat(c(true, rsv1, wsframe.OpText, hello), c(true, rsv1, wsframe.OpBinary, []byte{0xff, 0x00})),
			delivered:  []string{"text Hello"},
			err:        ErrCorrupt, code: wsframe.CloseInvalidPayload,
		},
		{
			name:       "stored block whose length check fails",
			negotiated: true,
			wire:       c(true, rsv1, wsframe.OpBinary, []byte{0x00, 0x05, 0x00, 0x00, 0x00, 'H', 'e', 'l', 'l', 'o'}),
			err:        ErrCorrupt, code: wsframe.CloseInvalidPayload,
		},
		{
			name:       "stored block longer than the message",
			negotiated: true,
			wire:       c(true, rsv1, wsframe.OpBinary, []byte{0x00, 0x50, 0x00, 0xaf, 0xff, 'H', 'e'}),
			err:        ErrCorrupt, code: wsframe.CloseInvalidPayload,
		},
		{
			name:       "distance beyond the start of the stream",
			negotiated: true,
			// "Hello"'s back-reference of §7.2.3.2 without the first message.
			wire: c(true, rsv1, wsframe.OpText, []byte{0xf2, 0x00, 0x11, 0x00, 0x00}),
			err:  ErrCorrupt, code: wsframe.CloseInvalidPayload,
		},
		{
			name:       "inflated text is not UTF-8",
			negotiated: true,
			wire:       c(true, rsv1, wsframe.OpText, compressRaw(t, 6, []byte{'a', 0xc3, 0x28})),
			err:        wsframe.ErrInvalidUTF8, code: wsframe.CloseInvalidPayload,
		},
		{
			name:       "inflated message over the limit",
			negotiated: true,
			maxMessage: 1000,
			wire:       concat(c(true, rsv1, wsframe.OpBinary, compressRaw(t, 6, make([]byte, 1000))), c(true, rsv1, wsframe.OpBinary, compressRaw(t, 6, make([]byte, 1001)))),
			delivered:  []string{"binary 1000 bytes"},
			err:        wsframe.ErrMessageTooLarge, code: wsframe.CloseMessageTooBig,
		},
		{
			name:       "compressed payload of empty blocks over the bound",
			negotiated: true,
			maxMessage: 1000,
			wire:       c(true, rsv1, wsframe.OpBinary, emptyBlocks),
			err:        ErrCompressedTooLarge, code: wsframe.CloseMessageTooBig,
		},
		{
			name:       "compressed payload of empty blocks over the bound, fragmented",
			negotiated: true,
			maxMessage: 1000,
			wire:       concat(c(false, rsv1, wsframe.OpBinary, emptyBlocks[:35_000]), c(true, 0, wsframe.OpContinuation, emptyBlocks[35_000:])),
			err:        ErrCompressedTooLarge, code: wsframe.CloseMessageTooBig,
		},
	}
}

// TestConformanceFailures checks that each violation fails the
// connection with its error and close code, that messages before it are
// delivered, and that a close frame with the code is queued, receiving
// the bytes whole, split in two at every point (for long inputs, the
// first and last 64 points and every 997th), and byte by byte.
func TestConformanceFailures(t *testing.T) {
	for _, tc := range failureCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			want := append(append([]string{}, tc.delivered...), fmt.Sprintf("error %d", tc.code))
			run := func(splits []int) ([]string, []byte, error) {
				cfg := wsframe.ConnConfig{MaxMessageSize: tc.maxMessage}
				var conn *wsframe.Conn
				if tc.negotiated {
					conn = newEndpoint(wshandshake.DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}, true, Options{}, cfg).conn
				} else {
					conn = wsframe.NewConn(cfg)
				}
				var got []string
				var lastErr error
				wire := bytes.Clone(tc.wire)
				prev := 0
				for _, s := range append(splits, len(wire)) {
					for _, r := range receiveChunks(t, conn, wire[prev:s], 0) {
						switch r.kind {
						case wsframe.EventError:
							got = append(got, fmt.Sprintf("error %d", r.code))
							lastErr = r.err
						case wsframe.EventText:
							got = append(got, "text "+string(r.payload))
						default:
							got = append(got, fmt.Sprintf("%s %d bytes", r.kind, len(r.payload)))
						}
					}
					prev = s
				}
				return got, conn.AppendOutgoing(nil), lastErr
			}
			check := func(how string, splits []int) {
				got, out, err := run(splits)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Fatalf("%s (-want +got):\n%s", how, diff)
				}
				if !errors.Is(err, tc.err) || wsframe.CloseCodeOf(err) != tc.code {
					t.Fatalf("%s: error %v (code %d), want %v (code %d)", how, err, wsframe.CloseCodeOf(err), tc.err, tc.code)
				}
				wantClose := []byte{0x88, 0x02, byte(tc.code >> 8), byte(tc.code)}
				if !bytes.Equal(out, wantClose) {
					t.Fatalf("%s: queued % x, want the close frame % x", how, out, wantClose)
				}
			}
			check("whole", nil)
			n := len(tc.wire)
			for i := 1; i < n; i++ {
				if n > 2048 && i > 64 && i < n-64 && i%997 != 0 {
					continue
				}
				check(fmt.Sprintf("split at %d", i), []int{i})
			}
			if n <= 2048 {
				var bytewise []int
				for i := 1; i < n; i++ {
					bytewise = append(bytewise, i)
				}
				check("byte by byte", bytewise)
			}
		})
	}
}

// TestUncompressedMessageWithDeflate checks that a message without RSV1
// passes through untouched on a connection with permessage-deflate
// (RFC 7692 §6: compression is per message).
func TestUncompressedMessageWithDeflate(t *testing.T) {
	s := newEndpoint(wshandshake.DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}, true, Options{}, wsframe.ConnConfig{})
	raw := compressRaw(t, flate.BestSpeed, []byte("not inflated"))
	got := receiveChunks(t, s.conn, peerFrame(true, true, 0, wsframe.OpBinary, raw), 0)
	if len(got) != 1 || !bytes.Equal(got[0].payload, raw) {
		t.Fatalf("got %v, want the payload as sent", got)
	}
}

// TestIncompressibleMessageAtLimitInOneFrame sends a message of exactly
// the default MaxMessageSize that does not compress, in one frame, between
// two Conns with the default limits: its compressed payload is a little
// larger than the message, and the receiver must still deliver it, since
// the limit counts inflated bytes (RFC 7692 §6: compression only
// transforms the payload of a message).
func TestIncompressibleMessageAtLimitInOneFrame(t *testing.T) {
	p := wshandshake.DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}
	client := newEndpoint(p, false, Options{}, wsframe.ConnConfig{})
	server := newEndpoint(p, true, Options{}, wsframe.ConnConfig{})
	msg := noiseOf(wsframe.DefaultMaxMessageSize, 1)
	wire, err := client.conn.AppendBinary(nil, msg)
	if err != nil {
		t.Fatal(err)
	}
	ev, n, err := server.conn.Receive(wire)
	if err != nil || ev == nil || n != len(wire) || ev.Kind != wsframe.EventBinary || !bytes.Equal(ev.Payload, msg) {
		t.Fatalf("%d-byte message in a %d-byte frame: got %v after %d bytes, %v; want the message", len(msg), len(wire), ev, n, err)
	}
}
