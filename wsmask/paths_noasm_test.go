//go:build purego || !(amd64 || arm64)

package wsmask

func maskPaths() []maskPath {
	return []maskPath{
		{"generic", maskGenericAt, true},
		{"dispatch", maskAt, true},
	}
}
