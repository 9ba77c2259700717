// Package wsmask applies the WebSocket payload mask of RFC 6455 §5.3 and
// generates masking keys.
//
// Masking XORs payload byte i with key[i%4]. The operation is its own
// inverse, so the same functions mask on send and unmask on receive. All
// functions work in place on the caller's buffer, keep no reference to it
// and never allocate.
//
// Payloads often arrive in pieces; [MaskAt] continues at a key phase (the
// index into the key of the first byte) and returns the phase for the next
// piece, so masking a buffer in pieces equals masking it whole.
//
// # Speed
//
// Buffers shorter than 16 bytes are masked in Go, one 8-, 4-, 2- and 1-byte
// step per bit of the length. Longer ones go to assembly chosen once at
// start-up: on amd64 AVX-512 (with BW and VL) where the CPU and operating
// system support it, else AVX2, else SSE2; on arm64 NEON. Other
// architectures, and any build with the purego tag, use a portable path
// that masks eight 64-bit words per step. No path stores a byte twice,
// because a later load spanning two overlapping stores cannot be served
// from the store buffer and stalls.
//
// # Keys
//
// [NewRandomKeySource] draws keys from crypto/rand, as RFC 6455 §5.3
// requires of clients. [NewSeededKeySource] gives reproducible keys for
// tests and golden frames.
package wsmask
