package wsframe

import (
	"encoding/binary"
	"unicode/utf8"
)

// closeCheck judges the payload of a close frame that arrives in pieces,
// giving the verdict of [ParseClosePayload] on the whole without keeping
// the payload: it holds the two status code bytes and the start of a UTF-8
// sequence of the reason that the last piece cut short.
type closeCheck struct {
	ncode   int
	code    [2]byte
	ncarry  int
	carry   [utf8.UTFMax - 1]byte
	badUTF8 bool
}

// add judges the next piece of the payload.
func (c *closeCheck) add(p []byte) {
	for c.ncode < len(c.code) && len(p) > 0 {
		c.code[c.ncode] = p[0]
		c.ncode++
		p = p[1:]
	}
	if len(p) == 0 || c.badUTF8 {
		return
	}
	if c.ncarry > 0 {
		var seq [utf8.UTFMax]byte
		n := copy(seq[:], c.carry[:c.ncarry])
		for len(p) > 0 && !utf8.FullRune(seq[:n]) {
			seq[n] = p[0]
			n++
			p = p[1:]
		}
		if !utf8.FullRune(seq[:n]) {
			c.ncarry = copy(c.carry[:], seq[:n])
			return
		}
		// FullRune also holds for a sequence already known to be
		// invalid; Valid tells the two apart.
		if !utf8.Valid(seq[:n]) {
			c.badUTF8 = true
			return
		}
		c.ncarry = 0
	}
	// Keep an unfinished sequence at the end for the next piece: its
	// start is among the last UTFMax-1 bytes, or the sequence is whole.
	cut := len(p)
	for i := len(p) - 1; i >= 0 && i >= len(p)-(utf8.UTFMax-1); i-- {
		if utf8.RuneStart(p[i]) {
			if !utf8.FullRune(p[i:]) {
				cut = i
			}
			break
		}
	}
	if !utf8.Valid(p[:cut]) {
		c.badUTF8 = true
		return
	}
	c.ncarry = copy(c.carry[:], p[cut:])
}

// result returns the error ParseClosePayload gives for the whole payload of
// the given length, all of which has been passed to add.
func (c *closeCheck) result(length uint64) error {
	switch {
	case length == 0:
		return nil
	case length == 1:
		return ErrClosePayloadLength
	case length > maxControlPayload:
		return ErrControlTooLong
	}
	if !CloseCode(binary.BigEndian.Uint16(c.code[:])).ValidOnWire() {
		return ErrInvalidCloseCode
	}
	if c.badUTF8 || c.ncarry != 0 {
		return ErrInvalidUTF8
	}
	return nil
}
