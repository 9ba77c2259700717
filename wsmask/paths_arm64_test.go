//go:build !purego

package wsmask

// maskPaths lists every implementation on this architecture.
func maskPaths() []maskPath {
	return []maskPath{
		{"generic", maskGenericAt, true},
		{"neon", func(b []byte, k uint32, pos int) { maskNEON(b, phaseKey(k, pos)) }, true},
		{"dispatch", maskAt, true},
	}
}
