//go:build purego || !(amd64 || arm64)

package wsutf8

func archPaths() []validPath { return nil }
