//go:build purego || !(amd64 || arm64)

package wsmask

// maskWord masks b with the key word k for b[0]. Without assembly it is the
// portable path.
func maskWord(b []byte, k uint32) { maskGeneric(b, k) }
