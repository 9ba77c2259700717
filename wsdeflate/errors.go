package wsdeflate

import "github.com/wscodec/wscodec/wsframe"

// Error is a failure of permessage-deflate. It unwraps to a
// [*wsframe.ProtocolError] carrying the close code, so [wsframe.CloseCodeOf]
// gives the code a [wsframe.Conn] sends when the error fails the connection.
type Error struct {
	proto *wsframe.ProtocolError
}

// Error returns the message with the package prefix.
func (e *Error) Error() string { return "wsdeflate: " + e.proto.Msg }

// Unwrap returns the protocol error that carries the close code.
func (e *Error) Unwrap() error { return e.proto }

func newError(code wsframe.CloseCode, msg string) *Error {
	return &Error{proto: &wsframe.ProtocolError{Code: code, Msg: msg}}
}

// Failures of a received compressed message (RFC 7692 §6.2).
var (
	// ErrCorrupt reports a compressed message whose payload is not a
	// DEFLATE stream (RFC 1951) once the tail 00 00 ff ff is restored.
	// RFC 7692 §6.2 leaves the reaction to such data open; it fails the
	// connection with 1007, "data within a message that was not
	// consistent with the type of the message" (RFC 6455 §7.4.1): the
	// frames are well formed, the payload is not what RSV1 announced.
	// Node's ws answers corrupt compressed data with 1007 too.
	ErrCorrupt = newError(wsframe.CloseInvalidPayload, "compressed message is not a valid DEFLATE stream")

	// ErrCompressedTooLarge reports a compressed message whose payload on
	// the wire outgrows the bound derived from the message size limit
	// (see [Extension.AppendReceived]): a stream of empty DEFLATE blocks
	// would otherwise hold memory without ever producing the output the
	// limit counts.
	ErrCompressedTooLarge = newError(wsframe.CloseMessageTooBig, "compressed message exceeds the configured size limit")

	// ErrCompressor reports that the compressor did not end a message
	// with the empty stored block RFC 7692 §7.2.1 strips. It would be a
	// fault of compress/flate; the message is not sent.
	ErrCompressor = newError(wsframe.CloseInternalError, "compressor output lacks the DEFLATE sync marker")
)
