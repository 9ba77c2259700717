package wsframe

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the generated files under ../testdata")

// The conformance table is written here as row descriptions whose
// expectations come from RFC 6455 and the documented Policy, never from
// running the decoder: the inputs are built by wireBytes, an encoder
// independent of AppendHeader that can also write non-minimal and illegal
// forms. TestConformanceTableUpToDate keeps ../testdata/frames/conformance.json
// equal to what these descriptions generate.

// closeCodeOfSentinel is the close code RFC 6455 §7.4.1 assigns to each
// violation: 1002 for protocol errors, 1007 for data inconsistent with its
// type, 1009 for a frame over the receiver's limit.
var closeCodeOfSentinel = map[string]uint16{
	"ErrReservedBits":       1002,
	"ErrReservedOpcode":     1002,
	"ErrFragmentedControl":  1002,
	"ErrControlTooLong":     1002,
	"ErrUnmaskedFrame":      1002,
	"ErrMaskedFrame":        1002,
	"ErrNonMinimalLength":   1002,
	"ErrLengthMSB":          1002,
	"ErrFrameTooLarge":      1009,
	"ErrClosePayloadLength": 1002,
	"ErrInvalidCloseCode":   1002,
	"ErrInvalidUTF8":        1007,
}

// Length forms for wireBytes.
const (
	formMinimal = 0
	form7       = 7
	form16      = 16
	form64      = 64
)

// wire describes the bytes of one frame, legal or not.
type wire struct {
	fin     bool
	rsv     uint8
	op      uint8
	key     []byte // nil: not masked
	form    int
	length  uint64 // used when payload is nil; otherwise len(payload)
	payload []byte // unmasked
}

func (w wire) payloadLen() uint64 {
	if w.payload != nil {
		return uint64(len(w.payload))
	}
	return w.length
}

func (w wire) lengthForm() int {
	if w.form != formMinimal {
		return w.form
	}
	switch n := w.payloadLen(); {
	case n <= 125:
		return form7
	case n <= 0xFFFF:
		return form16
	}
	return form64
}

func (w wire) headerLen() int {
	n := map[int]int{form7: 2, form16: 4, form64: 10}[w.lengthForm()]
	if w.key != nil {
		n += 4
	}
	return n
}

// bytes writes the header and the (masked) payload.
func (w wire) bytes() []byte {
	b0 := w.rsv | w.op
	if w.fin {
		b0 |= 0x80
	}
	var maskBit byte
	if w.key != nil {
		maskBit = 0x80
	}
	n := w.payloadLen()
	b := []byte{b0}
	switch w.lengthForm() {
	case form7:
		b = append(b, maskBit|byte(n))
	case form16:
		b = append(b, maskBit|126, byte(n>>8), byte(n))
	case form64:
		b = append(b, maskBit|127)
		for shift := 56; shift >= 0; shift -= 8 {
			b = append(b, byte(n>>shift))
		}
	}
	b = append(b, w.key...)
	for i, c := range w.payload {
		if w.key != nil {
			c ^= w.key[i%4]
		}
		b = append(b, c)
	}
	return b
}

func (w wire) frame() *vectorFrame {
	payload := w.payload
	if payload == nil {
		payload = []byte{}
	}
	return &vectorFrame{
		Fin:       w.fin,
		RSV:       w.rsv,
		Opcode:    w.op,
		Masked:    w.key != nil,
		Key:       hex.EncodeToString(w.key),
		Length:    uint64(len(payload)),
		Payload:   hex.EncodeToString(payload),
		HeaderLen: w.headerLen(),
		Consumed:  w.headerLen() + len(payload),
	}
}

type tableBuilder struct{ rows []frameVector }

func (g *tableBuilder) add(v frameVector) { g.rows = append(g.rows, v) }

