//go:build race

package wsframe

// connRaceEnabled reports that the race detector is on; it allocates, so
// allocation budgets are not checked.
const connRaceEnabled = true
