//go:build interop

package interop

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

// The message payloads of the suite, as README.md defines them. The peers
// carry the same definitions (peers/patterns.mjs, peers/patterns.py); the
// cases compare SHA-256 digests, so any disagreement fails them.

const mib = 1 << 20

// sizes are the payload lengths every echo case runs with: each side of the
// 7-bit, 16-bit and 64-bit length boundaries of RFC 6455 §5.2, then large
// messages.
var sizes = []struct {
	label string
	n     int
}{
	{"0", 0}, {"125", 125}, {"126", 126}, {"65535", 65535}, {"65536", 65536},
	{"1MiB", mib}, {"16MiB", 16 * mib},
}

// asciiText returns n bytes of lowercase letters: byte i is 'a' + i mod 26.
func asciiText(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = 'a' + byte(i%26)
	}
	return b
}

// utf8Unit holds a 1-, a 2-, a 3- and a 4-byte UTF-8 sequence: 10 bytes.
const utf8Unit = "aé€😀"

// utf8Text returns exactly n bytes of valid UTF-8: whole copies of
// utf8Unit, then n mod 10 bytes of 'a'.
func utf8Text(n int) []byte {
	return []byte(strings.Repeat(utf8Unit, n/len(utf8Unit)) + strings.Repeat("a", n%len(utf8Unit)))
}

// binaryBytes returns n bytes where byte i is i mod 251: a prime period, so
// the pattern never lines up with the 4-byte mask or with 256.
func binaryBytes(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i % 251)
	}
	return b
}

// payload returns the bytes a client MSG argument stands for.
func payload(msg string, binary bool) ([]byte, error) {
	kind, arg, ok := strings.Cut(msg, ":")
	if !ok {
		return nil, fmt.Errorf("MSG %q has no KIND: prefix", msg)
	}
	switch kind {
	case "size", "utf8":
		n, err := strconv.Atoi(arg)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("MSG %q: N must be a decimal number", msg)
		}
		switch {
		case kind == "utf8":
			return utf8Text(n), nil
		case binary:
			return binaryBytes(n), nil
		default:
			return asciiText(n), nil
		}
	case "hex":
		return hex.DecodeString(arg)
	case "text":
		return []byte(arg), nil
	}
	return nil, fmt.Errorf("MSG %q: unknown KIND %q", msg, kind)
}

// messageLine is the line the client prints for a received message.
func messageLine(data []byte, binary bool) string {
	kind := "text"
	if binary {
		kind = "binary"
	}
	sum := sha256.Sum256(data)
	return fmt.Sprintf("%s %d %s", kind, len(data), hex.EncodeToString(sum[:]))
}
