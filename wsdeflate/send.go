package wsdeflate

import (
	"bytes"
	"compress/flate"
	"sync"

	"github.com/wscodec/wscodec/wsframe"
)

// syncMarker is the tail a flush leaves: the LEN and NLEN of an empty
// stored block. RFC 7692 §7.2.1: "Remove 4 octets (that are 0x00 0x00
// 0xff 0xff) from the tail end."
var syncMarker = []byte{0x00, 0x00, 0xff, 0xff}

// sender is the sending half of an Extension.
type sender struct {
	level          int
	threshold      int
	keepCompressor bool // context takeover in our direction, opted into

	// enc is the compressor of the message being sent, or, with
	// keepCompressor, of the connection. Otherwise it goes back to its
	// pool when the message ends.
	enc *compressor
}

// BeginSend starts an outgoing data message of length bytes (-1 when it
// is streamed). A whole message shorter than the threshold goes out as it
// is, with RSV1 clear; any other is compressed and marked with RSV1 on
// its first frame (RFC 7692 §6).
func (x *Extension) BeginSend(op wsframe.Opcode, length int) (uint8, bool) {
	if length >= 0 && length < x.send.threshold {
		return 0, false
	}
	return wsframe.RSV1, true
}

// AppendSend compresses the next piece of the outgoing message, appends
// the DEFLATE data to dst and returns the extended buffer. Each piece is
// flushed, so its data can go out in its own frames; the last one
// (final) loses the four-byte tail of its flush, as RFC 7692 §7.2.1
// requires.
//
// Without context takeover, "the client (or server) MUST start
// compressing each new message with an empty LZ77 sliding window"
// (§7.1.1.1, §7.1.1.2): the compressor is reset when the message ends and
// returned to a pool shared by all connections of its level.
func (x *Extension) AppendSend(dst, piece []byte, final bool) ([]byte, error) {
	s := &x.send
	if s.enc == nil {
		s.enc = getCompressor(s.level)
	}
	e := s.enc
	start := len(dst)
	e.out.buf = dst
	// The output never fails to take bytes, and neither does the
	// compressor without an output error.
	_, _ = e.w.Write(piece)
	_ = e.w.Flush()
	dst = e.out.buf
	e.out.buf = nil
	if !final {
		return dst, nil
	}
	if !s.keepCompressor {
		s.enc = nil
		putCompressor(e, s.level)
	}
	if !bytes.HasSuffix(dst[start:], syncMarker) {
		return dst[:start], ErrCompressor
	}
	return dst[:len(dst)-len(syncMarker)], nil
}

// appendWriter is the io.Writer a compressor writes to: it appends to buf.
type appendWriter struct{ buf []byte }

func (w *appendWriter) Write(p []byte) (int, error) {
	w.buf = append(w.buf, p...)
	return len(p), nil
}

// compressor is a flate.Writer and the buffer it appends to.
type compressor struct {
	w   *flate.Writer
	out appendWriter
}

// compressorPools hold reset compressors by level, index level+2
// (flate.HuffmanOnly is -2; BestCompression 9).
var compressorPools [flate.BestCompression + 3]sync.Pool

func getCompressor(level int) *compressor {
	if e, ok := compressorPools[level+2].Get().(*compressor); ok {
		return e
	}
	e := &compressor{}
	// The level was checked by New, so NewWriter cannot fail.
	e.w, _ = flate.NewWriter(&e.out, level)
	return e
}

func putCompressor(e *compressor, level int) {
	e.w.Reset(&e.out)
	e.out.buf = nil
	compressorPools[level+2].Put(e)
}
