package wsframe

import "github.com/wscodec/wscodec/wsmask"

// Event is one step of a [Decoder]: the start of a frame, a piece of its
// payload, its end, or several of these at once. A frame yields one or
// more events; the first has Start set, the last End. A frame whose header
// and payload are all present in one call yields a single event with both.
//
// A frame is judged whole only at its End: the header is judged before the
// first event, but a close frame's payload (RFC 6455 §5.5.1) can only be
// judged once its last byte is in, so a close frame may fail after some of
// its pieces were yielded. Act on a close frame at its End.
type Event struct {
	// Header is the header of the frame the event belongs to, judged
	// valid by the Decoder's Policy.
	Header Header

	// Payload is the next piece of the frame's payload, possibly empty.
	// It aliases the input passed to Decode and has been unmasked in
	// place; its capacity ends where it ends, so appending to it never
	// overwrites the input that follows.
	Payload []byte

	// Start reports that the header has just been completed: this is
	// the frame's first event.
	Start bool

	// End reports that the payload is complete: this is the frame's last
	// event.
	End bool
}

// Decoder is a push-style frame decoder. A transport hands it whatever
// bytes it has, in any chunking: one byte, half a header, many frames at
// once. It yields events as soon as they are complete, copies no payload,
// unmasks in place, and keeps no state beyond a partial header of at most
// [MaxHeaderLen] bytes and the position within the current frame (for a
// close frame, also the status code and an unfinished UTF-8 sequence of its
// reason). The frames it yields, the error it fails with, and the total
// number of bytes it consumes do not depend on how the input was split.
//
// Frames are judged by the Decoder's [Policy] with the rules of
// [ParseFrame], which fails with the same errors for the same bytes. The
// Decoder checks frames one by one; the order of frames (fragmentation,
// RFC 6455 §5.4) is the connection's to judge.
//
// After an error the Decoder stays failed: every later call returns the
// same error and consumes nothing, until [Decoder.Reset]. The error is a
// [*ProtocolError]; [CloseCodeOf] gives the close code to send.
//
// The zero Decoder is ready to use with the zero [Policy]. A Decoder is
// not safe for concurrent use.
type Decoder struct {
	ev        Event
	remaining uint64 // payload bytes of the current frame not yet yielded
	phase     int    // masking key phase of the next payload byte
	inFrame   bool   // the header is complete and End has not been yielded
	npartial  int
	partial   [MaxHeaderLen]byte
	close     closeCheck
	policy    Policy
	err       error

	frame    Frame
	frameBuf []byte

	// A Conn whose whole-message path unmasks text as it validates it,
	// with wsutf8.UnmaskValid, sets leaveTextMasked: a masked text frame
	// with FIN set whose payload is all in the input is then returned
	// still masked, and textMasked set until the Conn clears it.
	leaveTextMasked bool
	textMasked      bool
}

// NewDecoder returns a Decoder that judges frames by p.
func NewDecoder(p Policy) *Decoder {
	return &Decoder{policy: p}
}

// Reset makes d a fresh Decoder judging frames by p, so a server can pool
// Decoders, or switch the Policy once extensions are negotiated. The
// buffer of [Decoder.DecodeFrame] is kept for reuse.
func (d *Decoder) Reset(p Policy) {
	buf := d.frameBuf[:0]
	*d = Decoder{policy: p, frameBuf: buf}
}

// Policy returns the Policy d judges frames by.
func (d *Decoder) Policy() Policy { return d.policy }

// Err returns the error d failed with, or nil.
func (d *Decoder) Err() error { return d.err }

// AtFrameBoundary reports whether d holds no part of a frame: no partial
// header and no payload still to come. A transport that reaches the end of
// its input when this is false has lost a frame midway. A failed Decoder
// is never at a boundary.
func (d *Decoder) AtFrameBoundary() bool {
	return !d.inFrame && d.npartial == 0 && d.err == nil
}

