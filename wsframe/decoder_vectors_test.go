package wsframe

import (
	"errors"
	"math/rand"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDecoderVectors runs every row of the shared frame vectors through
// the Decoder whole, byte by byte, at every split point and at random
// multi-splits, expecting what ParseFrame gives for the row: its frame,
// need-more (no complete frame, and not at a frame boundary unless
// the input is empty), or its error.
// Close payload errors are the Decoder's too, reported on the frame's
// last byte, as ParseFrame reports them.
func TestDecoderVectors(t *testing.T) {
	for _, path := range []string{rfcVectorsFile, conformanceVectorsFile} {
		rows := loadFrameVectors(t, path)
		if len(rows) == 0 {
			t.Fatalf("%s: no rows", path)
		}
		for _, v := range rows {
			t.Run(v.Name, func(t *testing.T) {
				rng := rand.New(rand.NewSource(int64(len(v.Name))))
				in := v.input()
				got := checkSplitInvariance(t, in, v.policy(), len(in) <= 4096, rng)
				want := decodeResult{ErrFrame: -1, Consumed: len(in), Unfinished: got.Unfinished}
				switch {
				case v.Frame != nil:
					f := v.wantFrame()
					want.Frames = []decodedFrame{{Header: f.Header, Payload: f.Payload, Ended: true}}
					want.AtBoundary = v.Frame.Consumed == len(in)
				case v.Error != nil:
					sentinel := sentinelsByName[v.Error.Sentinel]
					if !errors.Is(got.Err, sentinel) || CloseCodeOf(got.Err) != CloseCode(v.Error.CloseCode) {
						t.Fatalf("error %v (close code %d), want %s (close code %d)",
							got.Err, CloseCodeOf(got.Err), v.Error.Sentinel, v.Error.CloseCode)
					}
					want.Err, want.ErrFrame = sentinel, 0
					want.Consumed = decidingLen(in, v.policy())
					want.Unfinished = nil
				default:
					// An empty input holds no part of a frame.
					want.AtBoundary = len(in) == 0
					if got.Unfinished == nil && len(in) >= MaxHeaderLen {
						t.Errorf("need-more row of %d bytes left no unfinished frame", len(in))
					}
				}
				if diff := cmp.Diff(want, got, resultOpts); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
			})
		}
	}
}
