package bench

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"strconv"
	"testing"

	coder "github.com/coder/websocket"
	gobwas "github.com/gobwas/ws"
	"github.com/gorilla/websocket"
	"github.com/lxzan/gws"
	"github.com/wscodec/wscodec/wsframe"
	"github.com/wscodec/wscodec/wsmask"
)

// streamCases are the streams every stream figure uses: many small
// frames, where per-frame overhead dominates, and large ones, where
// unmasking does. The large frames come twice: 16 of them (1 MiB) fit the
// L2 cache of a core, as a receive buffer the transport has just filled
// does; 100 of them (6.5 MiB) do not, so that figure is bound by memory
// bandwidth, which a decoder touching each byte once can only halve
// against one that copies first. The 10,000 small frames (220 KB) fit too.
var streamCases = []struct{ frames, size int }{
	{10000, 16},
	{16, 64 << 10},
	{100, 64 << 10},
}

func streamName(frames, size int) string {
	return "/frames=" + strconv.Itoa(frames) + "/size=" + strconv.Itoa(size)
}

// streamPayload is the payload of every frame of a stream.
func streamPayload(size int) []byte {
	p := make([]byte, size)
	for i := range p {
		p[i] = byte(i)
	}
	return p
}

// maskedStream returns count masked binary frames of size payload bytes,
// each with its own key, as a client sends them.
func maskedStream(count, size int) []byte {
	payload := streamPayload(size)
	var b []byte
	for i := 0; i < count; i++ {
		var key [4]byte
		binary.LittleEndian.PutUint32(key[:], uint32(i)*2654435761+1)
		b = wsframe.AppendFrame(b, wsframe.Frame{Header: wsframe.Header{Fin: true, Opcode: wsframe.OpBinary, Masked: true, Key: key}, Payload: payload})
	}
	return b
}

// BenchmarkStreamDecode decodes a stream of masked binary frames held in
// memory and unmasks every payload, as a server receives them. One
// operation is the whole stream; cpu-ns/op is the CPU time per stream.
//
//   - wscodec: a wsframe.Decoder pushed the whole stream, unmasking in
//     place and copying nothing.
//   - wscodec-chunked1500: the same, pushed in 1,500-byte chunks (one
//     Ethernet MTU), so headers and payloads are split across calls.
//   - ref-wsmask-only (64 KiB stream only): wsmask.Mask over each payload,
//     with header offsets known in advance: the floor any decoder pays.
//   - gobwas: ws.ReadHeaderBuffer, io.ReadFull into a reused payload buffer
//     and ws.Cipher, over a bytes.Reader holding the stream.
//   - gorilla-NextReader: a server websocket.Conn over a memConn replaying
//     the stream: NextReader, then the message read to its end into a
//     reused buffer (ReadMessage would allocate a new one per message).
//   - coder-Reader: a server coder Conn over a memConn, made by Accept
//     through a hijacking ResponseWriter: Reader, then the message read to
//     its end into a reused buffer.
//   - gws-ReadLoop: a server gws Conn over a memConn that ends with io.EOF
//     after b.N streams; ReadLoop delivers each message to an OnMessage
//     handler, which counts it and returns its buffer to gws's pool.
func BenchmarkStreamDecode(b *testing.B) {
	for _, sc := range streamCases {
		stream := maskedStream(sc.frames, sc.size)
		name := streamName(sc.frames, sc.size)
		b.Run("impl=wscodec"+name, func(b *testing.B) { decodeWscodec(b, stream, sc.frames, len(stream)) })
		b.Run("impl=wscodec-chunked1500"+name, func(b *testing.B) { decodeWscodec(b, stream, sc.frames, 1500) })
		if sc.size >= 4096 {
			b.Run("impl=ref-wsmask-only"+name, func(b *testing.B) { decodeMaskOnly(b, stream, sc.frames, sc.size) })
		}
		b.Run("impl=gobwas"+name, func(b *testing.B) { decodeGobwas(b, stream, sc.frames, sc.size) })
		b.Run("impl=gorilla-NextReader"+name, func(b *testing.B) {
			conn := gorillaServer(b, &memConn{src: stream})
			buf := make([]byte, sc.size)
			b.SetBytes(int64(len(stream)))
			b.ReportAllocs()
			cpu := startCPU(b)
			for i := 0; i < b.N; i++ {
				for f := 0; f < sc.frames; f++ {
					_, r, err := conn.NextReader()
					if err != nil {
						b.Fatal(err)
					}
					if n, err := readAll(r, buf); err != nil || n != sc.size {
						b.Fatal(n, err)
					}
				}
			}
			cpu.stop()
		})
		b.Run("impl=coder-Reader"+name, func(b *testing.B) {
			conn := coderServer(b, &memConn{src: stream})
			ctx := context.Background()
			buf := make([]byte, sc.size)
			b.SetBytes(int64(len(stream)))
			b.ReportAllocs()
			cpu := startCPU(b)
			for i := 0; i < b.N; i++ {
				for f := 0; f < sc.frames; f++ {
					_, r, err := conn.Reader(ctx)
					if err != nil {
						b.Fatal(err)
					}
					if n, err := readAll(r, buf); err != nil || n != sc.size {
						b.Fatal(n, err)
					}
				}
			}
			cpu.stop()
		})
		b.Run("impl=gws-ReadLoop"+name, func(b *testing.B) {
			mc := &memConn{src: stream, bounded: true, limit: int64(b.N) * int64(len(stream))}
			h := &gwsHandler{}
			conn := gwsServer(b, mc, h, false)
			b.SetBytes(int64(len(stream)))
			b.ReportAllocs()
			cpu := startCPU(b)
			conn.ReadLoop()
			cpu.stop()
			if h.err != nil || h.messages != b.N*sc.frames || h.bytes != b.N*sc.frames*sc.size {
				b.Fatal(h.messages, h.bytes, h.err)
			}
		})
	}
}

