package wsutf8

// A Validator checks that a stream of bytes, written in pieces of any size,
// is valid UTF-8 (RFC 3629), and notices an invalid stream at the first
// byte that makes it so. It is meant for the payload of a fragmented text
// message (RFC 6455 §5.6, §8.1), where a code point may be split between
// fragments or between the pieces a transport delivers.
//
// The zero Validator is ready to use and expects the start of a stream. A
// Validator is a few bytes large, carries at most the three bytes of a code
// point that a piece left unfinished, and never allocates. It is not safe
// for concurrent use.
type Validator struct {
	pending [3]byte // start of a code point that the last piece left open
	npend   uint8   // how many bytes of pending are in use
	failed  bool    // the stream can no longer become valid
}

// Write appends p to the stream and reports whether the stream so far is
// still the start of some valid UTF-8 text, that is whether some
// continuation could make it valid. It reports false from the piece that
// holds the first invalid byte on: an invalid lead byte (C0, C1, F5–FF), an
// unexpected continuation byte, a byte that cuts a sequence short, or a
// second byte that makes the sequence overlong, a surrogate or larger than
// U+10FFFF (such as E0 80, ED A0 or F4 90). Once Write has reported false,
// every later Write and [Validator.Done] report false until
// [Validator.Reset].
//
// A code point that p leaves unfinished is kept for the next Write; the
// Validator copies the at most three bytes it needs and does not retain p.
func (v *Validator) Write(p []byte) bool {
	if v.failed {
		return false
	}
	if v.npend > 0 {
		p = v.finishPending(p)
		if v.failed || v.npend > 0 {
			return !v.failed
		}
	}
	cut := incompleteTail(p)
	if !valid(p[:cut]) || !validPrefix(p[cut:]) {
		v.failed = true
		return false
	}
	v.npend = uint8(copy(v.pending[:], p[cut:]))
	return true
}

// finishPending completes the code point held in v.pending with the first
// bytes of p and returns the rest of p. The code point stays pending when p
// is too short to complete it; v.failed is set if the bytes cannot be part
// of a valid code point.
func (v *Validator) finishPending(p []byte) []byte {
	seq := [4]byte{v.pending[0], v.pending[1], v.pending[2]}
	n := int(v.npend)
	need := int(leads[seq[0]].size) - n
	take := min(need, len(p))
	for i := 0; i < take; i++ {
		seq[n+i] = p[i]
	}
	n += take
	if !validPrefix(seq[:n]) {
		v.failed = true
		return nil
	}
	if take < need {
		v.pending = [3]byte(seq[:3])
		v.npend = uint8(n)
		return nil
	}
	v.npend = 0
	return p[take:]
}

// Done reports whether the stream written so far is valid UTF-8 as a
// whole: no Write has reported false and the stream does not end inside a
// code point. Call it when the message ends (RFC 6455 §5.6: the whole
// payload of a text message must be valid UTF-8).
func (v *Validator) Done() bool {
	return !v.failed && v.npend == 0
}

// Reset makes v ready for a new stream, as if it were the zero Validator.
func (v *Validator) Reset() {
	*v = Validator{}
}
