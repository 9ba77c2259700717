package wsframe

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// rsvPolicies are policies that differ in the RSV bits they permit,
// including bits outside RSV1–3, which must be ignored.
var rsvPolicies = []Policy{
	{}, {RSV: RSV1}, {RSV: RSV2}, {RSV: RSV3}, {RSV: RSV1 | RSV2 | RSV3}, {RSV: 0xFF}, {RSV: 0x8F},
}

// TestParseHeaderFirstByte checks every first byte under every RSV policy
// and both roles against the reference rules of Policy.checkFirstByte,
// whether the byte arrives alone or with a valid second byte, and checks
// the fields decoded from each byte accepted.
func TestParseHeaderFirstByte(t *testing.T) {
	for _, base := range rsvPolicies {
		for _, role := range []Role{Server, Client} {
			p := base
			p.Role = role
			second := byte(0x00)
			if role == Server {
				second = 0x80
			}
			for b0 := 0; b0 < 256; b0++ {
				want := p.checkFirstByte(b0&0x80 != 0, uint8(b0)&0x70, Opcode(b0&0x0F))
				_, n, err := ParseHeader([]byte{byte(b0)}, &p)
				if err != want || (err == nil && n != -1) {
					t.Errorf("policy %+v, byte %#02x alone: n=%d err=%v, want err=%v", p, b0, n, err, want)
				}
				h, n, err := ParseHeader([]byte{byte(b0), second, 1, 2, 3, 4}, &p)
				if err != want || (err == nil && n <= 0) {
					t.Errorf("policy %+v, header %#02x %#02x: n=%d err=%v, want err=%v", p, b0, second, n, err, want)
				}
				if err != nil {
					continue
				}
				wantHeader := Header{Fin: b0&0x80 != 0, RSV: uint8(b0) & 0x70, Opcode: Opcode(b0 & 0x0F), Masked: role == Server}
				if role == Server {
					wantHeader.Key = [4]byte{1, 2, 3, 4}
				}
				if diff := cmp.Diff(wantHeader, h); diff != "" {
					t.Errorf("policy %+v, header %#02x %#02x (-want +got):\n%s", p, b0, second, diff)
				}
			}
		}
	}
}

// TestPlainFirstByteValidAgreesWithRules checks the parser's quick test of
// the first byte against Policy.checkFirstByte for every first byte under
// every RSV policy: it may accept only bytes the rules accept under any
// policy, and must accept every byte without RSV bits that they accept.
func TestPlainFirstByteValidAgreesWithRules(t *testing.T) {
	for b0 := 0; b0 < 256; b0++ {
		fin, rsv, op := b0&0x80 != 0, uint8(b0)&0x70, Opcode(b0&0x0F)
		got := plainFirstByteValid(byte(b0))
		var strict Policy
		if want := rsv == 0 && strict.checkFirstByte(fin, rsv, op) == nil; got != want {
			t.Errorf("byte %#02x: plainFirstByteValid = %v, want %v", b0, got, want)
		}
		if !got {
			continue
		}
		for permitted := 0; permitted < 256; permitted++ {
			p := Policy{RSV: uint8(permitted)}
			if err := p.checkFirstByte(fin, rsv, op); err != nil {
				t.Errorf("byte %#02x, policy %+v: plainFirstByteValid accepts, rules say %v", b0, p, err)
			}
		}
	}
}

// roundTripHeaders are valid headers of every opcode, length form and
// boundary, masked and not.
func roundTripHeaders() []Header {
	var hs []Header
	lengths := []uint64{0, 1, 125, 126, 127, 0xFFFF, 0x10000, 1 << 32, 1<<63 - 1}
	for _, op := range []Opcode{OpContinuation, OpText, OpBinary, OpClose, OpPing, OpPong} {
		for _, length := range lengths {
			if op.IsControl() && length > maxControlPayload {
				continue
			}
			for _, masked := range []bool{false, true} {
				h := Header{Fin: true, Opcode: op, Masked: masked, Length: length}
				if masked {
					h.Key = [4]byte{0xde, 0xad, byte(length), 0xef}
				}
				hs = append(hs, h)
				if !op.IsControl() {
					h.Fin = false
					hs = append(hs, h)
				}
				if op == OpText || op == OpBinary {
					h.RSV = RSV1 | RSV3
					hs = append(hs, h)
				}
			}
		}
	}
	return hs
}

