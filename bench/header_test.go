package bench

import (
	"bufio"
	"bytes"
	"io"
	"strconv"
	"testing"
	_ "unsafe" // for go:linkname

	gobwas "github.com/gobwas/ws"
	"github.com/wscodec/wscodec/wsframe"
	"github.com/wscodec/wscodec/wsmask"
)

// lxzan/gws and coder/websocket parse and write frame headers with
// unexported code only. As for masking (mask_test.go), //go:linkname
// reaches the functions they ship, called as they call them; the
// signatures and coderHeader's layout match the versions pinned in go.mod.

// gwsFrameHeader is gws's frameHeader, a [14]byte.
type gwsFrameHeader [14]byte

//go:linkname gwsParseHeader github.com/lxzan/gws.(*frameHeader).Parse
func gwsParseHeader(fh *gwsFrameHeader, r io.Reader) (int, error)

//go:linkname gwsGenerateHeader github.com/lxzan/gws.(*frameHeader).GenerateHeader
func gwsGenerateHeader(fh *gwsFrameHeader, isServer, fin, compress bool, opcode uint8, length int) (int, []byte)

// coderHeader has the fields of coder's unexported header struct, in its
// order and with its types.
type coderHeader struct {
	fin           bool
	_, _, _       bool // rsv1, rsv2, rsv3
	opcode        int
	payloadLength int64
	masked        bool
	maskKey       uint32
}

//go:linkname coderReadFrameHeader github.com/coder/websocket.readFrameHeader
func coderReadFrameHeader(r *bufio.Reader, readBuf []byte) (coderHeader, error)

//go:linkname coderWriteFrameHeader github.com/coder/websocket.writeFrameHeader
func coderWriteFrameHeader(h coderHeader, w *bufio.Writer, buf []byte) error

var (
	sinkErr   error
	sinkBytes []byte
)

var benchKey = [4]byte{0x37, 0xfa, 0x21, 0x3d}

// headerCases are the four header sizes of RFC 6455 §5.2: unmasked with a
// 7-bit length (what a client receives), and masked with a 7-, 16- and
// 64-bit length (what a server receives). role is the receiver's.
var headerCases = []struct {
	role wsframe.Role
	h    wsframe.Header
}{
	{wsframe.Client, wsframe.Header{Fin: true, Opcode: wsframe.OpBinary, Length: 16}},
	{wsframe.Server, wsframe.Header{Fin: true, Opcode: wsframe.OpBinary, Masked: true, Key: benchKey, Length: 16}},
	{wsframe.Server, wsframe.Header{Fin: true, Opcode: wsframe.OpBinary, Masked: true, Key: benchKey, Length: 1000}},
	{wsframe.Server, wsframe.Header{Fin: true, Opcode: wsframe.OpBinary, Masked: true, Key: benchKey, Length: 100000}},
}

