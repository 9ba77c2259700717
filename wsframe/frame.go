package wsframe

import (
	"math"

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
// buffer. The payload length written is len(f.Payload). When f is masked,
// the copy of the payload in dst is masked with f.Key; f.Payload itself is
// never modified. Like [AppendHeader] it judges nothing: use
// [Policy.CheckSend] first.
func AppendFrame(dst []byte, f Frame) []byte {
	h := f.Header
	h.Length = uint64(len(f.Payload))
	dst = AppendHeader(dst, h)
	start := len(dst)
	dst = append(dst, f.Payload...)
	if h.Masked {
		wsmask.Mask(dst[start:], h.Key)
	}
	return dst
}

// ParseFrame decodes the whole frame at the start of b and judges it by p
// (nil means the zero Policy), with the same three outcomes as
// [ParseHeader]: n > 0 bytes form a valid frame; n < 0 means at least -n
// more bytes are needed; or an error.
//
// The returned Payload aliases b. A masked payload is unmasked in place, so
// b is modified once the whole frame is present (never before: an
// incomplete frame leaves b untouched), and f.Key keeps the key it was
// masked with. A close frame's payload is judged as [ParseClosePayload]
// does.
func ParseFrame(b []byte, p *Policy) (f Frame, n int, err error) {
	hn, err := parseHeader(&f.Header, b, p)
	if hn <= 0 {
		return Frame{}, hn, err
	}
	rest := uint64(len(b) - hn)
	if f.Length > rest {
		missing := f.Length - rest
		if missing > math.MaxInt {
			missing = math.MaxInt
		}
		return Frame{}, -int(missing), nil
	}
	end := hn + int(f.Length)
	f.Payload = b[hn:end:end]
	if f.Masked {
		wsmask.Mask(f.Payload, f.Key)
	}
	if f.Opcode == OpClose {
		if _, _, err := ParseClosePayload(f.Payload); err != nil {
			return Frame{}, 0, err
		}
	}
	return f, end, nil
}
