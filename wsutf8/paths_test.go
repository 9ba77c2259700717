package wsutf8

import "testing"

// A validPath is one implementation of Valid. Tests run every path this
// CPU can execute, not only the one Valid picks, and skip (visibly) the
// ones it cannot.
type validPath struct {
	name  string
	valid func([]byte) bool // nil when this CPU cannot run the path
	block int               // bytes its vector code checks at once; 0 for none
}

func allPaths() []validPath {
	return append([]validPath{
		{name: "generic", valid: validGeneric},
	}, archPaths()...)
}

// forEachPath runs f as a subtest for every path, skipping those this CPU
// lacks.
func forEachPath(t *testing.T, f func(t *testing.T, valid func([]byte) bool)) {
	t.Helper()
	forEachPathBlock(t, func(t *testing.T, valid func([]byte) bool, _ int) { f(t, valid) })
}

// forEachPathBlock is forEachPath for tests that also need the path's
// block size.
func forEachPathBlock(t *testing.T, f func(t *testing.T, valid func([]byte) bool, block int)) {
	t.Helper()
	for _, p := range allPaths() {
		t.Run(p.name, func(t *testing.T) {
			if p.valid == nil {
				t.Skipf("%s: not supported by this CPU", p.name)
			}
			f(t, p.valid, p.block)
		})
	}
}
