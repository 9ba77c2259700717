//go:build !race

package wshandshake

const raceEnabled = false
