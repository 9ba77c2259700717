package wsdeflate

import (
	"bytes"
	"compress/flate"
	"fmt"
	"testing"

	"github.com/wscodec/wscodec/wsframe"
	"github.com/wscodec/wscodec/wshandshake"
)

// counterKeys is a deterministic masking KeySource.
type counterKeys struct{ next uint32 }

func (k *counterKeys) NextKey() [4]byte {
	v := k.next
	k.next++
	return [4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v | 1)}
}

// endpoint is one Conn of a test pair with its extension.
type endpoint struct {
	conn *wsframe.Conn
	ext  *Extension
}

// newEndpoint builds the Conn of one end of a connection with agreed
// parameters p.
func newEndpoint(p wshandshake.DeflateParams, server bool, opts Options, cfg wsframe.ConnConfig) endpoint {
	x := New(p.Settings(server), opts)
	cfg.Extension = x
	cfg.Policy.Role = wsframe.Client
	if server {
		cfg.Policy.Role = wsframe.Server
	} else if cfg.KeySource == nil {
		cfg.KeySource = &counterKeys{}
	}
	return endpoint{conn: wsframe.NewConn(cfg), ext: x}
}

// received is a message (or error) a Conn delivered, with its payload
// copied.
type received struct {
	kind    wsframe.EventKind
	payload []byte
	code    wsframe.CloseCode
	err     error
}

func (r received) String() string {
	if r.kind == wsframe.EventError {
		return fmt.Sprintf("error %d %v", r.code, r.err)
	}
	return fmt.Sprintf("%s %d bytes", r.kind, len(r.payload))
}

// receiveChunks pushes wire into c cut into chunks of at most chunk bytes
// (0: all at once) and returns every event, streamed pieces of a message
// joined into one. Ping and pong events are kept; the input is copied
// first, since the Conn unmasks in place.
func receiveChunks(t testing.TB, c *wsframe.Conn, wire []byte, chunk int) []received {
	t.Helper()
	wire = bytes.Clone(wire)
	var out []received
	var partial []byte
	streaming := false
	for len(wire) > 0 {
		n := len(wire)
		if chunk > 0 && n > chunk {
			n = chunk
		}
		in := wire[:n]
		wire = wire[n:]
		for {
			ev, m, err := c.Receive(in)
			in = in[m:]
			if ev == nil {
				break
			}
			switch ev.Kind {
			case wsframe.EventText, wsframe.EventBinary:
				if !ev.Last {
					streaming = true
					partial = append(partial, ev.Payload...)
					continue
				}
				p := append(partial, ev.Payload...)
				if !streaming {
					p = bytes.Clone(ev.Payload)
				}
				out = append(out, received{kind: ev.Kind, payload: append([]byte{}, p...)})
				partial, streaming = nil, false
			default:
				out = append(out, received{kind: ev.Kind, payload: bytes.Clone(ev.Payload), code: ev.Code, err: ev.Err})
			}
			if err != nil {
				return out
			}
		}
	}
	return out
}

// compressRaw compresses msg with compress/flate at level as a
// permessage-deflate sender would: flush, then strip the sync marker.
func compressRaw(t testing.TB, level int, msg []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, level)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(msg)
	w.Flush()
	return bytes.TrimSuffix(buf.Bytes(), syncMarker)
}

// peerFrame encodes a frame the way the peer of a local endpoint sends it.
func peerFrame(localServer bool, fin bool, rsv uint8, op wsframe.Opcode, payload []byte) []byte {
	h := wsframe.Header{Fin: fin, RSV: rsv, Opcode: op}
	if localServer {
		h.Masked = true
		h.Key = [4]byte{0x37, 0xfa, 0x21, 0x3d}
	}
	return wsframe.AppendFrame(nil, wsframe.Frame{Header: h, Payload: payload})
}

func concat(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

// textOf returns n bytes of compressible text: words from a small
// vocabulary, varied by seed so messages differ.
func textOf(n, seed int) []byte {
	words := []string{"websocket ", "frame ", "deflate ", "message ", "window ", "context ", "takeover ", "{\"id\":", "\"text\":", "1234, "}
	b := make([]byte, 0, n+16)
	x := uint32(seed)*2654435761 + 1
	for len(b) < n {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b = append(b, words[x%uint32(len(words))]...)
	}
	return b[:n]
}

// noiseOf returns n bytes that do not compress.
func noiseOf(n, seed int) []byte {
	b := make([]byte, n)
	x := uint64(seed)*0x9e3779b97f4a7c15 + 1
	for i := range b {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		b[i] = byte(x >> 32)
	}
	return b
}
