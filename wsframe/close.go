package wsframe

import (
	"encoding/binary"
	"unicode/utf8"

	"github.com/wscodec/wscodec/wsutf8"
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
	code, reason = splitClosePayload(b)
	if err := closePayloadError(uint64(len(b)), code, wsutf8.Valid(reason)); err != nil {
		return 0, nil, err
	}
	return code, reason, nil
}

// splitClosePayload returns the code and reason of a close payload without
// judging them: [CloseNoStatus] and no reason for an empty payload.
func splitClosePayload(b []byte) (code CloseCode, reason []byte) {
	switch len(b) {
	case 0:
		return CloseNoStatus, nil
	case 1:
		return 0, nil
	}
	return CloseCode(binary.BigEndian.Uint16(b)), b[2:]
}

// closePayloadError judges a close payload of n bytes whose first two
// bytes hold code and whose reason is valid UTF-8 or not: the one
// statement of the rules, shared by [ParseClosePayload] and the Decoder,
// which sees a close payload in pieces.
func closePayloadError(n uint64, code CloseCode, reasonValid bool) error {
	switch {
	case n == 0:
		return nil
	case n == 1:
		// §5.5.1: "If there is a body, the first two bytes of the body
		// MUST be a 2-byte unsigned integer".
		return ErrClosePayloadLength
	case n > maxControlPayload:
		return ErrControlTooLong
	case !code.ValidOnWire():
		// §7.4: codes outside the defined and registered ranges may
		// not be sent; receiving one fails the connection.
		return ErrInvalidCloseCode
	case !reasonValid:
		// §5.5.1: the reason is "UTF-8-encoded data"; §8.1 makes
		// invalid UTF-8 fail the connection.
		return ErrInvalidUTF8
	}
	return nil
}
