//go:build purego || !(amd64 || arm64)

package wsmask

// maskAt masks b with the key word k turned to phase pos (see phaseKey).
// Without assembly it is the portable path.
func maskAt(b []byte, k uint32, pos int) { maskGeneric(b, phaseKey(k, pos)) }
