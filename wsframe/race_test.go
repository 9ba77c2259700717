//go:build race

package wsframe

// raceEnabled reports whether the race detector is on. It allocates, so
// allocation budgets are not checked under it.
const raceEnabled = true
