//go:build !purego

package wsutf8

func archPaths() []validPath {
	p := validPath{name: "avx2"}
	if hasAVX2 {
		p.valid = validAVX2
	}
	return []validPath{p}
}