// fastFirstBytes is the set of first header bytes the whole-frame path of
// Decode takes, indexed by FIN<<4 | opcode: no RSV bit (checked apart),
// the defined opcodes except close, whose payload needs judging, and
// control opcodes only with FIN. Every other first byte takes the general
// path, which applies the Policy's rules one by one.
const fastFirstBytes = (1<<OpContinuation | 1<<OpText | 1<<OpBinary) |
	(1<<OpContinuation|1<<OpText|1<<OpBinary|1<<OpPing|1<<OpPong)<<16

// wholeFrameFirstByte is fastFirstBytes as a table indexed by the first
// byte itself, RSV bits included: one load decides it.
var wholeFrameFirstByte = func() (t [256]bool) {
	for b0 := range t {
		t[b0] = b0&0x70 == 0 && fastFirstBytes>>(b0>>3&0x10|b0&0x0F)&1 != 0
	}
	return t
}()

// Decode consumes bytes from the start of b and returns the next event, the
// number of bytes of b it consumed, and an error.
//
// When b holds no further event, Decode returns a nil event, having
// consumed all of b (a partial header is copied into d); the caller pushes
// more bytes when they arrive. Otherwise the caller handles the event and
// calls Decode again with b[n:]. The event is owned by d and valid until
// the next call; its Payload aliases b, unmasked in place.
//
// On error, n counts the bytes of b up to and including the byte that
// decided the error: the header byte that breaks a rule of [ParseHeader],
// or the last payload byte of a close frame whose payload is invalid. So
// the bytes consumed over all calls are the same however the input was
// split.
func (d *Decoder) Decode(b []byte) (ev *Event, n int, err error) {
	if d.inFrame || d.npartial != 0 || d.err != nil || len(b) < 2 {
		return d.decodeSlow(b)
	}
	// The whole-frame path: a header the Policy is sure to accept, with
	// its payload present in b. The second byte, with its MASK bit
	// flipped when masking is required, is at most 125 exactly when the
	// masking is right and the length is in its 7-bit form.
	b0, b1 := b[0], b[1]
	var flip byte
	if d.policy.Role != Client {
		flip = 0x80
	}
	length := int(b1 ^ flip)
	hlen := 2 + 4*int(flip>>7)
	end := hlen + length
	limit := d.policy.MaxFramePayload
	if !wholeFrameFirstByte[b0] ||
		length > maxControlPayload || (limit != 0 && uint64(length) > limit) ||
		end > len(b) {
		return d.decodeSlow(b)
	}
	masked := flip != 0
	payload := b[hlen:end:end]
	// The event is written field by field, and before unmasking, so
	// that little must survive the call: assigning a whole Event would
	// build it on the stack and copy it.
	h := &d.ev.Header
	h.Fin = b0&0x80 != 0
	h.RSV = 0
	h.Opcode = Opcode(b0 & 0x0F)
	h.Masked = masked
	h.Length = uint64(length)
	d.ev.Payload = payload
	d.ev.Start = true
	d.ev.End = true
	if masked {
		h.Key = [4]byte(b[2:6])
		wsmask.Mask(payload, h.Key)
	} else {
		h.Key = [4]byte{}
	}
	return &d.ev, end, nil
}

// decodeSlow is Decode for every case: partial headers, payloads split
// over calls, close frames, headers the Policy must judge rule by rule,
// and a failed Decoder.
func (d *Decoder) decodeSlow(b []byte) (*Event, int, error) {
	if d.err != nil {
		return nil, 0, d.err
	}
	n := 0
	start := false
	if !d.inFrame {
		var done bool
		var err error
		n, done, err = d.readHeader(b)
		if err != nil {
			d.err = err
			return nil, n, err
		}
		if !done {
			return nil, n, nil
		}
		start = true
		d.inFrame = true
		d.remaining = d.ev.Header.Length
		d.phase = 0
		d.close = closeCheck{}
	} else if len(b) == 0 {
		return nil, 0, nil
	}
	rest := b[n:]
	take := len(rest)
	if uint64(take) > d.remaining {
		take = int(d.remaining)
	}
	piece := rest[:take:take]
	h := &d.ev.Header
	if h.Masked {
		if d.leaveTextMasked && start && uint64(take) == h.Length && h.Opcode == OpText && h.Fin {
			d.textMasked = true
		} else {
			d.phase = wsmask.MaskAt(piece, h.Key, d.phase)
		}
	}
	d.remaining -= uint64(take)
	n += take
	end := d.remaining == 0
	if h.Opcode == OpClose {
		if err := d.judgeClosePiece(piece, start, end); err != nil {
			d.err = err
			d.inFrame = false
			return nil, n, err
		}
	}
	if end {
		d.inFrame = false
	}
	d.ev.Payload = piece
	d.ev.Start = start
	d.ev.End = end
	return &d.ev, n, nil
}

