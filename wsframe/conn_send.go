package wsframe

import "github.com/wscodec/wscodec/wsutf8"

// sendState is the sending half of a Conn.
type sendState struct {
	open      bool   // a streamed message is being sent
	op        Opcode // its opcode
	transform bool   // the Extension transforms it

	text    wsutf8.Validator // the streamed text message's UTF-8 state
	scratch []byte           // the Extension's output for the current piece
}

// All Append methods of Conn append complete frames to dst and return the
// extended buffer; a client's frames are masked with a fresh key each (RFC
// 6455 §5.3), the copy in dst being masked and the caller's payload left
// untouched. Every frame is judged by [Policy.CheckSend]. A refused call
// returns dst unchanged and a [*UsageError] wrapping the sentinel of the
// broken rule, and leaves c as it was.

// AppendMessage appends the frames of a whole text or binary message
// (op [OpText] or [OpBinary]): one frame, or frames of at most
// [ConnConfig].FragmentSize payload bytes (RFC 6455 §5.4), the payload
// first passing through the Extension if it transforms the message.
//
// It refuses, with [ErrClosed], a message after a close frame was sent
// (RFC 6455 §5.5.1) or once c is closed; with [ErrSendMessageOpen], a
// message while a streamed one is being sent; with [ErrNotDataOpcode], any
// other opcode; and with [ErrInvalidUTF8], text that is not valid UTF-8
// (RFC 6455 §5.6), unless [ConnConfig].TrustedText is set.
func (c *Conn) AppendMessage(dst []byte, op Opcode, payload []byte) ([]byte, error) {
	if err := c.checkDataSend(op); err != nil {
		return dst, err
	}
	if c.send.open {
		return dst, &UsageError{Err: ErrSendMessageOpen}
	}
	if op == OpText && !c.trustedText && !wsutf8.Valid(payload) {
		return dst, &UsageError{Err: ErrInvalidUTF8}
	}
	if c.ext == nil && len(payload) <= maxControlPayload &&
		(c.fragmentSize == 0 || len(payload) <= c.fragmentSize) {
		if c.policy.Role == Client {
			// A small client message: one frame, no fragmenting loop.
			return c.appendFrame(dst, Header{Fin: true, Opcode: op}, payload)
		}
		// The common small server frame: a two-byte header written
		// directly, after the same check every frame passes.
		h := Header{Fin: true, Opcode: op, Length: uint64(len(payload))}
		if err := c.policy.CheckSend(h); err != nil {
			return dst, err
		}
		dst = append(dst, 0x80|byte(op), byte(len(payload)))
		return append(dst, payload...), nil
	}
	var rsv uint8
	if c.ext != nil {
		var transform bool
		if rsv, transform = c.ext.BeginSend(op, len(payload)); transform {
			var err error
			if payload, err = c.transformSend(payload, true); err != nil {
				return dst, err
			}
		}
	}
	return c.appendDataFrames(dst, op, rsv, payload, true)
}

// AppendText is [Conn.AppendMessage] with [OpText].
func (c *Conn) AppendText(dst []byte, text []byte) ([]byte, error) {
	return c.AppendMessage(dst, OpText, text)
}

// AppendBinary is [Conn.AppendMessage] with [OpBinary].
func (c *Conn) AppendBinary(dst []byte, data []byte) ([]byte, error) {
	return c.AppendMessage(dst, OpBinary, data)
}

// AppendFragment appends the frames of the next piece of a streamed text
// or binary message, for messages produced before their length is known.
// The first piece starts the message with opcode op; every later piece
// must name the same op and goes out as continuation frames (RFC 6455
// §5.4); final ends the message. Pieces are split at
// [ConnConfig].FragmentSize like whole messages. Control frames may be
// sent between pieces, other messages may not.
//
// Streamed text is validated across pieces (a code point may be split
// between them), so a piece that makes the text invalid is refused, and so
// is a final piece that leaves a code point unfinished; refused, the piece
// is not part of the message and a corrected one may follow. It refuses
// what [Conn.AppendMessage] refuses, except that a message may be open.
func (c *Conn) AppendFragment(dst []byte, op Opcode, piece []byte, final bool) ([]byte, error) {
	if err := c.checkDataSend(op); err != nil {
		return dst, err
	}
	s := &c.send
	if s.open && op != s.op {
		return dst, &UsageError{Err: ErrNotDataOpcode}
	}
	// The checker's state is kept only once the piece is on its way: a
	// piece refused here or by the Extension is not part of the message.
	checkText := op == OpText && !c.trustedText
	text := s.text
	if checkText {
		if !s.open {
			text.Reset()
		}
		if !text.Write(piece) || final && !text.Done() {
			return dst, &UsageError{Err: ErrInvalidUTF8}
		}
	}
	frameOp, rsv := OpContinuation, uint8(0)
	if !s.open {
		frameOp = op
		s.transform = false
		if c.ext != nil {
			length := -1
			if final {
				length = len(piece)
			}
			rsv, s.transform = c.ext.BeginSend(op, length)
		}
	}
	if s.transform {
		var err error
		if piece, err = c.transformSend(piece, final); err != nil {
			return dst, err
		}
	}
	dst, err := c.appendDataFrames(dst, frameOp, rsv, piece, final)
	if err != nil {
		return dst, err
	}
	if checkText {
		s.text = text
	}
	s.open = !final
	s.op = op
	return dst, nil
}

