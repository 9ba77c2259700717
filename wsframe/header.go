package wsframe

import "encoding/binary"

// MaxHeaderLen is the longest a frame header can be: two fixed bytes, an
// eight-byte extended payload length and a four-byte masking key.
const MaxHeaderLen = 14

// Header is a frame header (RFC 6455 §5.2).
type Header struct {
	Fin    bool   // the final fragment of a message
	RSV    uint8  // RSV1|RSV2|RSV3 bits, in their places of the first byte (0x40, 0x20, 0x10)
	Opcode Opcode // frame type
	Masked bool   // a masking key follows the length
	Key    [4]byte
	Length uint64 // payload length in bytes
}

// HeaderLen returns the number of bytes [AppendHeader] writes for h.
func HeaderLen(h Header) int {
	n := 2
	switch {
	case h.Length > 0xFFFF:
		n += 8
	case h.Length > 125:
		n += 2
	}
	if h.Masked {
		n += 4
	}
	return n
}

// AppendHeader appends the encoding of h to dst and returns the extended
// buffer. It writes exactly what it is given and judges nothing, so that
// tests and fuzzers can produce illegal frames: the payload length always
// takes its minimal form, Opcode keeps only its low four bits and RSV only
// the RSV bits. Use [Policy.CheckSend] to judge a header before sending it.
func AppendHeader(dst []byte, h Header) []byte {
	b0 := byte(h.Opcode&0x0F) | h.RSV&(RSV1|RSV2|RSV3)
	if h.Fin {
		b0 |= 0x80
	}
	var b1 byte
	if h.Masked {
		b1 = 0x80
	}
	switch {
	case h.Length <= 125:
		dst = append(dst, b0, b1|byte(h.Length))
	case h.Length <= 0xFFFF:
		dst = append(dst, b0, b1|126, byte(h.Length>>8), byte(h.Length))
	default:
		dst = append(dst, b0, b1|127)
		dst = binary.BigEndian.AppendUint64(dst, h.Length)
	}
	if h.Masked {
		dst = append(dst, h.Key[0], h.Key[1], h.Key[2], h.Key[3])
	}
	return dst
}

var defaultPolicy Policy

// ParseHeader decodes the frame header at the start of b and judges it by p
// (nil means the zero Policy: a strict server).
//
// The result is one of three:
//   - n > 0: b[:n] holds a valid header, returned in h.
//   - n < 0, err == nil: b is the start of a header that may yet be valid,
//     and at least -n more bytes are needed. This is not an error.
//   - err != nil: the header breaks a rule; err is a [*ProtocolError] and n
//     is 0.
//
// Rules are checked in the order of the bytes they depend on, and each as
// soon as its bytes are present, so an invalid header is reported by the
// same error however much of it b holds.
func ParseHeader(b []byte, p *Policy) (h Header, n int, err error) {
	n, err = parseHeader(&h, b, p)
	return h, n, err
}

func parseHeader(h *Header, b []byte, p *Policy) (int, error) {
	if p == nil {
		p = &defaultPolicy
	}
	if len(b) == 0 {
		return -2, nil
	}
	b0 := b[0]
	h.Fin = b0&0x80 != 0
	h.RSV = b0 & (RSV1 | RSV2 | RSV3)
	h.Opcode = Opcode(b0 & 0x0F)
	if err := p.checkFirstByte(h.Fin, h.RSV, h.Opcode); err != nil {
		return 0, err
	}
	if len(b) < 2 {
		return -1, nil
	}
	b1 := b[1]
	h.Masked = b1&0x80 != 0
	if err := p.checkMask(h.Masked, p.Role == Server); err != nil {
		return 0, err
	}
	length := uint64(b1 & 0x7F)
	need := 2
	switch length {
	case 126:
		need = 4
	case 127:
		need = 10
	}
	keyAt := need
	if h.Masked {
		need += 4
	}
	if length > maxControlPayload && h.Opcode.IsControl() {
		return 0, ErrControlTooLong
	}
	switch length {
	case 126:
		if len(b) < 4 {
			return len(b) - need, nil
		}
		length = uint64(binary.BigEndian.Uint16(b[2:]))
		// RFC 6455 §5.2: "in all cases, the minimal number of bytes MUST
		// be used to encode the length". A sender's MUST; receivers
		// enforce it unless the Policy says otherwise.
		if length < 126 && !p.AllowNonMinimalLength {
			return 0, ErrNonMinimalLength
		}
	case 127:
		// RFC 6455 §5.2: "the most significant bit MUST be 0". It is
		// judged on the first length byte, before the rest arrives.
		if len(b) > 2 && b[2]&0x80 != 0 {
			return 0, ErrLengthMSB
		}
		if len(b) < 10 {
			return len(b) - need, nil
		}
		length = binary.BigEndian.Uint64(b[2:])
		if length <= 0xFFFF && !p.AllowNonMinimalLength {
			return 0, ErrNonMinimalLength
		}
	}
	if length > p.maxFramePayload() {
		return 0, ErrFrameTooLarge
	}
	h.Length = length
	if len(b) < need {
		return len(b) - need, nil
	}
	if h.Masked {
		copy(h.Key[:], b[keyAt:need])
	} else {
		h.Key = [4]byte{}
	}
	return need, nil
}
