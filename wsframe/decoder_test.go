package wsframe

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func mustHex(s string) []byte {
	var b []byte
	if _, err := fmt.Sscanf(s, "%x", &b); err != nil {
		panic(err)
	}
	return b
}

// TestDecoderRFC6455Section5_7 decodes the worked examples of RFC 6455
// §5.7, one stream per receiving role, split every way.
func TestDecoderRFC6455Section5_7(t *testing.T) {
	hello := []byte("Hello")
	bin256 := make([]byte, 256)
	for i := range bin256 {
		bin256[i] = byte(i)
	}
	bin64K := bytes.Repeat([]byte{0xA5}, 65536)
	key := [4]byte{0x37, 0xfa, 0x21, 0x3d}

	fromServer := bytes.Join([][]byte{
		mustHex("810548656c6c6f"),   // a single-frame unmasked text message
		mustHex("010348656c"),       // a fragmented unmasked text message
		mustHex("80026c6f"),         //   "Hel" then "lo"
		mustHex("890548656c6c6f"),   // an unmasked ping
		mustHex("827e0100"), bin256, // 256 bytes binary
		mustHex("827f0000000000010000"), bin64K, // 64 KiB binary
	}, nil)
	fromClient := bytes.Join([][]byte{
		mustHex("818537fa213d7f9f4d5158"), // a single-frame masked text message
		mustHex("8a8537fa213d7f9f4d5158"), // a masked pong
	}, nil)

	unmasked := func(fin bool, op Opcode, payload []byte) decodedFrame {
		return decodedFrame{Header: Header{Fin: fin, Opcode: op, Length: uint64(len(payload))}, Payload: payload, Ended: true}
	}
	masked := func(op Opcode, payload []byte) decodedFrame {
		f := unmasked(true, op, payload)
		f.Header.Masked, f.Header.Key = true, key
		return f
	}
	tests := []struct {
		name   string
		role   Role
		stream []byte
		want   []decodedFrame
	}{
		{"server frames to a client", Client, fromServer, []decodedFrame{
			unmasked(true, OpText, hello),
			unmasked(false, OpText, []byte("Hel")),
			unmasked(true, OpContinuation, []byte("lo")),
			unmasked(true, OpPing, hello),
			unmasked(true, OpBinary, bin256),
			unmasked(true, OpBinary, bin64K),
		}},
		{"client frames to a server", Server, fromClient, []decodedFrame{
			masked(OpText, hello),
			masked(OpPong, hello),
		}},
	}
	rng := rand.New(rand.NewSource(57))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := checkSplitInvariance(t, tt.stream, Policy{Role: tt.role}, false, rng)
			want := decodeResult{Frames: tt.want, ErrFrame: -1, Consumed: len(tt.stream), AtBoundary: true}
			if diff := cmp.Diff(want, got, resultOpts); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestDecoderSplitInvarianceRandomStreams decodes random streams, valid,
// cut short, or with one invalid frame inside, whole, byte by byte, at
// every split point and at random multi-splits, and compares each with
// repeated ParseFrame over the whole stream.
func TestDecoderSplitInvarianceRandomStreams(t *testing.T) {
	streams := 60
	if testing.Short() {
		streams = 15
	}
	for pi, p := range testPolicies {
		t.Run(fmt.Sprintf("policy%d", pi), func(t *testing.T) {
			g := newStreamGen(int64(1000+pi), p, false)
			rng := rand.New(rand.NewSource(int64(pi)))
			for i := range streams {
				stream, wantErr := g.randomStream(12)
				got := checkSplitInvariance(t, stream, p, len(stream) <= 2500, rng)
				if !errors.Is(got.Err, wantErr) || (wantErr == nil) != (got.Err == nil) {
					t.Fatalf("stream %d: error %v, generated to fail with %v", i, got.Err, wantErr)
				}
			}
		})
	}
}

// TestDecoderSplitInvarianceLargeFrames is the random stream test with
// frames in the 64-bit length form.
func TestDecoderSplitInvarianceLargeFrames(t *testing.T) {
	p := Policy{Role: Server}
	g := newStreamGen(64, p, true)
	rng := rand.New(rand.NewSource(64))
	large := 0
	for range 6 {
		stream, _ := g.randomStream(40)
		r := checkSplitInvariance(t, stream, p, false, rng)
		for _, f := range r.Frames {
			if f.Header.Length > 0xFFFF {
				large++
			}
		}
	}
	if large < 3 {
		t.Fatalf("only %d frames above 64 KiB were decoded; the generator should make more", large)
	}
}

// TestDecoderConsumedOnError checks the count of bytes consumed by a
// failing call: up to and including the byte that decided the error.
func TestDecoderConsumedOnError(t *testing.T) {
	valid := mustHex("8180aabbccdd") // an empty masked text frame
	tests := []struct {
		name    string
		p       Policy
		frame   []byte
		want    error
		decided int // bytes of frame up to the deciding one
	}{
		{"reserved bit", Policy{}, mustHex("c180aabbccdd"), ErrReservedBits, 1},
		{"unmasked", Policy{}, mustHex("81050102030405"), ErrUnmaskedFrame, 2},
		{"control too long", Policy{}, mustHex("89fe0080aabbccdd"), ErrControlTooLong, 2},
		{"non-minimal 16-bit", Policy{}, mustHex("82fe0005aabbccdd0102030405"), ErrNonMinimalLength, 4},
		{"too large, before the key", Policy{MaxFramePayload: 1000}, mustHex("82fe03e9aabbccdd"), ErrFrameTooLarge, 4},
		{"too large, 64-bit", Policy{}, mustHex("82ff0000000002000001aabbccdd"), ErrFrameTooLarge, 10},
		{"close code", Policy{}, append(mustHex("888200000000"), 0x03, 0xed), ErrInvalidCloseCode, 8},
		{"one-byte close", Policy{}, mustHex("88810000000003"), ErrClosePayloadLength, 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stream := append(append(bytes.Clone(valid), tt.frame...), valid...)
			rng := rand.New(rand.NewSource(1))
			got := checkSplitInvariance(t, stream, tt.p, true, rng)
			if !errors.Is(got.Err, tt.want) || got.ErrFrame != 1 || got.Consumed != len(valid)+tt.decided {
				t.Errorf("got %v at frame %d after %d bytes, want %v at frame 1 after %d",
					got.Err, got.ErrFrame, got.Consumed, tt.want, len(valid)+tt.decided)
			}
		})
	}
}

