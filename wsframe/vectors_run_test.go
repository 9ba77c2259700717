package wsframe

import (
	"bytes"
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// parseOutcome is what a decode produced, in the terms of the vectors.
type parseOutcome struct {
	Frame     *Frame
	N         int
	Sentinel  string
	CloseCode CloseCode
}

func outcomeOf(f Frame, n int, err error) parseOutcome {
	o := parseOutcome{N: n}
	switch {
	case err != nil:
		o.Sentinel = sentinelName(err)
		o.CloseCode = CloseCodeOf(err)
	case n > 0:
		o.Frame = &f
	}
	return o
}

// sentinelName names the sentinel err matches, or quotes err when it
// matches none.
func sentinelName(err error) string {
	for name, s := range sentinelsByName {
		if errors.Is(err, s) {
			return name
		}
	}
	return "unknown error: " + err.Error()
}

// wantOutcome is the outcome of ParseFrame the row expects.
func (v *frameVector) wantOutcome() parseOutcome {
	switch {
	case v.Frame != nil:
		f := v.wantFrame()
		return parseOutcome{Frame: &f, N: v.Frame.Consumed}
	case v.Error != nil:
		return parseOutcome{Sentinel: v.Error.Sentinel, CloseCode: CloseCode(v.Error.CloseCode)}
	}
	// An int of 32 bits says no more than it holds.
	return parseOutcome{N: -int(min(v.NeedMore, math.MaxInt))}
}

var equateEmpty = cmpopts.EquateEmpty()

func testVectorFile(t *testing.T, path string) {
	for _, v := range loadFrameVectors(t, path) {
		t.Run(v.Name, func(t *testing.T) {
			p := v.policy()
			f, n, err := ParseFrame(v.input(), &p)
			if diff := cmp.Diff(v.wantOutcome(), outcomeOf(f, n, err), equateEmpty); diff != "" {
				t.Errorf("ParseFrame(%s) mismatch (-want +got):\n%s", v.Input, diff)
			}
			testVectorHeader(t, &v)
		})
	}
}

// testVectorHeader checks ParseHeader against a row: the header of a frame
// row, the error of a header-stage row, a valid header before an invalid
// close payload.
func testVectorHeader(t *testing.T, v *frameVector) {
	p := v.policy()
	h, n, err := ParseHeader(v.input(), &p)
	switch {
	case v.Frame != nil:
		want := v.wantFrame().Header
		if err != nil || n != v.Frame.HeaderLen {
			t.Fatalf("ParseHeader: n=%d err=%v, want n=%d", n, err, v.Frame.HeaderLen)
		}
		if diff := cmp.Diff(want, h); diff != "" {
			t.Errorf("ParseHeader mismatch (-want +got):\n%s", diff)
		}
	case v.Error != nil && v.Error.Stage == stageHeader:
		if n != 0 || !errors.Is(err, sentinelsByName[v.Error.Sentinel]) {
			t.Errorf("ParseHeader: n=%d err=%v, want %s", n, err, v.Error.Sentinel)
		}
	case v.Error != nil:
		if err != nil || n <= 0 {
			t.Errorf("ParseHeader: n=%d err=%v, want a valid header before the close payload", n, err)
		}
	default:
		if err != nil || n == 0 {
			t.Errorf("ParseHeader: n=%d err=%v, want a header or need-more", n, err)
		}
	}
}

func TestRFC6455Section5_7Vectors(t *testing.T) { testVectorFile(t, rfcVectorsFile) }

func TestConformanceVectors(t *testing.T) { testVectorFile(t, conformanceVectorsFile) }

// TestVectorPrefixes checks the ordering promise on every row: each proper
// prefix of an invalid input is need-more or the same error, and each
// proper prefix of a frame needs exactly the missing bytes.
func TestVectorPrefixes(t *testing.T) {
	for _, path := range []string{rfcVectorsFile, conformanceVectorsFile} {
		for _, v := range loadFrameVectors(t, path) {
			p := v.policy()
			in := v.input()
			end := len(in)
			if v.Frame != nil {
				end = v.Frame.Consumed
			}
			for k := 0; k < end; k++ {
				_, n, err := ParseFrame(bytes.Clone(in[:k]), &p)
				switch {
				case v.Error != nil && err != nil:
					if !errors.Is(err, sentinelsByName[v.Error.Sentinel]) {
						t.Errorf("%s: prefix %d: err=%v, want %s or need-more", v.Name, k, err, v.Error.Sentinel)
					}
				case err != nil || n >= 0:
					t.Errorf("%s: prefix %d: n=%d err=%v, want need-more", v.Name, k, n, err)
				case v.Frame != nil:
					if want := missingBytes(k, v.Frame.HeaderLen, v.Frame.Consumed); -n != want {
						t.Errorf("%s: prefix %d: need %d, want %d", v.Name, k, -n, want)
					}
				}
			}
		}
	}
}

// missingBytes is the need-more count ParseFrame documents for a prefix of
// k bytes of a frame: the rest of the header while the header is
// incomplete (at least the two fixed bytes), then the rest of the payload.
func missingBytes(k, headerLen, consumed int) int {
	switch {
	case k < 2:
		return 2 - k
	case k < headerLen:
		return headerLen - k
	}
	return consumed - k
}

// TestVectorTrailingBytes checks the promise that trailing bytes are a
// proper prefix of a valid frame.
func TestVectorTrailingBytes(t *testing.T) {
	for _, path := range []string{rfcVectorsFile, conformanceVectorsFile} {
		for _, v := range loadFrameVectors(t, path) {
			if v.Frame == nil {
				continue
			}
			p := v.policy()
			rest := v.input()[v.Frame.Consumed:]
			if len(rest) == 0 {
				continue
			}
			if _, n, err := ParseFrame(rest, &p); err != nil || n >= 0 {
				t.Errorf("%s: trailing %x: n=%d err=%v, want need-more", v.Name, rest, n, err)
			}
		}
	}
}

// TestVectorRoundTrip encodes every frame row and compares the bytes with
// the input: strict rows use the minimal length form, so the encoding is
// unique.
func TestVectorRoundTrip(t *testing.T) {
	for _, path := range []string{rfcVectorsFile, conformanceVectorsFile} {
		for _, v := range loadFrameVectors(t, path) {
			if v.Frame == nil || (v.Policy != nil && v.Policy.AllowNonMinimalLength) {
				continue
			}
			want := v.input()[:v.Frame.Consumed]
			f := v.wantFrame()
			if got := AppendFrame(nil, f); !bytes.Equal(got, want) {
				t.Errorf("%s: AppendFrame = %x, want %x", v.Name, got, want)
			}
			if got := AppendHeader(nil, f.Header); !bytes.Equal(got, want[:v.Frame.HeaderLen]) {
				t.Errorf("%s: AppendHeader = %x, want %x", v.Name, got, want[:v.Frame.HeaderLen])
			}
			if got := HeaderLen(f.Header); got != v.Frame.HeaderLen {
				t.Errorf("%s: HeaderLen = %d, want %d", v.Name, got, v.Frame.HeaderLen)
			}
		}
	}
}
