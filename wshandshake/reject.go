package wshandshake

import "strconv"

// statusText holds the reason phrases of the statuses this package uses
// (RFC 9110 §15).
func statusText(code int) string {
	switch code {
	case 400:
		return "Bad Request"
	case 403:
		return "Forbidden"
	case 405:
		return "Method Not Allowed"
	case 414:
		return "URI Too Long"
	case 426:
		return "Upgrade Required"
	case 431:
		return "Request Header Fields Too Large"
	default:
		return "Internal Server Error"
	}
}

// rejectionStatus is the status a server answers err with; errors without
// one (client-side or foreign errors) become 500.
func rejectionStatus(err error) int {
	s := StatusOf(err)
	if s < 400 {
		return 500
	}
	return s
}

// AppendRejection appends the complete HTTP/1.1 response that refuses a
// handshake failing with err to dst and returns the extended buffer. The
// status is [StatusOf](err), or 500 for an error without one. The response
// closes the connection and carries the reason phrase as a text body, not
// the error's detail, which may quote the request. It adds the fields the
// status requires:
//
//   - 426: Sec-WebSocket-Version: 13 (RFC 6455 §4.4) and Upgrade:
//     websocket (RFC 9110 §15.5.22: a 426 response MUST carry Upgrade);
//   - 405: Allow: GET (RFC 9110 §15.5.6).
func AppendRejection(dst []byte, err error) []byte {
	code := rejectionStatus(err)
	text := statusText(code)
	dst = append(dst, "HTTP/1.1 "...)
	dst = strconv.AppendInt(dst, int64(code), 10)
	dst = append(dst, ' ')
	dst = append(dst, text...)
	dst = append(dst, "\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "...)
	dst = strconv.AppendInt(dst, int64(len(text)+1), 10)
	dst = append(dst, "\r\n"...)
	switch code {
	case 426:
		dst = append(dst, "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"...)
	case 405:
		dst = append(dst, "Allow: GET\r\n"...)
	}
	dst = append(dst, "\r\n"...)
	dst = append(dst, text...)
	return append(dst, '\n')
}

// AppendRejectionFields appends the fields of an HTTP/2 or HTTP/3 response
// that refuses an extended CONNECT failing with err to dst and returns the
// extended slice: ":status" first, then sec-websocket-version: 13 for 426
// (RFC 8441 §5 keeps the version negotiation of RFC 6455 §4.4). HTTP/2
// has no Upgrade field, so a 426 carries none.
func AppendRejectionFields(dst []HeaderField, err error) []HeaderField {
	code := rejectionStatus(err)
	dst = append(dst, HeaderField{Name: ":status", Value: strconv.Itoa(code)})
	switch code {
	case 426:
		dst = append(dst, HeaderField{Name: "sec-websocket-version", Value: "13"})
	case 405:
		dst = append(dst, HeaderField{Name: "allow", Value: "CONNECT"})
	}
	return dst
}
