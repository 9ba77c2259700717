package wsdeflate

import (
	"bytes"
	"compress/flate"
	"fmt"
	"testing"

	"github.com/wscodec/wscodec/wsframe"
	"github.com/wscodec/wscodec/wshandshake"
)

// paramCombos are every agreed-parameter combination that changes what
// either end does: context takeover in each direction and a window below
// 15 in each direction.
func paramCombos() []wshandshake.DeflateParams {
	var all []wshandshake.DeflateParams
	for _, sNo := range []bool{false, true} {
		for _, cNo := range []bool{false, true} {
			for _, sBits := range []int{15, 9} {
				for _, cBits := range []int{15, 8} {
					all = append(all, wshandshake.DeflateParams{
						ServerNoContextTakeover: sNo, ClientNoContextTakeover: cNo,
						ServerMaxWindowBits: sBits, ClientMaxWindowBits: cBits,
					})
				}
			}
		}
	}
	return all
}

func paramName(p wshandshake.DeflateParams) string {
	return fmt.Sprintf("snct=%v,cnct=%v,sbits=%d,cbits=%d", p.ServerNoContextTakeover, p.ClientNoContextTakeover, p.ServerMaxWindowBits, p.ClientMaxWindowBits)
}

// roundTripMessages are the messages of every round trip: text and binary,
// compressible and not, below and above the threshold, repeated (so
// context takeover has something to refer to), and empty.
func roundTripMessages() []struct {
	op   wsframe.Opcode
	data []byte
} {
	type msg = struct {
		op   wsframe.Opcode
		data []byte
	}
	var msgs []msg
	for i, n := range []int{0, 1, 16, 63, 64, 125, 126, 1000, 4096, 65535, 65536, 150_000} {
		msgs = append(msgs, msg{wsframe.OpText, textOf(n, i)})
		msgs = append(msgs, msg{wsframe.OpBinary, noiseOf(n, i)})
	}
	msgs = append(msgs, msg{wsframe.OpText, textOf(3000, 1)}, msg{wsframe.OpText, textOf(3000, 1)})
	return msgs
}

// TestRoundTripEveryParameterCombination sends every message from a
// client Conn to a server Conn and echoes it back, for every parameter
// combination, level, send-takeover option, fragment size and receive
// chunking, and checks both directions deliver the messages unchanged.
func TestRoundTripEveryParameterCombination(t *testing.T) {
	msgs := roundTripMessages()
	for _, p := range paramCombos() {
		for _, opts := range []Options{
			{},
			{SendContextTakeover: true},
			{Level: flate.BestCompression, SendContextTakeover: true},
			{Level: flate.HuffmanOnly, Threshold: -1},
		} {
			// Whole frames pushed at once, and 1000-byte fragments
			// pushed in chunks that cut frames and headers anywhere.
			for _, cut := range []struct{ fragment, chunk int }{{0, 0}, {1000, 777}} {
				fragment, chunk := cut.fragment, cut.chunk
				name := fmt.Sprintf("%s/level=%d,takeover=%v/fragment=%d/chunk=%d", paramName(p), opts.Level, opts.SendContextTakeover, fragment, chunk)
				t.Run(name, func(t *testing.T) {
					cfg := wsframe.ConnConfig{FragmentSize: fragment}
					client := newEndpoint(p, false, opts, cfg)
					server := newEndpoint(p, true, opts, cfg)
					var wire []byte
					for _, m := range msgs {
						var err error
						if wire, err = client.conn.AppendMessage(wire, m.op, m.data); err != nil {
							t.Fatal(err)
						}
					}
					got := receiveChunks(t, server.conn, wire, chunk)
					checkMessages(t, "client to server", got, msgs)
					var back []byte
					for _, r := range got {
						var err error
						op := wsframe.OpText
						if r.kind == wsframe.EventBinary {
							op = wsframe.OpBinary
						}
						if back, err = server.conn.AppendMessage(back, op, r.payload); err != nil {
							t.Fatal(err)
						}
					}
					checkMessages(t, "server to client", receiveChunks(t, client.conn, back, chunk), msgs)
				})
			}
		}
	}
}

func checkMessages(t *testing.T, dir string, got []received, want []struct {
	op   wsframe.Opcode
	data []byte
}) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d events %v, want %d messages", dir, len(got), got, len(want))
	}
	for i, w := range want {
		kind := wsframe.EventText
		if w.op == wsframe.OpBinary {
			kind = wsframe.EventBinary
		}
		if got[i].kind != kind || !bytes.Equal(got[i].payload, w.data) {
			t.Fatalf("%s: message %d: got %v, want %s of %d bytes", dir, i, got[i], kind, len(w.data))
		}
	}
}

// TestStreamedSendRoundTrip sends messages piece by piece with
// AppendFragment, as a producer that does not know the length, and
// receives them whole and streamed.
func TestStreamedSendRoundTrip(t *testing.T) {
	for _, p := range paramCombos() {
		for _, streaming := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/streaming=%v", paramName(p), streaming), func(t *testing.T) {
				client := newEndpoint(p, false, Options{SendContextTakeover: true}, wsframe.ConnConfig{})
				server := newEndpoint(p, true, Options{}, wsframe.ConnConfig{Streaming: streaming})
				var wire []byte
				var want [][]byte
				for m := 0; m < 4; m++ {
					msg := textOf(10_000+m*3000, m%2)
					want = append(want, msg)
					pieces := [][]byte{msg[:0], msg[:100], msg[100:5000], msg[5000:]}
					for i, piece := range pieces {
						var err error
						if wire, err = client.conn.AppendFragment(wire, wsframe.OpText, piece, i == len(pieces)-1); err != nil {
							t.Fatal(err)
						}
					}
				}
				for _, chunk := range []int{0, 1, 1000} {
					got := receiveChunks(t, server.conn, wire, chunk)
					if len(got) != len(want) {
						t.Fatalf("chunk %d: got %v", chunk, got)
					}
					for i := range want {
						if got[i].kind != wsframe.EventText || !bytes.Equal(got[i].payload, want[i]) {
							t.Fatalf("chunk %d: message %d: got %v", chunk, i, got[i])
						}
					}
					// A fresh receiver for the next chunking: the history
					// must start from the same point.
					server = newEndpoint(p, true, Options{}, wsframe.ConnConfig{Streaming: streaming})
				}
			})
		}
	}
}
