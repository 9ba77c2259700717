package wshandshake

import (
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
)

// acceptGUID is the string RFC 6455 §1.3 appends to the key before hashing.
const acceptGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

// AcceptLen is the length of a Sec-WebSocket-Accept value: the base64 form
// of a 20-byte SHA-1 digest.
const AcceptLen = 28

// AppendAccept appends the Sec-WebSocket-Accept value for key, the
// Sec-WebSocket-Key value exactly as sent, to dst and returns the extended
// buffer (RFC 6455 §4.2.2 step 5.4): base64(SHA-1(key + GUID)). It
// allocates nothing beyond growing dst, for keys of up to 64 bytes (a valid
// key has 24).
func AppendAccept(dst []byte, key []byte) []byte {
	var out [AcceptLen]byte
	acceptInto(&out, key)
	return append(dst, out[:]...)
}

func acceptInto(out *[AcceptLen]byte, key []byte) {
	var sum [sha1.Size]byte
	var buf [64 + len(acceptGUID)]byte
	if len(key) <= 64 {
		n := copy(buf[:], key)
		n += copy(buf[n:], acceptGUID)
		sum = sha1.Sum(buf[:n])
	} else {
		h := sha1.New()
		h.Write(key)
		h.Write([]byte(acceptGUID))
		h.Sum(sum[:0])
	}
	base64.StdEncoding.Encode(out[:], sum[:])
}

// CheckAccept reports whether accept is the Sec-WebSocket-Accept value
// that answers key (RFC 6455 §4.1: the client MUST fail the connection if
// it is not). It allocates nothing.
func CheckAccept(key, accept []byte) bool {
	if len(accept) != AcceptLen {
		return false
	}
	var want [AcceptLen]byte
	acceptInto(&want, key)
	return subtle.ConstantTimeCompare(want[:], accept) == 1
}
