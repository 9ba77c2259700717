package fuzz

import (
	"bytes"
	"math"
	"testing"
	"unicode/utf8"

	"github.com/wscodec/wscodec/wsframe"
)

// policyOf derives a receiving endpoint's Policy from one fuzzed byte:
// bit 0 the role (client), bit 1 lax length forms, bits 2–3 the frame
// limit (default, 125, 300, none), and the RSV bits in their header
// places (0x40, 0x20, 0x10) as the bits extensions permit.
func policyOf(sel byte) wsframe.Policy {
	p := wsframe.Policy{RSV: sel & (wsframe.RSV1 | wsframe.RSV2 | wsframe.RSV3)}
	if sel&1 != 0 {
		p.Role = wsframe.Client
	}
	p.AllowNonMinimalLength = sel&2 != 0
	switch sel >> 2 & 3 {
	case 1:
		p.MaxFramePayload = 125
	case 2:
		p.MaxFramePayload = 300
	case 3:
		p.MaxFramePayload = 1<<64 - 1
	}
	return p
}

// FuzzFrameDecode judges arbitrary bytes with the three frame decoders of
// wsframe (ParseHeader, ParseFrame, Decoder.DecodeFrame) under a fuzzed
// policy and checks that they agree and that:
//   - every error is a *ProtocolError carrying a close code valid on the
//     wire (RFC 6455 §7.4.1);
//   - "need more" is exact once the header is complete;
//   - an accepted frame's payload is the input XORed byte by byte with its
//     key, aliases the input, and re-encodes with AppendFrame to the same
//     bytes when the input used the minimal length form (always, under a
//     strict policy); otherwise it re-encodes to the minimal form, which a
//     strict policy accepts as the same frame;
//   - the sender of the opposite role may send every accepted header
//     (Policy.CheckSend), and a close payload re-encodes with
//     AppendClosePayload to itself.
func FuzzFrameDecode(f *testing.F) {
	f.Add(byte(0), []byte("\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58"))
	f.Add(byte(3), []byte("\x82\x7e\x00\x05hello"))
	f.Add(byte(1), []byte("\x88\x02\x03\xe8\x81"))
	f.Fuzz(func(t *testing.T, sel byte, b []byte) {
		p := policyOf(sel)
		h, hn, herr := wsframe.ParseHeader(b, &p)
		in := bytes.Clone(b)
		fr, n, err := wsframe.ParseFrame(in, &p)
		var dec wsframe.Decoder
		dec.Reset(p)
		din := bytes.Clone(b)
		df, dn, derr := dec.DecodeFrame(din)

		if herr != nil {
			checkProtocolError(t, "ParseHeader", herr)
			if hn != 0 || err != herr || n != 0 {
				t.Fatalf("ParseHeader: n=%d %v; ParseFrame: n=%d %v", hn, herr, n, err)
			}
		}
		if err != nil {
			checkProtocolError(t, "ParseFrame", err)
			if derr != err || df != nil {
				t.Fatalf("ParseFrame fails with %v, Decoder with %v (frame %v)", err, derr, df)
			}
			if !bytes.Equal(in, b) && herr != nil {
				t.Fatal("ParseFrame modified the input of an invalid header")
			}
			return
		}
		if derr != nil {
			t.Fatalf("Decoder fails with %v, ParseFrame accepts (n=%d)", derr, n)
		}
		if hn < 0 {
			if n != hn || df != nil || dn != len(b) {
				t.Fatalf("ParseHeader needs %d more, ParseFrame n=%d, Decoder consumed %d of %d", -hn, n, dn, len(b))
			}
			return
		}
		if n < 0 {
			missing := uint64(hn) + h.Length - uint64(len(b))
			missing = min(missing, math.MaxInt) // as much as an int holds
			if uint64(-n) != missing {
				t.Fatalf("header %+v complete in %d bytes: need %d more, ParseFrame says %d", h, len(b), missing, -n)
			}
			if df != nil || dn != len(b) || !bytes.Equal(in, b) {
				t.Fatalf("incomplete frame: Decoder frame %v after %d bytes, input modified %v", df, dn, !bytes.Equal(in, b))
			}
			return
		}

		// An accepted frame.
		if fr.Header != h || hn+int(h.Length) != n || dn != n || df == nil || df.Header != h || !bytes.Equal(df.Payload, fr.Payload) {
			t.Fatalf("ParseHeader %+v (%d bytes), ParseFrame %+v (%d bytes), Decoder %v (%d bytes)", h, hn, fr.Header, n, df, dn)
		}
		if err := p.CheckReceived(h); err != nil {
			t.Fatalf("accepted %+v that CheckReceived refuses: %v", h, err)
		}
		sender := wsframe.Policy{Role: opposite(p.Role), RSV: p.RSV}
		if err := sender.CheckSend(h); err != nil {
			t.Fatalf("accepted %+v that the %v peer may not send: %v", h, sender.Role, err)
		}
		want := bytes.Clone(b[hn:n])
		xorReference(want, h.Key, 0)
		if !h.Masked && h.Key != [4]byte{} {
			t.Fatalf("unmasked header with key %x", h.Key)
		}
		if !bytes.Equal(fr.Payload, want) {
			t.Fatalf("payload %x, want %x", fr.Payload, want)
		}
		if cap(fr.Payload) != len(fr.Payload) || (len(want) > 0 && &fr.Payload[0] != &in[hn]) {
			t.Fatal("payload does not alias the input with its capacity cut at its end")
		}
		enc := wsframe.AppendFrame(nil, fr)
		minimal := len(enc) == n
		if !p.AllowNonMinimalLength && !minimal {
			t.Fatalf("strict policy accepted %x, whose minimal form is %x", b[:n], enc)
		}
		if minimal && !bytes.Equal(enc, b[:n]) {
			t.Fatalf("frame %x re-encodes to %x", b[:n], enc)
		}
		if !minimal {
			strict := p
			strict.AllowNonMinimalLength = false
			back, m, err := wsframe.ParseFrame(bytes.Clone(enc), &strict)
			if err != nil || m != len(enc) || back.Header != fr.Header || !bytes.Equal(back.Payload, fr.Payload) {
				t.Fatalf("minimal form %x of %x: %+v, n=%d, %v", enc, b[:n], back, m, err)
			}
		}
		if h.Opcode == wsframe.OpClose {
			code, reason, err := wsframe.ParseClosePayload(fr.Payload)
			if err != nil {
				t.Fatalf("ParseFrame accepted close payload %x that ParseClosePayload refuses: %v", fr.Payload, err)
			}
			again, err := wsframe.AppendClosePayload(nil, code, string(reason))
			if err != nil || !bytes.Equal(again, fr.Payload) {
				t.Fatalf("close payload %x re-encodes to %x, %v", fr.Payload, again, err)
			}
		}
	})
}

