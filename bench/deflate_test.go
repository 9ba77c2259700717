package bench

import (
	"bufio"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"net"
	"runtime"
	"testing"

	"github.com/gobwas/ws"
	"github.com/gobwas/ws/wsflate"
	"github.com/gorilla/websocket"
	"github.com/wscodec/wscodec/wsdeflate"
	"github.com/wscodec/wscodec/wsframe"
	"github.com/wscodec/wscodec/wshandshake"
)

// deflateSizes are the message sizes of the permessage-deflate figures.
var deflateSizes = []int{16, 256, 4096, 65536}

// deflateText returns n bytes of compressible text: words and JSON
// fragments in a pseudo-random order, so that DEFLATE finds repeats but
// no single long run.
func deflateText(n int) []byte {
	words := []string{"websocket ", "frame ", "deflate ", "message ", "window ", "context ", "takeover ", "{\"id\":", "\"text\":", "1234, "}
	b := make([]byte, 0, n+16)
	x := uint32(1)
	for len(b) < n {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b = append(b, words[x%uint32(len(words))]...)
	}
	return b[:n]
}

// noTakeover is the negotiation every throughput figure runs under:
// server_no_context_takeover and client_no_context_takeover, the only
// mode gorilla implements, so every message is compressed on its own.
var noTakeover = wshandshake.DeflateParams{ServerNoContextTakeover: true, ClientNoContextTakeover: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}

// takeover is the negotiation with context takeover both ways.
var takeover = wshandshake.DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}

// deflateConn is a wscodec Conn with permessage-deflate as negotiated by
// p, compressing every message whatever its length (Threshold -1) so
// that the 16-byte figure measures compression, as the peers do it.
func deflateConn(p wshandshake.DeflateParams, server bool, opts wsdeflate.Options) *wsframe.Conn {
	role := wsframe.Client
	if server {
		role = wsframe.Server
	}
	opts.Threshold = -1
	return wsframe.NewConn(wsframe.ConnConfig{
		Policy:    wsframe.Policy{Role: role},
		Extension: wsdeflate.New(p.Settings(server), opts),
	})
}

// compressedClientFrame is msg as a compressed, masked client text frame.
func compressedClientFrame(b *testing.B, p wshandshake.DeflateParams, msg []byte) []byte {
	wire, err := deflateConn(p, false, wsdeflate.Options{}).AppendText(nil, msg)
	if err != nil {
		b.Fatal(err)
	}
	return wire
}

// checkServerFrames fails b unless wire is exactly one compressed server
// text message, in one frame or several, whose text is msg, as a wscodec
// client Conn reads it.
func checkServerFrames(b *testing.B, wire, msg []byte) {
	c := deflateConn(noTakeover, false, wsdeflate.Options{})
	in := append([]byte(nil), wire...)
	for len(in) > 0 {
		ev, n, err := c.Receive(in)
		in = in[n:]
		if err != nil || (ev != nil && ev.Kind != wsframe.EventText) {
			b.Fatalf("reading the frames: %+v, %v", ev, err)
		}
		if ev != nil {
			if len(in) > 0 || !bytes.Equal(ev.Payload, msg) {
				b.Fatalf("frames carry a %d-byte message and %d more bytes, want the %d-byte message only", len(ev.Payload), len(in), len(msg))
			}
			return
		}
		if n == 0 {
			break
		}
	}
	b.Fatal("the frames end before the message does")
}

// capturingConn is a memConn that keeps what is written to it.
type capturingConn struct {
	memConn
	out bytes.Buffer
}

func (c *capturingConn) Write(p []byte) (int, error) {
	c.out.Write(p)
	return c.memConn.Write(p)
}

// gorillaDeflateServer upgrades mc with gorilla's Upgrader and its
// default 4 KiB buffers, with EnableCompression, a client offer of
// permessage-deflate, compression of written messages on and
// flate.BestSpeed (gorilla's own default level and wscodec's).
func gorillaDeflateServer(b *testing.B, mc net.Conn) *websocket.Conn {
	req := upgradeRequest()
	req.Header.Set("Sec-WebSocket-Extensions", "permessage-deflate; server_no_context_takeover; client_no_context_takeover")
	u := websocket.Upgrader{EnableCompression: true}
	conn, err := u.Upgrade(&hijacker{conn: mc}, req, nil)
	if err != nil {
		b.Fatal(err)
	}
	conn.EnableWriteCompression(true)
	if err := conn.SetCompressionLevel(flate.BestSpeed); err != nil {
		b.Fatal(err)
	}
	conn.SetReadLimit(1 << 30)
	return conn
}

