//go:build !purego

package wsutf8

func valid(b []byte) bool {
	if hasAVX2 {
		return validAVX2(b)
	}
	return validGeneric(b)
}

// avx2MinLen is the shortest input worth a call into the vector code;
// below it the portable loop is as fast.
const avx2MinLen = 32

// validAVX2 checks the whole 32-byte blocks of b with AVX2 and finishes the
// rest, from the start of a code point the last block leaves open, with
// the portable loop.
func validAVX2(b []byte) bool {
	if len(b) < avx2MinLen {
		return validGeneric(b)
	}
	n := len(b) &^ 31
	if !validBlocksAVX2(&b[0], n) {
		return false
	}
	return validGeneric(b[openStart(b[:n]):])
}

// validBlocksAVX2 reports whether the n bytes at p, n a positive multiple
// of 32, hold valid UTF-8 except that the last code point may be
// incomplete: the caller checks it together with the bytes that follow.
//
//go:noescape
func validBlocksAVX2(p *byte, n int) bool
