//go:build race

package wsutf8

// raceEnabled reports whether the race detector is on; it allocates on its
// own, so allocation budgets cannot be checked under it.
const raceEnabled = true
