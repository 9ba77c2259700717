//go:build !purego

package wsutf8

func archPaths() []validPath {
	avx2 := validPath{name: "avx2", block: 32}
	if hasAVX2 {
		avx2.valid = validAVX2
	}
	avx512 := validPath{name: "avx512", block: 64}
	if hasAVX512 {
		avx512.valid = validAVX512
	}
	avx512VBMI := validPath{name: "avx512vbmi", block: 64}
	if hasAVX512VBMI {
		avx512VBMI.valid = validAVX512VBMI
	}
	return []validPath{avx2, avx512, avx512VBMI}
}
