package wshandshake

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// rfc8441Request is the extended CONNECT of RFC 8441 §5.1's example.
func rfc8441Request() ExtendedConnect {
	return ExtendedConnect{
		Method:     []byte("CONNECT"),
		Protocol:   []byte("websocket"),
		Scheme:     []byte("https"),
		Path:       []byte("/chat"),
		Authority:  []byte("server.example.com"),
		Version:    []byte("13"),
		Origin:     []byte("http://www.example.com"),
		Protocols:  [][]byte{[]byte("chat, superchat")},
		Extensions: [][]byte{[]byte("permessage-deflate")},
	}
}

func TestExtendedConnect(t *testing.T) {
	cfg := &ServerConfig{
		Subprotocols: []string{"chat"},
		Deflate:      &DeflateConfig{ServerNoContextTakeover: true},
		Origin:       OriginPolicy{Allow: []string{"http://www.example.com"}},
	}
	h := rfc8441Request()
	a, err := ValidateExtendedConnect(&h, cfg)
	if err != nil {
		t.Fatal(err)
	}
	got := AppendConnectResponse(nil, &a)
	want := []HeaderField{
		{":status", "200"},
		{"sec-websocket-protocol", "chat"},
		{"sec-websocket-extensions", "permessage-deflate; server_no_context_takeover"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	if _, err := AppendResponse(nil, &a, nil); err == nil {
		t.Fatal("AppendResponse wrote a 101 for an extended CONNECT")
	}
}

func TestExtendedConnectFailures(t *testing.T) {
	tests := []struct {
		name   string
		mod    func(h *ExtendedConnect)
		want   *Error
		fields []HeaderField
	}{
		{"GET", func(h *ExtendedConnect) { h.Method = []byte("GET") }, ErrBadMethod,
			[]HeaderField{{":status", "405"}, {"allow", "CONNECT"}}},
		{"no protocol", func(h *ExtendedConnect) { h.Protocol = nil }, ErrBadProtocol, []HeaderField{{":status", "400"}}},
		{"other protocol", func(h *ExtendedConnect) { h.Protocol = []byte("webtransport") }, ErrBadProtocol, nil},
		{"no scheme", func(h *ExtendedConnect) { h.Scheme = nil }, ErrBadScheme, nil},
		{"ftp scheme", func(h *ExtendedConnect) { h.Scheme = []byte("ftp") }, ErrBadScheme, nil},
		{"no path", func(h *ExtendedConnect) { h.Path = nil }, ErrBadPath, nil},
		{"no authority", func(h *ExtendedConnect) { h.Authority = nil }, ErrMissingHost, nil},
		// RFC 9113 §8.3.1: :path starts with "/" (only OPTIONS has "*"); :authority is host [":" port], no userinfo.
		{"asterisk path", func(h *ExtendedConnect) { h.Path = []byte("*") }, ErrBadPath, nil},
		{"relative path", func(h *ExtendedConnect) { h.Path = []byte("chat") }, ErrBadPath, nil},
		{"userinfo in authority", func(h *ExtendedConnect) { h.Authority = []byte("u@server.example.com") }, ErrMissingHost, nil},
		{"space in authority", func(h *ExtendedConnect) { h.Authority = []byte("server example") }, ErrMissingHost, nil},
		{"version 8", func(h *ExtendedConnect) { h.Version = []byte("8") }, ErrUnsupportedVersion,
			[]HeaderField{{":status", "426"}, {"sec-websocket-version", "13"}}},
		{"cross origin", func(h *ExtendedConnect) {}, ErrOriginRejected, []HeaderField{{":status", "403"}}},
		{"bad protocols", func(h *ExtendedConnect) {
			h.Origin = nil
			h.Protocols = [][]byte{[]byte("a b")}
		}, ErrBadSubprotocols, nil},
		{"bad extensions", func(h *ExtendedConnect) {
			h.Origin = nil
			h.Extensions = append(h.Extensions, []byte("x;"))
		}, ErrBadExtensions, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := rfc8441Request()
			tt.mod(&h)
			_, err := ValidateExtendedConnect(&h, &ServerConfig{Deflate: &DeflateConfig{}})
			checkErr(t, err, tt.want)
			if tt.fields != nil {
				if diff := cmp.Diff(tt.fields, AppendRejectionFields(nil, err)); diff != "" {
					t.Errorf("rejection fields (-want +got):\n%s", diff)
				}
			}
		})
	}
}
