package bench

import (
	"bufio"
	"context"
	"io"
	"testing"

	"github.com/gobwas/ws/wsutil"
	"github.com/lxzan/gws"
	"github.com/wscodec/wscodec/wsframe"
)

// BenchmarkEcho is an echo server's work for one message: receive a
// client's masked 16-byte binary message and produce the unmasked reply.
// Every implementation reads the same frame, replayed by a memConn, and
// writes its replies to it, where they are dropped.
//
//   - wscodec: a server wsframe.Conn in the loop its documentation gives:
//     read 4 KiB from the memConn, Receive every event of the chunk, append
//     each reply with AppendMessage, write the replies once the chunk is
//     used up (so a write per read, as gorilla and gobwas read 4 KiB
//     through a bufio.Reader).
//   - wscodec-sansio: the codec alone: Receive on a frame already in
//     memory and AppendMessage of the reply, no transport.
//   - gorilla: ReadMessage and WriteMessage on a server websocket.Conn made
//     by Upgrader.Upgrade through a hijacking ResponseWriter.
//   - gobwas-wsutil: wsutil.ReadClientData from a bufio.Reader and
//     wsutil.WriteServerMessage to the memConn, gobwas's own echo helpers.
//   - coder: Read and Write on a server coder Conn made by Accept.
//   - gws: ReadLoop on a server gws Conn over a memConn that ends after
//     b.N frames, with an OnMessage handler that calls WriteMessage.
func BenchmarkEcho(b *testing.B) {
	payload := streamPayload(16)
	frame := wsframe.AppendFrame(nil, wsframe.Frame{Header: wsframe.Header{Fin: true, Opcode: wsframe.OpBinary, Masked: true, Key: benchKey}, Payload: payload})
	const size = "/size=16"

	b.Run("impl=wscodec"+size, func(b *testing.B) {
		mc := &memConn{src: frame}
		c := wsframe.NewConn(wsframe.ConnConfig{})
		in := make([]byte, 4096)
		out := make([]byte, 0, 2*4096)
		var pending []byte
		b.SetBytes(16)
		b.ReportAllocs()
		cpu := startCPU(b)
		for i := 0; i < b.N; {
			if len(pending) == 0 {
				if len(out) > 0 {
					mc.Write(out)
					out = out[:0]
				}
				n, _ := mc.Read(in)
				pending = in[:n]
			}
			ev, n, err := c.Receive(pending)
			pending = pending[n:]
			if err != nil {
				b.Fatal(err)
			}
			if ev == nil {
				continue
			}
			if out, err = c.AppendMessage(out, wsframe.OpBinary, ev.Payload); err != nil {
				b.Fatal(err)
			}
			i++
		}
		mc.Write(out)
		cpu.stop()
		checkEchoed(b, mc)
	})

	b.Run("impl=wscodec-sansio"+size, func(b *testing.B) {
		in := append([]byte(nil), frame...)
		c := wsframe.NewConn(wsframe.ConnConfig{})
		out := make([]byte, 0, 64)
		b.SetBytes(16)
		b.ReportAllocs()
		cpu := startCPU(b)
		for i := 0; i < b.N; i++ {
			ev, _, err := c.Receive(in)
			if err != nil || ev == nil {
				b.Fatal(ev, err)
			}
			if out, err = c.AppendMessage(out[:0], wsframe.OpBinary, ev.Payload); err != nil {
				b.Fatal(err)
			}
		}
		cpu.stop()
	})

	b.Run("impl=gorilla"+size, func(b *testing.B) {
		mc := &memConn{src: frame}
		conn := gorillaServer(b, mc)
		b.SetBytes(16)
		b.ReportAllocs()
		mc.written = 0
		cpu := startCPU(b)
		for i := 0; i < b.N; i++ {
			mt, p, err := conn.ReadMessage()
			if err != nil {
				b.Fatal(err)
			}
			if err := conn.WriteMessage(mt, p); err != nil {
				b.Fatal(err)
			}
		}
		cpu.stop()
		checkEchoed(b, mc)
	})

	b.Run("impl=gobwas-wsutil"+size, func(b *testing.B) {
		mc := &memConn{src: frame}
		rw := struct {
			io.Reader
			io.Writer
		}{bufio.NewReaderSize(mc, 4096), mc}
		b.SetBytes(16)
		b.ReportAllocs()
		cpu := startCPU(b)
		for i := 0; i < b.N; i++ {
			p, op, err := wsutil.ReadClientData(rw)
			if err != nil {
				b.Fatal(err)
			}
			if err := wsutil.WriteServerMessage(mc, op, p); err != nil {
				b.Fatal(err)
			}
		}
		cpu.stop()
		checkEchoed(b, mc)
	})

	b.Run("impl=coder"+size, func(b *testing.B) {
		mc := &memConn{src: frame}
		conn := coderServer(b, mc)
		ctx := context.Background()
		b.SetBytes(16)
		b.ReportAllocs()
		mc.written = 0
		cpu := startCPU(b)
		for i := 0; i < b.N; i++ {
			mt, p, err := conn.Read(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if err := conn.Write(ctx, mt, p); err != nil {
				b.Fatal(err)
			}
		}
		cpu.stop()
		checkEchoed(b, mc)
	})

	b.Run("impl=gws"+size, func(b *testing.B) {
		mc := &memConn{src: frame, bounded: true, limit: int64(b.N) * int64(len(frame))}
		var writeErr error
		h := &gwsHandler{onMessage: func(c *gws.Conn, m *gws.Message) {
			if err := c.WriteMessage(m.Opcode, m.Bytes()); err != nil && writeErr == nil {
				writeErr = err
			}
		}}
		conn := gwsServer(b, mc, h, false)
		b.SetBytes(16)
		b.ReportAllocs()
		mc.written = 0
		cpu := startCPU(b)
		conn.ReadLoop()
		cpu.stop()
		if h.err != nil || writeErr != nil || h.messages != b.N {
			b.Fatal(h.messages, h.err, writeErr)
		}
		// The close frame gws sends when the memConn ends is not a reply.
		mc.written -= 2 + 2 + int64(len("EOF"))
		checkEchoed(b, mc)
	})
}

// checkEchoed fails b unless b.N unmasked 16-byte replies (18 bytes each)
// were written.
func checkEchoed(b *testing.B, mc *memConn) {
	if want := int64(b.N) * 18; mc.written != want {
		b.Fatal(mc.written, "bytes written, want", want)
	}
}
