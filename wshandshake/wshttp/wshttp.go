// Package wshttp adapts the WebSocket handshake of package wshandshake to
// net/http values: it validates an *http.Request, fills an http.Header
// for the 101 response, writes rejections, and verifies an
// *http.Response on the client side. It lives apart from wshandshake so
// that programs driving the codec from raw bytes do not link net/http.
//
// Hijacking the connection stays with the caller: after [ValidateRequest]
// succeeds, a server typically hijacks it and writes the bytes of
// wshandshake.AppendResponse itself, or sets the header with
// [SetResponseHeader] and calls WriteHeader(101) where the server
// supports that.
package wshttp

import (
	"net/http"
	"strconv"

	"github.com/wscodec/wscodec/wshandshake"
)

// noLimits lets through what net/http has already read under its own
// limits (http.Server.MaxHeaderBytes).
var noLimits = &wshandshake.Limits{
	MaxHeaderBytes: int(^uint(0) >> 2),
	MaxLineBytes:   int(^uint(0) >> 2),
	MaxFields:      int(^uint(0) >> 2),
}

// ValidateRequest checks an HTTP/1.x upgrade request with the same code
// and the same rules as wshandshake.ValidateRequest, and negotiates under
// cfg. On failure, [WriteRejection] answers with the right status.
//
// net/http has already parsed the request, so the request is written back
// into HTTP/1.1 form (Host from r.Host, the body fields from
// r.ContentLength and r.TransferEncoding) and parsed again; this costs a
// few allocations, which servers that read raw bytes avoid.
func ValidateRequest(r *http.Request, cfg *wshandshake.ServerConfig) (wshandshake.Accepted, error) {
	b := make([]byte, 0, 512)
	target := r.RequestURI
	if target == "" {
		target = r.URL.RequestURI()
	}
	b = append(b, r.Method...)
	b = append(b, ' ')
	b = append(b, target...)
	b = append(b, " HTTP/"...)
	b = strconv.AppendInt(b, int64(r.ProtoMajor), 10)
	b = append(b, '.')
	b = strconv.AppendInt(b, int64(r.ProtoMinor), 10)
	b = append(b, "\r\nHost: "...)
	b = append(b, r.Host...)
	b = append(b, "\r\n"...)
	if r.ContentLength > 0 {
		b = append(b, "Content-Length: 1\r\n"...)
	}
	for _, te := range r.TransferEncoding {
		b = append(b, "Transfer-Encoding: "...)
		b = append(b, te...)
		b = append(b, "\r\n"...)
	}
	b = appendFields(b, r.Header)
	b = append(b, "\r\n"...)
	var req wshandshake.Request
	n, err := wshandshake.ParseRequest(b, &req, noLimits)
	if err != nil {
		return wshandshake.Accepted{}, err
	}
	if n != len(b) {
		// net/http never yields a head that parses short.
		return wshandshake.Accepted{}, wshandshake.ErrMalformedRequest
	}
	return wshandshake.ValidateRequest(&req, cfg)
}

// SetResponseHeader sets in h the fields of the 101 response that accepts
// a: Upgrade, Connection, Sec-WebSocket-Accept, and Sec-WebSocket-Protocol
// and Sec-WebSocket-Extensions when something was chosen (RFC 6455
// §4.2.2).
func SetResponseHeader(h http.Header, a *wshandshake.Accepted) {
	h.Set("Upgrade", "websocket")
	h.Set("Connection", "Upgrade")
	h.Set("Sec-WebSocket-Accept", string(a.Accept[:]))
	if a.Subprotocol != "" {
		h.Set("Sec-WebSocket-Protocol", a.Subprotocol)
	}
	if ext := a.AppendExtensionsResponse(nil); len(ext) > 0 {
		h.Set("Sec-WebSocket-Extensions", string(ext))
	}
}

// WriteRejection answers a request whose handshake failed with err: the
// status of wshandshake.StatusOf (500 for errors without one), the fields
// that status requires (Sec-WebSocket-Version and Upgrade for 426, Allow
// for 405), and the status text as body.
func WriteRejection(w http.ResponseWriter, err error) {
	code := wshandshake.StatusOf(err)
	if code < 400 {
		code = http.StatusInternalServerError
	}
	h := w.Header()
	switch code {
	case http.StatusUpgradeRequired:
		h.Set("Upgrade", "websocket")
		h.Set("Sec-WebSocket-Version", "13")
	case http.StatusMethodNotAllowed:
		h.Set("Allow", http.MethodGet)
	}
	http.Error(w, http.StatusText(code), code)
}

// VerifyResponse checks a server's response to the handshake described by
// cfg and key with the same code as wshandshake.VerifyResponse, for
// clients that send the request with net/http.
func VerifyResponse(resp *http.Response, cfg *wshandshake.ClientConfig, key *wshandshake.Key) (wshandshake.Negotiated, error) {
	if resp.StatusCode < 100 || resp.StatusCode > 999 {
		return wshandshake.Negotiated{}, wshandshake.ErrBadStatus
	}
	b := make([]byte, 0, 256)
	b = append(b, "HTTP/"...)
	b = strconv.AppendInt(b, int64(resp.ProtoMajor), 10)
	b = append(b, '.')
	b = strconv.AppendInt(b, int64(resp.ProtoMinor), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(resp.StatusCode), 10)
	b = append(b, "\r\n"...)
	b = appendFields(b, resp.Header)
	b = append(b, "\r\n"...)
	var r wshandshake.Response
	if _, err := wshandshake.ParseResponse(b, &r, noLimits); err != nil {
		return wshandshake.Negotiated{}, err
	}
	return wshandshake.VerifyResponse(&r, cfg, key)
}

// appendFields appends every value of h as a field line, in the wire form
// the parsers of wshandshake read.
func appendFields(b []byte, h http.Header) []byte {
	for name, values := range h {
		for _, v := range values {
			b = append(b, name...)
			b = append(b, ": "...)
			b = append(b, v...)
			b = append(b, "\r\n"...)
		}
	}
	return b
}
