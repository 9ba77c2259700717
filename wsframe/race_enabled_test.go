//go:build race

package wsframe

// raceDetectorEnabled is set under -race, whose instrumentation allocates,
// so that allocation budgets are not asserted there.
const raceDetectorEnabled = true
