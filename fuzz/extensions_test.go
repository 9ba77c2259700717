package fuzz

import (
	"bytes"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/wscodec/wscodec/wshandshake"
)

// FuzzExtensions checks the Sec-WebSocket-Extensions grammar (RFC 6455
// §9.1) end to end: a value that parses formats with AppendExtensions to
// one that parses back to the same extensions (parse → format → parse)
// and formats again to the same bytes; failures are ErrBadExtensions;
// parsing the value split into lines at commas, with ParseExtensionValues
// over a request that carries each line as its own field, gives the same
// extensions as one line; and the formatted value survives a request
// written by AppendRequest and read by ParseRequest.
func FuzzExtensions(f *testing.F) {
	f.Add([]byte("permessage-deflate; client_max_window_bits, permessage-deflate"))
	f.Add([]byte(`x-webkit-deflate-frame; a="b", foo;bar=baz`))
	f.Add([]byte(` , a ; b = "c\d" ,, e`))
	f.Fuzz(func(t *testing.T, b []byte) {
		exts, err := wshandshake.ParseExtensions(nil, b)
		if err != nil {
			if !errors.Is(err, wshandshake.ErrBadExtensions) {
				t.Fatalf("ParseExtensions(%q): %v", b, err)
			}
			return
		}
		out, err := wshandshake.AppendExtensions(nil, exts)
		if err != nil {
			t.Fatalf("AppendExtensions(%+v): %v", exts, err)
		}
		back, err := wshandshake.ParseExtensions(nil, out)
		if err != nil {
			t.Fatalf("ParseExtensions(%q), formatted from %q: %v", out, b, err)
		}
		if diff := cmp.Diff(exts, back, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("%q formats to %q, which parses differently (-first +second):\n%s", b, out, diff)
		}
		if again, _ := wshandshake.AppendExtensions(nil, back); !bytes.Equal(again, out) {
			t.Fatalf("formatting is not stable: %q then %q", out, again)
		}
		if len(exts) == 0 {
			return
		}

		// The same extensions, one per field line, through a request.
		cfg := wshandshake.ClientConfig{Host: "example.com"}
		for _, e := range exts {
			line, err := wshandshake.AppendExtensions(nil, []wshandshake.Extension{e})
			if err != nil {
				t.Fatal(err)
			}
			cfg.Header = append(cfg.Header, wshandshake.HeaderField{Name: "Sec-WebSocket-Extensions", Value: string(line)})
		}
		cfg.Extensions = exts
		key := wshandshake.KeyFromNonce([16]byte{})
		req, err := wshandshake.AppendRequest(nil, &cfg, &key)
		if err != nil {
			t.Fatalf("AppendRequest with extensions %q: %v", out, err)
		}
		var r wshandshake.Request
		if n, err := wshandshake.ParseRequest(req, &r, nil); err != nil || n != len(req) {
			t.Fatalf("ParseRequest(%q) = %d, %v", req, n, err)
		}
		got, err := wshandshake.ParseExtensionValues(nil, &r.Extensions)
		if err != nil {
			t.Fatalf("ParseExtensionValues of %q: %v", req, err)
		}
		want := append(append([]wshandshake.Extension{}, exts...), exts...)
		if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("extensions through a request (-want +got):\n%s", diff)
		}
	})
}
