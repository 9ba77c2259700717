package fuzz

import (
	"bytes"
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/wscodec/wscodec/wsframe"
)

// closeVerdict is what RFC 6455 §5.5.1 and §7.4 make of a received close
// payload, written out from the RFC: the sentinel wsframe must fail with,
// or nil.
func closeVerdict(b []byte) error {
	switch {
	case len(b) == 0:
		return nil
	case len(b) == 1:
		return wsframe.ErrClosePayloadLength
	case len(b) > 125:
		return wsframe.ErrControlTooLong
	case !wireCloseCode(uint16(b[0])<<8 | uint16(b[1])):
		return wsframe.ErrInvalidCloseCode
	case !utf8.Valid(b[2:]):
		return wsframe.ErrInvalidUTF8
	}
	return nil
}

// FuzzClosePayload checks the close payload codec against the RFC's rules
// written out independently (closeVerdict), and that every path that
// judges a received close agrees with it: ParseClosePayload, a Decoder
// reading the close frame in fuzzed chunks, and a Conn, whose event
// carries the code and reason and whose reply echoes them (or carries the
// error's code). It checks AppendClosePayload too: it refuses exactly
// what the RFC forbids a sender, and what it writes parses back.
func FuzzClosePayload(f *testing.F) {
	f.Add([]byte("\x03\xe8normal"), []byte{3})
	f.Add([]byte("\x03\xed"), []byte{})
	f.Add([]byte("\x0b\xb8\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5"), []byte{8, 1})
	f.Add([]byte("\x03\xe8\xed\xa0\x80"), []byte{1, 1, 1, 1, 1, 1, 1})
	f.Fuzz(func(t *testing.T, b, sizes []byte) {
		want := closeVerdict(b)
		code, reason, err := wsframe.ParseClosePayload(b)
		if err != want {
			t.Fatalf("ParseClosePayload(%x) = %v, want %v", b, err, want)
		}
		if err != nil {
			checkProtocolError(t, "ParseClosePayload", err)
		} else {
			if len(b) == 0 && (code != wsframe.CloseNoStatus || len(reason) != 0) {
				t.Fatalf("empty payload: code %d reason %q", code, reason)
			}
			if len(b) >= 2 {
				if uint16(code) != uint16(b[0])<<8|uint16(b[1]) || !bytes.Equal(reason, b[2:]) {
					t.Fatalf("ParseClosePayload(%x) = %d, %q", b, code, reason)
				}
				if len(reason) > 0 && &reason[0] != &b[2] {
					t.Fatal("reason does not alias the payload")
				}
			}
		}
		checkAppendClosePayload(t, b)
		checkDecoderClose(t, b, sizes, want)
		checkConnClose(t, b, want)
	})
}

// checkAppendClosePayload writes the code and reason b spells and checks
// that AppendClosePayload refuses exactly a code not for the wire, a
// reason over 123 bytes or not UTF-8, and otherwise writes b.
func checkAppendClosePayload(t *testing.T, b []byte) {
	t.Helper()
	if len(b) < 2 {
		return
	}
	code := wsframe.CloseCode(uint16(b[0])<<8 | uint16(b[1]))
	reason := string(b[2:])
	dst := []byte("dst")
	out, err := wsframe.AppendClosePayload(dst, code, reason)
	var broken []error
	if !wireCloseCode(uint16(code)) && !(code == wsframe.CloseNoStatus && reason == "") {
		broken = append(broken, wsframe.ErrInvalidCloseCode)
	}
	if len(reason) > 123 {
		broken = append(broken, wsframe.ErrCloseReasonTooLong)
	}
	if !utf8.ValidString(reason) {
		broken = append(broken, wsframe.ErrInvalidUTF8)
	}
	if err == nil {
		if len(broken) > 0 {
			t.Fatalf("AppendClosePayload(%d, %q) wrote %x, breaking %v", code, reason, out, broken)
		}
		if code == wsframe.CloseNoStatus {
			if string(out) != "dst" {
				t.Fatalf("close without status wrote %x", out[3:])
			}
			return
		}
		if !bytes.Equal(out[3:], b) || string(out[:3]) != "dst" {
			t.Fatalf("AppendClosePayload(%d, %q) = %x, want dst+%x", code, reason, out, b)
		}
		return
	}
	var u *wsframe.UsageError
	if !errors.As(err, &u) || string(out) != "dst" {
		t.Fatalf("AppendClosePayload(%d, %q): %v (%T), dst %q", code, reason, err, err, out)
	}
	for _, s := range broken {
		if errors.Is(err, s) {
			return
		}
	}
	t.Fatalf("AppendClosePayload(%d, %q) refused with %v; rules broken: %v", code, reason, err, broken)
}