// roundTripFrame builds a frame the endpoint with role sender may send,
// from fuzzed values: sel picks the opcode (bits 0–2), FIN (bit 3) and RSV
// bits (bits 4–6) that a peer permitting them accepts; control frames get
// FIN, no RSV, at most 125 bytes and, for close, a payload of a valid code
// and UTF-8 reason.
func roundTripFrame(sender wsframe.Role, sel byte, key uint32, payload []byte) wsframe.Frame {
	op := definedOpcodes[int(sel&7)%len(definedOpcodes)]
	h := wsframe.Header{Opcode: op, Fin: sel&8 != 0}
	if op == wsframe.OpText || op == wsframe.OpBinary {
		h.RSV = sel & 0x70
	}
	if op.IsControl() {
		h.Fin = true
		payload = payload[:min(len(payload), 125)]
	}
	if op == wsframe.OpClose {
		payload = closePayloadFrom(payload)
	}
	if sender == wsframe.Client {
		h.Masked = true
		h.Key = keyOf(key)
	}
	h.Length = uint64(len(payload))
	return wsframe.Frame{Header: h, Payload: payload}
}

// closePayloadFrom makes a valid close payload from fuzzed bytes: empty,
// or a wire-valid code chosen by the first two bytes and the rest made
// valid UTF-8 and cut to 123 bytes on a code point boundary.
func closePayloadFrom(b []byte) []byte {
	if len(b) < 2 {
		return nil
	}
	codes := []wsframe.CloseCode{1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014}
	c := wsframe.CloseCode(uint16(b[0])<<8 | uint16(b[1]))
	if !c.ValidOnWire() {
		c = codes[int(c)%len(codes)]
		if b[0]&0x80 != 0 {
			c = 3000 + wsframe.CloseCode(uint16(b[1])<<3%2000)
		}
	}
	var out []byte
	for _, r := range string(bytes.ToValidUTF8(b[2:], []byte("?"))) {
		if utf8.RuneLen(r)+len(out) > 123 {
			break
		}
		out = utf8.AppendRune(out, r)
	}
	payload, err := wsframe.AppendClosePayload(nil, c, string(out))
	if err != nil {
		panic(err)
	}
	return payload
}

