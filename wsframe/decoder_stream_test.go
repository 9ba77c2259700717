package wsframe

import (
	"encoding/binary"
	"math/rand"
)

// streamGen writes random frame streams for an endpoint with a Policy:
// valid frames of the peer (data messages of random opcodes, lengths and
// fragmentation with control frames between the fragments), and single
// invalid frames of every kind the frame decoders reject.
type streamGen struct {
	rng       *rand.Rand
	p         Policy
	inMessage bool // a fragmented data message is open
	large     bool // allow payloads above 64 KiB
}

func newStreamGen(seed int64, p Policy, large bool) *streamGen {
	return &streamGen{rng: rand.New(rand.NewSource(seed)), p: p, large: large}
}

// peerMasks reports whether the peer of the Policy's endpoint masks.
func (g *streamGen) peerMasks() bool { return g.p.Role == Server }

func (g *streamGen) limit() uint64 { return g.p.maxFramePayload() }

// appendFrame appends a frame with the given first-header fields and
// payload, masked as the peer masks, with a random key.
func (g *streamGen) appendFrame(dst []byte, fin bool, rsv uint8, op Opcode, payload []byte) []byte {
	f := Frame{Header: Header{Fin: fin, RSV: rsv, Opcode: op, Masked: g.peerMasks()}, Payload: payload}
	if f.Masked {
		binary.LittleEndian.PutUint32(f.Key[:], g.rng.Uint32())
	}
	return AppendFrame(dst, f)
}

// dataLength picks a payload length within the Policy's limit: mostly
// small, sometimes in the 16-bit form, rarely in the 64-bit form.
func (g *streamGen) dataLength() int {
	var n int
	switch x := g.rng.Intn(100); {
	case x < 60:
		n = g.rng.Intn(21)
	case x < 80:
		n = 21 + g.rng.Intn(105)
	case x < 90 || !g.large:
		n = 126 + g.rng.Intn(600)
	default:
		n = 0x10000 + g.rng.Intn(5000)
	}
	if uint64(n) > g.limit() {
		n = int(g.limit())
	}
	return n
}

func (g *streamGen) randomBytes(n int) []byte {
	b := make([]byte, n)
	g.rng.Read(b)
	return b
}

// closeReasons mixes ASCII with multi-byte UTF-8 so that splits fall inside
// code points.
var closeReasons = []string{"", "bye", "né", "€uro", "日本語", "🎉 done", "ok\u00a0\U0010FFFF"}

// appendValid appends one valid frame that fits the message state.
func (g *streamGen) appendValid(dst []byte) []byte {
	switch x := g.rng.Intn(10); {
	case x < 2:
		op := OpPing
		if x == 1 {
			op = OpPong
		}
		n := g.rng.Intn(maxControlPayload + 1)
		if uint64(n) > g.limit() {
			n = int(g.limit())
		}
		return g.appendFrame(dst, true, 0, op, g.randomBytes(n))
	case x == 2 && g.rng.Intn(3) == 0:
		var payload []byte
		if g.rng.Intn(4) != 0 {
			codes := []CloseCode{CloseNormal, CloseGoingAway, CloseInvalidPayload, CloseTryAgainLater, 3000, 4999}
			var err error
			payload, err = AppendClosePayload(nil, codes[g.rng.Intn(len(codes))], closeReasons[g.rng.Intn(len(closeReasons))])
			if err != nil {
				panic(err)
			}
		}
		return g.appendFrame(dst, true, 0, OpClose, payload)
	}
	fin := g.rng.Intn(3) != 0
	op := OpContinuation
	var rsv uint8
	if !g.inMessage {
		op = OpText + Opcode(g.rng.Intn(2))
		if g.p.RSV&RSV1 != 0 && g.rng.Intn(2) == 0 {
			rsv = RSV1
		}
	}
	g.inMessage = !fin
	return g.appendFrame(dst, fin, rsv, op, g.randomBytes(g.dataLength()))
}

// appendValidStream appends n valid frames.
func (g *streamGen) appendValidStream(dst []byte, n int) []byte {
	for range n {
		dst = g.appendValid(dst)
	}
	return dst
}

// appendInvalid appends one frame that breaks a rule of the Policy, chosen
// at random among those the Policy enforces, and returns the sentinel the
// frame decoders must fail with.
func (g *streamGen) appendInvalid(dst []byte) ([]byte, error) {
	for {
		if b, err, ok := g.tryInvalid(dst, g.rng.Intn(12)); ok {
			return b, err
		}
	}
}

