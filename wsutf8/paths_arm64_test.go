//go:build !purego

package wsutf8

func archPaths() []validPath {
	return []validPath{{name: "neon", valid: validNEON, block: 16}}
}
