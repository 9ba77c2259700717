package fuzz

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/wscodec/wscodec/wsframe"
)

var writeSeeds = flag.Bool("write-seeds", false, "rewrite the generated seed corpora under testdata/fuzz")

// genPrefix marks the seed files TestSeeds generates; other files in the
// corpus directories (crashers kept as regression seeds) are left alone.
const genPrefix = "gen-"

// maxSeedInput keeps seeds small, so the seed corpus runs quickly in
// every go test.
const maxSeedInput = 4096

// TestSeeds generates the seed corpora from the shared golden vectors and
// conformance tables (testdata/frames, testdata/conn) and the handshake
// captures (wshandshake/testdata). With -write-seeds it rewrites them;
// without, it fails if the committed files differ from what it generates.
//
//	go test ./fuzz -run TestSeeds -write-seeds
func TestSeeds(t *testing.T) {
	want := map[string][]byte{} // path under testdata/fuzz -> contents
	add := func(target, name string, vals ...any) {
		p := filepath.Join("testdata", "fuzz", target, genPrefix+slug(name))
		if _, dup := want[p]; dup {
			t.Fatalf("two seeds named %s", p)
		}
		want[p] = encodeSeed(t, vals...)
	}
	frameSeeds(t, add)
	connSeeds(t, add)
	handshakeSeeds(t, add)

	have, _ := filepath.Glob(filepath.Join("testdata", "fuzz", "*", genPrefix+"*"))
	if *writeSeeds {
		for _, p := range have {
			if _, ok := want[p]; !ok {
				if err := os.Remove(p); err != nil {
					t.Fatal(err)
				}
			}
		}
		for p, b := range want {
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	for _, p := range have {
		if _, ok := want[p]; !ok {
			t.Errorf("%s is no longer generated; run go test ./fuzz -run TestSeeds -write-seeds", p)
		}
	}
	for p, b := range want {
		got, err := os.ReadFile(p)
		if err != nil || !bytes.Equal(got, b) {
			t.Errorf("%s is out of date; run go test ./fuzz -run TestSeeds -write-seeds", p)
		}
	}
}

// encodeSeed writes values in the "go test fuzz v1" corpus format.
func encodeSeed(t *testing.T, vals ...any) []byte {
	var b strings.Builder
	b.WriteString("go test fuzz v1\n")
	for _, v := range vals {
		switch v := v.(type) {
		case []byte:
			fmt.Fprintf(&b, "[]byte(%q)\n", v)
		case byte:
			fmt.Fprintf(&b, "byte(%q)\n", v)
		case uint16:
			fmt.Fprintf(&b, "uint16(%d)\n", v)
		case uint32:
			fmt.Fprintf(&b, "uint32(%d)\n", v)
		case int64:
			fmt.Fprintf(&b, "int64(%d)\n", v)
		default:
			t.Fatalf("no corpus encoding for %T", v)
		}
	}
	return []byte(b.String())
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func slug(name string) string { return strings.Trim(unsafeName.ReplaceAllString(name, "-"), "-") }

func mustHex(t *testing.T, s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readJSON(t *testing.T, path string, v any) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// frameRow is a row of testdata/frames/*.json (schema 1).
type frameRow struct {
	Name   string `json:"name"`
	Role   string `json:"role"`
	Policy struct {
		RSV                   byte   `json:"rsv"`
		MaxFramePayload       uint64 `json:"max_frame_payload"`
		AllowNonMinimalLength bool   `json:"allow_non_minimal_length"`
	} `json:"policy"`
	Input string `json:"input"`
	Frame *struct {
		Fin     bool   `json:"fin"`
		RSV     byte   `json:"rsv"`
		Opcode  byte   `json:"opcode"`
		Key     string `json:"key"`
		Payload string `json:"payload"`
	} `json:"frame"`
}

// policyByte is the policyOf selector closest to the row's policy.
func (r *frameRow) policyByte() byte {
	sel := r.Policy.RSV & 0x70
	if r.Role == "client" {
		sel |= 1
	}
	if r.Policy.AllowNonMinimalLength {
		sel |= 2
	}
	switch lim := r.Policy.MaxFramePayload; {
	case lim == 0:
	case lim <= 125:
		sel |= 1 << 2
	case lim <= 300:
		sel |= 2 << 2
	default:
		sel |= 3 << 2
	}
	return sel
}

// payloadOf returns the unmasked payload of the frame at the start of b,
// read with a permissive policy of the row's role, or nil.
func payloadOf(r *frameRow, b []byte) (wsframe.Header, []byte) {
	p := wsframe.Policy{RSV: 0x70, AllowNonMinimalLength: true, MaxFramePayload: 1<<64 - 1}
	if r.Role == "client" {
		p.Role = wsframe.Client
	}
	h, n, err := wsframe.ParseHeader(b, &p)
	if err != nil || n <= 0 || uint64(len(b)-n) < h.Length {
		return h, nil
	}
	payload := bytes.Clone(b[n : n+int(h.Length)])
	xorReference(payload, h.Key, 0)
	return h, payload
}

func frameSeeds(t *testing.T, add func(target, name string, vals ...any)) {
	for _, file := range []string{"rfc6455", "conformance"} {
		var doc struct{ Rows []frameRow }
		readJSON(t, filepath.Join("..", "testdata", "frames", file+".json"), &doc)
		for i := range doc.Rows {
			r := &doc.Rows[i]
			in := mustHex(t, r.Input)
			if len(in) > maxSeedInput {
				continue
			}
			name := file + "-" + r.Name
			sel := r.policyByte()
			add("FuzzFrameDecode", name, sel, in)
			add("FuzzDecoderStream", name, sel, []byte{}, in, []byte{byte(i%7 + 1), byte(i % 3)})
			h, payload := payloadOf(r, in)
			if payload == nil {
				continue
			}
			if h.Opcode == wsframe.OpClose {
				add("FuzzClosePayload", name, payload, []byte{1, byte(i % 5)})
			}
			if r.Frame == nil {
				continue
			}
			op := 0
			for j, d := range definedOpcodes {
				if byte(d) == r.Frame.Opcode {
					op = j
				}
			}
			rt := byte(op) | r.Frame.RSV&0x70
			if r.Frame.Fin {
				rt |= 8
			}
			if r.Role == "server" {
				rt |= 0x80 // the sender is a client
			}
			key := mustHex(t, r.Frame.Key)
			var k uint32
			for _, c := range key {
				k = k<<8 | uint32(c)
			}
			add("FuzzFrameRoundTrip", name, rt, k, payload, []byte{byte(i % 5), 1})
			add("FuzzMask", name, payload, k, int64(i), byte(i), []byte{byte(i%9 + 1), 3})
		}
	}
}

// connCase is a case of testdata/conn/conformance.json.
type connCase struct {
	ID     string `json:"id"`
	Role   string `json:"role"`
	Config struct {
		MaxFramePayload uint64 `json:"maxFramePayload"`
		MaxMessageSize  uint64 `json:"maxMessageSize"`
		MaxFragments    int    `json:"maxFragments"`
		Streaming       bool   `json:"streaming"`
		DisableAutoPong bool   `json:"disableAutoPong"`
		FragmentSize    int    `json:"fragmentSize"`
	} `json:"config"`
	Section string `json:"section"`
	Steps   []struct {
		Receive      string `json:"receive"`
		ReceiveFrame *struct {
			Fin    bool   `json:"fin"`
			Opcode byte   `json:"opcode"`
			Byte   string `json:"byte"`
			Count  int    `json:"count"`
		} `json:"receiveFrame"`
		Send *struct {
			Op       string `json:"op"`
			Text     string `json:"text"`
			Hex      string `json:"hex"`
			Fragment bool   `json:"fragment"`
			Final    bool   `json:"final"`
			Code     int    `json:"code"`
		} `json:"send"`
		EOF bool `json:"eof"`
	} `json:"steps"`
}

// connSeeds turns each conformance case into a FuzzConn script (its
// received bytes as the stream, its steps as operations) and the text it
// receives in UTF-8 cases into FuzzUTF8 seeds split at its frames.
func connSeeds(t *testing.T, add func(target, name string, vals ...any)) {
	var doc struct{ Cases []connCase }
	readJSON(t, filepath.Join("..", "testdata", "conn", "conformance.json"), &doc)
	peerKey := [4]byte{0x37, 0xfa, 0x21, 0x3d}
	for _, c := range doc.Cases {
		var sel byte
		if c.Role == "client" {
			sel |= 1
		}
		cfg := c.Config
		if cfg.Streaming {
			sel |= 2
		}
		if cfg.DisableAutoPong {
			sel |= 4
		}
		if cfg.MaxMessageSize != 0 || cfg.MaxFragments != 0 {
			sel |= 8
		}
		if cfg.FragmentSize != 0 {
			sel |= 16
		}
		if cfg.MaxFramePayload != 0 {
			sel |= 64
		}
		var stream, ops []byte
		receive := func(b []byte) {
			stream = append(stream, b...)
			for len(b) > 0 {
				n := min(len(b), 1023)
				ops = append(ops, byte(n>>8)<<3, byte(n))
				b = b[n:]
			}
		}
		for _, s := range c.Steps {
			switch {
			case s.Receive != "":
				receive(mustHex(t, s.Receive))
			case s.ReceiveFrame != nil:
				rf := s.ReceiveFrame
				h := wsframe.Header{Fin: rf.Fin, Opcode: wsframe.Opcode(rf.Opcode)}
				if c.Role == "server" {
					h.Masked, h.Key = true, peerKey
				}
				payload := bytes.Repeat(mustHex(t, rf.Byte), rf.Count)
				receive(wsframe.AppendFrame(nil, wsframe.Frame{Header: h, Payload: payload}))
			case s.EOF:
				ops = append(ops, 7)
			case s.Send != nil:
				sd := s.Send
				payload := []byte(sd.Text)
				if sd.Hex != "" {
					payload = mustHex(t, sd.Hex)
				}
				payload = payload[:min(len(payload), 255)]
				bin := byte(0)
				if sd.Op == "binary" {
					bin = 1
				}
				switch sd.Op {
				case "text", "binary":
					if sd.Fragment {
						final := byte(0)
						if sd.Final {
							final = 2
						}
						ops = append(ops, 4|(bin|final)<<3, byte(len(payload)))
					} else {
						ops = append(ops, 3|bin<<3, byte(len(payload)))
					}
				case "ping", "pong":
					pong := byte(0)
					if sd.Op == "pong" {
						pong = 1
					}
					ops = append(ops, 5|pong<<3, byte(len(payload)))
				case "close":
					ops = append(ops, 6|1<<3, byte(sd.Code>>8), byte(sd.Code))
					payload = payload[:min(len(payload), 129)]
					ops = append(ops, byte(len(payload)))
				}
				ops = append(ops, payload...)
			}
		}
		if len(stream) > maxSeedInput {
			continue
		}
		add("FuzzConn", c.ID, sel, stream, ops)
		if c.Section == "utf-8" {
			text, sizes := receivedText(c.Role, stream)
			if text != nil {
				add("FuzzUTF8", c.ID, text, sizes)
			}
		}
	}
}

// receivedText joins the payloads of the data frames at the start of
// stream and returns them with the frame payload lengths as piece sizes.
func receivedText(role string, stream []byte) (text, sizes []byte) {
	r := &frameRow{Role: role}
	text = []byte{}
	for len(stream) > 0 {
		h, payload := payloadOf(r, stream)
		if payload == nil {
			break
		}
		stream = stream[wsframe.HeaderLen(h)+len(payload):]
		if !h.Opcode.IsData() {
			continue
		}
		text = append(text, payload...)
		sizes = append(sizes, byte(min(len(payload), 255)))
	}
	return text, sizes
}

// handshakeSeeds seeds the handshake parsers with the captured heads and
// FuzzExtensions with every extension offer and answer in them.
func handshakeSeeds(t *testing.T, add func(target, name string, vals ...any)) {
	early := []byte("\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58")
	for _, dir := range []string{"requests", "responses"} {
		paths, err := filepath.Glob(filepath.Join("..", "wshandshake", "testdata", dir, "*.http"))
		if err != nil || len(paths) == 0 {
			t.Fatalf("no captures in %s: %v", dir, err)
		}
		sort.Strings(paths)
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			name := strings.TrimSuffix(filepath.Base(p), ".http")
			if dir == "requests" {
				add("FuzzRequest", name, append(bytes.Clone(b), early...))
			} else {
				add("FuzzResponse", name, b)
			}
			for i, line := range strings.Split(string(b), "\r\n") {
				if name, value, ok := strings.Cut(line, ":"); ok && strings.EqualFold(name, "Sec-WebSocket-Extensions") {
					add("FuzzExtensions", fmt.Sprintf("%s-%s-%d", dir, filepath.Base(p), i), []byte(strings.TrimSpace(value)))
				}
			}
		}
	}
}