// closeFrame is b as a client's masked close frame.
func closeFrame(b []byte) []byte {
	h := wsframe.Header{Fin: true, Opcode: wsframe.OpClose, Masked: true, Key: [4]byte{0x37, 0xfa, 0x21, 0x3d}}
	return wsframe.AppendFrame(nil, wsframe.Frame{Header: h, Payload: b})
}

// checkDecoderClose reads b's close frame with a server Decoder in chunks:
// the verdict is the same, on the frame's last byte (or, over 125 bytes,
// on its header).
func checkDecoderClose(t *testing.T, b, sizes []byte, want error) {
	t.Helper()
	frame := closeFrame(b)
	d := wsframe.NewDecoder(wsframe.Policy{})
	var got []byte
	consumed := 0
	off := 0
	for _, size := range chunkSizes(sizes, len(frame)) {
		chunk := frame[off : off+size]
		off += size
		for len(chunk) > 0 {
			ev, n, err := d.Decode(chunk)
			consumed += n
			if err != nil {
				if err != want {
					t.Fatalf("Decoder fails with %v, want %v", err, want)
				}
				if len(b) <= 125 && consumed != len(frame) {
					t.Fatalf("close payload judged after %d of %d bytes", consumed, len(frame))
				}
				return
			}
			if ev == nil {
				break
			}
			got = append(got, ev.Payload...)
			chunk = chunk[n:]
		}
	}
	if want != nil || !bytes.Equal(got, b) || !d.AtFrameBoundary() {
		t.Fatalf("Decoder yields %x, no error; want %v", got, want)
	}
}

// checkConnClose sends b's close frame to a server Conn and checks its
// event and its reply.
func checkConnClose(t *testing.T, b []byte, want error) {
	t.Helper()
	c := wsframe.NewConn(wsframe.ConnConfig{})
	ev, _, err := c.Receive(closeFrame(b))
	if err != want {
		t.Fatalf("Conn fails with %v, want %v", err, want)
	}
	reply := c.AppendOutgoing(nil)
	rf, n, perr := wsframe.ParseFrame(reply, &wsframe.Policy{Role: wsframe.Client})
	if perr != nil || n != len(reply) || rf.Opcode != wsframe.OpClose {
		t.Fatalf("reply %x: %+v, %d, %v", reply, rf, n, perr)
	}
	if err != nil {
		if ev == nil || ev.Kind != wsframe.EventError || ev.Code != wsframe.CloseCodeOf(want) {
			t.Fatalf("error event %+v", ev)
		}
		code, _, _ := wsframe.ParseClosePayload(rf.Payload)
		if code != wsframe.CloseCodeOf(want) {
			t.Fatalf("close reply carries %d after %v", code, err)
		}
		return
	}
	if ev == nil || ev.Kind != wsframe.EventClose {
		t.Fatalf("event %+v", ev)
	}
	wantCode := wsframe.CloseNoStatus
	if len(b) >= 2 {
		wantCode = wsframe.CloseCode(uint16(b[0])<<8 | uint16(b[1]))
		if !bytes.Equal(ev.Payload, b[2:]) {
			t.Fatalf("close event reason %q, want %q", ev.Payload, b[2:])
		}
	}
	if ev.Code != wantCode {
		t.Fatalf("close event code %d, want %d", ev.Code, wantCode)
	}
	// RFC 6455 §5.5.1: the reply "typically echos the status code"; the
	// Conn echoes the reason too.
	if !bytes.Equal(rf.Payload, b) {
		t.Fatalf("reply payload %x, want the echo %x", rf.Payload, b)
	}
}
