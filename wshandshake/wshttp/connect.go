package wshttp

import (
	"net/http"
	"strconv"

	"github.com/wscodec/wscodec/wshandshake"
)

// ValidateExtendedConnect checks an HTTP/2 extended CONNECT request (RFC
// 8441 §4–5) with the same code and rules as
// wshandshake.ValidateExtendedConnect, and negotiates under cfg. On
// failure, [WriteConnectRejection] answers with the right status.
//
// net/http's HTTP/2 server hands the :protocol pseudo-header to the
// handler as r.Header[":protocol"], and only when extended CONNECT is
// enabled (GODEBUG=http2xconnect=1, Go 1.24 or later); without it the
// server refuses such requests before any handler runs. It does not pass
// on :scheme, so the scheme is https when the request came over TLS and
// http otherwise. :path is r.RequestURI and :authority is r.Host.
func ValidateExtendedConnect(r *http.Request, cfg *wshandshake.ServerConfig) (wshandshake.Accepted, error) {
	path := r.RequestURI
	if path == "" && r.URL != nil {
		path = r.URL.RequestURI()
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	h := wshandshake.ExtendedConnect{
		Method:     []byte(r.Method),
		Protocol:   first(r.Header, ":protocol"),
		Scheme:     []byte(scheme),
		Path:       []byte(path),
		Authority:  []byte(r.Host),
		Version:    first(r.Header, "Sec-WebSocket-Version"),
		Origin:     first(r.Header, "Origin"),
		Protocols:  lines(r.Header, "Sec-WebSocket-Protocol"),
		Extensions: lines(r.Header, "Sec-WebSocket-Extensions"),
	}
	return wshandshake.ValidateExtendedConnect(&h, cfg)
}

// first returns the first value of the field, or nil when it is absent,
// which ExtendedConnect tells apart from an empty value.
func first(h http.Header, name string) []byte {
	v := h.Values(name)
	if len(v) == 0 {
		return nil
	}
	return []byte(v[0])
}

func lines(h http.Header, name string) [][]byte {
	v := h.Values(name)
	if len(v) == 0 {
		return nil
	}
	out := make([][]byte, len(v))
	for i, line := range v {
		out[i] = []byte(line)
	}
	return out
}

// SetConnectResponseHeader sets in h the fields of the 200 response that
// accepts an extended CONNECT: sec-websocket-protocol and
// sec-websocket-extensions when something was chosen (RFC 8441 §5). The
// caller then calls WriteHeader(http.StatusOK) and flushes, so that the
// client learns of the WebSocket before any message is sent.
func SetConnectResponseHeader(h http.Header, a *wshandshake.Accepted) {
	for _, f := range wshandshake.AppendConnectResponse(nil, a) {
		if f.Name != ":status" {
			h.Set(f.Name, f.Value)
		}
	}
}

// WriteConnectRejection answers an extended CONNECT whose handshake failed
// with err, with the status and fields of
// wshandshake.AppendRejectionFields (sec-websocket-version: 13 for 426,
// allow: CONNECT for 405) and the status text as body.
func WriteConnectRejection(w http.ResponseWriter, err error) {
	code := http.StatusInternalServerError
	h := w.Header()
	for _, f := range wshandshake.AppendRejectionFields(nil, err) {
		if f.Name == ":status" {
			if c, err := strconv.Atoi(f.Value); err == nil {
				code = c
			}
			continue
		}
		h.Set(f.Name, f.Value)
	}
	http.Error(w, http.StatusText(code), code)
}