// BenchmarkDeflateCompress sends one text message compressed with
// permessage-deflate (RFC 7692) as an unmasked server frame, at
// compress/flate's BestSpeed, without context takeover. One operation is
// one message; every library compresses the same text.
//
//   - wscodec: AppendText of a server wsframe.Conn with a wsdeflate
//     extension (Threshold -1, so every message is compressed), appending
//     the frame to a reused buffer.
//   - gorilla: WriteMessage on a server websocket.Conn made by
//     Upgrader.Upgrade with EnableCompression, after the client offered
//     permessage-deflate; EnableWriteCompression(true) and
//     SetCompressionLevel(flate.BestSpeed). The frame goes to a memConn,
//     where it is dropped.
//   - gobwas-wsflate: gobwas has no connection that compresses; its
//     wsflate.Writer over a reused flate.Writer compresses into a reused
//     buffer, then ws.WriteHeader writes the header, with RSV1 set, and
//     the payload is appended after it in a second reused buffer.
//
// After the timed loop, each library's output for one message is read
// back by a wscodec client and must be the text sent. gorilla writes a
// message in frames of up to its 4 KiB write buffer, so its 64 KiB
// message is fragmented.
func BenchmarkDeflateCompress(b *testing.B) {
	for _, n := range deflateSizes {
		msg := deflateText(n)
		size := fmt.Sprintf("/size=%d", n)

		b.Run("impl=wscodec"+size, func(b *testing.B) {
			c := deflateConn(noTakeover, true, wsdeflate.Options{})
			out := make([]byte, 0, 2*n+64)
			b.SetBytes(int64(n))
			b.ReportAllocs()
			cpu := startCPU(b)
			for i := 0; i < b.N; i++ {
				var err error
				if out, err = c.AppendText(out[:0], msg); err != nil {
					b.Fatal(err)
				}
			}
			cpu.stop()
			checkServerFrames(b, out, msg)
		})

		b.Run("impl=gorilla"+size, func(b *testing.B) {
			mc := &memConn{}
			conn := gorillaDeflateServer(b, mc)
			b.SetBytes(int64(n))
			b.ReportAllocs()
			mc.written = 0
			cpu := startCPU(b)
			for i := 0; i < b.N; i++ {
				if err := conn.WriteMessage(websocket.TextMessage, msg); err != nil {
					b.Fatal(err)
				}
			}
			cpu.stop()
			// The same writes once more, kept this time, to read them back.
			cc := &capturingConn{}
			conn = gorillaDeflateServer(b, cc)
			cc.out.Reset() // the 101 response
			if err := conn.WriteMessage(websocket.TextMessage, msg); err != nil {
				b.Fatal(err)
			}
			checkServerFrames(b, cc.out.Bytes(), msg)
		})

		b.Run("impl=gobwas-wsflate"+size, func(b *testing.B) {
			var payload, out bytes.Buffer
			fw, err := flate.NewWriter(nil, flate.BestSpeed)
			if err != nil {
				b.Fatal(err)
			}
			w := wsflate.NewWriter(nil, func(w io.Writer) wsflate.Compressor { fw.Reset(w); return fw })
			b.SetBytes(int64(n))
			b.ReportAllocs()
			cpu := startCPU(b)
			for i := 0; i < b.N; i++ {
				payload.Reset()
				w.Reset(&payload)
				if _, err := w.Write(msg); err != nil {
					b.Fatal(err)
				}
				if err := w.Flush(); err != nil {
					b.Fatal(err)
				}
				out.Reset()
				h := ws.Header{Fin: true, Rsv: ws.Rsv(true, false, false), OpCode: ws.OpText, Length: int64(payload.Len())}
				if err := ws.WriteHeader(&out, h); err != nil {
					b.Fatal(err)
				}
				out.Write(payload.Bytes())
			}
			cpu.stop()
			checkServerFrames(b, out.Bytes(), msg)
		})
	}
}

