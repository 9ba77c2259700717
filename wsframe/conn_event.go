package wsframe

// EventKind says what a [ConnEvent] reports.
type EventKind uint8

// The kinds of [ConnEvent]. The zero EventKind is no event.
const (
	EventText   EventKind = iota + 1 // a text message, or a piece of one
	EventBinary                      // a binary message, or a piece of one
	EventPing                        // a ping (RFC 6455 §5.5.2)
	EventPong                        // a pong (RFC 6455 §5.5.3)
	EventClose                       // the peer's close frame (RFC 6455 §5.5.1)
	EventError                       // the connection failed; terminal
)

var eventKindNames = [...]string{
	EventText:   "text",
	EventBinary: "binary",
	EventPing:   "ping",
	EventPong:   "pong",
	EventClose:  "close",
	EventError:  "error",
}

// String returns the kind's lower-case name.
func (k EventKind) String() string {
	if int(k) < len(eventKindNames) && eventKindNames[k] != "" {
		return eventKindNames[k]
	}
	return "none"
}

// ConnEvent is something that happened on a [Conn]'s receiving side. It is
// owned by the Conn and valid until the next call of a Receive method.
type ConnEvent struct {
	Kind EventKind

	// Payload is the message (or, when streaming, the piece of it), the
	// ping or pong application data, or the close reason (the close
	// payload after its two-byte code). Received text is valid UTF-8
	// as far as it goes: a message ends on a whole code point.
	//
	// Payload aliases the input of [Conn.Receive], unmasked in place,
	// when its bytes arrived in that call and within one frame: always
	// for streamed pieces without an Extension, and for whole messages
	// made of one frame. Otherwise it aliases a buffer owned by the
	// Conn, reused by later calls. Either way it is valid only until the
	// next Receive; copy what must outlive it. Its capacity ends where
	// it ends, so appending to it never overwrites other bytes.
	Payload []byte

	// First and Last mark the first and last piece of a text or binary
	// message. A whole message has both; in streaming mode a message
	// is one or more events from First to Last. Only the Last piece
	// may be empty: a message ending in an empty final fragment ends
	// with an empty piece, since the Conn buffers nothing to know that
	// the piece before it was the last.
	First, Last bool

	// Code is the close code of EventClose ([CloseNoStatus] for a close
	// frame without one) and, for EventError, the code of the close
	// frame the Conn queued (or would have, had it not sent one
	// already): [CloseCodeOf] of Err, or [CloseInternalError] when that
	// code may not go on the wire; [CloseAbnormal] when the transport
	// ended without a close frame.
	Code CloseCode

	// Err is the error of EventError: a [*ProtocolError] naming the
	// broken rule, or an error of the Extension.
	Err error
}
