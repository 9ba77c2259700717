package wsframe

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"unicode/utf8"
)

// connCounterKeys is a deterministic KeySource: key i is the four bytes
// of the 32-bit big-endian value base+i.
type connCounterKeys struct{ next uint32 }

func (k *connCounterKeys) NextKey() [4]byte {
	v := k.next
	k.next++
	return [4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}
}

// connPeerKey is the masking key the tests' peers use for every frame they
// send to a server.
var connPeerKey = [4]byte{0x37, 0xfa, 0x21, 0x3d}

// connPeerFrame encodes a frame as the peer of a local endpoint with role
// local sends it: masked with connPeerKey when the peer is a client.
func connPeerFrame(local Role, fin bool, rsv uint8, op Opcode, payload []byte) []byte {
	h := Header{Fin: fin, RSV: rsv, Opcode: op}
	if local == Server {
		h.Masked = true
		h.Key = connPeerKey
	}
	return AppendFrame(nil, Frame{Header: h, Payload: payload})
}

// connLocalFrame encodes a frame as an endpoint with role local sends it,
// masking with the next key of keys when it is a client.
func connLocalFrame(local Role, keys *connCounterKeys, fin bool, op Opcode, payload []byte) []byte {
	h := Header{Fin: fin, Opcode: op}
	if local == Client {
		h.Masked = true
		h.Key = keys.NextKey()
	}
	return AppendFrame(nil, Frame{Header: h, Payload: payload})
}

// connEventRecord is a ConnEvent copied out of the Conn, in the form the
// conformance table writes it. A payload longer than connSummaryOver bytes
// is written as its length and SHA-256 rather than spelled out.
type connEventRecord struct {
	Kind   string `json:"kind"`
	Text   string `json:"text,omitempty"`
	Hex    string `json:"hex,omitempty"`
	Len    int    `json:"len,omitempty"`
	SHA256 string `json:"sha256,omitempty"`
	Code   int    `json:"code,omitempty"`
	Error  string `json:"error,omitempty"`
}

const connSummaryOver = 256

// connRawEvent is a ConnEvent with its payload copied.
type connRawEvent struct {
	kind    EventKind
	payload []byte
	code    CloseCode
	err     error
	partial bool // streaming: the message has not reached its Last piece
}

// connMakeRecord writes an event in the table's form. Text and close
// reasons are kept as text when they are valid UTF-8, everything else as
// hex.
func connMakeRecord(kind EventKind, payload []byte, code CloseCode, err error) connEventRecord {
	r := connEventRecord{Kind: kind.String()}
	switch kind {
	case EventText, EventClose, EventBinary, EventPing, EventPong:
		switch {
		case len(payload) > connSummaryOver:
			sum := sha256.Sum256(payload)
			r.Len, r.SHA256 = len(payload), hex.EncodeToString(sum[:])
		case kind != EventBinary && kind != EventPing && kind != EventPong && utf8.Valid(payload):
			r.Text = string(payload)
		default:
			r.Hex = hex.EncodeToString(payload)
		}
	}
	switch kind {
	case EventClose, EventError:
		r.Code = int(code)
	}
	if kind == EventError {
		r.Error = connSentinelName(err)
	}
	return r
}

// connSentinels names the errors a Conn's receiving side can fail with.
var connSentinels = []struct {
	name string
	err  error
}{
	{"ErrReservedBits", ErrReservedBits},
	{"ErrReservedOpcode", ErrReservedOpcode},
	{"ErrFragmentedControl", ErrFragmentedControl},
	{"ErrControlTooLong", ErrControlTooLong},
	{"ErrUnmaskedFrame", ErrUnmaskedFrame},
	{"ErrMaskedFrame", ErrMaskedFrame},
	{"ErrNonMinimalLength", ErrNonMinimalLength},
	{"ErrLengthMSB", ErrLengthMSB},
	{"ErrFrameTooLarge", ErrFrameTooLarge},
	{"ErrClosePayloadLength", ErrClosePayloadLength},
	{"ErrInvalidCloseCode", ErrInvalidCloseCode},
	{"ErrInvalidUTF8", ErrInvalidUTF8},
	{"ErrUnexpectedContinuation", ErrUnexpectedContinuation},
	{"ErrExpectedContinuation", ErrExpectedContinuation},
	{"ErrMessageTooLarge", ErrMessageTooLarge},
	{"ErrTooManyFragments", ErrTooManyFragments},
	{"ErrAbnormalClosure", ErrAbnormalClosure},
}