// valid adds a row whose input is w followed by trailing bytes.
func (g *tableBuilder) valid(name, role string, p *vectorPolicy, w wire, trailing ...byte) {
	g.add(frameVector{Name: name, Role: role, Policy: p,
		Input: hex.EncodeToString(append(w.bytes(), trailing...)), Frame: w.frame()})
}

func (g *tableBuilder) invalid(name, role string, p *vectorPolicy, input []byte, sentinel string) {
	g.invalidAt(name, role, p, input, sentinel, stageHeader)
}

func (g *tableBuilder) invalidAt(name, role string, p *vectorPolicy, input []byte, sentinel, stage string) {
	code, ok := closeCodeOfSentinel[sentinel]
	if !ok {
		panic("no close code for " + sentinel)
	}
	g.add(frameVector{Name: name, Role: role, Policy: p, Input: hex.EncodeToString(input),
		Error: &vectorError{Sentinel: sentinel, CloseCode: code, Stage: stage}})
}

func (g *tableBuilder) needMore(name, role string, p *vectorPolicy, input []byte, n int64) {
	g.add(frameVector{Name: name, Role: role, Policy: p, Input: hex.EncodeToString(input), NeedMore: n})
}

var (
	keyA = []byte{0x37, 0xfa, 0x21, 0x3d}
	keyB = []byte{0xa1, 0xb2, 0xc3, 0xd4}
)

// keyFor returns the masking a conforming peer of a receiver in role uses:
// clients mask (the receiver is a server), servers do not.
func keyFor(role string) []byte {
	if role == "server" {
		return keyA
	}
	return nil
}

// wrongKeyFor is the masking a receiver in role must reject.
func wrongKeyFor(role string) []byte {
	if role == "server" {
		return nil
	}
	return keyB
}

var roles = []string{"server", "client"}

func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('a' + i%26)
	}
	return b
}

func closePayload(code uint16, reason string) []byte {
	return append([]byte{byte(code >> 8), byte(code)}, reason...)
}

// withoutPayload returns the header bytes of w alone.
func withoutPayload(w wire) []byte { return w.bytes()[:w.headerLen()] }

