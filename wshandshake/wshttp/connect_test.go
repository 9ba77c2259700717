package wshttp_test

import (
	"crypto/tls"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wscodec/wscodec/wshandshake"
	"github.com/wscodec/wscodec/wshandshake/wshttp"
)

// extendedConnect builds the request net/http's HTTP/2 server hands a
// handler for an extended CONNECT: method CONNECT, HTTP/2.0, :protocol as
// a header entry, the path in RequestURI and URL.
func extendedConnect(header http.Header) *http.Request {
	r := &http.Request{
		Method:     "CONNECT",
		Proto:      "HTTP/2.0",
		ProtoMajor: 2,
		Host:       "example.com",
		RequestURI: "/chat?room=1",
		URL:        &url.URL{Path: "/chat", RawQuery: "room=1"},
		Header:     http.Header{":protocol": {"websocket"}, "Sec-Websocket-Version": {"13"}},
		TLS:        &tls.ConnectionState{},
	}
	for name, v := range header {
		if v == nil {
			delete(r.Header, name)
			continue
		}
		r.Header[name] = v
	}
	return r
}

func TestValidateExtendedConnect(t *testing.T) {
	tests := []struct {
		name    string
		header  http.Header
		edit    func(r *http.Request)
		want    wshandshake.Negotiated
		wantErr error
	}{
		{name: "minimal"},
		{
			name: "subprotocol and deflate",
			header: http.Header{
				"Sec-Websocket-Protocol":   {"other", "chat"},
				"Sec-Websocket-Extensions": {"permessage-deflate; client_max_window_bits"},
				"Origin":                   {"https://example.com"},
			},
			want: wshandshake.Negotiated{Subprotocol: "chat", Deflate: true,
				DeflateParams: wshandshake.DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}},
		},
		{name: "GET", edit: func(r *http.Request) { r.Method = "GET" }, wantErr: wshandshake.ErrBadMethod},
		{name: "no :protocol", header: http.Header{":protocol": nil}, wantErr: wshandshake.ErrBadProtocol},
		{name: ":protocol other", header: http.Header{":protocol": {"connect-udp"}}, wantErr: wshandshake.ErrBadProtocol},
		{name: "no version", header: http.Header{"Sec-Websocket-Version": nil}, wantErr: wshandshake.ErrUnsupportedVersion},
		{name: "version 8", header: http.Header{"Sec-Websocket-Version": {"8"}}, wantErr: wshandshake.ErrUnsupportedVersion},
		{name: "foreign origin", header: http.Header{"Origin": {"https://evil.example"}}, wantErr: wshandshake.ErrOriginRejected},
		{name: "no authority", edit: func(r *http.Request) { r.Host = "" }, wantErr: wshandshake.ErrMissingHost},
		{name: "no path", edit: func(r *http.Request) { r.RequestURI, r.URL = "", nil }, wantErr: wshandshake.ErrBadPath},
		{name: "path from URL", edit: func(r *http.Request) { r.RequestURI = "" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := extendedConnect(tt.header)
			if tt.edit != nil {
				tt.edit(r)
			}
			a, err := wshttp.ValidateExtendedConnect(r, serverCfg)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if diff := cmp.Diff(tt.want, a.Negotiated); diff != "" {
				t.Fatalf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestSetConnectResponseHeader(t *testing.T) {
	r := extendedConnect(http.Header{
		"Sec-Websocket-Protocol":   {"chat"},
		"Sec-Websocket-Extensions": {"permessage-deflate"},
	})
	a, err := wshttp.ValidateExtendedConnect(r, serverCfg)
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{}
	wshttp.SetConnectResponseHeader(h, &a)
	want := http.Header{
		"Sec-Websocket-Protocol":   {"chat"},
		"Sec-Websocket-Extensions": {"permessage-deflate"},
	}
	if diff := cmp.Diff(want, h); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}

func TestWriteConnectRejection(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		status int
		header http.Header
	}{
		{"version", wshandshake.ErrUnsupportedVersion, 426, http.Header{"Sec-Websocket-Version": {"13"}}},
		{"method", wshandshake.ErrBadMethod, 405, http.Header{"Allow": {"CONNECT"}}},
		{"origin", wshandshake.ErrOriginRejected, 403, http.Header{}},
		{"protocol", wshandshake.ErrBadProtocol, 400, http.Header{}},
		{"foreign error", errors.New("disk on fire"), 500, http.Header{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			wshttp.WriteConnectRejection(w, tt.err)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d", w.Code, tt.status)
			}
			got := w.Header().Clone()
			for _, name := range []string{"Content-Type", "X-Content-Type-Options"} {
				delete(got, name)
			}
			if diff := cmp.Diff(tt.header, got); diff != "" {
				t.Fatalf("header (-want +got):\n%s", diff)
			}
			if want := http.StatusText(tt.status) + "\n"; w.Body.String() != want {
				t.Fatalf("body %q, want %q", w.Body.String(), want)
			}
		})
	}
}