// tryInvalid appends an invalid frame of the given kind, or reports false
// when the Policy does not forbid that kind.
func (g *streamGen) tryInvalid(dst []byte, kind int) ([]byte, error, bool) {
	maskBit := byte(0)
	if g.peerMasks() {
		maskBit = 0x80
	}
	key := func(b []byte) []byte {
		if maskBit != 0 {
			b = binary.LittleEndian.AppendUint32(b, g.rng.Uint32())
		}
		return b
	}
	switch kind {
	case 0: // an RSV bit no extension defines, or RSV1 on a continuation
		if g.p.RSV&RSV2 == 0 && g.rng.Intn(2) == 0 {
			return g.appendFrame(dst, true, RSV2, OpBinary, g.randomBytes(3)), ErrReservedBits, true
		}
		return g.appendFrame(dst, true, RSV1, OpContinuation, g.randomBytes(3)), ErrReservedBits, true
	case 1:
		ops := []Opcode{3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF}
		return g.appendFrame(dst, true, 0, ops[g.rng.Intn(len(ops))], g.randomBytes(2)), ErrReservedOpcode, true
	case 2:
		return g.appendFrame(dst, false, 0, OpPing, g.randomBytes(4)), ErrFragmentedControl, true
	case 3:
		return g.appendFrame(dst, true, 0, OpPong, g.randomBytes(126+g.rng.Intn(50))), ErrControlTooLong, true
	case 4: // masked as the local endpoint would mask, not the peer
		f := Frame{Header: Header{Fin: true, Opcode: OpText, Masked: !g.peerMasks()}, Payload: []byte("hi")}
		want := error(ErrMaskedFrame)
		if g.peerMasks() {
			want = ErrUnmaskedFrame
		}
		return AppendFrame(dst, f), want, true
	case 5:
		if g.p.AllowNonMinimalLength {
			return nil, nil, false
		}
		dst = append(dst, 0x82, maskBit|126, 0, 5)
		return append(key(dst), g.randomBytes(5)...), ErrNonMinimalLength, true
	case 6:
		if g.p.AllowNonMinimalLength {
			return nil, nil, false
		}
		dst = append(dst, 0x82, maskBit|127)
		dst = binary.BigEndian.AppendUint64(dst, 200)
		return append(key(dst), g.randomBytes(200)...), ErrNonMinimalLength, true
	case 7:
		dst = append(dst, 0x82, maskBit|127)
		return binary.BigEndian.AppendUint64(dst, 1<<63|uint64(g.rng.Intn(1<<20))), ErrLengthMSB, true
	case 8:
		dst = append(dst, 0x82, maskBit|127)
		// Above 0xFFFF too, lest the length be non-minimal first.
		dst = binary.BigEndian.AppendUint64(dst, max(g.limit()+1, 0x10000)+uint64(g.rng.Intn(1<<20)))
		return key(dst), ErrFrameTooLarge, true
	case 9:
		return g.appendFrame(dst, true, 0, OpClose, []byte{3}), ErrClosePayloadLength, true
	case 10:
		codes := []CloseCode{0, 999, CloseReserved, CloseNoStatus, CloseAbnormal, CloseTLSHandshakeFailure, 1016, 2999, 5000}
		payload := binary.BigEndian.AppendUint16(nil, uint16(codes[g.rng.Intn(len(codes))]))
		return g.appendFrame(dst, true, 0, OpClose, append(payload, "why"...)), ErrInvalidCloseCode, true
	default:
		reasons := []string{"\xff", "bad \xc3", "\xe2\x82", "trunc\xf0\x9f\x8e", "\xed\xa0\x80 surrogate", "\xc0\xaf overlong", "ok\xe2\x28\xa1"}
		payload := binary.BigEndian.AppendUint16(nil, uint16(CloseNormal))
		payload = append(payload, reasons[g.rng.Intn(len(reasons))]...)
		return g.appendFrame(dst, true, 0, OpClose, payload), ErrInvalidUTF8, true
	}
}

// randomStream returns a stream of valid frames, with probability 1/2 one
// invalid frame at a random position (followed by more frames that must
// never be decoded), and with probability 1/4 cut short at a random byte.
// It returns the sentinel of the invalid frame, or nil.
func (g *streamGen) randomStream(maxFrames int) ([]byte, error) {
	g.inMessage = false
	n := g.rng.Intn(maxFrames + 1)
	var b []byte
	var want error
	if g.rng.Intn(2) == 0 {
		bad := g.rng.Intn(n + 1)
		b = g.appendValidStream(b, bad)
		b, want = g.appendInvalid(b)
		b = g.appendValidStream(b, n-bad)
	} else {
		b = g.appendValidStream(b, n)
	}
	if want == nil && len(b) > 0 && g.rng.Intn(4) == 0 {
		b = b[:g.rng.Intn(len(b))]
	}
	return b, want
}

// testPolicies are the Policies random streams are decoded under.
var testPolicies = []Policy{
	{Role: Server},
	{Role: Client},
	{Role: Server, RSV: RSV1},
	{Role: Client, MaxFramePayload: 100, AllowNonMinimalLength: true},
	{Role: Server, MaxFramePayload: 1000, RSV: RSV1 | RSV2},
}
