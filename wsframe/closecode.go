package wsframe

import "strconv"

// CloseCode is the status code of a close frame (RFC 6455 §7.4), as
// registered in the IANA "WebSocket Close Code Number Registry".
type CloseCode uint16

// The close codes of RFC 6455 §7.4.1 and the IANA registry.
const (
	CloseNormal              CloseCode = 1000 // the purpose of the connection is fulfilled
	CloseGoingAway           CloseCode = 1001 // server going down or browser leaving the page
	CloseProtocolError       CloseCode = 1002 // the peer violated the protocol
	CloseUnsupportedData     CloseCode = 1003 // a data type the endpoint cannot accept
	CloseReserved            CloseCode = 1004 // reserved; never sent
	CloseNoStatus            CloseCode = 1005 // local only: the close frame had no code
	CloseAbnormal            CloseCode = 1006 // local only: the transport closed without a close frame
	CloseInvalidPayload      CloseCode = 1007 // message data inconsistent with its type (bad UTF-8)
	ClosePolicyViolation     CloseCode = 1008 // a message violates the endpoint's policy
	CloseMessageTooBig       CloseCode = 1009 // a message or frame exceeds the endpoint's limit
	CloseMandatoryExtension  CloseCode = 1010 // client: the server did not negotiate a required extension
	CloseInternalError       CloseCode = 1011 // the endpoint met an unexpected condition
	CloseServiceRestart      CloseCode = 1012 // the service is restarting
	CloseTryAgainLater       CloseCode = 1013 // temporary overload
	CloseBadGateway          CloseCode = 1014 // a gateway got an invalid response upstream
	CloseTLSHandshakeFailure CloseCode = 1015 // local only: the TLS handshake failed
)

var closeCodeNames = [...]string{
	CloseNormal - 1000:              "normal closure",
	CloseGoingAway - 1000:           "going away",
	CloseProtocolError - 1000:       "protocol error",
	CloseUnsupportedData - 1000:     "unsupported data",
	CloseReserved - 1000:            "reserved",
	CloseNoStatus - 1000:            "no status received",
	CloseAbnormal - 1000:            "abnormal closure",
	CloseInvalidPayload - 1000:      "invalid frame payload data",
	ClosePolicyViolation - 1000:     "policy violation",
	CloseMessageTooBig - 1000:       "message too big",
	CloseMandatoryExtension - 1000:  "mandatory extension",
	CloseInternalError - 1000:       "internal error",
	CloseServiceRestart - 1000:      "service restart",
	CloseTryAgainLater - 1000:       "try again later",
	CloseBadGateway - 1000:          "bad gateway",
	CloseTLSHandshakeFailure - 1000: "TLS handshake failure",
}

// String returns the registered name of c, "registered(N)" for codes
// 3000–3999 (registered with IANA by libraries and frameworks),
// "private(N)" for 4000–4999, and "invalid(N)" for anything else.
func (c CloseCode) String() string {
	switch {
	case c >= 1000 && int(c-1000) < len(closeCodeNames):
		return closeCodeNames[c-1000]
	case c >= 3000 && c <= 3999:
		return "registered(" + strconv.Itoa(int(c)) + ")"
	case c >= 4000 && c <= 4999:
		return "private(" + strconv.Itoa(int(c)) + ")"
	}
	return "invalid(" + strconv.Itoa(int(c)) + ")"
}

// ValidOnWire reports whether c may appear in a close frame. RFC 6455 §7.4.1
// forbids 1004, 1005, 1006 and 1015 on the wire (the last three exist only
// to report conditions locally); §7.4.2 leaves 0–999 unused and 1016–2999
// to future revisions of the protocol, and codes from 5000 up are undefined.
func (c CloseCode) ValidOnWire() bool {
	switch {
	case c >= 1000 && c <= 1003, c >= 1007 && c <= 1014:
		return true
	case c >= 3000 && c <= 4999:
		return true
	}
	return false
}