func TestHeaderRoundTrip(t *testing.T) {
	for _, h := range roundTripHeaders() {
		p := Policy{RSV: RSV1 | RSV2 | RSV3, MaxFramePayload: 1<<64 - 1}
		if !h.Masked {
			p.Role = Client
		}
		enc := AppendHeader(nil, h)
		if len(enc) != HeaderLen(h) {
			t.Errorf("%+v: encoded %d bytes, HeaderLen %d", h, len(enc), HeaderLen(h))
		}
		if want := minimalHeaderLen(h); len(enc) != want {
			t.Errorf("%+v: encoded %d bytes, minimal form is %d", h, len(enc), want)
		}
		got, n, err := ParseHeader(enc, &p)
		if err != nil || n != len(enc) {
			t.Fatalf("%+v: ParseHeader(%x) n=%d err=%v", h, enc, n, err)
		}
		if diff := cmp.Diff(h, got); diff != "" {
			t.Errorf("round trip of %x (-want +got):\n%s", enc, diff)
		}
		if err := p.CheckReceived(h); err != nil {
			t.Errorf("%+v: CheckReceived = %v", h, err)
		}
	}
}

// minimalHeaderLen states RFC 6455 §5.2's minimal length form directly.
func minimalHeaderLen(h Header) int {
	n := 2 + 4*btoi(h.Masked)
	if h.Length >= 126 {
		n += 2
	}
	if h.Length >= 1<<16 {
		n += 6
	}
	return n
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestAppendHeaderWritesWhatItIsGiven checks that illegal headers are
// encoded as given, for tests and fuzzers to use.
func TestAppendHeaderWritesWhatItIsGiven(t *testing.T) {
	tests := []struct {
		name string
		h    Header
		want []byte
	}{
		{"reserved opcode", Header{Fin: true, Opcode: 0x3}, []byte{0x83, 0x00}},
		{"all RSV bits", Header{Fin: true, RSV: 0x70, Opcode: OpText}, []byte{0xF1, 0x00}},
		{"RSV outside its bits dropped", Header{RSV: 0xFF, Opcode: OpPing}, []byte{0x79, 0x00}},
		{"opcode above 0xF truncated", Header{Opcode: 0x1A}, []byte{0x0A, 0x00}},
		{"fragmented control", Header{Opcode: OpClose, Length: 2}, []byte{0x08, 0x02}},
		{"long control", Header{Fin: true, Opcode: OpPing, Length: 126}, []byte{0x89, 0x7E, 0x00, 0x7E}},
		{"MSB set", Header{Fin: true, Opcode: OpBinary, Length: 1 << 63},
			[]byte{0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 0}},
		{"masked 64-bit", Header{Fin: true, Opcode: OpBinary, Masked: true, Key: [4]byte{1, 2, 3, 4}, Length: 0x10000},
			[]byte{0x82, 0xFF, 0, 0, 0, 0, 0, 1, 0, 0, 1, 2, 3, 4}},
		{"masked 16-bit", Header{Opcode: OpText, Masked: true, Key: [4]byte{1, 2, 3, 4}, Length: 0xFFFF},
			[]byte{0x01, 0xFE, 0xFF, 0xFF, 1, 2, 3, 4}},
		{"unmasked keeps key out", Header{Fin: true, Opcode: OpText, Key: [4]byte{1, 2, 3, 4}, Length: 5},
			[]byte{0x81, 0x05}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := AppendHeader(nil, tt.h); !bytes.Equal(got, tt.want) {
				t.Errorf("AppendHeader = %x, want %x", got, tt.want)
			}
		})
	}
}

