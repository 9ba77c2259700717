// Package bench holds side-by-side benchmarks of wscodec against other Go
// WebSocket libraries. It is a module of its own so that the wscodec module
// never depends on them.
package bench
