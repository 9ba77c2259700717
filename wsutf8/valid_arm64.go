//go:build !purego

package wsutf8

// Every arm64 CPU has NEON (Advanced SIMD), so there is nothing to detect.

func valid(b []byte) bool { return validNEON(b) }

// neonMinLen is the shortest input worth a call into the vector code;
// below it the portable loop is as fast.
const neonMinLen = 16

// validNEON checks the whole 16-byte blocks of b with NEON and finishes the
// rest, from the start of a code point the last block leaves open, with
// the portable loop.
func validNEON(b []byte) bool {
	if len(b) < neonMinLen {
		return validGeneric(b)
	}
	n := len(b) &^ 15
	if !validBlocksNEON(&b[0], n) {
		return false
	}
	return validGeneric(b[openStart(b[:n]):])
}

// validBlocksNEON reports whether the n bytes at p, n a positive multiple
// of 16, hold valid UTF-8 except that the last code point may be
// incomplete: the caller checks it together with the bytes that follow.
//
//go:noescape
func validBlocksNEON(p *byte, n int) bool