// BenchmarkHeaderDecode decodes one frame header of each size.
//
//   - wscodec: Header.Parse on the bytes into a reused Header, with a
//     Policy for the receiving role (it also judges the header: mask bit,
//     opcode, minimal length, size limit). The peers' readers likewise
//     fill a value they hold.
//   - gobwas-ReadHeaderBuffer and gobwas-ReadHeader: gobwas's public header
//     readers over a bytes.Reader reset to the header each time; the
//     Buffer variant reuses a caller's buffer, the other allocates one.
//   - gws-linkname: gws's (*frameHeader).Parse over a bytes.Reader, reached
//     by linkname; it reads the fields and judges nothing.
//   - coder-linkname: coder's readFrameHeader over a bufio.Reader reset
//     to a bytes.Reader holding the header, reached by linkname.
//   - gorilla-NextReader (2 and 6 bytes only): gorilla has no header
//     decoder of its own; Conn.NextReader reads the next header from the
//     connection's bufio.Reader. The Conn runs over a memConn replaying
//     frames with an empty payload, so each call decodes one header and
//     nothing else. The 8- and 14-byte forms need a payload of at least
//     126 bytes, which NextReader would have to skip, so gorilla is left
//     out of those.
//
// Every loop discards what the call returns and checks the result of one
// more call after it. None of the calls measured can be inlined whole
// (each is too large, or reached by linkname), so the compiler keeps each
// one; storing results to package variables instead would add a store
// and a write-barrier check per operation to every implementation.
func BenchmarkHeaderDecode(b *testing.B) {
	for _, c := range headerCases {
		in := wsframe.AppendHeader(nil, c.h)
		size := "/bytes=" + strconv.Itoa(len(in))
		b.Run("impl=wscodec"+size, func(b *testing.B) {
			p := wsframe.Policy{Role: c.role, MaxFramePayload: 1 << 30}
			var h wsframe.Header
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				h.Parse(in, &p)
			}
			h = wsframe.Header{}
			if n, err := h.Parse(in, &p); err != nil || n != len(in) || h != c.h {
				b.Fatal(n, err, h)
			}
		})
		b.Run("impl=gobwas-ReadHeaderBuffer"+size, func(b *testing.B) {
			r := bytes.NewReader(in)
			buf := make([]byte, gobwas.MaxHeaderSize)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				r.Reset(in)
				gobwas.ReadHeaderBuffer(r, buf)
			}
			r.Reset(in)
			if h, err := gobwas.ReadHeaderBuffer(r, buf); err != nil || h.Length != int64(c.h.Length) {
				b.Fatal(h, err)
			}
		})
		b.Run("impl=gobwas-ReadHeader"+size, func(b *testing.B) {
			r := bytes.NewReader(in)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				r.Reset(in)
				gobwas.ReadHeader(r)
			}
			r.Reset(in)
			if h, err := gobwas.ReadHeader(r); err != nil || h.Length != int64(c.h.Length) {
				b.Fatal(h, err)
			}
		})
		b.Run("impl=gws-linkname"+size, func(b *testing.B) {
			r := bytes.NewReader(in)
			var fh gwsFrameHeader
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				r.Reset(in)
				gwsParseHeader(&fh, r)
			}
			r.Reset(in)
			if n, err := gwsParseHeader(&fh, r); err != nil || n != int(c.h.Length) {
				b.Fatal(n, err)
			}
		})
		b.Run("impl=coder-linkname"+size, func(b *testing.B) {
			r := bytes.NewReader(in)
			br := bufio.NewReader(r)
			var readBuf [8]byte
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				r.Reset(in)
				br.Reset(r)
				coderReadFrameHeader(br, readBuf[:])
			}
			r.Reset(in)
			br.Reset(r)
			if h, err := coderReadFrameHeader(br, readBuf[:]); err != nil || h.payloadLength != int64(c.h.Length) {
				b.Fatal(h, err)
			}
		})
		if c.h.Length <= 125 {
			b.Run("impl=gorilla-NextReader"+size, func(b *testing.B) {
				empty := c.h
				empty.Length = 0
				frame := wsframe.AppendHeader(nil, empty)
				mc := &memConn{src: frame}
				var conn interface {
					NextReader() (int, io.Reader, error)
				}
				if c.role == wsframe.Client {
					conn = gorillaClient(b, mc)
				} else {
					conn = gorillaServer(b, mc)
				}
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					conn.NextReader()
				}
				if op, _, err := conn.NextReader(); err != nil || op != int(c.h.Opcode) {
					b.Fatal(op, err)
				}
			})
		}
	}
}

