package wsmask

import "encoding/binary"

// maskGeneric is the portable path. k is the key word for b[0] (see
// phaseKey).
//
// Every byte is stored exactly once, in eight-byte words and then a tail of
// one 4-, 2- and 1-byte step per bit of the remaining length. Overlapping
// word stores would need fewer instructions, but a later load that spans
// two of them (as when a buffer is masked, then unmasked) cannot take its
// data from the store buffer and stalls until both reach the cache.
func maskGeneric(b []byte, k uint32) {
	k64 := uint64(k) | uint64(k)<<32
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
	if len(b) >= 32 {
		w := b[:32:32]
		binary.LittleEndian.PutUint64(w[0:], binary.LittleEndian.Uint64(w[0:])^k64)
		binary.LittleEndian.PutUint64(w[8:], binary.LittleEndian.Uint64(w[8:])^k64)
		binary.LittleEndian.PutUint64(w[16:], binary.LittleEndian.Uint64(w[16:])^k64)
		binary.LittleEndian.PutUint64(w[24:], binary.LittleEndian.Uint64(w[24:])^k64)
		b = b[32:]
	}
	if len(b) >= 16 {
		w := b[:16:16]
		binary.LittleEndian.PutUint64(w[0:], binary.LittleEndian.Uint64(w[0:])^k64)
		binary.LittleEndian.PutUint64(w[8:], binary.LittleEndian.Uint64(w[8:])^k64)
		b = b[16:]
	}
	maskShort(b, k)
}

// maskShort masks len(b) < 16 bytes with the key word k for b[0]: one 8-,
// 4-, 2- and 1-byte step per bit set in len(b), each step an offset that is
// a multiple of 4 from b[0] except the last, whose key byte is shifted in.
func maskShort(b []byte, k uint32) {
	if len(b) >= 8 {
		binary.LittleEndian.PutUint64(b, binary.LittleEndian.Uint64(b)^(uint64(k)|uint64(k)<<32))
		b = b[8:]
	}
	if len(b) >= 4 {
		binary.LittleEndian.PutUint32(b, binary.LittleEndian.Uint32(b)^k)
		b = b[4:]
	}
	if len(b) >= 2 {
		binary.LittleEndian.PutUint16(b, binary.LittleEndian.Uint16(b)^uint16(k))
		b = b[2:]
		k >>= 16
	}
	if len(b) >= 1 {
		b[0] ^= byte(k)
	}
}
