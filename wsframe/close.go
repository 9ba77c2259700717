package wsframe

import (
	"encoding/binary"
	"unicode/utf8"
)

// AppendClosePayload appends the payload of a close frame carrying code and
// reason (RFC 6455 §5.5.1) to dst and returns the extended buffer.
//
// Code [CloseNoStatus] with an empty reason writes an empty payload: a close
// frame without a status. Otherwise code must be valid on the wire and the
// reason valid UTF-8 of at most 123 bytes; a violation is a [*UsageError]
// and dst is returned unchanged.
func AppendClosePayload(dst []byte, code CloseCode, reason string) ([]byte, error) {
	if code == CloseNoStatus && reason == "" {
		return dst, nil
	}
	if !code.ValidOnWire() {
		return dst, &UsageError{Err: ErrInvalidCloseCode}
	}
	if len(reason) > maxControlPayload-2 {
		return dst, &UsageError{Err: ErrCloseReasonTooLong}
	}
	if !utf8.ValidString(reason) {
		return dst, &UsageError{Err: ErrInvalidUTF8}
	}
	dst = binary.BigEndian.AppendUint16(dst, uint16(code))
	return append(dst, reason...), nil
}

// ParseClosePayload decodes and judges the payload of a received close
// frame (RFC 6455 §5.5.1, §7.4). An empty payload yields [CloseNoStatus]
// and an empty reason. The reason aliases b.
func ParseClosePayload(b []byte) (code CloseCode, reason []byte, err error) {
	switch {
	case len(b) == 0:
		return CloseNoStatus, nil, nil
	case len(b) == 1:
		// §5.5.1: "If there is a body, the first two bytes of the body
		// MUST be a 2-byte unsigned integer".
		return 0, nil, ErrClosePayloadLength
	case len(b) > maxControlPayload:
		return 0, nil, ErrControlTooLong
	}
	code = CloseCode(binary.BigEndian.Uint16(b))
	if !code.ValidOnWire() {
		return 0, nil, ErrInvalidCloseCode
	}
	reason = b[2:]
	// §5.5.1: the reason's "interpretation ... is not defined ... [it is]
	// UTF-8-encoded data"; §8.1 makes invalid UTF-8 fail the connection.
	if !utf8.Valid(reason) {
		return 0, nil, ErrInvalidUTF8
	}
	return code, reason, nil
}
