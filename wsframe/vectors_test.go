package wsframe

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"testing"
)

// The files under ../testdata/frames, in the schema of
// ../testdata/frames/README.md.
const (
	rfcVectorsFile         = "../testdata/frames/rfc6455.json"
	conformanceVectorsFile = "../testdata/frames/conformance.json"
)

// frameVectorFile is the top-level object of a vectors file.
type frameVectorFile struct {
	Schema int           `json:"schema"`
	Rows   []frameVector `json:"rows"`
}

// frameVector is one row: an input, the policy that judges it, and exactly
// one of Frame, Error and NeedMore.
type frameVector struct {
	Name     string        `json:"name"`
	Role     string        `json:"role"`
	Policy   *vectorPolicy `json:"policy,omitempty"`
	Input    string        `json:"input"`
	Frame    *vectorFrame  `json:"frame,omitempty"`
	Error    *vectorError  `json:"error,omitempty"`
	NeedMore int64         `json:"need_more,omitempty"`
}

type vectorPolicy struct {
	RSV                   uint8  `json:"rsv,omitempty"`
	MaxFramePayload       uint64 `json:"max_frame_payload,omitempty"`
	AllowNonMinimalLength bool   `json:"allow_non_minimal_length,omitempty"`
}

type vectorFrame struct {
	Fin       bool   `json:"fin"`
	RSV       uint8  `json:"rsv"`
	Opcode    uint8  `json:"opcode"`
	Masked    bool   `json:"masked"`
	Key       string `json:"key"`
	Length    uint64 `json:"length"`
	Payload   string `json:"payload"`
	HeaderLen int    `json:"header_len"`
	Consumed  int    `json:"consumed"`
}

type vectorError struct {
	Sentinel  string `json:"sentinel"`
	CloseCode uint16 `json:"close_code"`
	Stage     string `json:"stage"`
}

// Stages of vectorError.Stage.
const (
	stageHeader       = "header"
	stageClosePayload = "close_payload"
)

// sentinelsByName maps the names used in the vectors to the sentinels.
var sentinelsByName = map[string]error{
	"ErrReservedBits":       ErrReservedBits,
	"ErrReservedOpcode":     ErrReservedOpcode,
	"ErrFragmentedControl":  ErrFragmentedControl,
	"ErrControlTooLong":     ErrControlTooLong,
	"ErrUnmaskedFrame":      ErrUnmaskedFrame,
	"ErrMaskedFrame":        ErrMaskedFrame,
	"ErrNonMinimalLength":   ErrNonMinimalLength,
	"ErrLengthMSB":          ErrLengthMSB,
	"ErrFrameTooLarge":      ErrFrameTooLarge,
	"ErrClosePayloadLength": ErrClosePayloadLength,
	"ErrInvalidCloseCode":   ErrInvalidCloseCode,
	"ErrInvalidUTF8":        ErrInvalidUTF8,
}

// loadFrameVectors reads and checks a vectors file: every row must be
// well formed, so a malformed row fails loudly instead of testing nothing.
func loadFrameVectors(t testing.TB, path string) []frameVector {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var file frameVectorFile
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if file.Schema != 1 {
		t.Fatalf("%s: schema %d, want 1", path, file.Schema)
	}
	seen := make(map[string]bool)
	for _, v := range file.Rows {
		if err := v.check(); err != nil {
			t.Fatalf("%s: row %q: %v", path, v.Name, err)
		}
		if seen[v.Name] {
			t.Fatalf("%s: duplicate row name %q", path, v.Name)
		}
		seen[v.Name] = true
	}
	return file.Rows
}

func (v *frameVector) check() error {
	if v.Name == "" {
		return errors.New("no name")
	}
	if v.Role != "server" && v.Role != "client" {
		return errors.New("role must be server or client")
	}
	if _, err := hex.DecodeString(v.Input); err != nil {
		return err
	}
	n := 0
	if v.Frame != nil {
		n++
		if _, err := hex.DecodeString(v.Frame.Payload); err != nil {
			return err
		}
		wantKeyLen := 0
		if v.Frame.Masked {
			wantKeyLen = 4
		}
		if k, err := hex.DecodeString(v.Frame.Key); err != nil || len(k) != wantKeyLen {
			return errors.New("key must be 4 bytes when masked, empty otherwise")
		}
		if uint64(v.Frame.Consumed) != uint64(v.Frame.HeaderLen)+v.Frame.Length {
			return errors.New("consumed != header_len + length")
		}
		if uint64(len(v.Frame.Payload)/2) != v.Frame.Length {
			return errors.New("payload length != length")
		}
	}
	if v.Error != nil {
		n++
		if sentinelsByName[v.Error.Sentinel] == nil {
			return errors.New("unknown sentinel " + v.Error.Sentinel)
		}
		if v.Error.Stage != stageHeader && v.Error.Stage != stageClosePayload {
			return errors.New("unknown stage " + v.Error.Stage)
		}
	}
	if v.NeedMore != 0 {
		n++
		if v.NeedMore < 0 {
			return errors.New("negative need_more")
		}
	}
	if n != 1 {
		return errors.New("want exactly one of frame, error, need_more")
	}
	return nil
}

// policy returns the Policy the row describes.
func (v *frameVector) policy() Policy {
	var p Policy
	if v.Role == "client" {
		p.Role = Client
	}
	if v.Policy != nil {
		p.RSV = v.Policy.RSV
		p.MaxFramePayload = v.Policy.MaxFramePayload
		p.AllowNonMinimalLength = v.Policy.AllowNonMinimalLength
	}
	return p
}

// input returns a fresh copy of the row's input bytes.
func (v *frameVector) input() []byte {
	b, _ := hex.DecodeString(v.Input)
	return b
}

// wantFrame returns the Frame the row expects.
func (v *frameVector) wantFrame() Frame {
	f := v.Frame
	var key [4]byte
	k, _ := hex.DecodeString(f.Key)
	copy(key[:], k)
	payload, _ := hex.DecodeString(f.Payload)
	return Frame{
		Header: Header{
			Fin:    f.Fin,
			RSV:    f.RSV,
			Opcode: Opcode(f.Opcode),
			Masked: f.Masked,
			Key:    key,
			Length: f.Length,
		},
		Payload: payload,
	}
}
