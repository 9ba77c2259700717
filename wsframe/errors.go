package wsframe

import "errors"

// ProtocolError is a violation of RFC 6455 by the peer, or a limit of ours
// the peer exceeded. Code is the close code the endpoint must send when it
// fails the connection (RFC 6455 §7.1.7).
//
// Every exported Err value of this package that describes peer misbehaviour
// is a *ProtocolError, so it can be matched with errors.Is and its close code
// read with [CloseCodeOf].
type ProtocolError struct {
	Code CloseCode
	Msg  string
}

// Error returns the message with the package prefix.
func (e *ProtocolError) Error() string { return "wsframe: " + e.Msg }

func protocolError(code CloseCode, msg string) *ProtocolError {
	return &ProtocolError{Code: code, Msg: msg}
}

// Frame-level violations (RFC 6455 §5).
var (
	ErrReservedBits       = protocolError(CloseProtocolError, "reserved bit set that no negotiated extension defines")
	ErrReservedOpcode     = protocolError(CloseProtocolError, "reserved opcode")
	ErrFragmentedControl  = protocolError(CloseProtocolError, "control frame without FIN")
	ErrControlTooLong     = protocolError(CloseProtocolError, "control frame payload longer than 125 bytes")
	ErrUnmaskedFrame      = protocolError(CloseProtocolError, "frame from client is not masked")
	ErrMaskedFrame        = protocolError(CloseProtocolError, "frame from server is masked")
	ErrNonMinimalLength   = protocolError(CloseProtocolError, "payload length not in its minimal form")
	ErrLengthMSB          = protocolError(CloseProtocolError, "most significant bit of 64-bit payload length set")
	ErrFrameTooLarge      = protocolError(CloseMessageTooBig, "frame payload exceeds the configured limit")
	ErrClosePayloadLength = protocolError(CloseProtocolError, "close payload of one byte")
	ErrInvalidCloseCode   = protocolError(CloseProtocolError, "close code not allowed on the wire")
	ErrInvalidUTF8        = protocolError(CloseInvalidPayload, "invalid UTF-8")
)

// UsageError reports that the caller asked for something the protocol
// forbids, such as sending a close frame with a code that may not appear on
// the wire. It is a mistake on the local side, not the peer's: no close code
// follows from it beyond [CloseInternalError].
//
// Err is the sentinel naming the rule, so errors.Is(err, ErrInvalidCloseCode)
// holds whether the peer or the caller broke it.
type UsageError struct {
	Err error
}

// Error returns the message of the rule that was broken, marked as local.
func (e *UsageError) Error() string { return e.Err.Error() + " (refused to send)" }

// Unwrap returns the sentinel naming the rule.
func (e *UsageError) Unwrap() error { return e.Err }

// Local misuse that no peer can cause.
var (
	// ErrCloseReasonTooLong reports a close reason that does not fit with
	// its code in a 125-byte control payload (RFC 6455 §5.5).
	ErrCloseReasonTooLong = errors.New("wsframe: close reason longer than 123 bytes")
)

// CloseCodeOf returns the close code an endpoint sends after err: the Code
// of a [*ProtocolError] found in err's chain, [CloseInternalError] for a
// [*UsageError] or any other error, and [CloseNormal] for nil.
func CloseCodeOf(err error) CloseCode {
	if err == nil {
		return CloseNormal
	}
	var u *UsageError
	if errors.As(err, &u) {
		return CloseInternalError
	}
	var pe *ProtocolError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return CloseInternalError
}