// judgeClosePiece feeds a piece of a close frame's payload to the close
// check and, at the frame's end, returns the error [ParseFrame] gives for
// the whole payload.
func (d *Decoder) judgeClosePiece(piece []byte, start, end bool) error {
	if start && end {
		_, _, err := ParseClosePayload(piece)
		return err
	}
	d.close.add(piece)
	if !end {
		return nil
	}
	return d.close.result(d.ev.Header.Length)
}

// readHeader completes the current header from the partial bytes and b.
// It returns the number of bytes of b it used and whether the header is
// complete (then in d.ev.Header); an incomplete header uses all of b. On
// error the count runs up to the byte that decided the error.
func (d *Decoder) readHeader(b []byte) (used int, done bool, err error) {
	have := d.npartial
	if have == 0 {
		n, err := parseHeader(&d.ev.Header, b, &d.policy)
		if err != nil {
			return headerErrorLen(b, &d.policy), false, err
		}
		if n < 0 {
			// Need more implies len(b) < MaxHeaderLen.
			d.npartial = copy(d.partial[:], b)
			return len(b), false, nil
		}
		return n, true, nil
	}
	copied := copy(d.partial[have:], b)
	hb := d.partial[:have+copied]
	n, err := parseHeader(&d.ev.Header, hb, &d.policy)
	if err != nil {
		return headerErrorLen(hb, &d.policy) - have, false, err
	}
	if n < 0 {
		d.npartial += copied
		return copied, false, nil
	}
	d.npartial = 0
	return n - have, true, nil
}

// headerErrorLen returns the length of the shortest prefix of b that
// parseHeader rejects: the header bytes up to and including the one that
// decided the error. b must be rejected. parseHeader checks each rule as
// soon as its bytes are present, so the shortest prefix fails with the same
// error as b; this runs only on the way to failing.
func headerErrorLen(b []byte, p *Policy) int {
	var h Header
	for k := 1; k < len(b); k++ {
		if _, err := parseHeader(&h, b[:k], p); err != nil {
			return k
		}
	}
	return len(b)
}

// DecodeFrame is the whole-frame mode of d, built on [Decoder.Decode]: it
// consumes bytes from the start of b and returns the next complete frame,
// or nil when b holds none, with the number of bytes consumed. On error, n
// is counted as by Decode.
//
// When a frame's payload lies wholly within b, Payload aliases b (unmasked
// in place); when it arrived over several calls it is gathered in a buffer
// owned by d, which grows with the bytes actually received and so never
// past the Policy's frame limit. Either way the frame is valid until the
// next call. Do not mix DecodeFrame and Decode within one frame.
func (d *Decoder) DecodeFrame(b []byte) (f *Frame, n int, err error) {
	for {
		ev, m, err := d.Decode(b[n:])
		n += m
		if err != nil || ev == nil {
			return nil, n, err
		}
		if ev.Start {
			d.frame.Header = ev.Header
			d.frameBuf = d.frameBuf[:0]
			if ev.End {
				d.frame.Payload = ev.Payload
				return &d.frame, n, nil
			}
		}
		d.frameBuf = append(d.frameBuf, ev.Payload...)
		if ev.End {
			d.frame.Payload = d.frameBuf
			return &d.frame, n, nil
		}
	}
}
