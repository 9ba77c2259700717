//go:build purego || !(amd64 || arm64)

package wsutf8

func valid(b []byte) bool { return validGeneric(b) }