func buildConformanceTable() []frameVector {
	g := &tableBuilder{}
	rsv1 := &vectorPolicy{RSV: 0x40}
	lax := &vectorPolicy{AllowNonMinimalLength: true}

	// Every opcode, defined and reserved, for both roles (RFC 6455 §5.2).
	for _, role := range roles {
		for op := uint8(0); op <= 0xF; op++ {
			name := fmt.Sprintf("opcode/0x%X/%s", op, role)
			payload := []byte("Hi")
			if op == 0x8 {
				payload = closePayload(1000, "")
			}
			w := wire{fin: true, op: op, key: keyFor(role), payload: payload}
			switch op {
			case 0x0, 0x1, 0x2, 0x8, 0x9, 0xA:
				g.valid(name, role, nil, w)
			default:
				g.invalid(name, role, nil, w.bytes(), "ErrReservedOpcode")
			}
		}
	}

	// RSV bits, with and without RSV1 negotiated (RFC 6455 §5.2, RFC 7692
	// §6: RSV1 only on the first frame of a data message).
	for _, op := range []uint8{0x0, 0x1, 0x2, 0x8, 0x9, 0xA} {
		for rsv := uint8(0x10); rsv <= 0x70; rsv += 0x10 {
			for _, pol := range []*vectorPolicy{nil, rsv1} {
				polName := "none"
				if pol != nil {
					polName = "rsv1"
				}
				role := "client"
				if rsv == 0x40 {
					role = "server" // masked frames too
				}
				payload := []byte("x")
				if op == 0x8 {
					payload = closePayload(1000, "")
				}
				w := wire{fin: true, rsv: rsv, op: op, key: keyFor(role), payload: payload}
				name := fmt.Sprintf("rsv/0x%02X/op-0x%X/negotiated-%s", rsv, op, polName)
				if pol != nil && rsv == 0x40 && (op == 0x1 || op == 0x2) {
					g.valid(name, role, pol, w)
				} else {
					g.invalid(name, role, pol, w.bytes(), "ErrReservedBits")
				}
			}
		}
	}
	g.valid("rsv/all-negotiated/text-rsv123", "client", &vectorPolicy{RSV: 0x70},
		wire{fin: true, rsv: 0x70, op: 0x1, payload: []byte("x")})
	g.valid("rsv/rsv1-negotiated/text-first-fragment", "client", rsv1,
		wire{rsv: 0x40, op: 0x1, payload: []byte("x")})
	g.invalid("rsv/all-negotiated/continuation-rsv1", "client", &vectorPolicy{RSV: 0x70},
		wire{fin: true, rsv: 0x40, op: 0x0, payload: []byte("x")}.bytes(), "ErrReservedBits")
	g.invalid("rsv/rsv2-negotiated/text-rsv1", "client", &vectorPolicy{RSV: 0x20},
		wire{fin: true, rsv: 0x40, op: 0x1}.bytes(), "ErrReservedBits")
	g.invalid("rsv/before-reserved-opcode", "client", nil, []byte{0xF3, 0x00}, "ErrReservedBits")
	g.invalid("rsv/before-fragmented-control", "client", nil, []byte{0x49, 0x00}, "ErrReservedBits")
	g.invalid("rsv/before-wrong-mask", "server", nil, []byte{0xC1, 0x00}, "ErrReservedBits")

	// Control frames: FIN set, at most 125 bytes (RFC 6455 §5.5).
	for _, role := range roles {
		for _, op := range []uint8{0x8, 0x9, 0xA} {
			payload := []byte("x")
			if op == 0x8 {
				payload = nil
			}
			g.invalid(fmt.Sprintf("control/op-0x%X/no-fin/%s", op, role), role, nil,
				wire{op: op, key: keyFor(role), payload: payload}.bytes(), "ErrFragmentedControl")
			long := pattern(125)
			if op == 0x8 {
				long = closePayload(1000, string(pattern(123)))
			}
			g.valid(fmt.Sprintf("control/op-0x%X/length-125/%s", op, role), role, nil,
				wire{fin: true, op: op, key: keyFor(role), payload: long})
			g.invalid(fmt.Sprintf("control/op-0x%X/length-126/%s", op, role), role, nil,
				wire{fin: true, op: op, key: keyFor(role), payload: pattern(126)}.bytes(), "ErrControlTooLong")
		}
	}
	g.invalid("control/length-127-form", "client", nil, []byte{0x89, 0x7F}, "ErrControlTooLong")
	g.invalid("control/16-bit-form-small-length-strict", "client", nil,
		wire{fin: true, op: 0x9, form: form16, payload: []byte("x")}.bytes(), "ErrControlTooLong")
	g.invalid("control/16-bit-form-small-length-lax", "client", lax,
		wire{fin: true, op: 0x9, form: form16, payload: []byte("x")}.bytes(), "ErrControlTooLong")
	g.invalid("control/reserved-no-fin", "client", nil, []byte{0x0B, 0x00}, "ErrReservedOpcode")
	g.invalid("control/no-fin-before-wrong-mask", "server", nil, []byte{0x09, 0x00}, "ErrFragmentedControl")
	g.invalid("control/too-long-before-frame-limit", "client", &vectorPolicy{MaxFramePayload: 10},
		[]byte{0x89, 0x7E, 0x00, 0x7E}, "ErrControlTooLong")

	// Masking must match the role (RFC 6455 §5.1).
	for _, role := range roles {
		want := "ErrUnmaskedFrame"
		if role == "client" {
			want = "ErrMaskedFrame"
		}
		for _, op := range []uint8{0x0, 0x1, 0x2, 0x8, 0x9, 0xA} {
			g.invalid(fmt.Sprintf("mask/wrong/op-0x%X/%s", op, role), role, nil,
				wire{fin: true, op: op, key: wrongKeyFor(role)}.bytes(), want)
		}
		g.invalid(fmt.Sprintf("mask/wrong/before-control-too-long/%s", role), role, nil,
			wire{fin: true, op: 0x9, key: wrongKeyFor(role), length: 126}.bytes()[:2], want)
		g.invalid(fmt.Sprintf("mask/wrong/before-length/%s", role), role, nil,
			wire{fin: true, op: 0x2, key: wrongKeyFor(role), form: form64, length: 1 << 63}.bytes(), want)
	}

	// The three length forms at their boundaries (RFC 6455 §5.2), for both
	// roles.
	for _, role := range roles {
		for _, n := range []int{0, 1, 125, 126, 127, 300} {
			g.valid(fmt.Sprintf("length/%d/%s", n, role), role, nil,
				wire{fin: true, op: 0x2, key: keyFor(role), payload: pattern(n)})
		}
		for _, n := range []uint64{0xFFFF, 0x10000, DefaultMaxFramePayload} {
			w := wire{fin: true, op: 0x2, key: keyFor(role), length: n}
			g.needMore(fmt.Sprintf("length/%d/header-only/%s", n, role), role, nil, withoutPayload(w), int64(n))
		}
		g.invalid(fmt.Sprintf("length/default-limit-plus-1/%s", role), role, nil,
			withoutPayload(wire{fin: true, op: 0x2, key: keyFor(role), length: DefaultMaxFramePayload + 1}), "ErrFrameTooLarge")
		g.invalid(fmt.Sprintf("length/2^63-1/default-limit/%s", role), role, nil,
			withoutPayload(wire{fin: true, op: 0x2, key: keyFor(role), length: 1<<63 - 1}), "ErrFrameTooLarge")
		g.needMore(fmt.Sprintf("length/2^63-1/unlimited/%s", role), role, &vectorPolicy{MaxFramePayload: 1<<64 - 1},
			withoutPayload(wire{fin: true, op: 0x2, key: keyFor(role), length: 1<<63 - 1}), 1<<63-1)
		for _, n := range []uint64{1 << 63, 1<<64 - 1} {
			g.invalid(fmt.Sprintf("length/msb-set/%#x/%s", n, role), role, &vectorPolicy{MaxFramePayload: 1<<64 - 1},
				withoutPayload(wire{fin: true, op: 0x2, key: keyFor(role), length: n}), "ErrLengthMSB")
		}
	}
	g.invalid("length/msb-set/reported-on-first-length-byte", "client", nil, []byte{0x82, 0x7F, 0x80}, "ErrLengthMSB")
	g.invalid("length/msb-set/lax", "client", lax,
		withoutPayload(wire{fin: true, op: 0x2, length: 1 << 63}), "ErrLengthMSB")

	// Non-minimal length forms: rejected by default, accepted when the
	// policy allows them (RFC 6455 §5.2).
	nonMinimal := []struct {
		form int
		n    int
	}{{form16, 0}, {form16, 5}, {form16, 125}, {form64, 0}, {form64, 125}, {form64, 126}, {form64, 300}}
	for _, role := range roles {
		for _, c := range nonMinimal {
			w := wire{fin: true, op: 0x1, key: keyFor(role), form: c.form, payload: pattern(c.n)}
			name := fmt.Sprintf("non-minimal/%d-bit-form/%d/%s", c.form, c.n, role)
			g.invalid(name+"/strict", role, nil, w.bytes(), "ErrNonMinimalLength")
			g.valid(name+"/lax", role, lax, w)
		}
		w := wire{fin: true, op: 0x1, key: keyFor(role), form: form64, length: 0xFFFF}
		g.invalid(fmt.Sprintf("non-minimal/64-bit-form/65535/%s/strict", role), role, nil, withoutPayload(w), "ErrNonMinimalLength")
		g.needMore(fmt.Sprintf("non-minimal/64-bit-form/65535/%s/lax", role), role, lax, withoutPayload(w), 0xFFFF)
	}
	g.invalid("non-minimal/before-frame-limit", "client", &vectorPolicy{MaxFramePayload: 10},
		wire{fin: true, op: 0x2, form: form16, payload: pattern(100)}.bytes(), "ErrNonMinimalLength")
	g.invalid("non-minimal/lax/frame-limit", "client", &vectorPolicy{MaxFramePayload: 10, AllowNonMinimalLength: true},
		wire{fin: true, op: 0x2, form: form16, payload: pattern(100)}.bytes(), "ErrFrameTooLarge")

	// The frame payload limit of the policy, at the limit and one past it.
	for _, limit := range []int{1, 10, 124, 125, 126, 200} {
		p := &vectorPolicy{MaxFramePayload: uint64(limit)}
		for _, role := range roles {
			g.valid(fmt.Sprintf("limit/%d/at/%s", limit, role), role, p,
				wire{fin: true, op: 0x2, key: keyFor(role), payload: pattern(limit)})
			g.invalid(fmt.Sprintf("limit/%d/over/%s", limit, role), role, p,
				wire{fin: true, op: 0x2, key: keyFor(role), payload: pattern(limit + 1)}.bytes(), "ErrFrameTooLarge")
		}
	}
	g.invalid("limit/10/ping-11", "client", &vectorPolicy{MaxFramePayload: 10},
		wire{fin: true, op: 0x9, payload: pattern(11)}.bytes(), "ErrFrameTooLarge")
	g.needMore("limit/65536/64-bit-form-at", "client", &vectorPolicy{MaxFramePayload: 65536},
		withoutPayload(wire{fin: true, op: 0x2, length: 65536}), 65536)
	g.invalid("limit/65536/64-bit-form-over", "client", &vectorPolicy{MaxFramePayload: 65536},
		withoutPayload(wire{fin: true, op: 0x2, length: 65537}), "ErrFrameTooLarge")

	// Truncated input at every header byte, then in the payload.
	truncated := []struct {
		name string
		w    wire
		role string
	}{
		{"7-bit-masked", wire{fin: true, op: 0x1, key: keyA, payload: []byte("Hello")}, "server"},
		{"16-bit-masked", wire{fin: true, op: 0x2, key: keyA, payload: pattern(126)}, "server"},
		{"64-bit-masked", wire{fin: true, op: 0x2, key: keyA, length: 70000}, "server"},
		{"64-bit-unmasked", wire{fin: true, op: 0x2, length: 70000}, "client"},
		{"16-bit-unmasked", wire{fin: true, op: 0x2, payload: pattern(200)}, "client"},
	}
	for _, c := range truncated {
		hl := c.w.headerLen()
		all := c.w.bytes()
		for k := 0; k < hl; k++ {
			need := hl - k
			if k < 2 {
				need = 2 - k
			}
			g.needMore(fmt.Sprintf("truncated/%s/%d-bytes", c.name, k), c.role, nil, all[:k], int64(need))
		}
		total := hl + int(c.w.payloadLen())
		for _, k := range []int{hl + 1, total - 1} {
			if k < len(all) {
				g.needMore(fmt.Sprintf("truncated/%s/%d-bytes", c.name, k), c.role, nil, all[:k], int64(total-k))
			}
		}
	}

	// Close payloads (RFC 6455 §5.5.1, §7.4).
	for _, role := range roles {
		closeFrame := func(payload []byte) wire {
			return wire{fin: true, op: 0x8, key: keyFor(role), payload: payload}
		}
		g.valid("close/empty/"+role, role, nil, closeFrame([]byte{}))
		g.invalidAt("close/one-byte/"+role, role, nil, closeFrame([]byte{0x03}).bytes(), "ErrClosePayloadLength", stageClosePayload)
		for _, code := range []uint16{0, 999, 1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009, 1010, 1011,
			1012, 1013, 1014, 1015, 1016, 2999, 3000, 3999, 4000, 4999, 5000, 65535} {
			w := closeFrame(closePayload(code, "bye"))
			name := fmt.Sprintf("close/code-%d/%s", code, role)
			onWire := (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999)
			if onWire {
				g.valid(name, role, nil, w)
			} else {
				g.invalidAt(name, role, nil, w.bytes(), "ErrInvalidCloseCode", stageClosePayload)
			}
		}
		g.valid("close/code-only/"+role, role, nil, closeFrame(closePayload(1000, "")))
		g.valid("close/reason-123-bytes/"+role, role, nil, closeFrame(closePayload(1001, string(pattern(123)))))
		g.valid("close/reason-multibyte-utf8/"+role, role, nil, closeFrame(closePayload(1000, "κόσμε 😀")))
		badReasons := []struct{ name, reason string }{
			{"invalid-byte", "\xff"},
			{"overlong-2-byte", "\xc0\xaf"},
			{"overlong-3-byte", "\xe0\x80\xaf"},
			{"surrogate", "\xed\xa0\x80"},
			{"truncated-sequence", "ok\xe2\x82"},
			{"above-max-code-point", "\xf4\x90\x80\x80"},
		}
		for _, c := range badReasons {
			g.invalidAt("close/reason-"+c.name+"/"+role, role, nil,
				closeFrame(closePayload(1000, c.reason)).bytes(), "ErrInvalidUTF8", stageClosePayload)
		}
		g.invalidAt("close/invalid-code-before-invalid-utf8/"+role, role, nil,
			closeFrame(closePayload(999, "\xff")).bytes(), "ErrInvalidCloseCode", stageClosePayload)
	}

	// Trailing bytes: the start of the next frame stays unconsumed.
	hello := wire{fin: true, op: 0x1, payload: []byte("Hello")}
	g.valid("trailing/one-byte-of-next-header", "client", nil, hello, 0x81)
	g.valid("trailing/next-header", "client", nil, hello, 0x81, 0x05)
	g.valid("trailing/most-of-next-frame", "client", nil, hello, 0x81, 0x05, 'H', 'e', 'l', 'l')
	g.valid("trailing/after-empty-frame", "client", nil, wire{fin: true, op: 0x9, payload: []byte{}}, 0x8A)
	g.valid("trailing/after-masked-frame", "server", nil,
		wire{fin: true, op: 0x2, key: keyA, payload: []byte{1, 2, 3}}, 0x82, 0x83, 0x01)
	return g.rows
}

