package wsutf8

import "github.com/wscodec/wscodec/wsmask"

// UnmaskValid unmasks b in place with a WebSocket masking key, as
// wsmask.Mask(b, key) does, and reports whether the unmasked bytes are
// valid UTF-8, as [Valid] would. b is unmasked whatever the result.
//
// It is for a masked text payload that is present whole. On amd64 CPUs
// with AVX-512 and payloads of a few KiB or more, it unmasks each block a
// little ahead of validating it, in one loop, so that the memory traffic
// of unmasking overlaps the arithmetic of validation; elsewhere it calls
// wsmask.Mask and then Valid. It never allocates and keeps no reference
// to b.
func UnmaskValid(b []byte, key [4]byte) bool {
	return unmaskValid(b, key)
}

// unmaskAhead is how far the AVX-512 code unmasks ahead of its check: ahead
// in unmask_avx512_amd64.s. It and unmaskAVX512MinLen are here, not in an
// amd64 file, because the tests shape their inputs by them everywhere.
const unmaskAhead = 2048

// unmaskAVX512MinLen is the shortest input the AVX-512 code takes: what it
// unmasks before its first check, after at most 63 bytes that bring it to
// a multiple of 64.
const unmaskAVX512MinLen = 63 + unmaskAhead

// unmaskThenValid is UnmaskValid in two passes.
func unmaskThenValid(b []byte, key [4]byte) bool {
	wsmask.Mask(b, key)
	return valid(b)
}
