//go:build !purego

package wsutf8

func archPaths() []validPath {
	avx2 := validPath{name: "avx2", block: 32}
	if hasAVX2 {
		avx2.valid = validAVX2
	}
	avx512 := validPath{name: "avx512", block: 64}
	if hasAVX512 {
		avx512.valid = func(b []byte) bool { return validAVX512(b, false) }
	}
	avx512VBMI := validPath{name: "avx512vbmi", block: 64}
	if hasAVX512VBMI {
		avx512VBMI.valid = func(b []byte) bool { return validAVX512(b, true) }
	}
	return []validPath{avx2, avx512, avx512VBMI}
}

// validAVX2 is Valid in AVX2 for inputs long enough, the portable loop for
// the others.
func validAVX2(b []byte) bool {
	if len(b) < avx2MinLen {
		return validGeneric(b)
	}
	return validAVX2Asm(&b[0], len(b))
}

// validAVX512 is Valid in AVX-512 for inputs long enough, with VPERMB in
// the main loop when vbmi is set, and for the others what valid chooses
// below AVX-512.
func validAVX512(b []byte, vbmi bool) bool {
	if len(b) < avx512MinLen {
		return valid(b)
	}
	return validAVX512Asm(&b[0], len(b), vbmi)
}
