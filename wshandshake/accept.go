package wshandshake

import (
	"crypto/sha1"
	"crypto/subtle"
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
	if !acceptSum(&sum, key) {
		sum = acceptSumSHA1(key)
	}
	encodeDigest(out, &sum)
}

// acceptSumSHA1 returns SHA-1(key + acceptGUID) computed by crypto/sha1,
// for any key: on the stack up to 64 bytes, through a hash.Hash beyond.
func acceptSumSHA1(key []byte) (sum [sha1.Size]byte) {
	if len(key) <= 64 {
		var buf [64 + len(acceptGUID)]byte
		n := copy(buf[:], key)
		n += copy(buf[n:], acceptGUID)
		return sha1.Sum(buf[:n])
	}
	h := sha1.New()
	h.Write(key)
	h.Write([]byte(acceptGUID))
	h.Sum(sum[:0])
	return sum
}

const base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// encodeDigest writes the standard base64 form of a SHA-1 digest (RFC 4648
// §4): six groups of three bytes, then two bytes and one '='. It does what
// base64.StdEncoding.Encode does for 20 bytes, unrolled for that length.
func encodeDigest(out *[AcceptLen]byte, sum *[sha1.Size]byte) {
	for i := 0; i < 6; i++ {
		v := uint(sum[3*i])<<16 | uint(sum[3*i+1])<<8 | uint(sum[3*i+2])
		out[4*i] = base64Alphabet[v>>18&0x3f]
		out[4*i+1] = base64Alphabet[v>>12&0x3f]
		out[4*i+2] = base64Alphabet[v>>6&0x3f]
		out[4*i+3] = base64Alphabet[v&0x3f]
	}
	v := uint(sum[18])<<16 | uint(sum[19])<<8
	out[24] = base64Alphabet[v>>18&0x3f]
	out[25] = base64Alphabet[v>>12&0x3f]
	out[26] = base64Alphabet[v>>6&0x3f]
	out[27] = '='
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