// TestDecoderRejectsOversizedFrameAtHeader checks that a frame announcing
// more than the Policy's limit fails once its length is in, with no payload
// and not even the masking key.
func TestDecoderRejectsOversizedFrameAtHeader(t *testing.T) {
	for _, limit := range []uint64{0, 1, 125, 126, 0xFFFF, 1 << 20} {
		p := Policy{MaxFramePayload: limit}
		length := p.maxFramePayload() + 1
		h := AppendHeader(nil, Header{Fin: true, Opcode: OpBinary, Masked: true, Length: length})
		lengthEnd := len(h) - 4
		d := NewDecoder(p)
		for i := 0; i < lengthEnd-1; i++ {
			if ev, n, err := d.Decode(h[i : i+1]); ev != nil || n != 1 || err != nil {
				t.Fatalf("limit %d: byte %d: Decode = %v, %d, %v; want need more", limit, i, ev, n, err)
			}
		}
		ev, n, err := d.Decode(h[lengthEnd-1:])
		if ev != nil || n != 1 || err != ErrFrameTooLarge || CloseCodeOf(err) != CloseMessageTooBig {
			t.Errorf("limit %d: last length byte: Decode = %v, %d, %v; want ErrFrameTooLarge after 1 byte", limit, ev, n, err)
		}
	}
}

