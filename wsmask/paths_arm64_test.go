//go:build !purego

package wsmask

// maskPaths lists every implementation on this architecture.
func maskPaths() []maskPath {
	return []maskPath{
		{"generic", maskGeneric, true},
		{"neon", maskNEON, true},
		{"dispatch", maskAtPhase0, true},
	}
}
