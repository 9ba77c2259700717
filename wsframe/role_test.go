package wsframe

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// roleOutcome is everything the role decides for one input, gathered so
// that two roles can be compared whole.
type roleOutcome struct {
	String string

	ParseN     []int
	ParseErr   []string
	Parsed     []Header
	Received   []string // CheckReceived of each header
	Send       []string // CheckSend of each header
	DecodeN    []int
	DecodeErr  []string
	Decoded    []Header
	ConnEvents []string
	ConnErr    string
	ConnSent   []byte // a message, then the reply to a received close
	CloseFirst bool   // ShouldCloseTransport after the close handshake
}

// roleOutcomeOf runs role through every place the role decides something:
// the masking rule of received headers (the fast paths of ParseHeader and
// its full judgement, CheckReceived, the Decoder's whole-frame path and
// its general one), the masking of sent frames (CheckSend and the Conn),
// and which end closes the transport first.
func roleOutcomeOf(t *testing.T, role Role) roleOutcome {
	t.Helper()
	key := [4]byte{0x11, 0x22, 0x33, 0x44}
	var headers []Header
	var frames [][]byte
	for _, length := range []int{5, 300, 70000} { // the 7-, 16- and 64-bit forms
		for _, masked := range []bool{false, true} {
			h := Header{Fin: true, Opcode: OpBinary, Masked: masked}
			if masked {
				h.Key = key
			}
			frame := AppendFrame(nil, Frame{Header: h, Payload: make([]byte, length)})
			h.Length = uint64(length)
			headers, frames = append(headers, h), append(frames, frame)
		}
	}
	var inputs [][]byte
	for i, f := range frames {
		// The whole frame, its header, and its first two bytes, which
		// leave the fast paths for the full judgement.
		inputs = append(inputs, f, f[:HeaderLen(headers[i])], f[:2])
	}

	p := Policy{Role: role}
	var o roleOutcome
	o.String = role.String()
	for _, h := range headers {
		o.Received = append(o.Received, errText(p.CheckReceived(h)))
		o.Send = append(o.Send, errText(p.CheckSend(h)))
	}
	for _, in := range inputs {
		var h Header
		n, err := h.Parse(in, &p)
		o.ParseN, o.ParseErr, o.Parsed = append(o.ParseN, n), append(o.ParseErr, errText(err)), append(o.Parsed, h)

		d := NewDecoder(p)
		f, dn, derr := d.DecodeFrame(append([]byte(nil), in...))
		o.DecodeN, o.DecodeErr = append(o.DecodeN, dn), append(o.DecodeErr, errText(derr))
		if f != nil {
			o.Decoded = append(o.Decoded, f.Header)
		}
	}

	c := NewConn(ConnConfig{Policy: p})
	sent, err := c.AppendBinary(nil, []byte("hi"))
	if err != nil {
		t.Fatalf("%v: AppendBinary: %v", role, err)
	}
	// A masked message and a masked close: what a server receives.
	ev, _, err := c.Receive(append([]byte(nil), frames[1]...))
	o.ConnEvents, o.ConnErr = append(o.ConnEvents, fmt.Sprint(ev)), errText(err)
	if err == nil {
		closeFrame := AppendFrame(nil, Frame{Header: Header{Fin: true, Opcode: OpClose, Masked: true, Key: key}, Payload: []byte{0x03, 0xE8}})
		ev, _, err := c.Receive(closeFrame)
		o.ConnEvents, o.ConnErr = append(o.ConnEvents, fmt.Sprint(ev)), errText(err)
	}
	o.ConnSent = c.AppendOutgoing(sent)
	o.CloseFirst = c.ShouldCloseTransport()
	return o
}

// TestRoleOtherThanClientActsAsServer checks that a Role other than the
// two named ones is a Server wherever the role decides something, as
// Role's String has it, so that no two layers can disagree about it.
func TestRoleOtherThanClientActsAsServer(t *testing.T) {
	server := roleOutcomeOf(t, Server)
	if client := roleOutcomeOf(t, Client); cmp.Equal(server, client) {
		t.Fatal("the inputs do not tell Server from Client")
	}
	for _, role := range []Role{2, 3, 0x80, 0xFF} {
		if diff := cmp.Diff(server, roleOutcomeOf(t, role)); diff != "" {
			t.Errorf("Role(%d) differs from Server (-server +Role(%d)):\n%s", role, role, diff)
		}
	}
}

// errText is err's message with its close code, or "" for nil.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return fmt.Sprintf("%v (%v)", err, CloseCodeOf(err))
}
