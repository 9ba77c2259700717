package fuzz

import (
	"bytes"
	"testing"
	"unsafe"

	"github.com/google/go-cmp/cmp"
	"github.com/wscodec/wscodec/wsframe"
)

// describedFrames reads up to eight frames, valid for a receiver with
// policy p, from a fuzzed description. Each frame takes a flags byte:
// bits 0–2 the opcode (of the six defined), bit 3 FIN, bit 4 RSV1 if p
// permits it, bits 5–6 the length form (7-bit, 16-bit, 64-bit, empty),
// bit 7 a payload of one repeated byte instead of bytes of the
// description; then the length, the payload and, from a client, the key.
// The 16- and 64-bit forms are used with lengths that need them, capped
// by p's frame limit, so the frames stay valid under a strict policy.
func describedFrames(p wsframe.Policy, desc []byte) []wsframe.Frame {
	s := script{b: desc}
	limit := p.MaxFramePayload
	if limit == 0 {
		limit = wsframe.DefaultMaxFramePayload
	}
	var frames []wsframe.Frame
	for !s.done() && len(frames) < 8 {
		flags := s.byte()
		h := wsframe.Header{
			Opcode: definedOpcodes[int(flags&7)%len(definedOpcodes)],
			Fin:    flags&8 != 0,
		}
		if flags&0x10 != 0 && (h.Opcode == wsframe.OpText || h.Opcode == wsframe.OpBinary) {
			h.RSV = p.RSV & wsframe.RSV1
		}
		var n int
		switch flags >> 5 & 3 {
		case 0:
			n = int(s.byte()) % 126
		case 1:
			n = 126 + int(s.uint16())%1000
		case 2:
			n = 1<<16 + int(s.byte())
		}
		if uint64(n) > limit {
			n = int(limit)
		}
		if h.Opcode.IsControl() {
			h.Fin = true
			n = min(n, 125)
		}
		var payload []byte
		if flags&0x80 != 0 {
			payload = bytes.Repeat([]byte{s.byte()}, n)
		} else {
			payload = append(s.bytes(n), make([]byte, n)...)[:n]
		}
		if h.Opcode == wsframe.OpClose {
			payload = closePayloadFrom(payload)
		}
		if p.Role == wsframe.Server {
			h.Masked = true
			copy(h.Key[:], s.bytes(4))
		}
		h.Length = uint64(len(payload))
		frames = append(frames, wsframe.Frame{Header: h, Payload: payload})
	}
	return frames
}

// decodeOutcome is what a Decoder made of a whole stream.
type decodeOutcome struct {
	Frames   []wsframe.Frame
	Err      error
	Consumed int
	Boundary bool
}

// referenceOutcome decodes stream with repeated ParseFrame calls.
func referenceOutcome(p wsframe.Policy, stream []byte) decodeOutcome {
	var out decodeOutcome
	b := bytes.Clone(stream)
	for len(b) > 0 {
		f, n, err := wsframe.ParseFrame(b, &p)
		if err != nil {
			out.Err = err
			return out
		}
		if n < 0 {
			return out
		}
		f.Payload = bytes.Clone(f.Payload)
		out.Frames = append(out.Frames, f)
		out.Consumed += n
		b = b[n:]
	}
	out.Boundary = true
	return out
}

// decodeEvents feeds stream to a fresh Decoder in chunks of the given
// sizes and gathers the frames from its events, checking each event:
// Start on a frame's first event only, End on its last, the header
// constant within a frame, and the payload piece a slice of the chunk
// just pushed, its capacity ending where it ends.
func decodeEvents(t *testing.T, p wsframe.Policy, stream []byte, sizes []int) decodeOutcome {
	t.Helper()
	b := bytes.Clone(stream)
	d := wsframe.NewDecoder(p)
	var out decodeOutcome
	var cur *wsframe.Frame
	var got uint64
	off := 0
	for _, size := range sizes {
		chunk := b[off : off+size]
		off += size
		for {
			ev, n, err := d.Decode(chunk)
			if n < 0 || n > len(chunk) {
				t.Fatalf("Decode consumed %d of %d bytes", n, len(chunk))
			}
			out.Consumed += n
			if err != nil {
				if ev != nil || d.Err() != err {
					t.Fatalf("error %v with event %+v, Err() %v", err, ev, d.Err())
				}
				if again, m, err2 := d.Decode(chunk[n:]); again != nil || m != 0 || err2 != err {
					t.Fatalf("failed Decoder: then %+v, %d, %v", again, m, err2)
				}
				out.Err = err
				if cur != nil {
					// A close frame is judged at its end, after its
					// first pieces were yielded: it is not a frame.
					out.Frames = out.Frames[:len(out.Frames)-1]
				}
				return out
			}
			if ev == nil {
				if n != len(chunk) {
					t.Fatalf("no event, %d of %d bytes consumed", n, len(chunk))
				}
				break
			}
			pl := ev.Payload
			if cap(pl) != len(pl) || (len(pl) > 0 && !within(pl, chunk[:n])) {
				t.Fatal("event payload is not a piece of the pushed chunk with its capacity cut")
			}
			chunk = chunk[n:]
			if ev.Start != (cur == nil) {
				t.Fatalf("Start=%v inside a frame: %v", ev.Start, cur != nil)
			}
			if ev.Start {
				out.Frames = append(out.Frames, wsframe.Frame{Header: ev.Header, Payload: []byte{}})
				cur = &out.Frames[len(out.Frames)-1]
				got = 0
			} else if ev.Header != cur.Header {
				t.Fatalf("header changed inside a frame: %+v then %+v", cur.Header, ev.Header)
			}
			cur.Payload = append(cur.Payload, pl...)
			got += uint64(len(pl))
			if ev.End != (got == cur.Length) || got > cur.Length {
				t.Fatalf("End=%v after %d of %d payload bytes", ev.End, got, cur.Length)
			}
			if ev.End {
				cur = nil
			}
			if d.AtFrameBoundary() != (cur == nil) {
				t.Fatalf("AtFrameBoundary %v inside a frame %v", d.AtFrameBoundary(), cur != nil)
			}
		}
	}
	if cur != nil {
		// The unfinished frame is not part of the outcome.
		out.Frames = out.Frames[:len(out.Frames)-1]
	}
	out.Boundary = d.AtFrameBoundary()
	return out
}

