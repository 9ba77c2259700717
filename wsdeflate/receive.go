package wsdeflate

import (
	"compress/flate"
	"io"
	"slices"
	"sync"

	"github.com/wscodec/wscodec/wsframe"
)

// windowSize is the largest LZ77 window of permessage-deflate, 2^15 bytes
// (RFC 7692 §7.1.2): how much of its earlier output a message may refer
// to under context takeover.
const windowSize = 1 << 15

// streamEnd follows a received message's payload into the decompressor.
// Its first four bytes are the tail RFC 7692 §7.2.2 has the receiver
// restore: "Append 4 octets of 0x00 0x00 0xff 0xff to the tail end of the
// payload of the message." They complete the empty stored block the
// sender flushed with. The other five are an empty stored block with
// BFINAL set, so the decompressor ends the stream with io.EOF where it
// would otherwise ask for more input than the message holds.
var streamEnd = [...]byte{0x00, 0x00, 0xff, 0xff, 0x01, 0x00, 0x00, 0xff, 0xff}

// receiver is the receiving half of an Extension.
type receiver struct {
	keepHistory bool // context takeover: the peer may refer to earlier messages
	compressed  bool // the open message carries RSV1

	// pending gathers the compressed payload of the open message until
	// its last piece arrives; it comes from pendingPool and goes back
	// when the message ends.
	pending *[]byte

	// history is the end of the output of earlier messages, at most
	// windowSize bytes, kept under context takeover: the dictionary the
	// next message is inflated against.
	history []byte
}

// BeginReceive starts a received data message whose first frame carried
// rsv: it is compressed if RSV1 is set (RFC 7692 §6: "the RSV1 bit of the
// first frame of a message is set ... if the message is compressed") and
// passes through [Extension.AppendReceived] then; otherwise it is
// delivered as it came. The Conn has refused RSV1 on continuation and
// control frames already (RFC 7692 §6.1).
func (x *Extension) BeginReceive(op wsframe.Opcode, rsv uint8) (bool, error) {
	r := &x.recv
	r.compressed = rsv&wsframe.RSV1 != 0
	if r.pending != nil {
		*r.pending = (*r.pending)[:0]
	}
	return r.compressed, nil
}

// AppendReceived takes the next piece of a compressed message's payload;
// at the last piece (final) it inflates the whole message and appends it
// to dst, returning the extended buffer. Before the last piece it
// returns dst unchanged.
//
// compress/flate cannot pause for input in the middle of a stream, so
// the compressed payload of a message that arrives in several pieces is
// gathered first; a message whose payload arrives in one piece, the
// common case, is inflated straight from the piece without a copy. The
// gathered payload may grow to [wsframe.MaxTransformedPayload] of limit,
// room for DEFLATE's overhead on a message as large as the limit; more
// fails with [ErrCompressedTooLarge] (1009). So a sender
// flooding empty blocks runs into the same bound as one sending a large
// message.
//
// Inflating stops as soon as the output passes limit, after at most
// limit+1 bytes: the Conn then fails the connection with
// [wsframe.ErrMessageTooLarge] (1009), so a decompression bomb costs
// work and memory bounded by the limit, never by the ratio of the bomb.
// A payload that is not a DEFLATE stream fails with [ErrCorrupt] (1007).
func (x *Extension) AppendReceived(dst, piece []byte, final bool, limit uint64) ([]byte, error) {
	r := &x.recv
	bound := wsframe.MaxTransformedPayload(limit)
	gathered := 0
	if r.pending != nil {
		gathered = len(*r.pending)
	}
	if uint64(gathered)+uint64(len(piece)) > bound {
		r.release()
		return dst, ErrCompressedTooLarge
	}
	if !final {
		if r.pending == nil {
			r.pending = pendingPool.Get().(*[]byte)
		}
		*r.pending = append(*r.pending, piece...)
		return dst, nil
	}
	in := piece
	if gathered > 0 {
		*r.pending = append(*r.pending, piece...)
		in = *r.pending
	}
	start := len(dst)
	dst, err := r.inflate(dst, in, limit)
	r.release()
	if err != nil {
		return dst, err
	}
	if r.keepHistory && uint64(len(dst)-start) <= limit {
		r.remember(dst[start:])
	}
	return dst, nil
}

