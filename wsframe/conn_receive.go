package wsframe

import "github.com/wscodec/wscodec/wsutf8"

// receiveState is the receiving half of a Conn: the open message, if any,
// and the control frame being gathered.
type receiveState struct {
	msgOpen   bool   // a data message has started and not ended
	msgOp     Opcode // OpText or OpBinary
	frameFin  bool   // the current data frame ends the message
	transform bool   // the Extension transforms the open message
	delivered bool   // streaming: a piece of the open message was delivered
	fragments int    // frames of the open message so far
	msgLen    uint64 // bytes of the open message so far, after the transform

	text wsutf8.Validator // the open text message's UTF-8 state

	ctlLen int
	ctl    [maxControlPayload]byte // a control payload that straddles calls

	msgBuf  []byte // whole-message mode: the message gathered across calls
	scratch []byte // streaming mode with a transform: the transformed piece

	transportEnded bool
}

// Receive consumes bytes from the start of b and returns the next event,
// the number of bytes of b consumed, and an error.
//
// A nil event with a nil error means b held no further event: all of b was
// consumed and the Conn waits for more. Otherwise the caller handles the
// event and calls Receive again with b[n:]. Received bytes may come in any
// chunking; the events do not depend on it, except that streamed pieces
// follow the chunks. Masked payloads are unmasked in place, so b is
// modified. See [ConnEvent] for how long the event and its Payload live.
//
// The first violation of RFC 6455 or of a configured limit fails the
// connection: Receive returns an [EventError] event together with the
// error, a [*ProtocolError] (or an Extension's error) whose close code
// [CloseCodeOf] gives, and queues a close frame with that code (1011 for
// a code that may not go on the wire) unless one was sent already; the
// event's Code is the code of that frame. Every later call returns a nil
// event, n == 0 and the same error.
//
// Once the peer's close frame has arrived ([StateCloseReceived] and
// [StateClosed] after a clean handshake), Receive consumes and discards
// all of b: RFC 6455 §5.5.1 forbids the peer to send data frames after its
// close, and the Autobahn testsuite (cases 7.1.x) expects such bytes to be
// ignored rather than delivered or answered.
func (c *Conn) Receive(b []byte) (*ConnEvent, int, error) {
	if c.err != nil {
		return nil, 0, c.err
	}
	if c.state == StateCloseReceived || c.state == StateClosed {
		return nil, len(b), nil
	}
	n := 0
	for {
		fev, m, err := c.dec.Decode(b[n:])
		n += m
		if err != nil {
			return c.fail(err), n, err
		}
		if fev == nil {
			return nil, n, nil
		}
		var ev *ConnEvent
		if fev.Header.Opcode.IsControl() {
			ev, err = c.receiveControl(fev)
		} else {
			ev, err = c.receiveData(fev)
		}
		if err != nil {
			return c.fail(err), n, err
		}
		if ev != nil {
			return ev, n, nil
		}
	}
}

// ReceiveEOF tells c that the transport delivers no more bytes, and returns
// the event that follows from it.
//
// After the peer's close frame this is the normal end: ReceiveEOF returns
// nil and nil, and a close reply still queued is dropped since it can no
// longer be sent. Otherwise the transport ended abnormally (RFC 6455
// §7.1.5): ReceiveEOF fails the connection with [ErrAbnormalClosure],
// returning an [EventError] event with code [CloseAbnormal]; nothing is
// queued, since nothing can be sent. A connection that had failed already
// returns its error. Either way c moves to [StateClosed].
//
// End of input is its own call, not an empty Receive, because an empty
// push is how a driver says "nothing new yet".
func (c *Conn) ReceiveEOF() (*ConnEvent, error) {
	if c.err != nil {
		return nil, c.err
	}
	c.recv.transportEnded = true
	if c.state == StateCloseReceived || c.state == StateClosed {
		c.out = pendingFrames{}
		c.transition(inputTransportEnded)
		return nil, nil
	}
	c.err = ErrAbnormalClosure
	c.out = pendingFrames{}
	c.recv.msgOpen = false
	c.transition(inputTransportEnded)
	c.ev = ConnEvent{Kind: EventError, Code: CloseAbnormal, Err: c.err}
	return &c.ev, c.err
}

