package wshandshake

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func captures(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	names, err := filepath.Glob(filepath.Join("testdata", dir, "*.http"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no captures in testdata/%s: %v", dir, err)
	}
	m := map[string][]byte{}
	for _, n := range names {
		m[filepath.Base(n)] = readTestdata(t, filepath.Join(dir, filepath.Base(n)))
	}
	return m
}

// checkErr fails t unless err is (or wraps) want, with want's status.
func checkErr(t *testing.T, err error, want *Error) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if !errors.Is(err, want) {
		t.Fatalf("error = %v, want %v", err, want)
	}
	if got := StatusOf(err); got != want.Status() {
		t.Fatalf("StatusOf(%v) = %d, want %d", err, got, want.Status())
	}
}

// parseFeed parses b the way a server reading a socket would when the
// bytes arrive in pieces of the given size: it calls ParseRequest on each
// longer prefix until it completes or fails, and checks that "need more"
// is the answer for every shorter prefix.
func parseFeed(t *testing.T, b []byte, step int, req *Request, lim *Limits) (int, error) {
	t.Helper()
	for end := step; ; end += step {
		if end > len(b) {
			end = len(b)
		}
		n, err := ParseRequest(b[:end], req, lim)
		if err != nil || n > 0 || end == len(b) {
			return n, err
		}
	}
}

func parseResponseFeed(t *testing.T, b []byte, step int, resp *Response, lim *Limits) (int, error) {
	t.Helper()
	for end := step; ; end += step {
		if end > len(b) {
			end = len(b)
		}
		n, err := ParseResponse(b[:end], resp, lim)
		if err != nil || n > 0 || end == len(b) {
			return n, err
		}
	}
}
