package fuzz

import (
	"encoding/binary"
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/wscodec/wscodec/wsframe"
)

// script reads the values a target derives from a fuzzed byte string: a
// config bit, a small count, a run of bytes. Reading past the end yields
// zeros, so every byte string is a complete script and the fuzzer may cut
// one anywhere.
type script struct{ b []byte }

func (s *script) done() bool { return len(s.b) == 0 }

func (s *script) byte() byte {
	if len(s.b) == 0 {
		return 0
	}
	c := s.b[0]
	s.b = s.b[1:]
	return c
}

func (s *script) uint16() uint16 { return uint16(s.byte())<<8 | uint16(s.byte()) }

// bytes returns the next n bytes, fewer if the script ends first. The
// slice aliases the script.
func (s *script) bytes(n int) []byte {
	n = min(n, len(s.b))
	p := s.b[:n:n]
	s.b = s.b[n:]
	return p
}

// chunkSizes turns fuzzed bytes into chunk lengths covering n bytes: each
// byte is the length of the next chunk (zero an empty push), and whatever
// the bytes leave over is the last chunk.
func chunkSizes(sizes []byte, n int) []int {
	var out []int
	left := n
	for _, s := range sizes {
		c := min(int(s), left)
		out = append(out, c)
		left -= c
		if left == 0 {
			break
		}
	}
	if left > 0 {
		out = append(out, left)
	}
	return out
}

// xorReference masks b in place one byte at a time, key phase pos:
// RFC 6455 §5.3 as written, "octet i of the transformed data is the XOR
// of octet i of the original data with octet at index i modulo 4 of the
// masking key". Every fast path is compared with it.
func xorReference(b []byte, key [4]byte, pos int) {
	for i := range b {
		b[i] ^= key[(pos+i)%4]
	}
}

func keyOf(k uint32) [4]byte {
	var key [4]byte
	binary.BigEndian.PutUint32(key[:], k)
	return key
}

// counterKeys is a deterministic wsmask.KeySource: key i is the
// big-endian bytes of i, so a failing run replays exactly.
type counterKeys struct{ next uint32 }

func (k *counterKeys) NextKey() [4]byte {
	k.next++
	return keyOf(k.next)
}

func opposite(r wsframe.Role) wsframe.Role {
	if r == wsframe.Client {
		return wsframe.Server
	}
	return wsframe.Client
}

// dataOrControl are the six opcodes RFC 6455 §5.2 defines.
var definedOpcodes = [...]wsframe.Opcode{
	wsframe.OpContinuation, wsframe.OpText, wsframe.OpBinary,
	wsframe.OpClose, wsframe.OpPing, wsframe.OpPong,
}

// wireCloseCode reports whether a close frame may carry c, from the list
// of RFC 6455 §7.4.1 and §7.4.2 written out independently of the package's
// own table: the defined codes except 1004 (reserved) and the local-only
// 1005, 1006 and 1015, and the registered and private ranges 3000–4999.
func wireCloseCode(c uint16) bool {
	switch c {
	case 1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014:
		return true
	}
	return c >= 3000 && c <= 4999
}

// checkProtocolError fails t unless err is a *wsframe.ProtocolError whose
// code is one an endpoint may put on the wire, reported by CloseCodeOf.
func checkProtocolError(t *testing.T, what string, err error) {
	t.Helper()
	var pe *wsframe.ProtocolError
	if !errors.As(err, &pe) {
		t.Fatalf("%s: error %v (%T) is not a *wsframe.ProtocolError", what, err, err)
	}
	if code := wsframe.CloseCodeOf(err); code != pe.Code || !wireCloseCode(uint16(code)) {
		t.Fatalf("%s: error %v carries close code %d (CloseCodeOf %d), not one for the wire", what, err, pe.Code, code)
	}
}

// validPrefix reports whether some continuation could make b valid
// UTF-8: it is valid up to a last code point that is cut short but not
// yet wrong. unicode/utf8.FullRune tells the two apart: it reports true
// for a sequence already known to be invalid.
func validPrefix(b []byte) bool {
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			return !utf8.FullRune(b)
		}
		b = b[size:]
	}
	return true
}
