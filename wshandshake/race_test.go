//go:build race

package wshandshake

// raceEnabled reports whether the race detector, which allocates on its
// own, is on; allocation budgets are not checked then.
const raceEnabled = true
