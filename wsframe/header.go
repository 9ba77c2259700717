package wsframe

import "encoding/binary"

// MaxHeaderLen is the longest a frame header can be: two fixed bytes, an
// eight-byte extended payload length and a four-byte masking key.
const MaxHeaderLen = 14

// Header is a frame header (RFC 6455 §5.2).
type Header struct {
	Fin    bool    // the final fragment of a message
	RSV    uint8   // RSV1|RSV2|RSV3 bits, in their places of the first byte (0x40, 0x20, 0x10)
	Opcode Opcode  // frame type
	Masked bool    // a masking key follows the length
	Key    [4]byte // the masking key; zero when Masked is false
	Length uint64  // payload length in bytes
}

// HeaderLen returns the number of bytes [AppendHeader] writes for h: 2 to
// [MaxHeaderLen].
func HeaderLen(h Header) int {
	n := 2
	switch {
	case h.Length > 0xFFFF:
		n += 8
	case h.Length > maxControlPayload:
		n += 2
	}
	if h.Masked {
		n += 4
	}
	return n
}

// AppendHeader appends the encoding of h to dst and returns the extended
// buffer, in the manner of strconv.AppendInt. It writes exactly what it is
// given and judges nothing, so that tests and fuzzers can produce illegal
// frames: the payload length always takes its minimal form, Opcode keeps
// only its low four bits and RSV only the RSV bits, and the key is written
// whenever Masked is set. Use [Policy.CheckSend] to judge a header before
// sending it.
//
// It writes only the [HeaderLen] bytes after len(dst). It allocates only
// when dst has room for fewer than [MaxHeaderLen] more bytes, so a buffer
// with that much room never allocates whatever h holds.
func AppendHeader(dst []byte, h Header) []byte {
	// Small enough to inline, so that making room, the only step that
	// calls out, stays in the caller, and putHeader needs no stack check.
	if cap(dst)-len(dst) < MaxHeaderLen {
		dst = append(dst, make([]byte, MaxHeaderLen)...)[:len(dst)]
	}
	return putHeader(dst, &h)
}

// putHeader appends the encoding of *h to dst, which has room for
// [MaxHeaderLen] more bytes.
func putHeader(dst []byte, h *Header) []byte {
	n := len(dst)
	b := (*[MaxHeaderLen]byte)(dst[n : n+MaxHeaderLen])
	b[0] = h.firstByte()
	switch length := h.Length; {
	case length <= maxControlPayload:
		if h.Masked {
			b[1] = 0x80 | byte(length)
			*(*[4]byte)(b[2:6]) = h.Key
			return dst[:n+6]
		}
		b[1] = byte(length)
		return dst[:n+2]
	case length <= 0xFFFF:
		binary.BigEndian.PutUint16(b[2:4], uint16(length))
		if h.Masked {
			b[1] = 0x80 | 126
			*(*[4]byte)(b[4:8]) = h.Key
			return dst[:n+8]
		}
		b[1] = 126
		return dst[:n+4]
	default:
		binary.BigEndian.PutUint64(b[2:10], length)
		if h.Masked {
			b[1] = 0x80 | 127
			*(*[4]byte)(b[10:14]) = h.Key
			return dst[:n+14]
		}
		b[1] = 127
		return dst[:n+10]
	}
}

// firstByte returns the first byte of h's encoding: FIN, the RSV bits and
// the low four bits of the opcode.
func (h *Header) firstByte() byte {
	b0 := byte(h.Opcode&0x0F) | h.RSV&(RSV1|RSV2|RSV3)
	if h.Fin {
		b0 |= 0x80
	}
	return b0
}

var defaultPolicy Policy

// ParseHeader decodes the frame header at the start of b and judges it by p
// (nil means the zero Policy: a strict server). It never modifies b, never
// allocates, and reads no byte of b past the header.
//
// The result is one of three:
//   - n > 0: b[:n] holds a valid header, returned in h.
//   - n < 0, err == nil: b is the start of a header that may yet be valid,
//     and at least -n more bytes are needed. This is not an error. While
//     the extended length is missing, -n counts the bytes up to the end of
//     the header; with fewer than two bytes it counts the fixed two.
//   - err != nil: the header breaks a rule; err is one of the
//     [*ProtocolError] sentinels of this package and n is 0.
//
// Rules are checked in the order of the bytes they depend on, each as soon
// as its bytes are present: the first byte (reserved bits, then reserved
// opcode, then fragmented control frame), the second (masking, then a
// control frame's length, and a 7-bit length against the frame limit), the
// first byte of a 64-bit length (most significant bit), the whole extended
// length (minimal form, then the frame limit). So an invalid header yields
// the same error however much of it b holds, once the bytes that decide it
// are present; a shorter prefix yields need-more.
//
// ParseHeader returns the header by value, for convenience; hot paths use
// [Header.Parse], which fills a header the caller owns and costs a fraction
// as much (a Header is returned through memory, written a field at a time
// and read back a word at a time, which stalls the processor).
func ParseHeader(b []byte, p *Policy) (h Header, n int, err error) {
	n, err = parseHeader(&h, b, p)
	return h, n, err
}

