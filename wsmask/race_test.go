//go:build race

package wsmask

// raceEnabled reports whether the race detector is on; it allocates on its
// own, so allocation budgets are not checked under it.
const raceEnabled = true
