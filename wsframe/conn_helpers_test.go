package wsframe

import (
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
// conformance table writes it.
type connEventRecord struct {
	Kind    string `json:"kind"`
	Text    string `json:"text,omitempty"`
	Hex     string `json:"hex,omitempty"`
	Code    int    `json:"code,omitempty"`
	Error   string `json:"error,omitempty"`
	Partial bool   `json:"partial,omitempty"` // streaming: a message was not delivered to its end
}

// connRecord copies ev. Text and close reasons are kept as text when they
// are valid UTF-8, everything else as hex.
func connRecord(ev *ConnEvent) connEventRecord {
	r := connEventRecord{Kind: ev.Kind.String()}
	switch ev.Kind {
	case EventText, EventClose:
		if utf8.Valid(ev.Payload) {
			r.Text = string(ev.Payload)
		} else {
			r.Hex = hex.EncodeToString(ev.Payload)
		}
	case EventBinary, EventPing, EventPong:
		r.Hex = hex.EncodeToString(ev.Payload)
	}
	switch ev.Kind {
	case EventClose, EventError:
		r.Code = int(ev.Code)
	}
	if ev.Kind == EventError {
		r.Error = connSentinelName(ev.Err)
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
	c      *Conn
	events []connEventRecord
	out    []byte
	err    error
	// drainEach takes the outgoing bytes after every event rather than
	// after every chunk, which makes them independent of the chunking.
	drainEach bool
	// merge joins consecutive streamed pieces of a message into one
	// record, so streamed events can be compared across chunkings.
	merge bool
	open  bool // merge: the last record is a message not yet at its end
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
	r := connRecord(ev)
	isMsg := ev.Kind == EventText || ev.Kind == EventBinary
	if d.merge && isMsg && !ev.First && d.open {
		// Find the open message: control events may follow it.
		for i := len(d.events) - 1; i >= 0; i-- {
			if d.events[i].Partial {
				d.events[i] = connJoin(d.events[i], r, ev.Kind)
				d.events[i].Partial = !ev.Last
				break
			}
		}
		d.open = !ev.Last
		return
	}
	if d.merge && isMsg {
		r.Partial = !ev.Last
		d.open = !ev.Last
	}
	d.events = append(d.events, r)
}

// connJoin appends the payload of b to a, keeping text as text when the
// joined bytes are valid UTF-8.
func connJoin(a, b connEventRecord, kind EventKind) connEventRecord {
	ab := append(connRecordBytes(a), connRecordBytes(b)...)
	a.Text, a.Hex = "", ""
	if kind == EventText && utf8.Valid(ab) {
		a.Text = string(ab)
	} else {
		a.Hex = hex.EncodeToString(ab)
	}
	return a
}

func connRecordBytes(r connEventRecord) []byte {
	if r.Hex != "" {
		b, _ := hex.DecodeString(r.Hex)
		return b
	}
	return []byte(r.Text)
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
