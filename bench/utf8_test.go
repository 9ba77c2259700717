package bench

import (
	"bytes"
	"context"
	"testing"
	"unicode/utf8"

	"github.com/wscodec/wscodec/wsframe"
	"github.com/wscodec/wscodec/wsutf8"
)

// utf8Texts are 64 KiB of ASCII and of Japanese (three-byte code points),
// cut at a code point boundary.
var utf8Texts = []struct {
	name string
	text []byte
}{
	{"ASCII", repeatText("The quick brown fox jumps over the lazy dog. ", 64<<10)},
	{"CJK", repeatText("いろはにほへと　ちりぬるを　わかよたれそ　つねならむ　日本語の文章。", 64<<10)},
}

// repeatText repeats s to n bytes and drops the code point the cut split.
func repeatText(s string, n int) []byte {
	b := bytes.Repeat([]byte(s), n/len(s)+1)[:n]
	for !utf8.Valid(b) {
		b = b[:len(b)-1]
	}
	return b
}

var sinkBool bool

// BenchmarkUTF8Valid validates each text: wsutf8.Valid against the
// standard library's unicode/utf8.Valid (what gws and gobwas's wsutil
// use for text messages).
func BenchmarkUTF8Valid(b *testing.B) {
	impls := []struct {
		name  string
		valid func([]byte) bool
	}{
		{"wscodec", wsutf8.Valid},
		{"stdlib", utf8.Valid},
	}
	for _, t := range utf8Texts {
		for _, impl := range impls {
			b.Run("impl="+impl.name+"/text="+t.name, func(b *testing.B) {
				b.SetBytes(int64(len(t.text)))
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					sinkBool = impl.valid(t.text)
				}
				if !sinkBool {
					b.Fatal("text is not valid")
				}
			})
		}
	}
}

// BenchmarkTextReceive receives one masked 64 KiB text message and
// delivers it whole, as a server does. One operation is one message; the
// masked frame is read (copied) from memory each time, since unmasking
// changes it.
//
//   - wscodec: a server wsframe.Conn's Receive on the frame copied into a
//     reused buffer; received text is always validated.
//   - wscodec-binary: the same bytes sent as a binary message, which is
//     not validated: the cost of validation is the difference.
//   - gorilla-NextReader, coder-Reader: as in BenchmarkStreamDecode. Neither
//     validates the UTF-8 of received text.
//   - gws-ReadLoop-utf8 and gws-ReadLoop: as in BenchmarkStreamDecode,
//     with and without gws's CheckUtf8Enabled option.
func BenchmarkTextReceive(b *testing.B) {
	for _, t := range utf8Texts {
		name := "/text=" + t.name
		textFrame := wsframe.AppendFrame(nil, wsframe.Frame{Header: wsframe.Header{Fin: true, Opcode: wsframe.OpText, Masked: true, Key: benchKey}, Payload: t.text})
		binFrame := wsframe.AppendFrame(nil, wsframe.Frame{Header: wsframe.Header{Fin: true, Opcode: wsframe.OpBinary, Masked: true, Key: benchKey}, Payload: t.text})
		size := len(t.text)
		wscodec := func(frame []byte) func(b *testing.B) {
			return func(b *testing.B) {
				c := wsframe.NewConn(wsframe.ConnConfig{})
				in := make([]byte, len(frame))
				b.SetBytes(int64(size))
				b.ReportAllocs()
				cpu := startCPU(b)
				for i := 0; i < b.N; i++ {
					copy(in, frame)
					ev, _, err := c.Receive(in)
					if err != nil || ev == nil || len(ev.Payload) != size {
						b.Fatal(ev, err)
					}
				}
				cpu.stop()
			}
		}
		b.Run("impl=wscodec"+name, wscodec(textFrame))
		b.Run("impl=wscodec-binary"+name, wscodec(binFrame))
		b.Run("impl=gorilla-NextReader"+name, func(b *testing.B) {
			conn := gorillaServer(b, &memConn{src: textFrame})
			buf := make([]byte, size)
			b.SetBytes(int64(size))
			b.ReportAllocs()
			cpu := startCPU(b)
			for i := 0; i < b.N; i++ {
				_, r, err := conn.NextReader()
				if err != nil {
					b.Fatal(err)
				}
				if n, err := readAll(r, buf); err != nil || n != size {
					b.Fatal(n, err)
				}
			}
			cpu.stop()
		})
		b.Run("impl=coder-Reader"+name, func(b *testing.B) {
			conn := coderServer(b, &memConn{src: textFrame})
			ctx := context.Background()
			buf := make([]byte, size)
			b.SetBytes(int64(size))
			b.ReportAllocs()
			cpu := startCPU(b)
			for i := 0; i < b.N; i++ {
				_, r, err := conn.Reader(ctx)
				if err != nil {
					b.Fatal(err)
				}
				if n, err := readAll(r, buf); err != nil || n != size {
					b.Fatal(n, err)
				}
			}
			cpu.stop()
		})
		for _, check := range []bool{true, false} {
			impl := "impl=gws-ReadLoop"
			if check {
				impl += "-utf8"
			}
			b.Run(impl+name, func(b *testing.B) {
				mc := &memConn{src: textFrame, bounded: true, limit: int64(b.N) * int64(len(textFrame))}
				h := &gwsHandler{}
				conn := gwsServer(b, mc, h, check)
				b.SetBytes(int64(size))
				b.ReportAllocs()
				cpu := startCPU(b)
				conn.ReadLoop()
				cpu.stop()
				if h.err != nil || h.messages != b.N || h.bytes != b.N*size {
					b.Fatal(h.messages, h.bytes, h.err)
				}
			})
		}
	}
}