// fail makes err terminal, queues the close frame its code calls for and
// returns the error event.
func (c *Conn) fail(err error) *ConnEvent {
	c.err = err
	// An extension's error may name a code that never goes on the wire;
	// the peer then learns 1011, and so does the driver.
	code := CloseCodeOf(err)
	if !code.ValidOnWire() {
		code = CloseInternalError
	}
	if c.state == StateOpen {
		// RFC 6455 §7.1.7: "the endpoint SHOULD send a Close frame with
		// an appropriate status code before proceeding to _Close the
		// WebSocket Connection_".
		c.out.queueClose(code, nil)
	}
	c.recv.msgOpen = false
	c.transition(inputFailure)
	c.ev = ConnEvent{Kind: EventError, Code: code, Err: err}
	return &c.ev
}

// wholeFramePath reports whether receiveData may deliver a message that
// arrives as one whole frame straight from the input: only with no
// extension to transform it and no streaming to deliver it in pieces.
func (c *Conn) wholeFramePath() bool { return c.ext == nil && !c.streaming }

// receiveData handles one Decoder event of a data frame.
func (c *Conn) receiveData(fev *Event) (*ConnEvent, error) {
	r := &c.recv
	h := &fev.Header
	// The Decoder leaves a text frame masked only when it is a whole
	// message for the path below, unless it breaks off an open message,
	// which fails in beginDataFrame without its payload being read.
	masked := c.dec.textMasked
	c.dec.textMasked = false
	if fev.Start && fev.End && h.Fin && h.Opcode != OpContinuation && !r.msgOpen && c.wholeFramePath() {
		// A whole message in one frame within this input: it needs
		// neither the message state, nor the message buffer, nor the
		// incremental validator.
		if h.Length > c.maxMessage {
			return nil, ErrMessageTooLarge
		}
		r.msgOp = h.Opcode
		if masked {
			// One pass that unmasks and validates is faster than one
			// pass for each.
			if !wsutf8.UnmaskValid(fev.Payload, h.Key) {
				return nil, ErrInvalidUTF8
			}
		} else if h.Opcode == OpText && !wsutf8.Valid(fev.Payload) {
			return nil, ErrInvalidUTF8
		}
		return c.messageEvent(fev.Payload, true, true), nil
	}
	if fev.Start {
		if err := c.beginDataFrame(h); err != nil {
			return nil, err
		}
	}
	piece := fev.Payload
	final := fev.End && r.frameFin
	if r.transform {
		var err error
		if piece, err = c.transformReceived(piece, final); err != nil {
			return nil, err
		}
	}
	// RFC 6455 §8.1: "When an endpoint is to interpret a byte stream as
	// UTF-8 but finds that the byte stream is not, in fact, a valid UTF-8
	// stream, that endpoint MUST _Fail the WebSocket Connection_." It is
	// checked piece by piece so the failure comes at the first bad byte.
	if r.msgOp == OpText {
		if !r.text.Write(piece) || final && !r.text.Done() {
			return nil, ErrInvalidUTF8
		}
	}
	if final {
		r.msgOpen = false
	}
	if c.streaming {
		if len(piece) == 0 && !final {
			return nil, nil
		}
		first := !r.delivered
		r.delivered = true
		return c.messageEvent(piece, first, final), nil
	}
	if !r.transform {
		// With a transform the piece was appended to msgBuf already.
		r.msgBuf = append(r.msgBuf, piece...)
	}
	if !final {
		return nil, nil
	}
	return c.messageEvent(r.msgBuf[:len(r.msgBuf):len(r.msgBuf)], true, true), nil
}

