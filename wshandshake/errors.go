package wshandshake

import (
	"errors"
	"strconv"
)

// Error is a handshake failure. Every error this package returns is, or
// wraps, one of the exported *Error sentinels below, so errors.Is works on
// the sentinel and [StatusOf] finds the HTTP status.
//
// Status is the HTTP status a server answers a request with when it detects
// the failure (see [AppendRejection]). Failures that only a client detects,
// in a server's response, have Status 0: RFC 6455 §4.1 says the client then
// fails the WebSocket connection, and there is nothing to answer.
type Error struct {
	status int
	msg    string
}

func (e *Error) Error() string { return e.msg }

// Status returns the HTTP status that the failure maps to, or 0 when the
// failure is detected by a client and has no response.
func (e *Error) Status() int { return e.status }

func newError(status int, msg string) *Error {
	return &Error{status: status, msg: "wshandshake: " + msg}
}

// Syntax and size failures of a request (RFC 9112).
var (
	ErrMalformedRequest = newError(400, "malformed HTTP request")
	ErrHeaderTooLarge   = newError(431, "request header fields too large")
	ErrURITooLong       = newError(414, "request line too long")
)

// Failures of the request's content (RFC 6455 §4.2.1).
var (
	ErrBadMethod          = newError(405, "request method is not GET")
	ErrBadHTTPVersion     = newError(400, "HTTP version is not 1.1 or later")
	ErrMissingHost        = newError(400, "missing, repeated or invalid Host")
	ErrBadUpgrade         = newError(400, "Upgrade does not name websocket")
	ErrBadConnection      = newError(400, "Connection does not contain Upgrade")
	ErrUnsupportedVersion = newError(426, "Sec-WebSocket-Version is not 13")
	ErrBadKey             = newError(400, "Sec-WebSocket-Key is not base64 of 16 bytes")
	ErrOriginRejected     = newError(403, "origin not allowed")
	ErrUnexpectedBody     = newError(400, "upgrade request carries a body")
	ErrBadSubprotocols    = newError(400, "malformed Sec-WebSocket-Protocol")
	ErrBadExtensions      = newError(400, "malformed Sec-WebSocket-Extensions")
)

// Failures of an extended CONNECT request (RFC 8441 §4, RFC 9220 §3).
var (
	ErrBadProtocol = newError(400, ":protocol is not websocket")
	ErrBadScheme   = newError(400, "missing or invalid :scheme")
	ErrBadPath     = newError(400, "missing or invalid :path")
)

// Failures a client detects in a server's response (RFC 6455 §4.1). The
// response-side checks of Upgrade and Connection reuse [ErrBadUpgrade] and
// [ErrBadConnection], and a malformed Sec-WebSocket-Extensions reuses
// [ErrBadExtensions].
var (
	ErrMalformedResponse    = newError(0, "malformed HTTP response")
	ErrBadStatus            = newError(0, "response status is not 101")
	ErrBadAccept            = newError(0, "Sec-WebSocket-Accept does not match the key")
	ErrUnofferedSubprotocol = newError(0, "server chose a subprotocol that was not offered")
	ErrUnofferedExtension   = newError(0, "server chose an extension that was not offered")
	ErrBadDeflateResponse   = newError(0, "permessage-deflate response exceeds the offer")
)

// Misuse by the caller, not failures of the peer: values that cannot be
// written into a header without breaking its syntax.
var (
	ErrInvalidHeader = newError(0, "header name or value not allowed")
	ErrInvalidConfig = newError(0, "invalid configuration")
)

// detailError adds what exactly was wrong to a sentinel.
type detailError struct {
	err    *Error
	detail string
}

func (e *detailError) Error() string { return e.err.msg + ": " + e.detail }
func (e *detailError) Unwrap() error { return e.err }

func wrap(err *Error, detail string) error { return &detailError{err: err, detail: detail} }

// wrapValue names the offending value, quoted and cut short so an attacker
// cannot make error strings large.
func wrapValue(err *Error, what string, v []byte) error {
	const max = 64
	s := v
	cut := ""
	if len(s) > max {
		s, cut = s[:max], "..."
	}
	return wrap(err, what+" "+strconv.Quote(string(s))+cut)
}

// StatusOf returns the HTTP status a server answers with for err: the
// status of the [Error] it wraps, 500 for any other non-nil error (a failure
// of the server itself), and 0 for nil. A status of 0 for a non-nil error
// means the failure is a client-side one with nothing to answer.
func StatusOf(err error) int {
	if err == nil {
		return 0
	}
	var e *Error
	if errors.As(err, &e) {
		return e.status
	}
	return 500
}
