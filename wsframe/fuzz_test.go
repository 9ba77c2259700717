package wsframe

import (
	"bytes"
	"errors"
	"testing"
)

// fuzzPolicy derives a Policy from one fuzzed byte, so the fuzzer explores
// roles, RSV permissions, strictness and small limits.
func fuzzPolicy(sel byte) Policy {
	p := Policy{RSV: sel & (RSV1 | RSV2 | RSV3)}
	if sel&1 != 0 {
		p.Role = Client
	}
	p.AllowNonMinimalLength = sel&2 != 0
	switch sel >> 2 & 3 {
	case 1:
		p.MaxFramePayload = 125
	case 2:
		p.MaxFramePayload = 1<<64 - 1
	}
	return p
}

func addVectorSeeds(f *testing.F) {
	for _, path := range []string{rfcVectorsFile, conformanceVectorsFile} {
		for _, v := range loadFrameVectors(f, path) {
			f.Add(byte(0), v.input())
		}
	}
}

// FuzzParseHeader checks, for any bytes and policy, that ParseHeader
// returns one of its three outcomes, that a valid header re-encodes to its
// input (in the minimal form when strict), that a need-more count is
// honest, and that every prefix agrees (the ordering promise).
func FuzzParseHeader(f *testing.F) {
	addVectorSeeds(f)
	f.Add(byte(2), []byte{0x82, 0x7e, 0x00, 0x05})
	f.Fuzz(func(t *testing.T, sel byte, b []byte) {
		p := fuzzPolicy(sel)
		h, n, err := ParseHeader(b, &p)
		switch {
		case err != nil:
			var pe *ProtocolError
			if n != 0 || !errors.As(err, &pe) {
				t.Fatalf("error %v with n=%d", err, n)
			}
		case n < 0:
			if len(b)-n > MaxHeaderLen {
				t.Fatalf("need %d more after %d bytes: beyond a header", -n, len(b))
			}
		case n > 0:
			if n > len(b) || n > MaxHeaderLen {
				t.Fatalf("n=%d of %d bytes", n, len(b))
			}
			if p.CheckReceived(h) != nil {
				t.Fatalf("accepted %+v that CheckReceived rejects: %v", h, p.CheckReceived(h))
			}
			enc := AppendHeader(nil, h)
			if !p.AllowNonMinimalLength && !bytes.Equal(enc, b[:n]) {
				t.Fatalf("header %x re-encodes to %x", b[:n], enc)
			}
		default:
			t.Fatal("n == 0 without an error")
		}
		for k := 0; k < len(b) && k < MaxHeaderLen; k++ {
			_, m, perr := ParseHeader(b[:k], &p)
			if (perr == nil && m >= 0 && k < n) || (perr != nil && perr != err) {
				t.Fatalf("prefix %d: n=%d err=%v; whole: n=%d err=%v", k, m, perr, n, err)
			}
		}
	})
}

// FuzzParseFrame checks that ParseFrame never panics, that a valid frame
// encodes back to its input under a strict policy, and that need-more is
// never larger than a payload length the policy admits.
func FuzzParseFrame(f *testing.F) {
	addVectorSeeds(f)
	f.Fuzz(func(t *testing.T, sel byte, b []byte) {
		p := fuzzPolicy(sel)
		in := bytes.Clone(b)
		fr, n, err := ParseFrame(in, &p)
		switch {
		case err != nil:
			if n != 0 {
				t.Fatalf("error %v with n=%d", err, n)
			}
		case n > 0:
			if !p.AllowNonMinimalLength {
				if enc := AppendFrame(nil, fr); !bytes.Equal(enc, b[:n]) {
					t.Fatalf("frame %x re-encodes to %x", b[:n], enc)
				}
			}
		case n < 0:
			if need := uint64(-n); need > MaxHeaderLen && need > p.maxFramePayload() {
				t.Fatalf("need %d more: beyond the limit", -n)
			}
		}
	})
}
