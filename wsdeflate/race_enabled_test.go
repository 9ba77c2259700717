//go:build race

package wsdeflate

// raceDetectorEnabled is set under -race, whose instrumentation allocates,
// so that allocation and memory budgets are not asserted there.
const raceDetectorEnabled = true