// TestAppendHeaderTouchesOnlyItsBytes checks that the prefix of dst is
// kept and no byte of the spare capacity past the header is written.
func TestAppendHeaderTouchesOnlyItsBytes(t *testing.T) {
	for _, h := range roundTripHeaders() {
		buf := bytes.Repeat([]byte{0xEE}, 3+MaxHeaderLen+4)
		out := AppendHeader(buf[:3], h)
		if &out[0] != &buf[0] {
			t.Fatalf("%+v: reallocated a buffer with room", h)
		}
		hl := HeaderLen(h)
		if !bytes.Equal(buf[:3], []byte{0xEE, 0xEE, 0xEE}) {
			t.Errorf("%+v: prefix changed to %x", h, buf[:3])
		}
		for i := 3 + hl; i < len(buf); i++ {
			if buf[i] != 0xEE {
				t.Errorf("%+v: byte %d past the header written", h, i-3)
				break
			}
		}
	}
}

// TestAppendHeaderMakesRoom checks the path that grows dst against the one
// that does not: with every amount of room short of MaxHeaderLen, the
// prefix survives the move, the header follows it, and the caller's array
// is left as it was.
func TestAppendHeaderMakesRoom(t *testing.T) {
	prefix := []byte{0xA1, 0xA2, 0xA3}
	for _, h := range roundTripHeaders() {
		want := append(bytes.Clone(prefix), AppendHeader(make([]byte, 0, MaxHeaderLen), h)...)
		for room := 0; room <= MaxHeaderLen; room++ {
			buf := bytes.Repeat([]byte{0xEE}, len(prefix)+room)
			copy(buf, prefix)
			out := AppendHeader(buf[:len(prefix)], h)
			if diff := cmp.Diff(want, out); diff != "" {
				t.Errorf("%+v, room %d: (-want +got)\n%s", h, room, diff)
			}
			moved := &out[0] != &buf[0]
			if moved != (room < MaxHeaderLen) {
				t.Errorf("%+v, room %d: moved = %v", h, room, moved)
			}
			if moved && !bytes.Equal(buf[len(prefix):], bytes.Repeat([]byte{0xEE}, room)) {
				t.Errorf("%+v, room %d: wrote %x into the array it left", h, room, buf)
			}
		}
	}
}

// TestParseHeaderLeavesInputAlone checks that ParseHeader neither writes
// b nor depends on bytes past the header.
func TestParseHeaderLeavesInputAlone(t *testing.T) {
	p := Policy{Role: Server}
	in := []byte{0x81, 0x85, 1, 2, 3, 4, 'a', 'b'}
	orig := bytes.Clone(in)
	h1, n1, err1 := ParseHeader(in, &p)
	h2, n2, err2 := ParseHeader(in[:6], &p)
	if !bytes.Equal(in, orig) {
		t.Errorf("input changed: %x", in)
	}
	if h1 != h2 || n1 != 6 || n2 != 6 || err1 != nil || err2 != nil {
		t.Errorf("with payload: %+v %d %v; without: %+v %d %v", h1, n1, err1, h2, n2, err2)
	}
}

func TestParseHeaderNilPolicyIsStrictServer(t *testing.T) {
	in := []byte{0x81, 0x05}
	if _, _, err := ParseHeader(in, nil); !errors.Is(err, ErrUnmaskedFrame) {
		t.Errorf("unmasked frame with nil policy: %v, want ErrUnmaskedFrame", err)
	}
	in = []byte{0x82, 0xFE, 0x00, 0x05, 1, 2, 3, 4}
	if _, _, err := ParseHeader(in, nil); !errors.Is(err, ErrNonMinimalLength) {
		t.Errorf("non-minimal length with nil policy: %v, want ErrNonMinimalLength", err)
	}
}

