package wshandshake

import (
	"bytes"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func addCaptureSeeds(f *testing.F, dir string) {
	for _, b := range captures(f, dir) {
		f.Add(b)
	}
}

// FuzzParseRequest checks that parsing never panics, that a result does not
// depend on how the input is split, that every error carries a status, and
// that a valid request leads to a response that parses.
func FuzzParseRequest(f *testing.F) {
	addCaptureSeeds(f, "requests")
	f.Add([]byte(goodRequest))
	f.Add([]byte("GET / HTTP/1.1\r\nHost: a\r\nX:\r\n\tfold\r\n\r\n"))
	f.Add([]byte("\r\n\r\nGET / HTTP/1.1\n\n"))
	lim := &Limits{MaxHeaderBytes: 600, MaxLineBytes: 120, MaxFields: 12}
	f.Fuzz(func(t *testing.T, b []byte) {
		var whole Request
		n, err := ParseRequest(b, &whole, lim)
		if n < 0 || n > len(b) || (err != nil && n != 0) {
			t.Fatalf("n = %d, err = %v", n, err)
		}
		if err != nil && StatusOf(err) < 400 {
			t.Fatalf("parse error without a status: %v", err)
		}
		// Feeding in pieces gives the same outcome.
		var piece Request
		pn, perr := 0, error(nil)
		for end := 1; end <= len(b); end = nextEnd(end, 3, len(b)) {
			pn, perr = ParseRequest(b[:end], &piece, lim)
			if perr != nil || pn > 0 {
				break
			}
		}
		if len(b) > 0 && (pn != n || !errors.Is(perr, unwrapSentinel(err))) {
			t.Fatalf("pieces: %d, %v; whole: %d, %v", pn, perr, n, err)
		}
		if n == 0 {
			return
		}
		if pn > 0 {
			if diff := cmp.Diff(summarize(&whole), summarize(&piece)); diff != "" {
				t.Fatalf("pieces differ (-whole +pieces):\n%s", diff)
			}
		}
		a, err := ValidateRequest(&whole, &ServerConfig{Subprotocols: []string{"chat"}, Deflate: &DeflateConfig{}, Origin: OriginPolicy{Allow: []string{"*"}}})
		if err != nil {
			if StatusOf(err) < 400 {
				t.Fatalf("validation error without a status: %v", err)
			}
			var resp Response
			rej := AppendRejection(nil, err)
			m, perr := ParseResponse(rej, &resp, nil)
			if perr != nil || m == 0 || resp.StatusCode != StatusOf(err) {
				t.Fatalf("rejection for %v: status %d, %v in %q", err, resp.StatusCode, perr, rej)
			}
			return
		}
		out, err := AppendResponse(nil, &a, nil)
		if err != nil {
			t.Fatal(err)
		}
		var resp Response
		if m, err := ParseResponse(out, &resp, nil); err != nil || m != len(out) {
			t.Fatalf("response does not parse: %v %q", err, out)
		}
		if !CheckAccept(whole.Key, resp.Accept) {
			t.Fatal("response Accept does not match")
		}
	})
}

// nextEnd steps a prefix end by step, landing on total last, then past.
func nextEnd(end, step, total int) int {
	if end < total && end+step > total {
		return total
	}
	return end + step
}

func unwrapSentinel(err error) error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return err
}

// FuzzParseResponse checks that parsing and verifying never panic and
// that the outcome does not depend on how the input is split.
func FuzzParseResponse(f *testing.F) {
	addCaptureSeeds(f, "responses")
	f.Add([]byte(goodResponse))
	f.Add([]byte(withResponseField("Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=10")))
	key := rfcKey()
	f.Fuzz(func(t *testing.T, b []byte) {
		var whole Response
		n, err := ParseResponse(b, &whole, nil)
		if n < 0 || n > len(b) || (err != nil && n != 0) {
			t.Fatalf("n = %d, err = %v", n, err)
		}
		var piece Response
		pn, perr := 0, error(nil)
		for end := 1; end <= len(b); end = nextEnd(end, 5, len(b)) {
			pn, perr = ParseResponse(b[:end], &piece, nil)
			if perr != nil || pn > 0 {
				break
			}
		}
		if len(b) > 0 && (pn != n || !errors.Is(perr, unwrapSentinel(err))) {
			t.Fatalf("pieces: %d, %v; whole: %d, %v", pn, perr, n, err)
		}
		if n > 0 {
			_, verr := VerifyResponse(&whole, chatClient, &key)
			if verr != nil && !errors.As(verr, new(*Error)) {
				t.Fatalf("foreign error %v", verr)
			}
		}
	})
}

// FuzzParseExtensions checks parse → format → parse identity, and that
// the allocation-free lexer the negotiation uses agrees with the parser.
func FuzzParseExtensions(f *testing.F) {
	for _, s := range []string{
		"permessage-deflate; client_max_window_bits",
		`a; b="1\0", c;d=e`,
		" , x ,, y ; z",
		"a; b=",
		`a; b="x y"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		exts, err := ParseExtensions(nil, b)
		lexOK := lexes(b)
		if (err == nil) != lexOK {
			t.Fatalf("ParseExtensions err = %v, lexer ok = %v", err, lexOK)
		}
		if err != nil {
			if !errors.Is(err, ErrBadExtensions) {
				t.Fatalf("wrong error %v", err)
			}
			return
		}
		out, err := AppendExtensions(nil, exts)
		if err != nil {
			t.Fatalf("AppendExtensions(%v): %v", exts, err)
		}
		back, err := ParseExtensions(nil, out)
		if err != nil {
			t.Fatalf("reparse %q: %v", out, err)
		}
		if diff := cmp.Diff(exts, back); diff != "" {
			t.Fatalf("round trip of %q via %q (-first +second):\n%s", b, out, diff)
		}
		again, _ := AppendExtensions(nil, back)
		if !bytes.Equal(out, again) {
			t.Fatalf("formatting is not stable: %q then %q", out, again)
		}
	})
}

func lexes(b []byte) bool {
	lx := extLexer{s: b}
	for {
		ok, err := lx.next()
		if err != nil {
			return false
		}
		if !ok {
			return true
		}
	}
}
