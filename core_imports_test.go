package wscodec_test

import (
	"go/build"
	"strings"
	"testing"
)

// TestCoreImportsNoIO holds the core packages to the promise of the package
// documentation: no network, files, clocks or io readers and writers, so
// any transport can drive them. It reads the import lists of the non-test
// files, so a new import fails here before it ships.
func TestCoreImportsNoIO(t *testing.T) {
	forbidden := []string{"net", "net/http", "os", "io", "bufio", "time", "syscall"}
	for _, dir := range []string{"wsmask", "wsutf8", "wsframe", "wshandshake"} {
		pkg, err := build.ImportDir(dir, 0)
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		for _, imp := range pkg.Imports {
			for _, f := range forbidden {
				if imp == f || strings.HasPrefix(imp, f+"/") && f != "io" {
					t.Errorf("%s imports %s", dir, imp)
				}
			}
		}
	}
}