// BenchmarkDeflateInflate receives one compressed, masked client text
// frame (permessage-deflate, RFC 7692, without context takeover) and
// delivers the whole inflated message, as a server does. One operation is
// one message; every library reads the same frame, compressed at
// BestSpeed.
//
//   - wscodec: the frame is copied into a reused input buffer (Receive
//     unmasks in place, as it would a buffer just read), then Receive of a
//     server wsframe.Conn with a wsdeflate extension returns the inflated
//     message.
//   - gorilla: NextReader on a server websocket.Conn made as in
//     BenchmarkDeflateCompress, reading the frame replayed by a memConn
//     through its 4 KiB buffer, and the message read whole into a reused
//     buffer.
//   - gobwas-wsflate: ws.ReadHeader from a 4 KiB bufio.Reader over a
//     memConn replaying the frame, io.ReadFull of the payload into a
//     reused buffer, ws.Cipher to unmask it, then a wsflate.Reader over a
//     reused flate reader inflates it into a reused bytes.Buffer.
//
// Each message is checked to have the original length, and the last one
// to equal the original text.
func BenchmarkDeflateInflate(b *testing.B) {
	for _, n := range deflateSizes {
		msg := deflateText(n)
		frame := compressedClientFrame(b, noTakeover, msg)
		size := fmt.Sprintf("/size=%d", n)

		b.Run("impl=wscodec"+size, func(b *testing.B) {
			c := deflateConn(noTakeover, true, wsdeflate.Options{})
			in := make([]byte, len(frame))
			var got []byte
			b.SetBytes(int64(n))
			b.ReportAllocs()
			cpu := startCPU(b)
			for i := 0; i < b.N; i++ {
				copy(in, frame)
				ev, _, err := c.Receive(in)
				if err != nil || ev == nil || len(ev.Payload) != n {
					b.Fatal(ev, err)
				}
				got = ev.Payload
			}
			cpu.stop()
			checkMessage(b, got, msg)
		})

		b.Run("impl=gorilla"+size, func(b *testing.B) {
			conn := gorillaDeflateServer(b, &memConn{src: frame})
			buf := make([]byte, n)
			b.SetBytes(int64(n))
			b.ReportAllocs()
			cpu := startCPU(b)
			for i := 0; i < b.N; i++ {
				_, r, err := conn.NextReader()
				if err != nil {
					b.Fatal(err)
				}
				if got, err := readAll(r, buf); err != nil || got != n {
					b.Fatal(got, err)
				}
			}
			cpu.stop()
			checkMessage(b, buf, msg)
		})

		b.Run("impl=gobwas-wsflate"+size, func(b *testing.B) {
			br := bufio.NewReaderSize(&memConn{src: frame}, 4096)
			fr := flate.NewReader(nil)
			rd := wsflate.NewReader(nil, func(r io.Reader) wsflate.Decompressor {
				if err := fr.(flate.Resetter).Reset(r, nil); err != nil {
					b.Fatal(err)
				}
				return fr
			})
			payload := make([]byte, 0, len(frame))
			var out bytes.Buffer
			b.SetBytes(int64(n))
			b.ReportAllocs()
			cpu := startCPU(b)
			for i := 0; i < b.N; i++ {
				h, err := ws.ReadHeader(br)
				if err != nil {
					b.Fatal(err)
				}
				payload = payload[:h.Length]
				if _, err := io.ReadFull(br, payload); err != nil {
					b.Fatal(err)
				}
				ws.Cipher(payload, h.Mask, 0)
				rd.Reset(bytes.NewReader(payload))
				out.Reset()
				if _, err := out.ReadFrom(rd); err != nil {
					b.Fatal(err)
				}
				if out.Len() != n {
					b.Fatal(out.Len())
				}
			}
			cpu.stop()
			checkMessage(b, out.Bytes(), msg)
		})
	}
}

func checkMessage(b *testing.B, got, want []byte) {
	if !bytes.Equal(got, want) {
		b.Fatalf("inflated %d bytes that differ from the %d-byte message", len(got), len(want))
	}
}

// idleConns is how many connections BenchmarkDeflateIdleMemory keeps
// alive at once: enough that a few stray allocations elsewhere in the
// process do not move the per-connection figure. A connection that keeps
// its compressor holds over a megabyte, so fewer of those
// (idleConnsKeptCompressor) make as clear a figure.
const (
	idleConns               = 1000
	idleConnsKeptCompressor = 50
)

