package wsframe

import (
	"strconv"
	"testing"

	"github.com/wscodec/wscodec/wsmask"
)

// decodeBenchStream decodes stream, pushed in chunks of chunkSize bytes,
// b.N times, reporting the throughput and the time per frame. Decoding
// unmasks in place, so every pass masks the bytes afresh (XOR being its own
// inverse) and no copy is timed.
func decodeBenchStream(b *testing.B, stream []byte, frames, chunkSize int) {
	var d Decoder
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		d.Reset(Policy{})
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
				c = c[n:]
			}
		}
		if !d.AtFrameBoundary() {
			b.Fatal("stream ended inside a frame")
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(frames), "ns/frame")
}

// BenchmarkDecoderStream16 decodes 10,000 masked 16-byte frames pushed as
// one buffer.
func BenchmarkDecoderStream16(b *testing.B) {
	decodeBenchStream(b, maskedStream(10000, 16), 10000, 1<<30)
}

// BenchmarkDecoderStream16Chunked1500 decodes the stream of
// BenchmarkDecoderStream16 pushed in 1,500-byte chunks, as packets bring it.
func BenchmarkDecoderStream16Chunked1500(b *testing.B) {
	decodeBenchStream(b, maskedStream(10000, 16), 10000, 1500)
}

// streams64K are the two streams of 64 KiB frames: 16 frames (1 MiB) stay
// in the L2 cache of a core, as a receive buffer the transport has just
// filled does; 100 (6.5 MiB) do not, so they measure memory bandwidth.
var streams64K = []int{16, 100}

// BenchmarkDecoderStream64K decodes masked 64 KiB frames pushed as one
// buffer.
func BenchmarkDecoderStream64K(b *testing.B) {
	for _, frames := range streams64K {
		b.Run("frames="+strconv.Itoa(frames), func(b *testing.B) {
			decodeBenchStream(b, maskedStream(frames, 64<<10), frames, 1<<30)
		})
	}
}

// BenchmarkMask64KInPlace is the baseline of BenchmarkDecoderStream64K:
// unmasking in place, with wsmask, the payloads of the same stream of
// masked 64 KiB frames, the least any decoder must do. It walks the same
// bytes as the decoder, so both pay the same memory traffic.
func BenchmarkMask64KInPlace(b *testing.B) {
	const size = 64 << 10
	for _, frames := range streams64K {
		b.Run("frames="+strconv.Itoa(frames), func(b *testing.B) {
			stream := maskedStream(frames, size)
			frameLen := len(stream) / frames
			b.SetBytes(int64(len(stream)))
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				for f := stream; len(f) > 0; f = f[frameLen:] {
					payload := f[frameLen-size : frameLen]
					wsmask.Mask(payload, [4]byte(f[frameLen-size-4:]))
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(frames), "ns/frame")
		})
	}
}
