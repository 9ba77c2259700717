package wsframe

import "errors"

// Message-level violations by the peer (RFC 6455 §5.4, §10.4).
var (
	// ErrUnexpectedContinuation reports a continuation frame while no
	// fragmented message is open (RFC 6455 §5.4).
	ErrUnexpectedContinuation = protocolError(CloseProtocolError, "continuation frame without a message to continue")

	// ErrExpectedContinuation reports a text or binary frame while a
	// fragmented message is still open (RFC 6455 §5.4).
	ErrExpectedContinuation = protocolError(CloseProtocolError, "new data frame inside an open fragmented message")

	// ErrMessageTooLarge reports a message longer than
	// [ConnConfig].MaxMessageSize, counted after any extension's
	// transform (RFC 6455 §10.4).
	ErrMessageTooLarge = protocolError(CloseMessageTooBig, "message exceeds the configured size limit")

	// ErrTooManyFragments reports a message made of more frames than
	// [ConnConfig].MaxFragments (RFC 6455 §10.4).
	ErrTooManyFragments = protocolError(CloseMessageTooBig, "message exceeds the configured number of fragments")

	// ErrAbnormalClosure reports that the transport ended before a close
	// frame arrived (RFC 6455 §7.1.5, §7.4.1: code 1006). It is reported
	// locally and never sent.
	ErrAbnormalClosure = protocolError(CloseAbnormal, "transport closed without a close frame")
)

// Local misuse of a [Conn]'s send side. Each is returned wrapped in a
// [*UsageError]; the Conn's state is unchanged by a refused call.
var (
	// ErrClosed reports a data frame or a second close frame after a
	// close frame was sent, and any frame once the Conn is closed (the
	// handshake completed, the connection failed or the transport
	// ended). RFC 6455 §5.5.1: "After sending a Close frame, the
	// endpoint MUST NOT send any more data frames."
	ErrClosed = errors.New("wsframe: close frame already sent or connection closed")

	// ErrSendMessageOpen reports a whole message while a streamed message
	// is being sent: its fragments would interleave (RFC 6455 §5.4).
	ErrSendMessageOpen = errors.New("wsframe: a streamed message is being sent")

	// ErrNotDataOpcode reports a message opcode other than text or
	// binary, or a streamed piece whose opcode differs from the message's.
	ErrNotDataOpcode = errors.New("wsframe: message opcode must be text or binary, the same for every piece")
)
