// Package interop holds the interoperability suite of wscodec: it runs the
// example echo server and client against real WebSocket software (headless
// Chromium, Node's ws, Python's websockets) over 127.0.0.1.
//
// The suite lives in test files behind the "interop" build tag, so
// `go test ./...` needs none of those peers. Run it with .ci/interop, which
// installs them; README.md in this directory states the contract the example
// programs implement and what each case checks.
package interop