// TestDecoderReset checks that Reset clears a failure, a partial header and
// an unfinished frame, and installs the new Policy.
func TestDecoderReset(t *testing.T) {
	clientText := mustHex("818537fa213d7f9f4d5158")
	serverText := mustHex("810548656c6c6f")
	setups := map[string][]byte{
		"failed":           mustHex("f1"),
		"partial header":   clientText[:3],
		"unfinished frame": clientText[:8],
		"fresh":            nil,
	}
	for name, setup := range setups {
		t.Run(name, func(t *testing.T) {
			d := NewDecoder(Policy{Role: Server})
			d.Decode(bytes.Clone(setup))
			d.Reset(Policy{Role: Client})
			if d.Err() != nil || !d.AtFrameBoundary() || d.Policy() != (Policy{Role: Client}) {
				t.Fatalf("after Reset: Err %v, AtFrameBoundary %v, Policy %+v", d.Err(), d.AtFrameBoundary(), d.Policy())
			}
			got := decodeChunks(t, d, [][]byte{bytes.Clone(serverText)})
			want := referenceDecode(serverText, Policy{Role: Client})
			if diff := cmp.Diff(want, got, resultOpts); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestDecoderWholeFramePathAgreesWithParseFrame pushes every pair of first
// header bytes, followed by enough bytes for any header and payload, into
// fresh Decoders under several Policies: whichever path a header takes,
// the outcome must be ParseFrame's.
func TestDecoderWholeFramePathAgreesWithParseFrame(t *testing.T) {
	// Two tails: one whose first bytes read as a 16-bit length of 200,
	// one whose first eight read as a 64-bit length of 200.
	var tails [2][]byte
	for i := range tails {
		tails[i] = make([]byte, MaxHeaderLen+200)
		for j := range tails[i] {
			tails[i][j] = byte(j*7 + 1)
		}
	}
	copy(tails[0], []byte{0, 200})
	copy(tails[1], []byte{0, 0, 0, 0, 0, 0, 0, 200})
	policies := append([]Policy{{MaxFramePayload: 1}, {Role: Client, MaxFramePayload: 125}, {Role: 7}}, testPolicies...)
	for _, p := range policies {
		d := NewDecoder(p)
		for x := 0; x < 0x20000; x++ {
			in := append([]byte{byte(x >> 8), byte(x)}, tails[x>>16]...)
			want, wantN, wantErr := ParseFrame(bytes.Clone(in), &p)
			d.Reset(p)
			ev, n, err := d.Decode(in)
			var got Frame
			if ev != nil {
				got = Frame{Header: ev.Header, Payload: ev.Payload}
				if !ev.Start || !ev.End {
					t.Fatalf("policy %+v, %04x: whole frame yielded Start %v End %v", p, x, ev.Start, ev.End)
				}
			}
			if wantErr != nil {
				// On error ParseFrame's n is 0; Decode's counts the
				// header bytes up to the deciding one.
				wantN = headerErrorLen(in, &p)
				if errors.Is(wantErr, ErrClosePayloadLength) || errors.Is(wantErr, ErrInvalidCloseCode) || errors.Is(wantErr, ErrInvalidUTF8) {
					wantN = int(want.Length) + HeaderLen(want.Header)
				}
			}
			if wantErr == nil && wantN < 0 {
				t.Fatalf("policy %+v, %04x: ParseFrame needs more of a %d-byte input", p, x, len(in))
			}
			if err != wantErr || (wantErr == nil && (n != wantN || want.Header != got.Header || !bytes.Equal(want.Payload, got.Payload))) {
				t.Fatalf("policy %+v, %04x: Decode = %+v, %d, %v; ParseFrame = %+v, %d, %v", p, x, got, n, err, want, wantN, wantErr)
			}
		}
	}
}

// TestDecoderCloseFrameJudgedInPieces checks that a close payload split
// anywhere gets ParseClosePayload's verdict on the whole.
func TestDecoderCloseFrameJudgedInPieces(t *testing.T) {
	payloads := [][]byte{
		nil, {0x03}, {0x03, 0xe8}, {0x03, 0xed}, {0x0f, 0xa0},
		append([]byte{0x03, 0xe8}, "日本語🎉"...),
		append([]byte{0x03, 0xe8}, "ab\xf0\x9f\x8e"...),
		append([]byte{0x03, 0xe8}, "\xf0\x9f\x8e\x89\xf0"...),
		append([]byte{0x03, 0xe8}, "\xed\xa0\x80"...),
		append([]byte{0x03, 0xe8}, "\xe2\x28\xa1"...),
		append([]byte{0x0b, 0xb8}, "\xc2\xa0\xc2"...),
		append([]byte{0x0b, 0xb8}, "x\xf4\x90\x80\x80"...),
		append([]byte{0x0b, 0xb8}, bytes.Repeat([]byte("é"), 61)...),
	}
	rng := rand.New(rand.NewSource(8))
	for i := range 300 {
		reason := make([]byte, rng.Intn(12))
		for j := range reason {
			reason[j] = []byte{'a', 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x8e, 0x89, 0x80, 0xff}[rng.Intn(12)]
		}
		payloads = append(payloads, append([]byte{0x03, byte(0xe8 + i%8)}, reason...))
	}
	for _, payload := range payloads {
		_, _, want := ParseClosePayload(payload)
		for cut1 := 0; cut1 <= len(payload); cut1++ {
			for cut2 := cut1; cut2 <= len(payload); cut2++ {
				var c closeCheck
				c.add(payload[:cut1])
				c.add(payload[cut1:cut2])
				c.add(payload[cut2:])
				if got := c.result(uint64(len(payload))); got != want {
					t.Fatalf("close payload %x cut at %d, %d: %v, ParseClosePayload says %v", payload, cut1, cut2, got, want)
				}
			}
		}
	}
}

// TestDecodeFrame checks the whole-frame mode: frames equal ParseFrame's
// in any chunking, payloads alias the input when they lie wholly in one
// push, and frames split over pushes are gathered.
func TestDecodeFrame(t *testing.T) {
	p := Policy{Role: Server, RSV: RSV1}
	g := newStreamGen(7, p, true)
	rng := rand.New(rand.NewSource(7))
	for i := range 40 {
		stream, _ := g.randomStream(20)
		want := referenceDecode(stream, p)
		for _, cuts := range [][]int{nil, randomCuts(rng, len(stream), 1+rng.Intn(30))} {
			in := bytes.Clone(stream)
			d := NewDecoder(p)
			got := decodeResult{ErrFrame: -1}
			for _, b := range chunk(in, cuts) {
				for {
					f, n, err := d.DecodeFrame(b)
					got.Consumed += n
					if err != nil {
						got.Err, got.ErrFrame = err, len(got.Frames)
						break
					}
					if f == nil {
						break
					}
					if len(f.Payload) > 0 && n >= HeaderLen(f.Header)+len(f.Payload) && &f.Payload[0] != &b[n-len(f.Payload)] {
						t.Fatalf("stream %d: payload of a frame pushed whole does not alias the input", i)
					}
					got.Frames = append(got.Frames, decodedFrame{Header: f.Header, Payload: bytes.Clone(f.Payload), Ended: true})
					b = b[n:]
				}
				if got.Err != nil {
					break
				}
			}
			got.AtBoundary = d.AtFrameBoundary()
			if diff := cmp.Diff(want, got, resultOpts); diff != "" {
				t.Fatalf("stream %d, cuts %v (-ParseFrame +DecodeFrame):\n%s", i, cuts, diff)
			}
		}
	}
}

// TestDecoderAllocations checks that decoding allocates nothing per frame,
// whole or split, in Decode and in DecodeFrame once its buffer has grown.
func TestDecoderAllocations(t *testing.T) {
	if raceDetectorEnabled {
		t.Skip("the race detector allocates")
	}
	stream := maskedStream(100, 16)
	stream = append(stream, maskedStream(3, 3000)...)
	stream = append(stream, AppendFrame(nil, Frame{Header: Header{Fin: true, Opcode: OpClose, Masked: true, Key: [4]byte{1, 2, 3, 4}},
		Payload: append([]byte{0x03, 0xe8}, "日本語"...)})...)
	work := make([]byte, len(stream))
	for _, chunkSize := range []int{len(stream), 1500, 7, 1} {
		var d Decoder
		decodeAll := func() {
			copy(work, stream)
			d.Reset(Policy{})
			for b := work; len(b) > 0; b = b[min(chunkSize, len(b)):] {
				c := b[:min(chunkSize, len(b))]
				for {
					ev, n, err := d.Decode(c)
					if err != nil {
						panic(err)
					}
					if ev == nil {
						break
					}
					c = c[n:]
				}
			}
		}
		if allocs := testing.AllocsPerRun(20, decodeAll); allocs != 0 {
			t.Errorf("Decode in %d-byte chunks: %v allocations per stream", chunkSize, allocs)
		}
		decodeFrames := func() {
			copy(work, stream)
			d.Reset(Policy{})
			for b := work; len(b) > 0; b = b[min(chunkSize, len(b)):] {
				c := b[:min(chunkSize, len(b))]
				for {
					f, n, err := d.DecodeFrame(c)
					if err != nil {
						panic(err)
					}
					c = c[n:]
					if f == nil {
						break
					}
				}
			}
		}
		decodeFrames() // grows the frame buffer
		if allocs := testing.AllocsPerRun(20, decodeFrames); allocs != 0 {
			t.Errorf("DecodeFrame in %d-byte chunks: %v allocations per stream", chunkSize, allocs)
		}
	}
}

// maskedStream returns count masked binary frames of size payload bytes,
// as a client sends them.
func maskedStream(count, size int) []byte {
	payload := make([]byte, size)
	for i := range payload {
		payload[i] = byte(i)
	}
	var b []byte
	for i := range count {
		var key [4]byte
		binary.LittleEndian.PutUint32(key[:], uint32(i)*2654435761+1)
		b = AppendFrame(b, Frame{Header: Header{Fin: true, Opcode: OpBinary, Masked: true, Key: key}, Payload: payload})
	}
	return b
}
