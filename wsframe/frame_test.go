package wsframe

import (
	"bytes"
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wscodec/wscodec/wsmask"
)

// TestAppendFrameMasksCopyOnly checks masked frames of every length on
// both sides of the 7-bit and 16-bit length forms, appended to a buffer
// that must grow and to one with room: the copy is masked, the caller's
// payload and the bytes already in dst are not.
func TestAppendFrameMasksCopyOnly(t *testing.T) {
	key := [4]byte{0x37, 0xfa, 0x21, 0x3d}
	for n := 0; n <= 521; n++ {
		for _, room := range []int{0, MaxHeaderLen + n} {
			payload := pattern(n)
			orig := bytes.Clone(payload)
			f := Frame{Header: Header{Fin: true, Opcode: OpBinary, Masked: true, Key: key, Length: 999}, Payload: payload}
			got := AppendFrame(append(make([]byte, 0, 6+room), "prefix"...), f)
			if !bytes.Equal(payload, orig) {
				t.Fatalf("len %d, room %d: caller's payload modified", n, room)
			}
			want := append([]byte("prefix"), AppendHeader(nil, Header{Fin: true, Opcode: OpBinary, Masked: true, Key: key, Length: uint64(n)})...)
			masked := bytes.Clone(orig)
			wsmask.Mask(masked, key)
			want = append(want, masked...)
			if !bytes.Equal(got, want) {
				t.Fatalf("len %d, room %d: AppendFrame = %x, want %x", n, room, got, want)
			}
		}
	}
}

// TestAppendFrameAgreesWithAppendHeader checks every first-byte field
// combination, masked or not, for lengths around the 7-bit limit and dst
// buffers with and without room: the frame is its header as AppendHeader
// writes it, then the payload.
func TestAppendFrameAgreesWithAppendHeader(t *testing.T) {
	for _, n := range []int{0, 1, 124, 125, 126} {
		for b0 := 0; b0 < 256; b0++ {
			for _, masked := range []bool{false, true} {
				h := Header{Fin: b0&0x80 != 0, RSV: uint8(b0) & 0x70, Opcode: Opcode(b0 & 0x0F), Masked: masked, Length: uint64(n)}
				payload := pattern(n)
				if masked {
					h.Key = [4]byte{1, 2, 3, 4}
				}
				want := AppendHeader([]byte("pre"), h)
				body := bytes.Clone(payload)
				if h.Masked {
					wsmask.Mask(body, h.Key)
				}
				want = append(want, body...)
				// Room just short of, exactly at and beyond what the frame needs.
				hl := HeaderLen(h)
				for _, room := range []int{0, hl + n - 1, hl + n, MaxHeaderLen + n} {
					got := AppendFrame(append(make([]byte, 0, 3+room), "pre"...), Frame{Header: h, Payload: payload})
					if !bytes.Equal(got, want) {
						t.Fatalf("header %+v, room %d: AppendFrame = %x, want %x", h, room, got, want)
					}
				}
			}
		}
	}
}

func TestAppendFrameUnmasked(t *testing.T) {
	f := Frame{Header: Header{Fin: true, Opcode: OpText, Key: [4]byte{9, 9, 9, 9}}, Payload: []byte("Hello")}
	if got, want := AppendFrame(nil, f), []byte("\x81\x05Hello"); !bytes.Equal(got, want) {
		t.Errorf("AppendFrame = %x, want %x", got, want)
	}
}

func TestFrameRoundTrip(t *testing.T) {
	for _, n := range []int{0, 1, 7, 8, 9, 125, 126, 127, 255, 256, 257, 1000, 0xFFFF, 0x10000, 0x10001} {
		for _, role := range []Role{Server, Client} {
			f := Frame{Header: Header{Fin: true, Opcode: OpBinary}, Payload: pattern(n)}
			if role == Server {
				f.Masked, f.Key = true, [4]byte{1, 2, 3, 0xFF}
			}
			f.Length = uint64(n)
			enc := AppendFrame(nil, f)
			if len(enc) != HeaderLen(f.Header)+n {
				t.Fatalf("len %d: encoded %d bytes", n, len(enc))
			}
			p := Policy{Role: role}
			got, m, err := ParseFrame(enc, &p)
			if err != nil || m != len(enc) {
				t.Fatalf("len %d %v: ParseFrame n=%d err=%v", n, role, m, err)
			}
			if diff := cmp.Diff(f, got, equateEmpty); diff != "" {
				t.Errorf("len %d %v (-want +got):\n%s", n, role, diff)
			}
		}
	}
}

// TestParseFrameIncompleteLeavesInputAlone checks that the in-place
// unmasking happens only when the whole frame is present.
func TestParseFrameIncompleteLeavesInputAlone(t *testing.T) {
	p := Policy{Role: Server}
	enc := AppendFrame(nil, Frame{Header: Header{Fin: true, Opcode: OpText, Masked: true, Key: [4]byte{1, 2, 3, 4}}, Payload: []byte("Hello")})
	for k := 0; k < len(enc); k++ {
		in := bytes.Clone(enc[:k])
		if _, n, err := ParseFrame(in, &p); err != nil || n >= 0 {
			t.Fatalf("prefix %d: n=%d err=%v, want need-more", k, n, err)
		}
		if !bytes.Equal(in, enc[:k]) {
			t.Fatalf("prefix %d modified: %x", k, in)
		}
	}
	in := bytes.Clone(enc)
	f, _, _ := ParseFrame(in, &p)
	if string(f.Payload) != "Hello" || &f.Payload[0] != &in[6] {
		t.Errorf("payload %q does not alias the unmasked input", f.Payload)
	}
	if cap(f.Payload) != len(f.Payload) {
		t.Errorf("payload capacity %d reaches past the frame", cap(f.Payload))
	}
}

// TestParseFrameHugeLengthNeedsMore checks that a length near 2^63 is
// reported as need-more, never sized into an allocation or overflowed.
func TestParseFrameHugeLengthNeedsMore(t *testing.T) {
	p := Policy{Role: Client, MaxFramePayload: math.MaxUint64}
	in := []byte{0x82, 0x7F, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 'x'}
	// 2^63-2 bytes are missing; an int of 32 bits reports as many as it holds.
	missing := min(uint64(math.MaxInt64-1), math.MaxInt)
	allocs := testing.AllocsPerRun(10, func() {
		_, n, err := ParseFrame(in, &p)
		if err != nil || n != -int(missing) {
			t.Fatalf("n=%d err=%v, want need %d", n, err, missing)
		}
	})
	if allocs != 0 && !raceDetectorEnabled {
		t.Errorf("%v allocations", allocs)
	}
}

func TestParseFrameRejectsBadClosePayload(t *testing.T) {
	p := Policy{Role: Client}
	tests := []struct {
		payload []byte
		want    error
	}{
		{[]byte{0x03}, ErrClosePayloadLength},
		{[]byte{0x03, 0xEE}, ErrInvalidCloseCode},
		{[]byte{0x03, 0xE8, 0xFF}, ErrInvalidUTF8},
	}
	for _, tt := range tests {
		in := AppendFrame(nil, Frame{Header: Header{Fin: true, Opcode: OpClose}, Payload: tt.payload})
		if _, n, err := ParseFrame(in, &p); !errors.Is(err, tt.want) || n != 0 {
			t.Errorf("close payload %x: n=%d err=%v, want %v", tt.payload, n, err, tt.want)
		}
	}
}
