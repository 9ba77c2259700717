package wsmask

import (
	"encoding/binary"
	"math/bits"
)

// maskGeneric is the portable path. k is the key word for b[0] (see
// phaseKey).
//
// It never masks a byte twice yet avoids a byte loop for the tail: the last
// word of b is loaded before any store, masked with the key turned to its
// own phase, and stored after the main loop. Where that word overlaps bytes
// the loop already wrote, both computed the same value from the same
// original bytes, so the second store changes nothing.
func maskGeneric(b []byte, k uint32) {
	n := len(b)
	if n < 8 {
		maskShortGeneric(b, k)
		return
	}
	k64 := uint64(k) | uint64(k)<<32
	last := b[n-8:]
	lastWord := binary.LittleEndian.Uint64(last) ^ bits.RotateLeft64(k64, -8*(n&3))

	// Eight independent words per step: no loop-carried dependency beyond
	// the slice itself, and one bounds check per 64 bytes.
	for len(b) >= 64 {
		w := b[:64:64]
		binary.LittleEndian.PutUint64(w[0:], binary.LittleEndian.Uint64(w[0:])^k64)
		binary.LittleEndian.PutUint64(w[8:], binary.LittleEndian.Uint64(w[8:])^k64)
		binary.LittleEndian.PutUint64(w[16:], binary.LittleEndian.Uint64(w[16:])^k64)
		binary.LittleEndian.PutUint64(w[24:], binary.LittleEndian.Uint64(w[24:])^k64)
		binary.LittleEndian.PutUint64(w[32:], binary.LittleEndian.Uint64(w[32:])^k64)
		binary.LittleEndian.PutUint64(w[40:], binary.LittleEndian.Uint64(w[40:])^k64)
		binary.LittleEndian.PutUint64(w[48:], binary.LittleEndian.Uint64(w[48:])^k64)
		binary.LittleEndian.PutUint64(w[56:], binary.LittleEndian.Uint64(w[56:])^k64)
		b = b[64:]
	}
	for len(b) >= 16 {
		w := b[:16:16]
		binary.LittleEndian.PutUint64(w[0:], binary.LittleEndian.Uint64(w[0:])^k64)
		binary.LittleEndian.PutUint64(w[8:], binary.LittleEndian.Uint64(w[8:])^k64)
		b = b[16:]
	}
	if len(b) >= 8 {
		binary.LittleEndian.PutUint64(b, binary.LittleEndian.Uint64(b)^k64)
	}
	binary.LittleEndian.PutUint64(last, lastWord)
}

// maskShortGeneric masks fewer than 8 bytes with at most two overlapping
// loads and stores, both loads done before either store (see maskGeneric).
func maskShortGeneric(b []byte, k uint32) {
	n := len(b)
	switch {
	case n >= 4:
		first := binary.LittleEndian.Uint32(b) ^ k
		last := binary.LittleEndian.Uint32(b[n-4:]) ^ bits.RotateLeft32(k, -8*(n&3))
		binary.LittleEndian.PutUint32(b[n-4:], last)
		binary.LittleEndian.PutUint32(b, first)
	case n >= 2:
		first := b[0] ^ byte(k)
		last := binary.LittleEndian.Uint16(b[n-2:]) ^ uint16(bits.RotateLeft32(k, -8*(n-2)))
		binary.LittleEndian.PutUint16(b[n-2:], last)
		b[0] = first
	case n == 1:
		b[0] ^= byte(k)
	}
}
