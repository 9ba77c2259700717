package wsframe

import "github.com/wscodec/wscodec/wsmask"

// Event is one step of a [Decoder]: the start of a frame, a piece of its
// payload, its end, or several of these at once. A frame yields one or
// more events; the first has Start set, the last End. A frame whose header
// and payload are all present yields a single event with both.
type Event struct {
	// Header is the header of the frame the event belongs to. It is
	// judged valid by the Decoder's Policy before the first event.
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
// [MaxHeaderLen] bytes and the position within the current frame. The
// sequence of frames it yields, and the error it fails with, do not depend
// on how the input was split.
//
// After an error the Decoder stays failed: every later call returns the
// same error and consumes nothing, until [Decoder.Reset].
//
// The zero Decoder is ready to use with the zero [Policy].
type Decoder struct {
	policy    Policy
	ev        Event
	remaining uint64 // payload bytes of the current frame not yet yielded
	phase     int    // masking key phase of the next payload byte
	inFrame   bool   // the header is complete and End has not been yielded
	npartial  int
	partial   [MaxHeaderLen]byte
	err       error

	frame    Frame
	frameBuf []byte
}

// NewDecoder returns a Decoder that judges frames by p.
func NewDecoder(p Policy) *Decoder {
	return &Decoder{policy: p}
}

// Reset makes d a fresh Decoder judging frames by p, so a server can reuse
// Decoders. The buffer of [Decoder.DecodeFrame] is kept for reuse.
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
// its input when this is false has lost a frame midway.
func (d *Decoder) AtFrameBoundary() bool { return !d.inFrame && d.npartial == 0 }

// Decode consumes bytes from the start of b and returns the next event, the
// number of bytes of b it consumed, and an error.
//
// When b holds no further event, Decode returns a nil event, having
// consumed all of b (a partial header is copied into d); the caller pushes
// more bytes when they arrive. Otherwise the caller handles the event and
// calls Decode again with b[n:]. The event is owned by d and valid until
// the next call; its Payload aliases b.
func (d *Decoder) Decode(b []byte) (ev *Event, n int, err error) {
	if d.err != nil {
		return nil, 0, d.err
	}
	d.ev.Start = false
	if !d.inFrame {
		n, err = d.readHeader(b)
		if n <= 0 || err != nil {
			if err != nil {
				d.err = err
				return nil, 0, err
			}
			return nil, -n, nil
		}
		d.ev.Start = true
		d.inFrame = true
		d.remaining = d.ev.Header.Length
		d.phase = 0
	} else if d.remaining > 0 && len(b) == 0 {
		return nil, 0, nil
	}
	rest := b[n:]
	take := len(rest)
	if uint64(take) > d.remaining {
		take = int(d.remaining)
	}
	piece := rest[:take:take]
	if d.ev.Header.Masked {
		d.phase = wsmask.MaskAt(piece, d.ev.Header.Key, d.phase)
	}
	d.remaining -= uint64(take)
	d.ev.Payload = piece
	d.ev.End = d.remaining == 0
	if d.ev.End {
		d.inFrame = false
	}
	return &d.ev, n + take, nil
}

// readHeader completes the current header from the partial bytes and b.
// It returns the number of bytes of b the header used (n > 0), or the
// negated number of bytes it copied into the partial buffer (n <= 0), or
// an error.
func (d *Decoder) readHeader(b []byte) (int, error) {
	if d.npartial == 0 {
		n, err := parseHeader(&d.ev.Header, b, &d.policy)
		if n < 0 && err == nil {
			// Need more implies len(b) < MaxHeaderLen.
			d.npartial = copy(d.partial[:], b)
			return -len(b), nil
		}
		return n, err
	}
	copied := copy(d.partial[d.npartial:], b)
	n, err := parseHeader(&d.ev.Header, d.partial[:d.npartial+copied], &d.policy)
	if err != nil {
		return 0, err
	}
	if n < 0 {
		d.npartial += copied
		return -copied, nil
	}
	used := n - d.npartial
	d.npartial = 0
	return used, nil
}

// DecodeFrame is the whole-frame mode of d, built on [Decoder.Decode]: it
// consumes bytes from the start of b and returns the next complete frame,
// or nil when b holds none, with the number of bytes consumed.
//
// When a frame's payload lies wholly within b, Payload aliases b (unmasked
// in place); when it arrived over several calls it is gathered in a buffer
// owned by d, which grows with the bytes actually received and never past
// the Policy's frame limit. Either way the frame is valid until the next
// call. Do not mix DecodeFrame and Decode within one frame.
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
