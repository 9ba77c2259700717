package wsframe

// Role says which end of the connection an endpoint is. It decides the
// masking rule of RFC 6455 §5.1: frames from a client are masked, frames
// from a server are not.
type Role uint8

// The two roles. The zero Role is Server, and so is any value other than
// Client: code that branches on the role compares it with Client only.
const (
	Server Role = iota
	Client
)

// String returns "client" for Client and "server" for any other value.
func (r Role) String() string {
	if r == Client {
		return "client"
	}
	return "server"
}

// The RSV bits of the first header byte (RFC 6455 §5.2), as they appear in
// [Header].RSV.
const (
	RSV1 uint8 = 0x40
	RSV2 uint8 = 0x20
	RSV3 uint8 = 0x10
)

// DefaultMaxFramePayload is the frame payload limit of a Policy whose
// MaxFramePayload is zero: 32 MiB, equal to [DefaultMaxMessageSize] so that
// a message a Conn accepts is never refused only because its sender put it
// in one frame. Browsers and most libraries send a message as one frame.
// The limit is checked at the header, before any payload is buffered.
const DefaultMaxFramePayload = 32 << 20

// maxControlPayload is the limit of RFC 6455 §5.5: "All control frames MUST
// have a payload length of 125 bytes or less".
const maxControlPayload = 125

// Policy is the one set of rules every frame is judged by: the stateless
// decoders, the push-style [Decoder] and the connection all take a Policy,
// so they can never disagree about what is legal.
//
// The zero Policy is a server that permits no RSV bits, limits frame
// payloads to [DefaultMaxFramePayload] and requires minimal length
// encodings.
type Policy struct {
	// Role is the local endpoint's role. A Server requires received frames
	// to be masked and sends unmasked frames; a Client the reverse.
	Role Role

	// RSV holds the RSV bits that negotiated extensions define (RSV1 for
	// permessage-deflate, RFC 7692 §6). They are permitted only on the
	// first frame of a data message: on text and binary frames, never on
	// continuation or control frames (RFC 7692 §6.1). Bits outside RSV1–3
	// are ignored.
	RSV uint8

	// MaxFramePayload bounds the payload length a received frame may
	// announce; a longer frame fails with ErrFrameTooLarge before any of
	// its payload is read. Zero means DefaultMaxFramePayload.
	MaxFramePayload uint64

	// AllowNonMinimalLength accepts payload lengths that use a longer form
	// than needed (say, 5 in the 16-bit form). RFC 6455 §5.2 requires
	// senders to use the minimal form; rejecting other forms is the
	// default because no conforming sender produces them and accepting
	// them gives one frame several encodings. Control frames are judged
	// by their 7-bit length field either way: one that uses the 16- or
	// 64-bit form fails with ErrControlTooLong, since the minimal form of
	// every length a control frame may have is the 7-bit one.
	AllowNonMinimalLength bool
}

// maxFramePayload returns the effective frame payload limit.
func (p *Policy) maxFramePayload() uint64 {
	if p.MaxFramePayload == 0 {
		return DefaultMaxFramePayload
	}
	return p.MaxFramePayload
}

// permittedRSV returns the RSV bits a frame with opcode op may carry.
func (p *Policy) permittedRSV(op Opcode) uint8 {
	if op == OpText || op == OpBinary {
		return p.RSV & (RSV1 | RSV2 | RSV3)
	}
	return 0
}

// CheckReceived judges a header received by the endpoint p describes: it
// returns the error [ParseHeader] would return for the same bytes, or nil.
// It exists for callers that build headers themselves; the decoders apply
// the same rules as they read.
func (p *Policy) CheckReceived(h Header) error {
	if err := p.checkFirstByte(h.Fin, h.RSV, h.Opcode); err != nil {
		return err
	}
	if err := p.checkMask(h.Masked, p.Role != Client); err != nil {
		return err
	}
	if h.Opcode.IsControl() && h.Length > maxControlPayload {
		return ErrControlTooLong
	}
	if h.Length>>63 != 0 {
		return ErrLengthMSB
	}
	if h.Length > p.maxFramePayload() {
		return ErrFrameTooLarge
	}
	return nil
}

// CheckSend judges a header the endpoint p describes is about to send: the
// rules of RFC 6455 §5 for the peer's receiving side, except the peer's size
// limit, which only the peer knows. Errors are [*UsageError] values
// wrapping the sentinel of the broken rule. Every send path of this module
// calls it; callers that write frames with [AppendHeader] should too.
func (p *Policy) CheckSend(h Header) error {
	err := p.checkFirstByte(h.Fin, h.RSV, h.Opcode)
	if err == nil {
		err = p.checkMask(h.Masked, p.Role == Client)
	}
	if err == nil && h.Opcode.IsControl() && h.Length > maxControlPayload {
		err = ErrControlTooLong
	}
	if err == nil && h.Length>>63 != 0 {
		err = ErrLengthMSB
	}
	if err != nil {
		return &UsageError{Err: err}
	}
	return nil
}

// checkFirstByte applies the rules that depend on the first header byte
// alone, so a decoder can report them as soon as that byte arrives.
func (p *Policy) checkFirstByte(fin bool, rsv uint8, op Opcode) error {
	// RFC 6455 §5.2: "If a nonzero value is received and none of the
	// negotiated extensions defines the meaning of such a nonzero value,
	// the receiving endpoint MUST _Fail the WebSocket Connection_."
	if rsv&^p.permittedRSV(op) != 0 {
		return ErrReservedBits
	}
	// RFC 6455 §5.2: "If an unknown opcode is received, the receiving
	// endpoint MUST _Fail the WebSocket Connection_."
	if op.IsReserved() {
		return ErrReservedOpcode
	}
	// RFC 6455 §5.5: "Control frames themselves MUST NOT be fragmented."
	if op.IsControl() && !fin {
		return ErrFragmentedControl
	}
	return nil
}

// checkMask applies RFC 6455 §5.1: "a client MUST mask all frames that it
// sends to the server" and "A server MUST NOT mask any frames that it sends
// to the client"; the receiver "MUST close the connection" on either.
func (p *Policy) checkMask(masked, wantMasked bool) error {
	if masked == wantMasked {
		return nil
	}
	if wantMasked {
		return ErrUnmaskedFrame
	}
	return ErrMaskedFrame
}
