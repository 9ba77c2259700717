package wsframe

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// connConformanceFile is the path of the Conn conformance table, whose
// schema testdata/conn/README.md describes.
const connConformanceFile = "../testdata/conn/conformance.json"

type connConformanceTable struct {
	Description string                `json:"description"`
	Cases       []connConformanceCase `json:"cases"`
}

type connConformanceCase struct {
	ID          string            `json:"id"`
	Section     string            `json:"section"`
	Description string            `json:"description"`
	Role        string            `json:"role"`
	Config      *connCaseConfig   `json:"config,omitempty"`
	Steps       []connCaseStep    `json:"steps"`
	Events      []connEventRecord `json:"events"`
	Outbound    string            `json:"outbound"`
	Error       string            `json:"error,omitempty"`
	State       string            `json:"state"`
}

type connCaseConfig struct {
	MaxFramePayload uint64 `json:"maxFramePayload,omitempty"`
	MaxMessageSize  uint64 `json:"maxMessageSize,omitempty"`
	MaxFragments    int    `json:"maxFragments,omitempty"`
	Streaming       bool   `json:"streaming,omitempty"`
	DisableAutoPong bool   `json:"disableAutoPong,omitempty"`
	FragmentSize    int    `json:"fragmentSize,omitempty"`
}

// connCaseStep is one thing that happens to the Conn: bytes received (as
// hex, or a large frame described), a local send, or the end of input.
type connCaseStep struct {
	Receive      string         `json:"receive,omitempty"`
	ReceiveFrame *connCaseFrame `json:"receiveFrame,omitempty"`
	Send         *connCaseSend  `json:"send,omitempty"`
	EOF          bool           `json:"eof,omitempty"`
}

// connCaseFrame is a frame from the peer whose payload is one byte
// repeated, masked with the table's peer key when the peer is a client.
type connCaseFrame struct {
	Fin    bool   `json:"fin"`
	Opcode uint8  `json:"opcode"`
	Byte   string `json:"byte"`
	Count  int    `json:"count"`
}

// connCaseSend is a call of one of the Conn's Append methods.
type connCaseSend struct {
	Op       string `json:"op"` // text, binary, ping, pong, close
	Text     string `json:"text,omitempty"`
	Hex      string `json:"hex,omitempty"`
	Fragment bool   `json:"fragment,omitempty"` // AppendFragment instead of AppendMessage
	Final    bool   `json:"final,omitempty"`    // with fragment
	Code     int    `json:"code,omitempty"`     // close
	Error    string `json:"error,omitempty"`    // the expected refusal
}

func (f *connCaseFrame) bytes(local Role) []byte {
	b, _ := hex.DecodeString(f.Byte)
	payload := bytes.Repeat(b, f.Count)
	return connPeerFrame(local, f.Fin, 0, Opcode(f.Opcode), payload)
}

func (s *connCaseStep) input(local Role) []byte {
	if s.ReceiveFrame != nil {
		return s.ReceiveFrame.bytes(local)
	}
	b, err := hex.DecodeString(s.Receive)
	if err != nil {
		panic(err)
	}
	return b
}

func (cs *connConformanceCase) role() Role {
	if cs.Role == "client" {
		return Client
	}
	return Server
}

func (cs *connConformanceCase) config() ConnConfig {
	cfg := ConnConfig{Policy: Policy{Role: cs.role()}}
	if cs.role() == Client {
		cfg.KeySource = &connCounterKeys{}
	}
	if x := cs.Config; x != nil {
		cfg.Policy.MaxFramePayload = x.MaxFramePayload
		cfg.MaxMessageSize = x.MaxMessageSize
		cfg.MaxFragments = x.MaxFragments
		cfg.Streaming = x.Streaming
		cfg.DisableAutoPong = x.DisableAutoPong
		cfg.FragmentSize = x.FragmentSize
	}
	return cfg
}

func (s *connCaseSend) payload() []byte {
	if s.Hex != "" {
		b, _ := hex.DecodeString(s.Hex)
		return b
	}
	return []byte(s.Text)
}

