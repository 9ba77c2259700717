package fuzz

import (
	"bytes"
	"testing"
	"unicode/utf8"

	"github.com/wscodec/wscodec/wsframe"
	"github.com/wscodec/wscodec/wsutf8"
)

// FuzzUTF8 checks UTF-8 validation against unicode/utf8 through every
// public door: wsutf8.Valid; a wsutf8.Validator fed in fuzzed pieces, each
// Write reporting whether the stream so far is still a valid prefix and
// Done whether it is valid, then again after Reset; and a text message
// made of one frame per piece sent to a server Conn, which must deliver it
// whole when valid and otherwise fail with 1007 on the first frame that
// makes it invalid (fail fast, RFC 6455 §8.1), and a client Conn's
// AppendText, which must refuse invalid text.
func FuzzUTF8(f *testing.F) {
	f.Add([]byte("Hello-\xc2\xb5@\xc3\x9f\xc3\xb6\xc3\xa4\xc3\xbc\xc3\xa0\xc3\xa1-UTF-8!!"), []byte{3, 0, 7})
	f.Add([]byte("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80edited"), []byte{5, 1, 1, 1})
	f.Add([]byte("\xf4\x90\x80\x80"), []byte{1, 1, 1})
	f.Add([]byte("\xe0\x80"), []byte{1})
	f.Fuzz(func(t *testing.T, b, sizes []byte) {
		valid := utf8.Valid(b)
		if got := wsutf8.Valid(b); got != valid {
			t.Fatalf("wsutf8.Valid(%x) = %v, unicode/utf8 says %v", b, got, valid)
		}
		pieces := chunkSizes(sizes, len(b))
		var v wsutf8.Validator
		for pass := 0; pass < 2; pass++ {
			off := 0
			for _, n := range pieces {
				got := v.Write(b[off : off+n])
				off += n
				if want := validPrefix(b[:off]); got != want {
					t.Fatalf("pass %d: Write ending at byte %d of %x = %v, want %v", pass, off, b, got, want)
				}
			}
			if v.Done() != valid {
				t.Fatalf("pass %d: Done = %v for %x", pass, v.Done(), b)
			}
			v.Reset()
		}
		checkConnText(t, b, pieces, valid)
	})
}

// checkConnText sends b to a server Conn as a text message of one frame
// per piece, one frame per Receive call, in both delivery modes.
func checkConnText(t *testing.T, b []byte, pieces []int, valid bool) {
	t.Helper()
	// The frame whose piece ends the longest valid prefix is where the
	// Conn must fail: the last one if the text is merely cut short.
	failAt := -1
	if !valid {
		off := 0
		for i, n := range pieces {
			off += n
			if !validPrefix(b[:off]) {
				failAt = i
				break
			}
		}
		if failAt < 0 {
			failAt = len(pieces) - 1
		}
	}
	key := [4]byte{1, 2, 3, 4}
	for _, streaming := range []bool{false, true} {
		c := wsframe.NewConn(wsframe.ConnConfig{Streaming: streaming})
		var got []byte
		off := 0
		for i, n := range pieces {
			op := wsframe.OpContinuation
			if i == 0 {
				op = wsframe.OpText
			}
			h := wsframe.Header{Fin: i == len(pieces)-1, Opcode: op, Masked: true, Key: key}
			frame := wsframe.AppendFrame(nil, wsframe.Frame{Header: h, Payload: b[off : off+n]})
			off += n
			for len(frame) > 0 {
				ev, m, err := c.Receive(frame)
				frame = frame[m:]
				if err != nil {
					if err != wsframe.ErrInvalidUTF8 || i != failAt || ev == nil || ev.Code != wsframe.CloseInvalidPayload {
						t.Fatalf("streaming=%v: frame %d of %d fails with %v (%+v); want ErrInvalidUTF8 at frame %d", streaming, i, len(pieces), err, ev, failAt)
					}
					goto next
				}
				if ev == nil {
					break
				}
				if ev.Kind != wsframe.EventText {
					t.Fatalf("event %+v", ev)
				}
				got = append(got, ev.Payload...)
			}
			if i == failAt {
				t.Fatalf("streaming=%v: invalid text %x accepted through frame %d", streaming, b, i)
			}
		}
		if !bytes.Equal(got, b) {
			t.Fatalf("streaming=%v: received %x, sent %x", streaming, got, b)
		}
	next:
	}
	client := wsframe.NewConn(wsframe.ConnConfig{Policy: wsframe.Policy{Role: wsframe.Client}, KeySource: &counterKeys{}})
	out, err := client.AppendText(nil, b)
	if (err == nil) != valid {
		t.Fatalf("AppendText(%x) = %v; valid %v", b, err, valid)
	}
	if valid {
		f, _, perr := wsframe.ParseFrame(out, &wsframe.Policy{})
		if perr != nil || !bytes.Equal(f.Payload, b) {
			t.Fatalf("AppendText wrote %x: %v", out, perr)
		}
	}
}
