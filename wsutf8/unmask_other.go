//go:build purego || !amd64

package wsutf8

func unmaskValid(b []byte, key [4]byte) bool { return unmaskThenValid(b, key) }