// AppendPing appends a ping frame with payload (RFC 6455 §5.5.2). The
// payload must be at most 125 bytes ([ErrControlTooLong]). Pings may be
// sent until c is closed, also after a close frame was sent.
func (c *Conn) AppendPing(dst []byte, payload []byte) ([]byte, error) {
	return c.appendControl(dst, OpPing, payload)
}

// AppendPong appends a pong frame with payload (RFC 6455 §5.5.3), for a
// driver that answers pings itself ([ConnConfig].DisableAutoPong) or sends
// unsolicited pongs as a heartbeat. The payload must be at most 125 bytes.
func (c *Conn) AppendPong(dst []byte, payload []byte) ([]byte, error) {
	return c.appendControl(dst, OpPong, payload)
}

// AppendClose appends a close frame with code and reason (RFC 6455 §5.5.1)
// and starts or completes the close handshake: from [StateOpen] c moves to
// [StateCloseSent] and waits for the peer's close; from
// [StateCloseReceived] the frame is the reply, replacing the queued echo of
// the peer's code, and c moves to [StateClosed].
//
// Code [CloseNoStatus] with an empty reason sends a close frame without a
// status. Otherwise code must be valid on the wire ([ErrInvalidCloseCode])
// and the reason valid UTF-8 ([ErrInvalidUTF8]) of at most 123 bytes
// ([ErrCloseReasonTooLong]). A second close frame is refused with
// [ErrClosed].
func (c *Conn) AppendClose(dst []byte, code CloseCode, reason string) ([]byte, error) {
	if c.closeSentOrClosed() {
		return dst, &UsageError{Err: ErrClosed}
	}
	var buf [maxControlPayload]byte
	payload, err := AppendClosePayload(buf[:0], code, reason)
	if err != nil {
		return dst, err
	}
	dst, err = c.appendFrame(dst, Header{Fin: true, Opcode: OpClose}, payload)
	if err != nil {
		return dst, err
	}
	c.out.close = false
	c.transition(inputCloseSent)
	return dst, nil
}

// closeSentOrClosed reports whether c may send no more close or data
// frames: it sent a close frame, or the connection is over.
func (c *Conn) closeSentOrClosed() bool {
	return c.state == StateCloseSent || c.state == StateClosed
}

// checkDataSend applies the rules every data message must pass before any
// of its bytes are produced.
func (c *Conn) checkDataSend(op Opcode) error {
	// RFC 6455 §5.5.1: "After sending a Close frame, the endpoint MUST
	// NOT send any more data frames."
	if c.closeSentOrClosed() {
		return &UsageError{Err: ErrClosed}
	}
	if op != OpText && op != OpBinary {
		return &UsageError{Err: ErrNotDataOpcode}
	}
	return nil
}

func (c *Conn) appendControl(dst []byte, op Opcode, payload []byte) ([]byte, error) {
	if c.state == StateClosed {
		return dst, &UsageError{Err: ErrClosed}
	}
	return c.appendFrame(dst, Header{Fin: true, Opcode: op}, payload)
}

// appendDataFrames appends payload as frames of at most FragmentSize bytes,
// the first with opcode op and the RSV bits rsv, the rest continuations;
// final sets FIN on the last.
func (c *Conn) appendDataFrames(dst []byte, op Opcode, rsv uint8, payload []byte, final bool) ([]byte, error) {
	start := len(dst)
	for {
		chunk := payload
		if c.fragmentSize > 0 && len(chunk) > c.fragmentSize {
			chunk = chunk[:c.fragmentSize]
		}
		last := len(chunk) == len(payload)
		var err error
		dst, err = c.appendFrame(dst, Header{Fin: final && last, RSV: rsv, Opcode: op}, chunk)
		if err != nil {
			return dst[:start], err
		}
		if last {
			return dst, nil
		}
		payload = payload[len(chunk):]
		op, rsv = OpContinuation, 0
	}
}

// appendFrame completes h for c's role and payload, judges it with
// CheckSend, the one validation place of every frame c sends, and appends
// the frame.
func (c *Conn) appendFrame(dst []byte, h Header, payload []byte) ([]byte, error) {
	h.Length = uint64(len(payload))
	h.Masked = c.policy.Role == Client
	if err := c.policy.CheckSend(h); err != nil {
		return dst, err
	}
	if h.Masked {
		// Drawn after the check, so a refused frame costs no key.
		h.Key = c.keys.NextKey()
	}
	return AppendFrame(dst, Frame{Header: h, Payload: payload}), nil
}

// transformSend passes an outgoing piece through the Extension into the
// Conn's send buffer and returns the transformed bytes, valid until the
// next send call.
func (c *Conn) transformSend(piece []byte, final bool) ([]byte, error) {
	out, err := c.ext.AppendSend(c.send.scratch[:0], piece, final)
	if err != nil {
		return nil, err
	}
	c.send.scratch = out
	return out, nil
}
