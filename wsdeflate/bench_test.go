package wsdeflate

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/wscodec/wscodec/wsframe"
	"github.com/wscodec/wscodec/wshandshake"
)

var benchNoTakeover = wshandshake.DeflateSettings{Enabled: true, OwnMaxWindowBits: 15, PeerMaxWindowBits: 15, OwnNoContextTakeover: true, PeerNoContextTakeover: true}

// benchSizes are the message sizes of the throughput benchmarks: 16 B to
// 4 KiB, then 64 KiB of text.
var benchSizes = []int{16, 256, 4096, 65536}

// BenchmarkCompress measures AppendSend of whole text messages, each
// compressed on its own with a pooled compressor (the default).
func BenchmarkCompress(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("%dB", n), func(b *testing.B) {
			msg := textOf(n, 1)
			x := New(benchNoTakeover, Options{Threshold: -1})
			dst := make([]byte, 0, 2*n+64)
			b.SetBytes(int64(n))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				x.BeginSend(wsframe.OpText, n)
				dst, _ = x.AppendSend(dst[:0], msg, true)
			}
		})
	}
}

// BenchmarkInflate measures AppendReceived of whole compressed text
// messages arriving in one piece, with a pooled decompressor.
func BenchmarkInflate(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("%dB", n), func(b *testing.B) {
			msg := textOf(n, 1)
			z := compressRaw(b, DefaultLevel, msg)
			x := New(benchNoTakeover, Options{})
			dst := make([]byte, 0, n+64)
			b.SetBytes(int64(n))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				x.BeginReceive(wsframe.OpText, wsframe.RSV1)
				dst, _ = x.AppendReceived(dst[:0], z, true, 1<<30)
			}
		})
	}
}

// BenchmarkConnEcho receives a compressed text message on a server Conn
// and sends it back compressed: the whole per-message cost of
// permessage-deflate on a connection.
func BenchmarkConnEcho(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("%dB", n), func(b *testing.B) {
			p := wshandshake.DeflateParams{ServerNoContextTakeover: true, ClientNoContextTakeover: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}
			msg := textOf(n, 2)
			client := newEndpoint(p, false, Options{Threshold: -1}, wsframe.ConnConfig{})
			wire, _ := client.conn.AppendText(nil, msg)
			server := newEndpoint(p, true, Options{Threshold: -1}, wsframe.ConnConfig{})
			in := make([]byte, len(wire))
			out := make([]byte, 0, 2*n+64)
			b.SetBytes(int64(n))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				copy(in, wire)
				ev, _, err := server.conn.Receive(in)
				if err != nil || ev == nil {
					b.Fatal(ev, err)
				}
				out, _ = server.conn.AppendText(out[:0], ev.Payload)
			}
		})
	}
}

// BenchmarkIdleMemory reports the heap one idle server Conn holds after a
// 1 KiB message each way, in bytes per connection (B/conn), without and
// with context takeover. The figure is the slope between few and many
// Conns (see heapPerItem), so the pooled compressor and decompressor the
// Conns share are not charged to each; a kept compressor is over a
// megabyte per Conn, so that case counts 20 Conns directly.
func BenchmarkIdleMemory(b *testing.B) {
	for _, sc := range []struct {
		name string
		p    *wshandshake.DeflateParams
		opts Options
	}{
		{"no-extension", nil, Options{}},
		{"no-takeover", &wshandshake.DeflateParams{ServerNoContextTakeover: true, ClientNoContextTakeover: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}, Options{}},
		{"takeover", &wshandshake.DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}, Options{}},
		{"takeover-both-ways", &wshandshake.DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}, Options{SendContextTakeover: true}},
	} {
		b.Run(sc.name, func(b *testing.B) {
			build := idleConnsB(b, sc.p, sc.opts)
			var total float64
			for i := 0; i < b.N; i++ {
				if !sc.opts.SendContextTakeover {
					total += heapPerItem(func(n int) any { return build(n) })
					continue
				}
				const n = 20
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				conns := build(n)
				runtime.GC()
				runtime.ReadMemStats(&after)
				runtime.KeepAlive(conns)
				total += float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / n
			}
			b.ReportMetric(total/float64(b.N), "B/conn")
		})
	}
}
