package wsframe

import (
	"strings"
	"testing"
)

// TestConnLongTextFrames covers the whole-message path for text frames
// long enough that the Decoder leaves them masked and the Conn unmasks
// and validates them in one pass (wsutf8.UnmaskValid), where invalid
// text fails at any position, and the frames that take other paths: one
// inside an open message, which fails before its payload is read, a first
// fragment, one to a streaming Conn, a binary frame. Each case runs
// whole, where the frame arrives in one piece and the Decoder leaves it
// masked, and at every split point, where it does not.
func TestConnLongTextFrames(t *testing.T) {
	s := func(fin bool, op Opcode, p string) []byte { return connPeerFrame(Server, fin, 0, op, []byte(p)) }
	text := strings.Repeat("日本語のテキスト、", 200) // 5400 bytes
	bad := func(at int, b string) string { return text[:at] + b + text[at+len(b):] }
	message := func(kind EventKind, p string) connEventRecord { return connMakeRecord(kind, []byte(p), 0, nil) }
	invalid := func(name string, msg string) connCase {
		return connCase{
			name:   name,
			input:  s(true, OpText, msg),
			events: []connEventRecord{connErrorEv(ErrInvalidUTF8)},
			out:    connServerClose(CloseInvalidPayload),
			err:    ErrInvalidUTF8,
			state:  StateClosed,
		}
	}
	cases := []connCase{
		{
			name:   "valid",
			input:  connConcat(s(true, OpText, text), s(true, OpText, "after")),
			events: []connEventRecord{message(EventText, text), connTextEv("after")},
		},
		invalid("bad first byte", bad(0, "\xff")),
		invalid("bad byte in the middle", bad(2700, "\x80")),
		invalid("bad byte near the end", bad(len(text)-5, "\xc0")),
		invalid("ends inside a code point", text[:len(text)-1]),
		{
			name:   "then a ping",
			input:  connConcat(s(true, OpText, text), s(true, OpPing, "p")),
			events: []connEventRecord{message(EventText, text), connPingEv([]byte("p"))},
			out:    connServerPong([]byte("p")),
		},
		{
			name:   "inside an open message",
			input:  connConcat(s(false, OpBinary, "b"), s(true, OpText, text)),
			events: []connEventRecord{connErrorEv(ErrExpectedContinuation)},
			out:    connServerClose(CloseProtocolError),
			err:    ErrExpectedContinuation,
			state:  StateClosed,
		},
		{
			name:   "first fragment",
			input:  connConcat(s(false, OpText, text), s(true, OpContinuation, "!")),
			events: []connEventRecord{message(EventText, text+"!")},
		},
		{
			name:   "streaming",
			cfg:    ConnConfig{Streaming: true},
			input:  s(true, OpText, text),
			events: []connEventRecord{message(EventText, text)},
		},
		{
			name:   "binary",
			input:  s(true, OpBinary, bad(2700, "\xff")),
			events: []connEventRecord{message(EventBinary, bad(2700, "\xff"))},
		},
		{
			name:   "over the message limit",
			cfg:    ConnConfig{MaxMessageSize: 5000},
			input:  s(true, OpText, text),
			events: []connEventRecord{connErrorEv(ErrMessageTooLarge)},
			out:    connServerClose(CloseMessageTooBig),
			err:    ErrMessageTooLarge,
			state:  StateClosed,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, tc.run)
	}
}
