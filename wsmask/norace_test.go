//go:build !race

package wsmask

const raceEnabled = false