func connSentinelName(err error) string {
	for _, s := range connSentinels {
		if errors.Is(err, s.err) {
			return s.name
		}
	}
	return fmt.Sprintf("unnamed(%v)", err)
}

// connDriver feeds input to a Conn the way a transport loop does and
// records what comes out.
type connDriver struct {
	c   *Conn
	raw []connRawEvent
	out []byte
	err error
	// drainEach takes the outgoing bytes after every event rather than
	// after every chunk, which makes them independent of the chunking.
	drainEach bool
	// merge joins consecutive streamed pieces of a message into one
	// event, so streamed events can be compared across chunkings.
	merge bool
}

// push feeds one chunk, as a transport delivers it.
func (d *connDriver) push(chunk []byte) {
	for {
		ev, n, err := d.c.Receive(chunk)
		chunk = chunk[n:]
		if ev != nil {
			d.record(ev)
		}
		if d.drainEach {
			d.out = d.c.AppendOutgoing(d.out)
		}
		if err != nil {
			d.err = err
			break
		}
		if ev == nil {
			if len(chunk) != 0 {
				panic("Receive returned no event with input left")
			}
			break
		}
	}
	d.out = d.c.AppendOutgoing(d.out)
}

func (d *connDriver) eof() {
	ev, err := d.c.ReceiveEOF()
	if ev != nil {
		d.record(ev)
	}
	if err != nil {
		d.err = err
	}
	d.out = d.c.AppendOutgoing(d.out)
}

func (d *connDriver) record(ev *ConnEvent) {
	isMsg := ev.Kind == EventText || ev.Kind == EventBinary
	if d.merge && isMsg && !ev.First {
		// The open message may be followed by control events.
		for i := len(d.raw) - 1; i >= 0; i-- {
			if d.raw[i].partial {
				d.raw[i].payload = append(d.raw[i].payload, ev.Payload...)
				d.raw[i].partial = !ev.Last
				return
			}
		}
		panic("streamed piece without a first piece")
	}
	d.raw = append(d.raw, connRawEvent{
		kind:    ev.Kind,
		payload: append([]byte{}, ev.Payload...),
		code:    ev.Code,
		err:     ev.Err,
		partial: d.merge && isMsg && !ev.Last,
	})
}

// records returns the events in the table's form. A streamed message that
// never reached its last piece is recorded with kind "partial-text" or
// "partial-binary".
func (d *connDriver) records() []connEventRecord {
	var rs []connEventRecord
	for _, e := range d.raw {
		r := connMakeRecord(e.kind, e.payload, e.code, e.err)
		if e.partial {
			r.Kind = "partial-" + r.Kind
		}
		rs = append(rs, r)
	}
	return rs
}

// connFeed runs input through a fresh Conn configured by cfg, in chunks
// that end at the given split points, with EOF at the end when eof is set.
func connFeed(cfg ConnConfig, input []byte, splits []int, eof bool) *connDriver {
	d := &connDriver{c: NewConn(cfg), drainEach: true, merge: cfg.Streaming}
	buf := append([]byte(nil), input...)
	prev := 0
	for _, s := range splits {
		d.push(buf[prev:s])
		prev = s
	}
	d.push(buf[prev:])
	if eof {
		d.eof()
	}
	return d
}

func connConcat(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}
