// Package wsmask applies the WebSocket payload mask of RFC 6455 §5.3 and
// generates masking keys.
//
// Masking XORs payload byte i with key[i%4]. The operation is its own
// inverse, so the same functions mask on send and unmask on receive. All
// functions work in place and never allocate.
//
// Payloads often arrive in pieces; [MaskAt] continues at a key phase (the
// index into the key of the first byte) and returns the phase for the next
// piece, so masking a buffer in pieces equals masking it whole.
package wsmask
