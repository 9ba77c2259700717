//go:build !purego

package wsmask

// maskPaths lists every implementation on this architecture.
func maskPaths() []maskPath {
	return []maskPath{
		{"generic", maskGenericAt, true},
		{"neon", phased(maskNEON), true},
		{"dispatch", maskAt, true},
	}
}