// Parse is [ParseHeader] writing the header into h, with the same results
// and rules. h is changed only when n > 0.
func (h *Header) Parse(b []byte, p *Policy) (n int, err error) {
	return parseHeader(h, b, p)
}

// plainFirstBytes has bit fin<<4|opcode set for each first byte without
// RSV bits that [Policy.checkFirstByte] accepts under every policy: the
// three data opcodes with FIN clear or set, the three control opcodes only
// with FIN set. A test checks it against checkFirstByte for every byte.
const plainFirstBytes = 1<<OpContinuation | 1<<OpText | 1<<OpBinary |
	(1<<OpContinuation|1<<OpText|1<<OpBinary|1<<OpClose|1<<OpPing|1<<OpPong)<<16

// plainFirstByteValid reports whether b0 has no RSV bits and is a first
// byte [Policy.checkFirstByte] accepts. One table load decides the bytes
// nearly every frame starts with; bytes it turns down go to
// checkFirstByte, which accepts the permitted RSV bits and otherwise picks
// the error.
func plainFirstByteValid(b0 byte) bool {
	return plainHeaders[b0].RSV == 0 // only notPlain entries have RSV set
}

// notPlain marks the entries of plainHeaders for first bytes that
// plainFirstBytes leaves out. No decoded header has it: RSV holds only
// the three RSV bits.
const notPlain = 0xFF

// plainHeaders holds, for each first byte in plainFirstBytes, the Header
// that byte starts with no key and no length: Fin and Opcode from its
// bits. Other entries have RSV set to notPlain. The fast paths of
// parseHeader copy an entry whole, two wide moves in place of a store
// for each field, and the same entry, looked up once, answers
// plainFirstByteValid.
var plainHeaders = func() (t [256]Header) {
	for i := range t {
		b0 := byte(i)
		t[i] = Header{Fin: b0&0x80 != 0, Opcode: Opcode(b0 & 0x0F)}
		if b0&(RSV1|RSV2|RSV3) != 0 || plainFirstBytes>>(b0>>3&0x10|b0&0x0F)&1 == 0 {
			t[i].RSV = notPlain
		}
	}
	return t
}()

// set fills h for an unmasked header from a first byte plainFirstByteValid
// accepts and the payload length.
func (h *Header) set(b0 byte, length uint64) {
	*h = plainHeaders[b0]
	h.Length = length
}

// setMasked fills h but the key for a masked header from a first byte
// plainFirstByteValid accepts and the payload length. The caller stores
// the key after it: passed in, the key would go through the stack.
func (h *Header) setMasked(b0 byte, length uint64) {
	*h = plainHeaders[b0]
	h.Masked, h.Length = true, length
}