// FuzzFrameRoundTrip encodes random valid frames for both roles and
// checks that the receiver of the opposite role decodes exactly what was
// encoded, with ParseFrame and with the Decoder fed in fuzzed chunks; that
// AppendFrame appends after dst without touching dst or the caller's
// payload; that AppendHeader writes HeaderLen bytes, the start of the
// frame; and that every such frame passes the sender's CheckSend.
func FuzzFrameRoundTrip(f *testing.F) {
	f.Add(byte(0x09), uint32(0x37fa213d), []byte("Hello"), []byte{1, 3})
	f.Add(byte(0x5a), uint32(1), bytes.Repeat([]byte{0xfe}, 300), []byte{2, 0, 7})
	f.Add(byte(0x03), uint32(7), []byte("\x03\xe8bye"), []byte{})
	f.Fuzz(func(t *testing.T, sel byte, key uint32, payload, sizes []byte) {
		sender := wsframe.Server
		if sel&0x80 != 0 {
			sender = wsframe.Client
		}
		fr := roundTripFrame(sender, sel, key, payload)
		sendPolicy := wsframe.Policy{Role: sender, RSV: fr.RSV}
		if err := sendPolicy.CheckSend(fr.Header); err != nil {
			t.Fatalf("CheckSend(%+v) = %v", fr.Header, err)
		}
		orig := bytes.Clone(fr.Payload)
		prefix := []byte("prefix")
		dst := append(make([]byte, 0, len(prefix)+2), prefix...)
		enc := wsframe.AppendFrame(dst, fr)
		if !bytes.Equal(enc[:len(prefix)], prefix) || !bytes.Equal(fr.Payload, orig) {
			t.Fatal("AppendFrame changed dst's bytes or the payload")
		}
		enc = enc[len(prefix):]
		hl := wsframe.HeaderLen(fr.Header)
		if len(enc) != hl+len(orig) || hl > wsframe.MaxHeaderLen {
			t.Fatalf("frame of %d bytes, header %d + payload %d", len(enc), hl, len(orig))
		}
		if hdr := wsframe.AppendHeader(nil, fr.Header); !bytes.Equal(hdr, enc[:hl]) {
			t.Fatalf("AppendHeader %x, frame starts %x", hdr, enc[:hl])
		}

		recvPolicy := wsframe.Policy{Role: opposite(sender), RSV: fr.RSV}
		got, n, err := wsframe.ParseFrame(bytes.Clone(enc), &recvPolicy)
		if err != nil || n != len(enc) || got.Header != fr.Header || !bytes.Equal(got.Payload, orig) {
			t.Fatalf("ParseFrame(%x) = %+v, %d, %v; sent %+v", enc, got, n, err, fr)
		}

		stream := bytes.Clone(enc)
		dec := wsframe.NewDecoder(recvPolicy)
		var pieces []byte
		events := 0
		off := 0
		for _, size := range chunkSizes(sizes, len(stream)) {
			chunk := stream[off : off+size]
			off += size
			for {
				ev, m, err := dec.Decode(chunk)
				if err != nil {
					t.Fatalf("Decoder: %v", err)
				}
				chunk = chunk[m:]
				if ev == nil {
					if len(chunk) != 0 {
						t.Fatalf("no event with %d bytes left", len(chunk))
					}
					break
				}
				if ev.Start != (events == 0) || ev.Header != fr.Header {
					t.Fatalf("event %d: start %v header %+v", events, ev.Start, ev.Header)
				}
				events++
				pieces = append(pieces, ev.Payload...)
				if ev.End != (len(pieces) == len(orig)) {
					t.Fatalf("End=%v after %d of %d payload bytes", ev.End, len(pieces), len(orig))
				}
			}
		}
		if events == 0 || !bytes.Equal(pieces, orig) || !dec.AtFrameBoundary() {
			t.Fatalf("Decoder: %d events, payload %x, want %x", events, pieces, orig)
		}
	})
}