func decodeWscodec(b *testing.B, stream []byte, frames, chunkSize int) {
	var d wsframe.Decoder
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	cpu := startCPU(b)
	for i := 0; i < b.N; i++ {
		d.Reset(wsframe.Policy{})
		ended := 0
		for rest := stream; len(rest) > 0; {
			c := rest[:min(chunkSize, len(rest))]
			rest = rest[len(c):]
			for {
				ev, n, err := d.Decode(c)
				if err != nil {
					b.Fatal(err)
				}
				if ev == nil {
					break
				}
				if ev.End {
					ended++
				}
				c = c[n:]
			}
		}
		if ended != frames {
			b.Fatal(ended, "frames, want", frames)
		}
	}
	cpu.stop()
}

func decodeGobwas(b *testing.B, stream []byte, frames, maxPayload int) {
	payload := make([]byte, maxPayload)
	var hbuf [gobwas.MaxHeaderSize]byte
	r := bytes.NewReader(stream)
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	cpu := startCPU(b)
	for i := 0; i < b.N; i++ {
		r.Reset(stream)
		n := 0
		for {
			h, err := gobwas.ReadHeaderBuffer(r, hbuf[:])
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			p := payload[:h.Length]
			if _, err := io.ReadFull(r, p); err != nil {
				b.Fatal(err)
			}
			if h.Masked {
				gobwas.Cipher(p, h.Mask, 0)
			}
			n++
		}
		if n != frames {
			b.Fatal(n, "frames, want", frames)
		}
	}
	cpu.stop()
}

func decodeMaskOnly(b *testing.B, stream []byte, frames, size int) {
	hlen := len(stream)/frames - size
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	cpu := startCPU(b)
	for i := 0; i < b.N; i++ {
		for off := 0; off < len(stream); off += hlen + size {
			wsmask.Mask(stream[off+hlen:off+hlen+size], [4]byte(stream[off+hlen-4:off+hlen]))
		}
	}
	cpu.stop()
}

