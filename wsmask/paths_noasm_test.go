//go:build purego || !(amd64 || arm64)

package wsmask

func maskPaths() []maskPath {
	return []maskPath{
		{"generic", maskGeneric, true},
		{"dispatch", maskAtPhase0, true},
	}
}