func TestCheckReceivedAgreesWithParseHeader(t *testing.T) {
	// The limits around 125 straddle the short-header path of parseHeader,
	// taken only under a limit no 7-bit length can break; those around
	// the lengths below straddle the limit check of its extended-length
	// path, and the largest ones the check of a 64-bit length's top bit.
	policies := []Policy{{}, {Role: Client}, {RSV: RSV1}, {MaxFramePayload: 100}, {Role: Client, MaxFramePayload: 1<<64 - 1},
		{MaxFramePayload: 124}, {Role: Client, MaxFramePayload: 124}, {MaxFramePayload: 125}, {Role: Client, MaxFramePayload: 1},
		{MaxFramePayload: 999}, {Role: Client, MaxFramePayload: 1000}, {MaxFramePayload: 65535}, {Role: Client, MaxFramePayload: 65536},
		{MaxFramePayload: 1 << 63}, {Role: Client, MaxFramePayload: 1<<63 - 1}, {AllowNonMinimalLength: true}}
	for _, p := range policies {
		for b0 := 0; b0 < 256; b0++ {
			for _, masked := range []bool{false, true} {
				for _, length := range []uint64{0, 1, 2, 100, 101, 124, 125, 126, 999, 1000, 1001, 65535, 65536, 65537,
					1 << 20, 1 << 40, 1<<63 - 1, 1 << 63, 1<<64 - 1} {
					h := Header{Fin: b0&0x80 != 0, RSV: uint8(b0) & 0x70, Opcode: Opcode(b0 & 0xF), Masked: masked, Length: length}
					_, n, parseErr := ParseHeader(AppendHeader(nil, h), &p)
					checkErr := p.CheckReceived(h)
					if parseErr != checkErr || (parseErr == nil && n <= 0) {
						t.Fatalf("policy %+v header %+v: ParseHeader n=%d err=%v, CheckReceived %v", p, h, n, parseErr, checkErr)
					}
				}
			}
		}
	}
}

func TestCheckSend(t *testing.T) {
	client, server := Policy{Role: Client}, Policy{Role: Server, RSV: RSV1}
	tests := []struct {
		p    Policy
		h    Header
		want error
	}{
		{client, Header{Fin: true, Opcode: OpText, Masked: true, Length: 5}, nil},
		{client, Header{Fin: true, Opcode: OpText, Length: 5}, ErrUnmaskedFrame},
		{server, Header{Fin: true, Opcode: OpText, Length: 5}, nil},
		{server, Header{Fin: true, Opcode: OpText, Masked: true}, ErrMaskedFrame},
		{server, Header{Fin: true, RSV: RSV1, Opcode: OpBinary}, nil},
		{server, Header{Fin: true, RSV: RSV1, Opcode: OpContinuation}, ErrReservedBits},
		{server, Header{Fin: true, RSV: RSV2, Opcode: OpBinary}, ErrReservedBits},
		{server, Header{Fin: true, Opcode: 0xB}, ErrReservedOpcode},
		{server, Header{Opcode: OpPing}, ErrFragmentedControl},
		{server, Header{Fin: true, Opcode: OpPong, Length: 126}, ErrControlTooLong},
		{server, Header{Fin: true, Opcode: OpBinary, Length: 1 << 63}, ErrLengthMSB},
		// The peer's limit is unknown to the sender.
		{server, Header{Fin: true, Opcode: OpBinary, Length: 1 << 62}, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%v/%+v", tt.p.Role, tt.h), func(t *testing.T) {
			err := tt.p.CheckSend(tt.h)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("CheckSend = %v, want nil", err)
				}
				return
			}
			var u *UsageError
			if !errors.As(err, &u) || !errors.Is(err, tt.want) {
				t.Fatalf("CheckSend = %v, want a *UsageError wrapping %v", err, tt.want)
			}
			if CloseCodeOf(err) != CloseInternalError {
				t.Errorf("CloseCodeOf = %v, want internal error", CloseCodeOf(err))
			}
		})
	}
}

// TestHeaderParseLeavesHeaderOnFailure holds Header.Parse to its promise:
// the header is changed only when a whole valid header was read, for every
// prefix of every conformance row.
func TestHeaderParseLeavesHeaderOnFailure(t *testing.T) {
	sentinel := Header{Fin: true, RSV: RSV2, Opcode: OpPong, Masked: true, Key: [4]byte{9, 8, 7, 6}, Length: 12345}
	for _, v := range loadFrameVectors(t, "../testdata/frames/conformance.json") {
		p := v.policy()
		in := v.input()
		for i := 0; i <= len(in) && i <= MaxHeaderLen; i++ {
			h := sentinel
			n, err := h.Parse(in[:i], &p)
			if n <= 0 && h != sentinel {
				t.Fatalf("%s, %d bytes: n=%d err=%v changed the header to %+v", v.Name, i, n, err, h)
			}
			if n > 0 {
				want, _, _ := ParseHeader(in[:i], &p)
				if h != want {
					t.Fatalf("%s, %d bytes: Parse gave %+v, ParseHeader %+v", v.Name, i, h, want)
				}
			}
		}
	}
}
