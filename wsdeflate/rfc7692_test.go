package wsdeflate

import (
	"bytes"
	"compress/flate"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wscodec/wscodec/wsframe"
	"github.com/wscodec/wscodec/wshandshake"
)

type rfcVector struct {
	Section  string   `json:"section"`
	Name     string   `json:"name"`
	Frames   []string `json:"frames"`
	Messages []string `json:"messages"`
	Takeover bool     `json:"takeover"`
}

func loadRFCVectors(t *testing.T) []rfcVector {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "deflate", "rfc7692.json"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Vectors []rfcVector `json:"vectors"`
	}
	if err := json.Unmarshal(b, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Vectors) == 0 {
		t.Fatal("no vectors")
	}
	return file.Vectors
}

func (v rfcVector) wire(t *testing.T) []byte {
	var wire []byte
	for _, f := range v.Frames {
		b, err := hex.DecodeString(strings.ReplaceAll(f, " ", ""))
		if err != nil {
			t.Fatalf("%s: %v", v.Section, err)
		}
		wire = append(wire, b...)
	}
	return wire
}

// TestDecodeRFC7692Section7_2_3 receives every example of RFC 7692 §7.2.3
// on a client Conn, whole, split in two at every point, and byte by byte.
func TestDecodeRFC7692Section7_2_3(t *testing.T) {
	for _, v := range loadRFCVectors(t) {
		t.Run(v.Section+"/"+v.Name, func(t *testing.T) {
			wire := v.wire(t)
			want := make([]string, len(v.Messages))
			for i, m := range v.Messages {
				want[i] = "text " + m
			}
			decode := func(split []int) []string {
				c := newEndpoint(wshandshake.DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}, false, Options{}, wsframe.ConnConfig{})
				var got []string
				rest := bytes.Clone(wire)
				for _, n := range append(split, len(wire)) {
					part := rest[:n-(len(wire)-len(rest))]
					rest = rest[len(part):]
					for _, r := range receiveChunks(t, c.conn, part, 0) {
						if r.kind == wsframe.EventError {
							got = append(got, "error "+r.err.Error())
							continue
						}
						got = append(got, r.kind.String()+" "+string(r.payload))
					}
				}
				return got
			}
			if diff := cmp.Diff(want, decode(nil)); diff != "" {
				t.Fatalf("whole (-want +got):\n%s", diff)
			}
			for i := 1; i < len(wire); i++ {
				if diff := cmp.Diff(want, decode([]int{i})); diff != "" {
					t.Fatalf("split at %d (-want +got):\n%s", i, diff)
				}
			}
			var bytewise []int
			for i := 1; i < len(wire); i++ {
				bytewise = append(bytewise, i)
			}
			if diff := cmp.Diff(want, decode(bytewise)); diff != "" {
				t.Fatalf("byte by byte (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDecodeRFC7692SharedWindowNeedsTakeover receives the §7.2.3.2
// example under server_no_context_takeover: the second message refers to
// a window the receiver must not have kept, so it is corrupt (1007).
func TestDecodeRFC7692SharedWindowNeedsTakeover(t *testing.T) {
	for _, v := range loadRFCVectors(t) {
		if !v.Takeover {
			continue
		}
		p := wshandshake.DeflateParams{ServerNoContextTakeover: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}
		c := newEndpoint(p, false, Options{}, wsframe.ConnConfig{})
		got := receiveChunks(t, c.conn, v.wire(t), 0)
		if len(got) != 2 || string(got[0].payload) != "Hello" || !errors.Is(got[1].err, ErrCorrupt) || got[1].code != wsframe.CloseInvalidPayload {
			t.Fatalf("%s: got %v, want Hello then ErrCorrupt (1007)", v.Section, got)
		}
		return
	}
	t.Fatal("no takeover vector")
}

// TestEncodeRFC7692 compares the send path with the RFC's bytes where
// compress/flate makes the same choices as the RFC's encoder: "Hello" at
// levels 2-9 is the single compressed block of §7.2.3.1, and at BestSpeed,
// which stores inputs this short, the stored block of §7.2.3.3.
func TestEncodeRFC7692(t *testing.T) {
	cases := []struct {
		level int
		want  string
	}{
		{flate.DefaultCompression, "c1 07 f2 48 cd c9 c9 07 00"},
		{flate.BestCompression, "c1 07 f2 48 cd c9 c9 07 00"},
		{flate.BestSpeed, "c1 0b 00 05 00 fa ff 48 65 6c 6c 6f 00"},
	}
	for _, tc := range cases {
		level := tc.level
		if level == flate.DefaultCompression {
			level = 6
		}
		s := newEndpoint(wshandshake.DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}, true, Options{Level: level, Threshold: -1}, wsframe.ConnConfig{})
		got, err := s.conn.AppendText(nil, []byte("Hello"))
		if err != nil {
			t.Fatal(err)
		}
		if want, _ := hex.DecodeString(strings.ReplaceAll(tc.want, " ", "")); !bytes.Equal(got, want) {
			t.Errorf("level %d: got % x, want %s", level, got, tc.want)
		}
	}
}

// TestEncodeSharedWindow is §7.2.3.2 on the send path: with context
// takeover the second "Hello" refers to the first. compress/flate encodes
// the back-reference with other Huffman choices than the RFC's encoder
// (its payload is 02 13 00 00, the RFC's f2 00 11 00 00), so the test
// checks what the RFC shows: the second message is shorter, decodes to
// "Hello" with the window, and cannot be decoded without it.
func TestEncodeSharedWindow(t *testing.T) {
	p := wshandshake.DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}
	s := newEndpoint(p, true, Options{Level: 6, Threshold: -1, SendContextTakeover: true}, wsframe.ConnConfig{})
	first, _ := s.conn.AppendText(nil, []byte("Hello"))
	second, _ := s.conn.AppendText(nil, []byte("Hello"))
	if len(second) >= len(first) || second[0] != 0xc1 {
		t.Fatalf("second message % x is not a shorter compressed frame than % x", second, first)
	}
	c := newEndpoint(p, false, Options{}, wsframe.ConnConfig{})
	got := receiveChunks(t, c.conn, concat(first, second), 0)
	if len(got) != 2 || string(got[0].payload) != "Hello" || string(got[1].payload) != "Hello" {
		t.Fatalf("with takeover: got %v", got)
	}
	noTakeover := p
	noTakeover.ServerNoContextTakeover = true
	c = newEndpoint(noTakeover, false, Options{}, wsframe.ConnConfig{})
	if got := receiveChunks(t, c.conn, second, 0); len(got) != 1 || !errors.Is(got[0].err, ErrCorrupt) {
		t.Fatalf("second message alone: got %v, want ErrCorrupt", got)
	}

	// Where this end agreed to no context takeover, SendContextTakeover
	// is not honoured: both messages are compressed alone.
	s = newEndpoint(wshandshake.DeflateParams{ServerNoContextTakeover: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}, true,
		Options{Level: 6, Threshold: -1, SendContextTakeover: true}, wsframe.ConnConfig{})
	first, _ = s.conn.AppendText(nil, []byte("Hello"))
	second, _ = s.conn.AppendText(nil, []byte("Hello"))
	if !bytes.Equal(first, second) {
		t.Fatalf("under server_no_context_takeover: % x then % x, want equal", first, second)
	}
}
