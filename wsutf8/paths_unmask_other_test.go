//go:build purego || !amd64

package wsutf8

func archUnmaskPaths() []unmaskPath { return nil }