// marshalVectors writes rows one to a line, so that diffs of the table
// stay readable.
func marshalVectors(rows []frameVector) []byte {
	var buf bytes.Buffer
	buf.WriteString("{\"schema\": 1, \"rows\": [\n")
	for i, r := range rows {
		line, err := json.Marshal(r)
		if err != nil {
			panic(err)
		}
		buf.Write(line)
		if i < len(rows)-1 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
	}
	buf.WriteString("]}\n")
	return buf.Bytes()
}

func TestConformanceTableUpToDate(t *testing.T) {
	want := marshalVectors(buildConformanceTable())
	if *update {
		if err := os.WriteFile(conformanceVectorsFile, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(conformanceVectorsFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs from the row descriptions; run go test -run %s -update and review the diff",
			conformanceVectorsFile, t.Name())
	}
	rows := loadFrameVectors(t, conformanceVectorsFile)
	if len(rows) < 150 {
		t.Errorf("%d rows, want at least 150", len(rows))
	}
	counts := map[string]int{}
	for _, r := range rows {
		switch {
		case r.Frame != nil:
			counts["frame"]++
		case r.Error != nil:
			counts["error"]++
		default:
			counts["need_more"]++
		}
		counts[r.Role]++
	}
	for _, k := range []string{"frame", "error", "need_more", "server", "client"} {
		if counts[k] == 0 {
			t.Errorf("no %s rows", k)
		}
	}
	t.Logf("%d rows: %s", len(rows), strings.TrimPrefix(fmt.Sprint(counts), "map"))
}
