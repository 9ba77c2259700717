package fuzz

import (
	"bytes"
	"testing"

	"github.com/wscodec/wscodec/wsframe"
	"github.com/wscodec/wscodec/wsmask"
)

// FuzzMask checks masking against the byte-at-a-time XOR of RFC 6455
// §5.3 through every public door: wsmask.MaskAt over fuzzed pieces at any
// alignment and starting phase (any int, of which only the low two bits
// count), returning the phase of the next byte and leaving the bytes
// around the piece alone; wsmask.Mask as its own inverse; AppendFrame's
// masked copy; and a server Decoder unmasking the frame in fuzzed chunks.
func FuzzMask(f *testing.F) {
	f.Add([]byte("Hello"), uint32(0x37fa213d), int64(0), uint8(0), []byte{2, 1})
	f.Add(bytes.Repeat([]byte{0xff}, 300), uint32(0x01020304), int64(-1), uint8(3), []byte{7, 64, 1})
	f.Add(make([]byte, 1500), uint32(0xdeadbeef), int64(1<<40+2), uint8(31), []byte{255, 255, 3})
	f.Fuzz(func(t *testing.T, data []byte, k uint32, pos int64, align uint8, sizes []byte) {
		key := keyOf(k)
		phase := int(pos) & 3
		want := bytes.Clone(data)
		xorReference(want, key, phase)

		// Guard bytes on both sides of the payload at the fuzzed alignment.
		off := int(align & 63)
		buf := bytes.Repeat([]byte{0xa5}, off+len(data)+16)
		b := buf[off : off+len(data)]
		copy(b, data)
		p := int(pos)
		at := 0
		for _, n := range chunkSizes(sizes, len(b)) {
			next := wsmask.MaskAt(b[at:at+n], key, p)
			if want := (p&3 + n) & 3; next != want {
				t.Fatalf("MaskAt of %d bytes at phase %d returned %d, want %d", n, p, next, want)
			}
			p = next
			at += n
		}
		if !bytes.Equal(b, want) {
			t.Fatalf("MaskAt in pieces %v from phase %d: got %x, want %x", sizes, phase, b, want)
		}
		for i, c := range buf {
			if (i < off || i >= off+len(data)) && c != 0xa5 {
				t.Fatalf("byte %d outside the payload changed", i)
			}
		}

		whole := bytes.Clone(data)
		wsmask.Mask(whole, key)
		ref := bytes.Clone(data)
		xorReference(ref, key, 0)
		if !bytes.Equal(whole, ref) {
			t.Fatalf("Mask: got %x, want %x", whole, ref)
		}
		wsmask.Mask(whole, key)
		if !bytes.Equal(whole, data) {
			t.Fatal("masking twice does not restore the payload")
		}

		h := wsframe.Header{Fin: true, Opcode: wsframe.OpBinary, Masked: true, Key: key}
		frame := wsframe.AppendFrame(nil, wsframe.Frame{Header: h, Payload: data})
		hl := wsframe.HeaderLen(wsframe.Header{Masked: true, Length: uint64(len(data))})
		if !bytes.Equal(frame[hl:], ref) {
			t.Fatalf("AppendFrame masked to %x, want %x", frame[hl:], ref)
		}
		d := wsframe.NewDecoder(wsframe.Policy{})
		var got []byte
		at = 0
		for _, n := range chunkSizes(sizes, len(frame)) {
			chunk := frame[at : at+n]
			at += n
			for {
				ev, m, err := d.Decode(chunk)
				if err != nil {
					t.Fatal(err)
				}
				if ev == nil {
					break
				}
				got = append(got, ev.Payload...)
				chunk = chunk[m:]
			}
		}
		if !bytes.Equal(got, data) {
			t.Fatalf("Decoder unmasked %x, want %x", got, data)
		}
	})
}
