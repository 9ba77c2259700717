package wsframe

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fuzzCuts turns split bytes into ascending cut offsets within n: each
// byte is the length of the next chunk (zero: an empty push).
func fuzzCuts(splits []byte, n int) []int {
	var cuts []int
	pos := 0
	for _, s := range splits {
		pos += int(s)
		if pos > n {
			break
		}
		cuts = append(cuts, pos)
	}
	return cuts
}

// FuzzDecoderSplit checks that the Decoder's frames, error, bytes consumed
// and frame boundary are the same whatever the chunking of its input
// (whole, byte by byte, and as the fuzzer splits it), and the same as
// repeated ParseFrame over the whole input.
func FuzzDecoderSplit(f *testing.F) {
	// The policy byte is read by fuzzPolicy: bit 0 client, bit 1 lax
	// lengths, bits 2-3 the frame limit, RSV bits in their places.
	f.Add(mustHex("818537fa213d7f9f4d5158"), []byte{3, 1}, byte(0))
	f.Add(mustHex("010348656c80026c6f890548656c6c6f"), []byte{5, 0, 2}, byte(1))
	f.Add(mustHex("88890000000003e8e697a5e69cac"), []byte{9, 1, 1}, byte(1))
	f.Add(mustHex("88850000000003e8e697"), []byte{8}, byte(1))
	f.Add(mustHex("c2820102030441414141"), []byte{1}, byte(RSV1))
	f.Add(mustHex("82fe0005010203040102030405"), []byte{2, 2}, byte(2))
	f.Add(mustHex("82ff00000000000100000102030405"), []byte{4}, byte(4))
	for _, path := range []string{rfcVectorsFile, conformanceVectorsFile} {
		for i, v := range loadFrameVectors(f, path) {
			sel := v.policy().RSV | byte(v.policy().Role)
			if v.policy().AllowNonMinimalLength {
				sel |= 2
			}
			f.Add(v.input(), []byte{byte(i % 7), byte(i % 3)}, sel)
		}
	}
	f.Fuzz(func(t *testing.T, data, splits []byte, policySel byte) {
		p := fuzzPolicy(policySel)
		want := referenceDecode(data, p)
		whole := decodeSplit(t, data, nil, p)
		if diff := cmp.Diff(want, withoutUnfinished(whole), resultOpts); diff != "" {
			t.Fatalf("whole input differs from ParseFrame (-want +got):\n%s", diff)
		}
		cuts := fuzzCuts(splits, len(data))
		bytewise := make([]int, 0, len(data))
		for i := 1; i < len(data); i++ {
			bytewise = append(bytewise, i)
		}
		for _, c := range [][]int{cuts, bytewise} {
			got := decodeSplit(t, data, c, p)
			if !sameResult(whole, got) {
				t.Fatalf("split at %v differs from whole input (-whole +split):\n%s", c, cmp.Diff(whole, got, resultOpts))
			}
		}
	})
}
