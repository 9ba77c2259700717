//go:build !purego

package wsutf8

func archUnmaskPaths() []unmaskPath {
	avx512 := unmaskPath{name: "avx512", minLen: unmaskAVX512MinLen}
	if hasAVX512 {
		avx512.unmaskValid = func(b []byte, key [4]byte) bool { return unmaskValidAVX512(b, key, false) }
	}
	avx512VBMI := unmaskPath{name: "avx512vbmi", minLen: unmaskAVX512MinLen}
	if hasAVX512VBMI {
		avx512VBMI.unmaskValid = func(b []byte, key [4]byte) bool { return unmaskValidAVX512(b, key, true) }
	}
	return []unmaskPath{avx512, avx512VBMI}
}