// release returns the gathered payload buffer to its pool.
func (r *receiver) release() {
	if r.pending == nil {
		return
	}
	if cap(*r.pending) <= maxPooledPending {
		*r.pending = (*r.pending)[:0]
		pendingPool.Put(r.pending)
	}
	r.pending = nil
}

// maxPooledPending keeps buffers of huge messages out of the pool, where
// they would pin memory that ordinary messages never need.
const maxPooledPending = 1 << 20

var pendingPool = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// inflate appends the inflated message in to dst, stopping once more
// than limit bytes were produced.
func (r *receiver) inflate(dst, in []byte, limit uint64) ([]byte, error) {
	d := inflaterPool.Get().(*inflater)
	defer d.release()
	d.src = source{msg: in, end: streamEnd[:]}
	var dict []byte
	if r.keepHistory {
		dict = r.history
	}
	if err := d.fr.(flate.Resetter).Reset(&d.src, dict); err != nil {
		return dst, ErrCorrupt
	}
	start, produced := len(dst), uint64(0)
	for {
		room := limit - produced // produced <= limit here
		if room != ^uint64(0) {
			room++ // one byte more than the limit shows the limit is passed
		}
		if len(dst) == cap(dst) {
			dst = slices.Grow(dst, growth(len(dst)-start, len(in), room))
		}
		buf := dst[len(dst):cap(dst)]
		if uint64(len(buf)) > room {
			buf = buf[:int(room)]
		}
		n, err := d.fr.Read(buf)
		dst = dst[:len(dst)+n]
		produced += uint64(n)
		if produced > limit {
			return dst, nil
		}
		if err == io.EOF {
			return dst, nil
		}
		if err != nil {
			return dst, ErrCorrupt
		}
	}
}

// growth is how much to grow an output buffer holding n inflated bytes
// of a message of compressed bytes that may take room more bytes. The
// first guess is twice the compressed size, from 512 bytes, which fits
// most text at once; then the output doubles. It never passes the room,
// so a bomb cannot make the buffer much larger than the limit.
func growth(n, compressed int, room uint64) int {
	g := n
	if n == 0 {
		g = max(512, 2*compressed)
	}
	if uint64(g) > room {
		g = int(room)
	}
	return g
}

// remember appends a message's output to the history, keeping its last
// windowSize bytes.
func (r *receiver) remember(out []byte) {
	if len(out) >= windowSize {
		r.history = append(r.history[:0], out[len(out)-windowSize:]...)
		return
	}
	if keep := windowSize - len(out); len(r.history) > keep {
		n := copy(r.history, r.history[len(r.history)-keep:])
		r.history = r.history[:n]
	}
	if need := len(r.history) + len(out); need > cap(r.history) {
		// Grown by hand to stop at the window, which append could overshoot.
		h := make([]byte, len(r.history), min(windowSize, max(need, 2*cap(r.history))))
		copy(h, r.history)
		r.history = h
	}
	r.history = append(r.history, out...)
}

// inflater is a pooled decompressor and the source it reads from. No
// decompressor outlives a message: under context takeover the history is
// handed to the next one as its dictionary, so idle connections share
// the pool.
type inflater struct {
	fr  io.ReadCloser // a flate.Resetter
	src source
}

var inflaterPool = sync.Pool{New: func() any {
	d := &inflater{}
	d.fr = flate.NewReader(&d.src)
	return d
}}

func (d *inflater) release() {
	d.src = source{}
	inflaterPool.Put(d)
}

// source serves a message's payload and then the stream end to the
// decompressor. It implements io.ByteReader, so compress/flate reads it
// directly instead of through a bufio.Reader of its own, and so never
// reads past what it decodes.
type source struct {
	msg, end []byte
}

func (s *source) Read(p []byte) (int, error) {
	n := copy(p, s.msg)
	s.msg = s.msg[n:]
	if n < len(p) {
		m := copy(p[n:], s.end)
		s.end = s.end[m:]
		n += m
	}
	if n == 0 && len(p) > 0 {
		return 0, io.EOF
	}
	return n, nil
}

func (s *source) ReadByte() (byte, error) {
	if len(s.msg) > 0 {
		b := s.msg[0]
		s.msg = s.msg[1:]
		return b, nil
	}
	if len(s.end) > 0 {
		b := s.end[0]
		s.end = s.end[1:]
		return b, nil
	}
	return 0, io.EOF
}
