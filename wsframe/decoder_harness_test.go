package wsframe

import (
	"bytes"
	"fmt"
	"math/rand"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// decodedFrame is a frame as the events of a Decoder describe it: its
// header, its payload pieces put together, and whether End was seen.
type decodedFrame struct {
	Header  Header
	Payload []byte
	Ended   bool
}

// decodeResult is the outcome of decoding a stream, in a form that does not
// depend on how the stream was split: the completed frames, the frame left
// unfinished when the input ran out, and the error with the index of the
// frame it belongs to. A frame that fails is dropped even if some of its
// pieces were yielded (a close frame is judged at its end), so only the
// error stands for it.
type decodeResult struct {
	Frames     []decodedFrame
	Unfinished *decodedFrame // a frame whose header is in but not its end
	Err        error
	ErrFrame   int // index of the failing frame; -1 without error
	Consumed   int // total of the n returned
	AtBoundary bool
}

// resultOpts compares results: errors by errors.Is, payloads with
// bytes.Equal (nil and empty alike, and fast on large payloads).
var resultOpts = cmp.Options{cmpopts.EquateErrors(), cmp.Comparer(bytes.Equal)}

// decodeSplit decodes a copy of input cut at the given ascending offsets
// with a fresh Decoder under p, checking the contract of every call.
func decodeSplit(t testing.TB, input []byte, cuts []int, p Policy) decodeResult {
	t.Helper()
	return decodeChunks(t, NewDecoder(p), chunk(bytes.Clone(input), cuts))
}

// chunk cuts b at the ascending offsets cuts.
func chunk(b []byte, cuts []int) [][]byte {
	chunks := make([][]byte, 0, len(cuts)+1)
	prev := 0
	for _, c := range cuts {
		chunks = append(chunks, b[prev:c])
		prev = c
	}
	return append(chunks, b[prev:])
}

// decodeChunks pushes the chunks into d in order and normalizes what it
// yields. It fails t when a call breaks the documented contract.
func decodeChunks(t testing.TB, d *Decoder, chunks [][]byte) decodeResult {
	t.Helper()
	r := decodeResult{ErrFrame: -1}
	var cur *decodedFrame
	for _, b := range chunks {
		for {
			ev, n, err := d.Decode(b)
			if n < 0 || n > len(b) {
				t.Fatalf("Decode consumed %d of %d bytes", n, len(b))
			}
			r.Consumed += n
			b = b[n:]
			if err != nil {
				if ev != nil {
					t.Fatalf("Decode returned an event with error %v", err)
				}
				r.Err, r.ErrFrame = err, len(r.Frames)
				checkFailed(t, d, err, b)
				return r
			}
			if ev == nil {
				if len(b) != 0 {
					t.Fatalf("Decode returned no event with %d bytes left", len(b))
				}
				break
			}
			if n == 0 {
				t.Fatalf("Decode returned an event and consumed nothing")
			}
			if cap(ev.Payload) != len(ev.Payload) {
				t.Fatalf("Payload capacity %d beyond its length %d", cap(ev.Payload), len(ev.Payload))
			}
			switch {
			case ev.Start && cur != nil:
				t.Fatalf("Start while frame %+v is unfinished", cur.Header)
			case ev.Start:
				cur = &decodedFrame{Header: ev.Header}
			case cur == nil:
				t.Fatalf("event without Start outside a frame")
			case ev.Header != cur.Header:
				t.Fatalf("header changed within a frame: %+v, then %+v", cur.Header, ev.Header)
			}
			cur.Payload = append(cur.Payload, ev.Payload...)
			if ev.End {
				if uint64(len(cur.Payload)) != cur.Header.Length {
					t.Fatalf("frame ended with %d payload bytes, header says %d", len(cur.Payload), cur.Header.Length)
				}
				cur.Ended = true
				r.Frames = append(r.Frames, *cur)
				cur = nil
			}
		}
	}
	r.Unfinished = cur
	r.AtBoundary = d.AtFrameBoundary()
	if cur != nil && r.AtBoundary {
		t.Fatalf("AtFrameBoundary with frame %+v unfinished", cur.Header)
	}
	return r
}

// checkFailed checks that a Decoder that failed with err stays failed.
func checkFailed(t testing.TB, d *Decoder, err error, rest []byte) {
	t.Helper()
	if d.Err() != err {
		t.Fatalf("Err() = %v after failing with %v", d.Err(), err)
	}
	if d.AtFrameBoundary() {
		t.Fatalf("failed Decoder reports a frame boundary")
	}
	for _, b := range [][]byte{rest, {0x81, 0x80, 0, 0, 0, 0}, nil} {
		ev, n, err2 := d.Decode(b)
		if ev != nil || n != 0 || err2 != err {
			t.Fatalf("after %v, Decode(%x) = %v, %d, %v", err, b, ev, n, err2)
		}
	}
}

// referenceDecode decodes input by repeated ParseFrame calls on a copy,
// giving what a Decoder must yield for any split of input, apart from the
// unfinished frame, which ParseFrame does not describe.
func referenceDecode(input []byte, p Policy) decodeResult {
	buf := bytes.Clone(input)
	r := decodeResult{ErrFrame: -1}
	off := 0
	for off < len(buf) {
		f, n, err := ParseFrame(buf[off:], &p)
		if err != nil {
			r.Err, r.ErrFrame = err, len(r.Frames)
			r.Consumed = off + decidingLen(input[off:], p)
			return r
		}
		if n < 0 {
			r.Consumed = len(input)
			return r
		}
		r.Frames = append(r.Frames, decodedFrame{Header: f.Header, Payload: f.Payload, Ended: true})
		off += n
	}
	r.Consumed = len(input)
	r.AtBoundary = true
	return r
}

// decidingLen returns the length of the shortest prefix of b, which must
// start with an invalid frame, that ParseFrame rejects: the bytes of the
// failing frame up to and including the one that decides the error.
func decidingLen(b []byte, p Policy) int {
	for k := 1; k <= len(b); k++ {
		if _, _, err := ParseFrame(bytes.Clone(b[:k]), &p); err != nil {
			return k
		}
	}
	panic("decidingLen: no prefix is rejected")
}

// withoutUnfinished returns r without its unfinished frame, for comparison
// with referenceDecode.
func withoutUnfinished(r decodeResult) decodeResult {
	r.Unfinished = nil
	return r
}

// checkSplitInvariance decodes input whole, byte by byte, at every split
// point when every is set, and at random multi-splits, and fails t unless
// every way gives the reference result. It returns that result.
func checkSplitInvariance(t *testing.T, input []byte, p Policy, every bool, rng *rand.Rand) decodeResult {
	t.Helper()
	want := referenceDecode(input, p)
	whole := decodeSplit(t, input, nil, p)
	if diff := cmp.Diff(want, withoutUnfinished(whole), resultOpts); diff != "" {
		t.Fatalf("whole input (%d bytes) differs from ParseFrame (-want +got):\n%s", len(input), diff)
	}
	check := func(how string, cuts []int) {
		t.Helper()
		got := decodeSplit(t, input, cuts, p)
		if sameResult(whole, got) {
			return
		}
		if diff := cmp.Diff(whole, got, resultOpts); diff != "" {
			t.Fatalf("%s differs from whole input (-whole +split):\n%s", how, diff)
		}
	}
	bytewise := make([]int, 0, len(input))
	for i := 1; i < len(input); i++ {
		bytewise = append(bytewise, i)
	}
	check("byte by byte", bytewise)
	if every {
		for i := 0; i <= len(input); i++ {
			check(fmt.Sprintf("split at %d", i), []int{i})
		}
	}
	for range 8 {
		cuts := randomCuts(rng, len(input), 1+rng.Intn(8))
		check(fmt.Sprintf("split at %v", cuts), cuts)
	}
	return whole
}

// sameResult reports whether a and b are equal as resultOpts compares them;
// it spares cmp's reflection on the many comparisons that succeed.
func sameResult(a, b decodeResult) bool {
	if a.Err != b.Err || a.ErrFrame != b.ErrFrame || a.Consumed != b.Consumed ||
		a.AtBoundary != b.AtBoundary || len(a.Frames) != len(b.Frames) ||
		(a.Unfinished == nil) != (b.Unfinished == nil) {
		return false
	}
	if a.Unfinished != nil && !sameFrame(*a.Unfinished, *b.Unfinished) {
		return false
	}
	for i := range a.Frames {
		if !sameFrame(a.Frames[i], b.Frames[i]) {
			return false
		}
	}
	return true
}

func sameFrame(a, b decodedFrame) bool {
	return a.Header == b.Header && a.Ended == b.Ended && bytes.Equal(a.Payload, b.Payload)
}

// randomCuts returns k ascending offsets in [0, n], repeats allowed so that
// empty pushes are exercised too.
func randomCuts(rng *rand.Rand, n, k int) []int {
	cuts := make([]int, k)
	for i := range cuts {
		cuts[i] = rng.Intn(n + 1)
	}
	for i := 1; i < len(cuts); i++ {
		for j := i; j > 0 && cuts[j] < cuts[j-1]; j-- {
			cuts[j], cuts[j-1] = cuts[j-1], cuts[j]
		}
	}
	return cuts
}
