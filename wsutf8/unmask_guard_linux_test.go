package wsutf8

import (
	"bytes"
	"os"
	"runtime/debug"
	"syscall"
	"testing"
	"unicode/utf8"

	"github.com/wscodec/wscodec/wsmask"
)

// guardedPages maps n pages for reading and writing between two pages that
// may not be touched at all, and returns the n pages. Any access past
// either end of them faults.
func guardedPages(t *testing.T, n int) []byte {
	t.Helper()
	page := os.Getpagesize()
	mem, err := syscall.Mmap(-1, 0, (n+2)*page, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Fatalf("mmap: %v", err)
	}
	t.Cleanup(func() { syscall.Munmap(mem) })
	for _, guard := range [][]byte{mem[:page], mem[(n+1)*page:]} {
		if err := syscall.Mprotect(guard, syscall.PROT_NONE); err != nil {
			t.Fatalf("mprotect: %v", err)
		}
	}
	return mem[page : (n+1)*page]
}

// TestUnmaskValidGuardPages runs every path on inputs that start right
// after, or end right before, a page that may not be read or written. The
// guards of unmaskChecker show what a path changed, but not what it read;
// here a read past either end faults. A load within one aligned 64-byte
// block never crosses a page, so what this catches are the unaligned
// loads: the predecessors up to three bytes back, the 4 bytes before a
// run of ASCII, the 64 bytes that end the input. The length of an input
// sets where its other end falls against 64-byte blocks and 256-byte
// steps, so the lengths cover a step and more past the shortest input of
// the AVX-512 code; two pages fill the mapping, guarded at both ends.
func TestUnmaskValidGuardPages(t *testing.T) {
	page := os.Getpagesize()
	mem := guardedPages(t, 2)
	lengths := []int{0, 1, 3, 4, 63, 64, 67, 200, page, 2 * page}
	for n := unmaskAVX512MinLen - 1; n <= unmaskAVX512MinLen+320; n++ {
		lengths = append(lengths, n)
	}
	texts := []struct {
		name  string
		build func(n int) []byte
	}{
		{"ASCII", func(n int) []byte { return []byte(fill("a", n)) }},
		{"three-byte", func(n int) []byte { return []byte(fill("\xe2\x82\xac", n)) }},
		{"mixed ending in a cut code point", func(n int) []byte {
			if n == 0 {
				return nil
			}
			return []byte(fill(fillers[len(fillers)-1], n-1) + "\xf0")
		}},
		{"four-byte starting with a stray continuation", func(n int) []byte {
			if n == 0 {
				return nil
			}
			return []byte("\x80" + fill("\xf0\x9f\x98\x80", n-1))
		}},
	}
	forEachUnmaskPath(t, func(t *testing.T, p unmaskPath) {
		for _, n := range lengths {
			if n < p.minLen {
				continue
			}
			for _, tx := range texts {
				text := tx.build(n)
				want := utf8.Valid(text)
				for _, at := range []string{"start", "end"} {
					b := mem[:n:n]
					if at == "end" {
						b = mem[len(mem)-n:]
					}
					copy(b, text)
					wsmask.Mask(b, unmaskKey)
					got, fault := unmaskGuarded(p, b)
					switch {
					case fault != nil:
						t.Fatalf("%s, %d bytes at the %s of the pages: %v", tx.name, n, at, fault)
					case got != want:
						t.Fatalf("%s, %d bytes at the %s of the pages: %v, want %v", tx.name, n, at, got, want)
					case !bytes.Equal(b, text):
						t.Fatalf("%s, %d bytes at the %s of the pages: not unmasked", tx.name, n, at)
					}
				}
			}
		}
	})
}

// unmaskGuarded runs p on b and returns its result, or the fault that
// stopped it, so that a read past the pages fails the test rather than
// crash it.
func unmaskGuarded(p unmaskPath, b []byte) (valid bool, fault any) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() { fault = recover() }()
	return p.unmaskValid(b, unmaskKey), nil
}