// beginDataFrame applies the rules that a data frame's header decides.
func (c *Conn) beginDataFrame(h *Header) error {
	r := &c.recv
	if h.Opcode == OpContinuation {
		// RFC 6455 §5.4: a fragmented message is "a single frame with
		// the FIN bit clear and an opcode other than 0, followed by
		// zero or more frames with the FIN bit clear and the opcode set
		// to 0, and terminated by a single frame with the FIN bit set
		// and an opcode of 0".
		if !r.msgOpen {
			return ErrUnexpectedContinuation
		}
		r.fragments++
		if r.fragments > c.maxFragments {
			return ErrTooManyFragments
		}
	} else {
		// RFC 6455 §5.4: "The fragments of one message MUST NOT be
		// interleaved between the fragments of another message".
		if r.msgOpen {
			return ErrExpectedContinuation
		}
		r.msgOpen = true
		r.msgOp = h.Opcode
		r.fragments = 1
		r.msgLen = 0
		r.delivered = false
		r.transform = false
		r.text.Reset()
		r.msgBuf = r.msgBuf[:0]
		if c.ext != nil {
			t, err := c.ext.BeginReceive(h.Opcode, h.RSV)
			if err != nil {
				return err
			}
			r.transform = t
		}
	}
	r.frameFin = h.Fin
	if !r.transform {
		// Without a transform the header tells the message's growth, so
		// an oversized message fails before its payload is read.
		if h.Length > c.maxMessage-r.msgLen {
			return ErrMessageTooLarge
		}
		r.msgLen += h.Length
	}
	return nil
}

// transformReceived passes a piece through the Extension, into msgBuf in
// whole-message mode or into the scratch buffer when streaming, and
// returns the transformed bytes of this piece.
func (c *Conn) transformReceived(piece []byte, final bool) ([]byte, error) {
	r := &c.recv
	limit := c.maxMessage - r.msgLen
	dst := r.scratch[:0]
	if !c.streaming {
		dst = r.msgBuf
	}
	start := len(dst)
	out, err := c.ext.AppendReceived(dst, piece, final, limit)
	if err != nil {
		return nil, err
	}
	produced := uint64(len(out) - start)
	if produced > limit {
		return nil, ErrMessageTooLarge
	}
	r.msgLen += produced
	if c.streaming {
		r.scratch = out
	} else {
		r.msgBuf = out
	}
	return out[start:len(out):len(out)], nil
}

// messageEvent fills the Conn's event with a message or a piece of one.
func (c *Conn) messageEvent(payload []byte, first, last bool) *ConnEvent {
	// Field by field: a composite literal would build the event aside
	// and copy it over, a measurable share of a small message's cost.
	ev := &c.ev
	ev.Kind = EventBinary
	if c.recv.msgOp == OpText {
		ev.Kind = EventText
	}
	ev.Payload = payload
	ev.First, ev.Last = first, last
	ev.Code = 0
	if ev.Err != nil {
		ev.Err = nil
	}
	return ev
}

// receiveControl handles one Decoder event of a control frame: it gathers
// the payload and acts on the frame once it is complete.
func (c *Conn) receiveControl(fev *Event) (*ConnEvent, error) {
	r := &c.recv
	var payload []byte
	if fev.Start && fev.End {
		payload = fev.Payload
	} else {
		if fev.Start {
			r.ctlLen = 0
		}
		// The Decoder has judged the length: at most 125 bytes in all.
		r.ctlLen += copy(r.ctl[r.ctlLen:], fev.Payload)
		if !fev.End {
			return nil, nil
		}
		payload = r.ctl[:r.ctlLen:r.ctlLen]
	}
	switch fev.Header.Opcode {
	case OpPing:
		// RFC 6455 §5.5.2: "Upon receipt of a Ping frame, an endpoint
		// MUST send a Pong frame in response, unless it already
		// received a Close frame." Receive stops reading at the close.
		if c.autoPong {
			c.out.queuePong(payload)
		}
		c.ev = ConnEvent{Kind: EventPing, Payload: payload}
	case OpPong:
		c.ev = ConnEvent{Kind: EventPong, Payload: payload}
	default: // OpClose: the Decoder lets no other control opcode through.
		// The Decoder judged the payload by ParseClosePayload's rules
		// as it arrived.
		code, reason := splitClosePayload(payload)
		if c.state == StateOpen {
			// RFC 6455 §5.5.1: "If an endpoint receives a Close frame
			// and did not previously send a Close frame, the endpoint
			// MUST send a Close frame in response. (When sending a
			// Close frame in response, the endpoint typically echos
			// the status code it received.)" The reason is echoed
			// too, so the peer sees its own words come back; it is
			// valid UTF-8 and fits, being the peer's.
			c.out.queueClose(code, reason)
		}
		r.msgOpen = false
		c.transition(inputCloseReceived)
		c.ev = ConnEvent{Kind: EventClose, Code: code, Payload: reason}
	}
	return &c.ev, nil
}
