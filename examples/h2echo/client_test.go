package main

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/wscodec/wscodec/wsframe"
)

// wsClient is the client side of one WebSocket in the tests, over any
// stream: a TLS connection after an upgrade, or the two bodies of an
// HTTP/2 extended CONNECT.
type wsClient struct {
	t   *testing.T
	c   *wsframe.Conn
	r   io.Reader
	w   io.Writer
	buf []byte
	in  []byte // received bytes not yet given to c
}

func newWSClient(t *testing.T, r io.Reader, w io.Writer, early []byte) *wsClient {
	return &wsClient{
		t: t,
		c: wsframe.NewConn(wsframe.ConnConfig{
			Policy:         wsframe.Policy{Role: wsframe.Client, MaxFramePayload: 64 << 20},
			MaxMessageSize: 64 << 20,
		}),
		r:   r,
		w:   w,
		buf: make([]byte, 64<<10),
		in:  early,
	}
}

// event is a received event with its payload copied.
type event struct {
	kind    wsframe.EventKind
	payload []byte
	code    wsframe.CloseCode
	err     error
	ended   bool // the transport ended: err says how (io.EOF when cleanly)
}

func (wc *wsClient) write(b []byte) {
	wc.t.Helper()
	if _, err := wc.w.Write(b); err != nil {
		wc.t.Fatalf("write: %v", err)
	}
}

func (wc *wsClient) send(op wsframe.Opcode, payload []byte) {
	wc.t.Helper()
	out, err := wc.c.AppendMessage(nil, op, payload)
	if err != nil {
		wc.t.Fatal(err)
	}
	wc.write(out)
}

func (wc *wsClient) ping(payload []byte) {
	wc.t.Helper()
	out, err := wc.c.AppendPing(nil, payload)
	if err != nil {
		wc.t.Fatal(err)
	}
	wc.write(out)
}

func (wc *wsClient) close(code wsframe.CloseCode, reason string) {
	wc.t.Helper()
	out, err := wc.c.AppendClose(nil, code, reason)
	if err != nil {
		wc.t.Fatal(err)
	}
	wc.write(out)
}

// next returns the next event, sending what the Conn queued (a close
// reply) on the way.
func (wc *wsClient) next() event {
	wc.t.Helper()
	for {
		for len(wc.in) > 0 {
			ev, n, err := wc.c.Receive(wc.in)
			wc.in = wc.in[n:]
			if out := wc.c.AppendOutgoing(nil); len(out) > 0 {
				wc.w.Write(out) // the server may be gone already
			}
			if ev != nil {
				return event{kind: ev.Kind, payload: bytes.Clone(ev.Payload), code: ev.Code, err: err}
			}
			if err != nil {
				return event{kind: wsframe.EventError, err: err}
			}
		}
		n, err := wc.r.Read(wc.buf)
		wc.in = wc.buf[:n]
		if n == 0 && err != nil {
			return event{ended: true, err: err}
		}
	}
}

// expectEcho sends payload and checks that it comes back unchanged as the
// same kind of message.
func (wc *wsClient) expectEcho(op wsframe.Opcode, payload []byte) {
	wc.t.Helper()
	wc.send(op, payload)
	ev := wc.next()
	want := wsframe.EventBinary
	if op == wsframe.OpText {
		want = wsframe.EventText
	}
	if ev.kind != want || !bytes.Equal(ev.payload, payload) {
		wc.t.Fatalf("echo of %d bytes %v: got %v of %d bytes (%v)", len(payload), op, ev.kind, len(ev.payload), ev.err)
	}
}

// expectClose checks that the next event is a close frame with code and
// reason, and that the server then ends the stream cleanly.
func (wc *wsClient) expectClose(code wsframe.CloseCode, reason string) {
	wc.t.Helper()
	ev := wc.next()
	if ev.kind != wsframe.EventClose || ev.code != code || string(ev.payload) != reason {
		wc.t.Fatalf("got %v %d %q (%v), want close %d %q", ev.kind, ev.code, ev.payload, ev.err, code, reason)
	}
	if ev := wc.next(); !ev.ended || !errors.Is(ev.err, io.EOF) {
		wc.t.Fatalf("after the close handshake: got %v %v, want the end of the stream", ev.kind, ev.err)
	}
}
