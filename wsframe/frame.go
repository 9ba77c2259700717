package wsframe

import (
	"math"
	"slices"

	"github.com/wscodec/wscodec/wsmask"
)

// Frame is a whole frame: its header and its payload.
type Frame struct {
	Header
	// Payload is the unmasked application data. Its length is the
	// frame's payload length; Header.Length is ignored when encoding.
	Payload []byte
}

// AppendFrame appends the encoding of f to dst and returns the extended
// buffer, in the manner of strconv.AppendInt. The payload length written
// is len(f.Payload). When f is masked, the copy of the payload in dst is
// masked with f.Key; f.Payload itself is never modified (it must not
// overlap the spare capacity of dst, which AppendFrame writes). Like
// [AppendHeader] it judges nothing: use [Policy.CheckSend] first.
//
// It allocates only when dst has room for fewer than
// [MaxHeaderLen]+len(f.Payload) more bytes.
func AppendFrame(dst []byte, f Frame) []byte {
	// A payload whose length fits the header's 7-bit field, as every
	// control frame and most small messages have, gets its header bytes
	// written here, with no further call and no Header copy: at this size
	// the calls of the general path are most of the cost of a frame.
	n, size := len(dst), len(f.Payload)
	if size > maxControlPayload || cap(dst)-n < 6+size {
		return appendFrameGrow(dst, &f)
	}
	b0 := f.firstByte()
	if !f.Masked {
		dst = append(dst, b0, byte(size))
		return append(dst, f.Payload...)
	}
	out := dst[n : n+6]
	out[0], out[1] = b0, 0x80|byte(size)
	*(*[4]byte)(out[2:6]) = f.Key
	return wsmask.AppendMasked(dst[:n+6], f.Payload, f.Key)
}

// appendFrameGrow is AppendFrame for a payload that needs an extended
// length or a dst without room: it makes room, then writes the header with
// AppendHeader.
func appendFrameGrow(dst []byte, f *Frame) []byte {
	h := f.Header
	h.Length = uint64(len(f.Payload))
	if room := MaxHeaderLen + len(f.Payload); cap(dst)-len(dst) < room {
		dst = slices.Grow(dst, room)
	}
	dst = AppendHeader(dst, h)
	if !h.Masked {
		return append(dst, f.Payload...)
	}
	return wsmask.AppendMasked(dst, f.Payload, h.Key)
}

// ParseFrame decodes the whole frame at the start of b and judges it by p
// (nil means the zero Policy), with the same three outcomes as
// [ParseHeader]: n > 0 bytes form a valid frame; n < 0 means at least -n
// more bytes are needed (the rest of the header, or once the header is
// complete the rest of the payload); or an error, with n == 0.
//
// The returned Payload aliases b, with its capacity ending where it ends.
// A masked payload is unmasked in place, so b is modified once the whole
// frame is present (never before: an incomplete frame leaves b untouched;
// and a frame is unmasked only after its header is judged valid), and
// f.Key keeps the key it was masked with. Parsing the same bytes twice
// therefore unmasks twice.
//
// A close frame's payload is judged as [ParseClosePayload] does, after
// unmasking. A text frame's payload is not checked for UTF-8 here: a code
// point may be split across the fragments of a message (RFC 6455 §5.6),
// so that rule belongs to the message layer.
//
// ParseFrame returns the frame by value, for convenience; hot paths use
// [Frame.Parse] (see [ParseHeader] for why).
func ParseFrame(b []byte, p *Policy) (f Frame, n int, err error) {
	if n, err = f.Parse(b, p); n <= 0 {
		return Frame{}, n, err
	}
	return f, n, nil
}

// Parse is [ParseFrame] writing the frame into f, with the same results and
// rules. When n <= 0 the contents of f are unspecified.
func (f *Frame) Parse(b []byte, p *Policy) (n int, err error) {
	hn, err := parseHeader(&f.Header, b, p)
	if hn <= 0 {
		return hn, err
	}
	rest := uint64(len(b) - hn)
	if f.Length > rest {
		missing := f.Length - rest
		if missing > math.MaxInt {
			missing = math.MaxInt
		}
		return -int(missing), nil
	}
	end := hn + int(f.Length)
	f.Payload = b[hn:end:end]
	if f.Masked {
		wsmask.Mask(f.Payload, f.Key)
	}
	if f.Opcode == OpClose {
		if _, _, err := ParseClosePayload(f.Payload); err != nil {
			return 0, err
		}
	}
	return end, nil
}