// BenchmarkDeflateIdleMemory reports what one idle server connection
// with permessage-deflate costs in memory: the heap delta of building
// 1000 connections (50 for wscodec-send-takeover), each left idle after
// receiving one compressed 1 KiB text message from its client and
// sending one compressed back, divided by their number, as B/conn. The heap is read with runtime.ReadMemStats after
// runtime.GC run twice, before and after, so that compressors and
// decompressors a library pools with sync.Pool (both do) are released
// and count on neither side: the figure is what each connection keeps
// while idle. One operation is one such measurement; time/op is the time
// it takes and not a figure of merit.
//
//   - wscodec: a server wsframe.Conn with a wsdeflate extension (default
//     Options), after Receive of the message and AppendText of the reply.
//     The Conn keeps the inflated message and the compressed reply as
//     buffers for reuse. It does no I/O, so no transport is counted.
//   - wscodec-send-takeover (takeover=yes only): the same with
//     Options.SendContextTakeover, which keeps one compressor for the
//     connection's lifetime.
//   - gorilla (takeover=no only: gorilla always answers with
//     server_no_context_takeover and client_no_context_takeover): a
//     server websocket.Conn made as in BenchmarkDeflateCompress, with its
//     default 4 KiB read and write buffers, after ReadMessage and
//     WriteMessage. Its memConns are made before the first heap reading,
//     so only what gorilla holds counts.
//
// gobwas has no connection object, so it has no figure here. takeover=no
// negotiates server_no_context_takeover and client_no_context_takeover;
// takeover=yes neither, so wscodec keeps the last received messages (up
// to 32 KiB, here the 1 KiB message) as the next message's dictionary.
func BenchmarkDeflateIdleMemory(b *testing.B) {
	msg := deflateText(1024)
	wscodecIdle := func(p wshandshake.DeflateParams, opts wsdeflate.Options, conns int) func(b *testing.B) {
		return func(b *testing.B) {
			frame := compressedClientFrame(b, p, msg)
			in := make([]byte, len(frame))
			measureIdle(b, conns, func() {}, func(i int) any {
				c := deflateConn(p, true, opts)
				copy(in, frame)
				ev, _, err := c.Receive(in)
				if err != nil || ev == nil || !bytes.Equal(ev.Payload, msg) {
					b.Fatal(ev, err)
				}
				if _, err := c.AppendText(nil, ev.Payload); err != nil {
					b.Fatal(err)
				}
				return c
			})
		}
	}
	b.Run("impl=wscodec/takeover=no", wscodecIdle(noTakeover, wsdeflate.Options{}, idleConns))
	b.Run("impl=gorilla/takeover=no", func(b *testing.B) {
		frame := compressedClientFrame(b, noTakeover, msg)
		var mcs []*memConn
		measureIdle(b, idleConns, func() {
			mcs = make([]*memConn, idleConns)
			for i := range mcs {
				mcs[i] = &memConn{src: frame, bounded: true, limit: int64(len(frame))}
			}
		}, func(i int) any {
			conn := gorillaDeflateServer(b, mcs[i])
			_, p, err := conn.ReadMessage()
			if err != nil || !bytes.Equal(p, msg) {
				b.Fatal(len(p), err)
			}
			if err := conn.WriteMessage(websocket.TextMessage, p); err != nil {
				b.Fatal(err)
			}
			return conn
		})
		runtime.KeepAlive(mcs)
	})
	b.Run("impl=wscodec/takeover=yes", wscodecIdle(takeover, wsdeflate.Options{}, idleConns))
	b.Run("impl=wscodec-send-takeover/takeover=yes", wscodecIdle(takeover, wsdeflate.Options{SendContextTakeover: true}, idleConnsKeptCompressor))
}

// measureIdle runs b.N measurements of the heap that n connections
// hold, reported as the mean B/conn. Each measurement calls
// prepare (not counted: it runs before the first reading), then
// build for every connection, keeping what build returns alive until the
// second reading.
func measureIdle(b *testing.B, n int, prepare func(), build func(i int) any) {
	heap := func() int64 {
		// Two collections: the first moves sync.Pool contents to the
		// victim cache, the second frees them.
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return int64(m.HeapAlloc)
	}
	conns := make([]any, n)
	var total float64
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		clear(conns)
		prepare()
		before := heap()
		for j := range conns {
			conns[j] = build(j)
		}
		after := heap()
		total += float64(after-before) / float64(n)
	}
	runtime.KeepAlive(conns)
	b.ReportMetric(total/float64(b.N), "B/conn")
}
