package wsdeflate

import (
	"bytes"
	"compress/flate"
	"errors"
	"testing"

	"github.com/wscodec/wscodec/wshandshake"
)

// FuzzInflate feeds arbitrary payloads to the receive path as one
// compressed message, whole and cut into two pieces at split: it must
// never panic, never produce more than limit+1 bytes, and give the same
// output and error for either cut. With takeover the payload is inflated
// twice, the second time against the first's history, which must agree
// between the cuts too.
func FuzzInflate(f *testing.F) {
	f.Add([]byte{0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}, uint16(3), uint16(100), true)
	f.Add([]byte{0xf2, 0x00, 0x11, 0x00, 0x00}, uint16(1), uint16(100), true)
	f.Add([]byte{0x00, 0x05, 0x00, 0xfa, 0xff, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x00}, uint16(5), uint16(4), false)
	f.Add([]byte{0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00}, uint16(7), uint16(100), false)
	f.Add([]byte{0x00}, uint16(0), uint16(0), true)
	f.Add([]byte{0xff}, uint16(1), uint16(10), false)
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestCompression)
	w.Write(make([]byte, 100_000))
	w.Flush()
	f.Add(bytes.TrimSuffix(buf.Bytes(), syncMarker), uint16(50), uint16(1000), false)
	f.Fuzz(func(t *testing.T, payload []byte, split, limit16 uint16, takeover bool) {
		limit := uint64(limit16)
		cut := int(split)
		if cut > len(payload) {
			cut = len(payload)
		}
		s := wshandshake.DeflateSettings{Enabled: true, OwnMaxWindowBits: 15, PeerMaxWindowBits: 15, PeerNoContextTakeover: !takeover}
		run := func(pieces [][]byte) (outs [][]byte, errs []error) {
			x := New(s, Options{})
			for round := 0; round < 2; round++ {
				x.BeginReceive(1, 0x40)
				var out []byte
				var err error
				for i, p := range pieces {
					out, err = x.AppendReceived(out, p, i == len(pieces)-1, limit)
					if err != nil {
						break
					}
				}
				if uint64(len(out)) > limit+1 {
					t.Fatalf("produced %d bytes, limit %d", len(out), limit)
				}
				if err != nil && !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrCompressedTooLarge) {
					t.Fatalf("unexpected error %v", err)
				}
				outs, errs = append(outs, out), append(errs, err)
				if err != nil || uint64(len(out)) > limit {
					break // the Conn would have failed the connection
				}
			}
			return outs, errs
		}
		wholeOut, wholeErr := run([][]byte{payload})
		cutOut, cutErr := run([][]byte{payload[:cut], payload[cut:]})
		if len(wholeOut) != len(cutOut) {
			t.Fatalf("whole: %d rounds, cut at %d: %d rounds", len(wholeOut), cut, len(cutOut))
		}
		for i := range wholeOut {
			if !bytes.Equal(wholeOut[i], cutOut[i]) || !errors.Is(cutErr[i], wholeErr[i]) {
				t.Fatalf("round %d: whole %x %v, cut at %d: %x %v", i, wholeOut[i], wholeErr[i], cut, cutOut[i], cutErr[i])
			}
		}
	})
}
