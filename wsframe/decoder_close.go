package wsframe

import (
	"encoding/binary"

	"github.com/wscodec/wscodec/wsutf8"
)

// closeCheck judges the payload of a close frame that arrives in pieces,
// giving the verdict of [ParseClosePayload] on the whole without keeping
// the payload: it holds the two status code bytes and the state of the
// reason's UTF-8 validation.
type closeCheck struct {
	ncode  int
	code   [2]byte
	reason wsutf8.Validator
}

// add judges the next piece of the payload.
func (c *closeCheck) add(p []byte) {
	for c.ncode < len(c.code) && len(p) > 0 {
		c.code[c.ncode] = p[0]
		c.ncode++
		p = p[1:]
	}
	if len(p) > 0 {
		c.reason.Write(p) // a failure sticks; result reads it from Done
	}
}

// result returns the error ParseClosePayload gives for the whole payload of
// the given length, all of which has been passed to add.
func (c *closeCheck) result(length uint64) error {
	return closePayloadError(length, CloseCode(binary.BigEndian.Uint16(c.code[:])), c.reason.Done())
}