// perform makes the call s describes and returns dst extended by its bytes
// and the name of the sentinel it was refused with.
func (s *connCaseSend) perform(c *Conn, dst []byte) ([]byte, string) {
	var err error
	p := s.payload()
	op := map[string]Opcode{"text": OpText, "binary": OpBinary}[s.Op]
	switch {
	case s.Op == "ping":
		dst, err = c.AppendPing(dst, p)
	case s.Op == "pong":
		dst, err = c.AppendPong(dst, p)
	case s.Op == "close":
		dst, err = c.AppendClose(dst, CloseCode(s.Code), s.Text)
	case s.Fragment:
		dst, err = c.AppendFragment(dst, op, p, s.Final)
	default:
		dst, err = c.AppendMessage(dst, op, p)
	}
	if err == nil {
		return dst, ""
	}
	for _, name := range []struct {
		n string
		e error
	}{{"ErrClosed", ErrClosed}, {"ErrSendMessageOpen", ErrSendMessageOpen}, {"ErrNotDataOpcode", ErrNotDataOpcode}, {"ErrCloseReasonTooLong", ErrCloseReasonTooLong}} {
		if errors.Is(err, name.e) {
			return dst, name.n
		}
	}
	return dst, connSentinelName(err)
}

// connCaseResult is what one run of a case produced.
type connCaseResult struct {
	Events   []connEventRecord
	Outbound string
	Error    string
	State    string
	Refusals []string
}

// run plays the case; chunking says how each received step is cut: nil
// pushes every step whole, otherwise chunking(i, len) returns the split
// points of step i.
func (cs *connConformanceCase) run(chunking func(step, n int) []int) connCaseResult {
	c := NewConn(cs.config())
	d := &connDriver{c: c, drainEach: true, merge: c.streaming}
	var res connCaseResult
	for i, st := range cs.Steps {
		switch {
		case st.Send != nil:
			var refusal string
			d.out, refusal = st.Send.perform(c, d.out)
			res.Refusals = append(res.Refusals, refusal)
		case st.EOF:
			d.eof()
		default:
			in := st.input(cs.role())
			prev := 0
			if chunking != nil {
				for _, s := range chunking(i, len(in)) {
					d.push(in[prev:s])
					prev = s
				}
			}
			d.push(in[prev:])
		}
	}
	res.Events = d.records()
	res.Outbound = hex.EncodeToString(d.out)
	if d.err != nil {
		res.Error = connSentinelName(d.err)
	}
	res.State = c.State().String()
	return res
}

func (cs *connConformanceCase) want() connCaseResult {
	w := connCaseResult{Events: cs.Events, Outbound: cs.Outbound, Error: cs.Error, State: cs.State}
	for _, st := range cs.Steps {
		if st.Send != nil {
			w.Refusals = append(w.Refusals, st.Send.Error)
		}
	}
	return w
}

func loadConnConformance(t testing.TB) connConformanceTable {
	raw, err := os.ReadFile(connConformanceFile)
	if err != nil {
		t.Fatal(err)
	}
	var table connConformanceTable
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&table); err != nil {
		t.Fatal(err)
	}
	return table
}

// connSplitPoints returns the points a step of n bytes is split at: all of
// them for steps up to 2 KiB, and for larger ones (a frame of 64 KiB) the
// first and last 64 and every 997th, the chunk size of the Autobahn
// testsuite's cases 1.1.8 and 1.2.8.
func connSplitPoints(n int) []int {
	var ps []int
	for i := 1; i < n; i++ {
		if n <= 2048 || i <= 64 || i >= n-64 || i%997 == 0 {
			ps = append(ps, i)
		}
	}
	return ps
}

// TestConnConformance plays every case of the table whole, split in two
// at every point of every received step, and byte by byte.
func TestConnConformance(t *testing.T) {
	table := loadConnConformance(t)
	if len(table.Cases) < 200 {
		t.Fatalf("the table has %d cases, want at least 200", len(table.Cases))
	}
	for _, cs := range table.Cases {
		cs := cs
		t.Run(cs.ID, func(t *testing.T) {
			want := cs.want()
			check := func(label string, chunking func(step, n int) []int) bool {
				got := cs.run(chunking)
				if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("%s (-want +got):\n%s", label, diff)
					return false
				}
				return true
			}
			if !check("whole", nil) {
				return
			}
			for i, st := range cs.Steps {
				if st.Send != nil || st.EOF {
					continue
				}
				for _, p := range connSplitPoints(len(st.input(cs.role()))) {
					step, p := i, p
					if !check(fmt.Sprintf("step %d split at %d", i, p), func(j, n int) []int {
						if j == step {
							return []int{p}
						}
						return nil
					}) {
						return
					}
				}
			}
			check("byte by byte", func(_, n int) []int {
				ps := make([]int, 0, n)
				for i := 1; i < n; i++ {
					ps = append(ps, i)
				}
				return ps
			})
		})
	}
}