// BenchmarkStreamEncode produces the same streams: count masked binary
// frames of the payload, each with a fresh key, as a client sends them.
// One operation is the whole stream.
//
//   - wscodec: a client wsframe.Conn's AppendBinary (key from a seeded
//     wsmask.KeySource, send-state checks) into a reused buffer, written
//     to a memConn once per stream.
//   - wscodec-AppendFrame: stateless wsframe.AppendFrame with keys given.
//   - gobwas: ws.NewMask for the key, ws.WriteHeader, the payload and
//     ws.Cipher over it, into a reset bytes.Buffer with room for the stream.
//   - gorilla-WriteMessage: a client websocket.Conn (NewClient over a memConn
//     that answers the handshake) writing each message with WriteMessage;
//     it sends a 64 KiB message as frames of its 4 KiB write buffer.
//   - coder-Write: a client coder Conn (Dial through an http.Client whose
//     transport hands over a memConn) writing each message with Write.
//   - gws-WriteMessage: a client gws Conn (NewClientFromConn over a memConn)
//     writing each message with WriteMessage.
//
// The peers draw their keys from their own generators; the memConn
// discards what they write.
func BenchmarkStreamEncode(b *testing.B) {
	for _, sc := range streamCases {
		payload := streamPayload(sc.size)
		streamLen := len(maskedStream(sc.frames, sc.size))
		name := streamName(sc.frames, sc.size)
		b.Run("impl=wscodec"+name, func(b *testing.B) {
			c := wsframe.NewConn(wsframe.ConnConfig{Policy: wsframe.Policy{Role: wsframe.Client}, KeySource: wsmask.NewSeededKeySource(1)})
			// Room for one more header: AppendBinary asks for the largest
			// header it might write before it knows the length form.
			out := make([]byte, 0, streamLen+wsframe.MaxHeaderLen)
			mc := &memConn{}
			b.SetBytes(int64(streamLen))
			b.ReportAllocs()
			cpu := startCPU(b)
			for i := 0; i < b.N; i++ {
				out = out[:0]
				for f := 0; f < sc.frames; f++ {
					var err error
					if out, err = c.AppendBinary(out, payload); err != nil {
						b.Fatal(err)
					}
				}
				mc.Write(out)
			}
			cpu.stop()
			if len(out) != streamLen {
				b.Fatal(len(out), streamLen)
			}
		})
		b.Run("impl=wscodec-AppendFrame"+name, func(b *testing.B) {
			keys := make([][4]byte, sc.frames)
			for i := range keys {
				binary.LittleEndian.PutUint32(keys[i][:], uint32(i)*2654435761+1)
			}
			out := make([]byte, 0, streamLen)
			mc := &memConn{}
			b.SetBytes(int64(streamLen))
			b.ReportAllocs()
			cpu := startCPU(b)
			for i := 0; i < b.N; i++ {
				out = out[:0]
				for _, key := range keys {
					out = wsframe.AppendFrame(out, wsframe.Frame{Header: wsframe.Header{Fin: true, Opcode: wsframe.OpBinary, Masked: true, Key: key}, Payload: payload})
				}
				mc.Write(out)
			}
			cpu.stop()
		})
		b.Run("impl=gobwas"+name, func(b *testing.B) {
			var buf bytes.Buffer
			buf.Grow(streamLen)
			b.SetBytes(int64(streamLen))
			b.ReportAllocs()
			cpu := startCPU(b)
			for i := 0; i < b.N; i++ {
				buf.Reset()
				for f := 0; f < sc.frames; f++ {
					h := gobwas.Header{Fin: true, OpCode: gobwas.OpBinary, Masked: true, Mask: gobwas.NewMask(), Length: int64(len(payload))}
					if err := gobwas.WriteHeader(&buf, h); err != nil {
						b.Fatal(err)
					}
					start := buf.Len()
					buf.Write(payload)
					gobwas.Cipher(buf.Bytes()[start:], h.Mask, 0)
				}
			}
			cpu.stop()
			if buf.Len() != streamLen {
				b.Fatal(buf.Len(), streamLen)
			}
		})
		b.Run("impl=gorilla-WriteMessage"+name, func(b *testing.B) {
			mc := &memConn{}
			conn := gorillaClient(b, mc)
			b.SetBytes(int64(streamLen))
			b.ReportAllocs()
			cpu := startCPU(b)
			for i := 0; i < b.N; i++ {
				for f := 0; f < sc.frames; f++ {
					if err := conn.WriteMessage(websocket.BinaryMessage, payload); err != nil {
						b.Fatal(err)
					}
				}
			}
			cpu.stop()
			checkWritten(b, mc, sc.frames, sc.size)
		})
		b.Run("impl=coder-Write"+name, func(b *testing.B) {
			mc := &memConn{}
			conn := coderClient(b, mc)
			ctx := context.Background()
			b.SetBytes(int64(streamLen))
			b.ReportAllocs()
			cpu := startCPU(b)
			for i := 0; i < b.N; i++ {
				for f := 0; f < sc.frames; f++ {
					if err := conn.Write(ctx, coder.MessageBinary, payload); err != nil {
						b.Fatal(err)
					}
				}
			}
			cpu.stop()
			checkWritten(b, mc, sc.frames, sc.size)
		})
		b.Run("impl=gws-WriteMessage"+name, func(b *testing.B) {
			mc := &memConn{}
			conn := gwsClient(b, mc)
			b.SetBytes(int64(streamLen))
			b.ReportAllocs()
			cpu := startCPU(b)
			for i := 0; i < b.N; i++ {
				for f := 0; f < sc.frames; f++ {
					if err := conn.WriteMessage(gws.OpcodeBinary, payload); err != nil {
						b.Fatal(err)
					}
				}
			}
			cpu.stop()
			checkWritten(b, mc, sc.frames, sc.size)
		})
	}
}

// checkWritten fails b unless a peer wrote at least the payload bytes of
// b.N streams. gorilla splits a message into frames of its write buffer's
// size, so the framing overhead differs from one library to the next.
func checkWritten(b *testing.B, mc *memConn, frames, size int) {
	if want := int64(b.N) * int64(frames) * int64(size); mc.written < want {
		b.Fatal(mc.written, "bytes written, want at least", want)
	}
}
