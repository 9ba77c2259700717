// Package cpu reports the x86 vector and SHA extensions that the module's
// assembly uses, detected once at start-up with CPUID and XGETBV. A feature counts
// only when both the CPU has it and the operating system saves the
// registers it needs across context switches. The module takes no
// dependency beyond go-cmp, so it does not use golang.org/x/sys/cpu.
//
// On other architectures the package is empty.
package cpu
