// This file is empty on purpose: a package with an assembly file may declare
// functions without bodies, which the //go:linkname declarations in
// mask_test.go need.