// parseHeader is ParseHeader writing into *h, which it sets only when it
// returns n > 0. It is the one header parser of the package: the Decoder
// uses it too.
func parseHeader(h *Header, b []byte, p *Policy) (int, error) {
	if p == nil {
		p = &defaultPolicy
	}
	// First the headers nearly every frame has, with few instructions: a
	// plain first byte, the masking the role expects, and a 7-bit length
	// under a frame limit that no 7-bit length can break (zero, the
	// default, or at least 125), or a data frame's extended length in the
	// minimal form the rules below quote, top bit clear and within the
	// limit. These paths only accept, once the whole header is present;
	// any other header, complete or not, valid or not (a non-minimal
	// length the Policy allows too), is judged in full below.
	if len(b) >= 2 && plainFirstByteValid(b[0]) {
		b0, b1 := b[0], b[1]
		shortOK := p.MaxFramePayload-1 >= maxControlPayload-1
		if p.Role == Client {
			if b1 <= maxControlPayload && shortOK {
				h.set(b0, uint64(b1))
				return 2, nil
			}
			if b1 == 126 && len(b) >= 4 && b0&0x08 == 0 {
				length := uint64(binary.BigEndian.Uint16(b[2:4]))
				if length > maxControlPayload && length <= p.maxFramePayload() {
					h.set(b0, length)
					return 4, nil
				}
			}
			if b1 == 127 && len(b) >= 10 && b0&0x08 == 0 {
				length := binary.BigEndian.Uint64(b[2:10])
				if length > 0xFFFF && length>>63 == 0 && length <= p.maxFramePayload() {
					h.set(b0, length)
					return 10, nil
				}
			}
		} else {
			if b1-0x80 <= maxControlPayload && len(b) >= 6 && shortOK {
				h.setMasked(b0, uint64(b1-0x80))
				h.Key = [4]byte(b[2:6])
				return 6, nil
			}
			if b1 == 0x80|126 && len(b) >= 8 && b0&0x08 == 0 {
				length := uint64(binary.BigEndian.Uint16(b[2:4]))
				if length > maxControlPayload && length <= p.maxFramePayload() {
					h.setMasked(b0, length)
					h.Key = [4]byte(b[4:8])
					return 8, nil
				}
			}
			if b1 == 0x80|127 && len(b) >= 14 && b0&0x08 == 0 {
				length := binary.BigEndian.Uint64(b[2:10])
				if length > 0xFFFF && length>>63 == 0 && length <= p.maxFramePayload() {
					h.setMasked(b0, length)
					h.Key = [4]byte(b[10:14])
					return 14, nil
				}
			}
		}
	}
	if len(b) == 0 {
		return -2, nil
	}
	b0 := b[0]
	op := Opcode(b0 & 0x0F)
	// The MUSTs of the first byte are quoted in Policy.checkFirstByte.
	if !plainFirstByteValid(b0) {
		if err := p.checkFirstByte(b0&0x80 != 0, b0&(RSV1|RSV2|RSV3), op); err != nil {
			return 0, err
		}
	}
	if len(b) < 2 {
		return -1, nil
	}
	b1 := b[1]
	masked := b1&0x80 != 0
	if masked != (p.Role != Client) {
		return 0, p.checkMask(masked, p.Role != Client)
	}
	keyLen := 0
	if masked {
		keyLen = 4
	}
	length := uint64(b1 & 0x7F)
	n := 2
	if length > maxControlPayload {
		// RFC 6455 §5.5: "All control frames MUST have a payload length
		// of 125 bytes or less". The 7-bit field decides it: the minimal
		// form of any length a control frame may have is the 7-bit one.
		if op.IsControl() {
			return 0, ErrControlTooLong
		}
		if length == 126 {
			if len(b) < 4 {
				return len(b) - 4 - keyLen, nil
			}
			length = uint64(binary.BigEndian.Uint16(b[2:4]))
			// RFC 6455 §5.2: "in all cases, the minimal number of bytes
			// MUST be used to encode the length". A sender's MUST;
			// receivers enforce it unless the Policy says otherwise.
			if length <= maxControlPayload && !p.AllowNonMinimalLength {
				return 0, ErrNonMinimalLength
			}
			n = 4
		} else {
			// RFC 6455 §5.2: "the most significant bit MUST be 0",
			// judged on the first length byte before the rest arrives.
			if len(b) > 2 && b[2]&0x80 != 0 {
				return 0, ErrLengthMSB
			}
			if len(b) < 10 {
				return len(b) - 10 - keyLen, nil
			}
			length = binary.BigEndian.Uint64(b[2:10])
			if length <= 0xFFFF && !p.AllowNonMinimalLength {
				return 0, ErrNonMinimalLength
			}
			n = 10
		}
	}
	limit := p.MaxFramePayload
	if limit == 0 {
		limit = DefaultMaxFramePayload
	}
	if length > limit {
		return 0, ErrFrameTooLarge
	}
	if masked {
		// Constant offsets let the compiler drop the bounds checks.
		switch n += 4; n {
		case 6:
			if len(b) < 6 {
				return len(b) - 6, nil
			}
			h.Key = [4]byte(b[2:6])
		case 8:
			if len(b) < 8 {
				return len(b) - 8, nil
			}
			h.Key = [4]byte(b[4:8])
		default:
			if len(b) < 14 {
				return len(b) - 14, nil
			}
			h.Key = [4]byte(b[10:14])
		}
	} else {
		h.Key = [4]byte{}
	}
	h.Fin = b0&0x80 != 0
	h.RSV = b0 & (RSV1 | RSV2 | RSV3)
	h.Opcode = op
	h.Masked = masked
	h.Length = length
	return n, nil
}