// within reports whether piece lies inside buf.
func within(piece, buf []byte) bool {
	if len(buf) == 0 {
		return false
	}
	start := uintptr(unsafe.Pointer(unsafe.SliceData(buf)))
	p := uintptr(unsafe.Pointer(unsafe.SliceData(piece)))
	return p >= start && p+uintptr(len(piece)) <= start+uintptr(len(buf))
}

// decodeFrames is decodeEvents with DecodeFrame: whole frames only.
func decodeFrames(p wsframe.Policy, stream []byte, sizes []int) decodeOutcome {
	b := bytes.Clone(stream)
	d := wsframe.NewDecoder(p)
	var out decodeOutcome
	off := 0
	for _, size := range sizes {
		chunk := b[off : off+size]
		off += size
		for {
			f, n, err := d.DecodeFrame(chunk)
			out.Consumed += n
			if err != nil {
				out.Err = err
				return out
			}
			if f == nil {
				break
			}
			out.Frames = append(out.Frames, wsframe.Frame{Header: f.Header, Payload: bytes.Clone(f.Payload)})
			chunk = chunk[n:]
		}
	}
	out.Boundary = d.AtFrameBoundary()
	return out
}

var outcomeOpts = cmp.Options{
	cmp.Comparer(func(a, b error) bool { return a == b }),
	cmp.Comparer(func(a, b []byte) bool { return bytes.Equal(a, b) }),
}

// FuzzDecoderStream builds a stream of valid frames from a fuzzed
// description, appends fuzzed tail bytes, and feeds it to a Decoder in
// fuzzed chunks, both event by event and with DecodeFrame. It checks the
// Decoder against an oracle, not only against itself: it yields exactly
// the frames described (headers and unmasked payloads, whatever the
// length form or the split), then what repeated ParseFrame makes of the
// tail, with the same error; the events keep their documented shape; and
// bytes consumed, error and frame boundary match the whole-input run.
func FuzzDecoderStream(f *testing.F) {
	f.Add(byte(0), []byte{0x09, 5, 'H', 'e', 'l', 'l', 'o', 1, 2, 3, 4}, []byte{}, []byte{3, 1})
	f.Add(byte(1), []byte{0x22, 0, 200, 0xab, 0x8c, 3}, []byte{0x82}, []byte{2, 0, 100})
	f.Add(byte(0x41), []byte{0xd9, 0x10, 0x7a, 0, 0, 0, 1, 0x0b, 2, 3, 0xe8, 9, 9, 9, 9}, []byte{0xc1, 0x80}, []byte{1, 1, 1})
	f.Add(byte(0x05), []byte{0xc2, 0, 0x55}, []byte{}, []byte{7, 200})
	f.Fuzz(func(t *testing.T, sel byte, desc, tail, sizes []byte) {
		p := policyOf(sel)
		frames := describedFrames(p, desc)
		var stream []byte
		for _, fr := range frames {
			stream = wsframe.AppendFrame(stream, fr)
		}
		framed := len(stream)
		stream = append(stream, tail...)

		want := referenceOutcome(p, stream[framed:])
		want.Frames = append(frames, want.Frames...)
		want.Consumed += framed
		whole := decodeEvents(t, p, stream, []int{len(stream)})
		check := func(name string, got decodeOutcome) {
			t.Helper()
			if diff := cmp.Diff(want.Frames, got.Frames, outcomeOpts); len(want.Frames)+len(got.Frames) > 0 && diff != "" {
				t.Fatalf("%s: frames differ from the description (-want +got):\n%s", name, diff)
			}
			if got.Err != want.Err || got.Boundary != want.Boundary {
				t.Fatalf("%s: error %v, boundary %v; want %v, %v", name, got.Err, got.Boundary, want.Err, want.Boundary)
			}
			if want.Err == nil && got.Consumed != len(stream) {
				t.Fatalf("%s: consumed %d of %d bytes", name, got.Consumed, len(stream))
			}
			if want.Err != nil && got.Consumed != whole.Consumed {
				t.Fatalf("%s: consumed %d before the error, whole input %d", name, got.Consumed, whole.Consumed)
			}
		}
		check("whole", whole)
		split := chunkSizes(sizes, len(stream))
		check("split", decodeEvents(t, p, stream, split))
		check("frames", decodeFrames(p, stream, split))
	})
}
