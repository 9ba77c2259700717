package wsmask

import (
	"bytes"
	"encoding/binary"
	"testing"
)

// FuzzMask checks every path against the byte-at-a-time reference for the
// fuzzed payload, key, phase and alignment, and that MaskAt over two pieces
// split at cut equals masking the whole.
func FuzzMask(f *testing.F) {
	f.Add([]byte("Hello"), uint32(0x3d21fa37), uint8(0), uint8(0), uint16(2))
	f.Add(bytes.Repeat([]byte{0xff}, 125), uint32(0x01020304), uint8(3), uint8(7), uint16(64))
	f.Add(make([]byte, 1500), uint32(0xdeadbeef), uint8(1), uint8(31), uint16(1499))
	f.Fuzz(func(t *testing.T, data []byte, k uint32, pos, align uint8, cut uint16) {
		var key [4]byte
		binary.LittleEndian.PutUint32(key[:], k)
		p := int(pos & 3)
		off := int(align & 63)

		want := bytes.Clone(data)
		maskReference(want, key, p)

		buf := make([]byte, off+len(data))
		for _, path := range maskPaths() {
			if !path.supported {
				continue
			}
			b := buf[off:]
			copy(b, data)
			path.fn(b, k, p)
			if !bytes.Equal(b, want) {
				t.Fatalf("%s: len %d phase %d align %d: got %x, want %x", path.name, len(data), p, off, b, want)
			}
		}

		b := buf[off:]
		copy(b, data)
		c := int(cut) % (len(data) + 1)
		next := MaskAt(b[:c], key, p)
		if next != (p+c)&3 {
			t.Fatalf("MaskAt of %d bytes at phase %d returned %d", c, p, next)
		}
		MaskAt(b[c:], key, next)
		if !bytes.Equal(b, want) {
			t.Fatalf("pieces split at %d: got %x, want %x", c, b, want)
		}
	})
}