// BenchmarkHeaderEncode writes the header of a masked 16-byte binary
// frame, as a client sends it. Its loops discard results as
// BenchmarkHeaderDecode's do.
//
//   - wscodec: wsframe.AppendHeader into a reused buffer.
//   - gobwas-WriteHeader: ws.WriteHeader into a reset bytes.Buffer.
//   - gws-linkname: gws's (*frameHeader).GenerateHeader into a zeroed
//     frameHeader, as gws's writer calls it, reached by linkname; it also
//     draws the masking key from its own generator, which the others take
//     as given.
//   - coder-linkname: coder's writeFrameHeader into a bufio.Writer reset to
//     io.Discard each time (so it flushes nothing), reached by linkname.
func BenchmarkHeaderEncode(b *testing.B) {
	h := wsframe.Header{Fin: true, Opcode: wsframe.OpBinary, Masked: true, Key: benchKey, Length: 16}
	want := []byte{0x82, 0x80 | 16, benchKey[0], benchKey[1], benchKey[2], benchKey[3]}
	b.Run("impl=wscodec", func(b *testing.B) {
		buf := make([]byte, 0, wsframe.MaxHeaderLen)
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			wsframe.AppendHeader(buf, h)
		}
		if got := wsframe.AppendHeader(buf, h); !bytes.Equal(got, want) {
			b.Fatalf("%x, want %x", got, want)
		}
	})
	b.Run("impl=gobwas-WriteHeader", func(b *testing.B) {
		gh := gobwas.Header{Fin: true, OpCode: gobwas.OpBinary, Masked: true, Mask: benchKey, Length: 16}
		var buf bytes.Buffer
		buf.Grow(gobwas.MaxHeaderSize)
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			buf.Reset()
			gobwas.WriteHeader(&buf, gh)
		}
		buf.Reset()
		if err := gobwas.WriteHeader(&buf, gh); err != nil || !bytes.Equal(buf.Bytes(), want) {
			b.Fatalf("%x, %v; want %x", buf.Bytes(), err, want)
		}
	})
	b.Run("impl=gws-linkname", func(b *testing.B) {
		var fh gwsFrameHeader
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			fh = gwsFrameHeader{} // it adds the length to the second byte
			gwsGenerateHeader(&fh, false, true, false, 2, 16)
		}
		fh = gwsFrameHeader{}
		if n, key := gwsGenerateHeader(&fh, false, true, false, 2, 16); n != 6 || len(key) != 4 || !bytes.Equal(fh[:2], want[:2]) {
			b.Fatalf("%d %x %x", n, key, fh[:n])
		}
	})
	b.Run("impl=coder-linkname", func(b *testing.B) {
		ch := coderHeader{fin: true, opcode: 2, payloadLength: 16, masked: true, maskKey: 0x3d21fa37}
		w := bufio.NewWriter(io.Discard)
		var buf [8]byte
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			w.Reset(io.Discard)
			coderWriteFrameHeader(ch, w, buf[:])
		}
		w.Reset(io.Discard)
		if err := coderWriteFrameHeader(ch, w, buf[:]); err != nil || w.Buffered() != 6 {
			b.Fatal(w.Buffered(), err)
		}
	})
}

// BenchmarkFrameEncode writes a whole masked binary frame with a 16-byte
// payload, masking a copy of the payload.
//
//   - wscodec: wsframe.AppendFrame (header, copy, mask) into a reused buffer.
//   - wscodec-Conn: a client wsframe.Conn's AppendBinary, which also
//     draws the key from a seeded wsmask.KeySource and checks the send
//     state.
//   - gobwas-WriteHeader+Cipher: ws.WriteHeader and the payload into a
//     reset bytes.Buffer, then ws.Cipher over the payload's bytes there.
func BenchmarkFrameEncode(b *testing.B) {
	payload := make([]byte, 16)
	for i := range payload {
		payload[i] = byte(i)
	}
	b.Run("impl=wscodec/payload=16", func(b *testing.B) {
		f := wsframe.Frame{Header: wsframe.Header{Fin: true, Opcode: wsframe.OpBinary, Masked: true, Key: benchKey}, Payload: payload}
		buf := make([]byte, 0, wsframe.MaxHeaderLen+len(payload))
		b.SetBytes(int64(len(payload)))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkBytes = wsframe.AppendFrame(buf, f)
		}
	})
	b.Run("impl=wscodec-Conn/payload=16", func(b *testing.B) {
		c := wsframe.NewConn(wsframe.ConnConfig{Policy: wsframe.Policy{Role: wsframe.Client}, KeySource: wsmask.NewSeededKeySource(1)})
		buf := make([]byte, 0, wsframe.MaxHeaderLen+len(payload))
		b.SetBytes(int64(len(payload)))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkBytes, sinkErr = c.AppendBinary(buf, payload)
		}
		if sinkErr != nil {
			b.Fatal(sinkErr)
		}
	})
	b.Run("impl=gobwas-WriteHeader+Cipher/payload=16", func(b *testing.B) {
		gh := gobwas.Header{Fin: true, OpCode: gobwas.OpBinary, Masked: true, Mask: benchKey, Length: int64(len(payload))}
		var buf bytes.Buffer
		buf.Grow(gobwas.MaxHeaderSize + len(payload))
		b.SetBytes(int64(len(payload)))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			buf.Reset()
			sinkErr = gobwas.WriteHeader(&buf, gh)
			start := buf.Len()
			buf.Write(payload)
			gobwas.Cipher(buf.Bytes()[start:], benchKey, 0)
		}
	})
}
