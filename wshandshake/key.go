package wshandshake

import (
	"crypto/rand"
	"encoding/base64"
)

// KeyLen is the length of a Sec-WebSocket-Key value: the base64 form of 16
// bytes.
const KeyLen = 24

// Key is a Sec-WebSocket-Key value as sent on the wire (RFC 6455 §4.1).
type Key [KeyLen]byte

// NewKey returns a key made from 16 bytes of crypto/rand. RFC 6455 §4.1:
// the nonce MUST be selected randomly for each connection.
func NewKey() (Key, error) {
	return NewKeyFrom(rand.Read)
}

// NewKeyFrom returns a key made from 16 bytes read with read, which has
// the signature of crypto/rand.Read. Tests pass a deterministic source;
// production code uses [NewKey].
func NewKeyFrom(read func(b []byte) (int, error)) (Key, error) {
	var nonce [16]byte
	n, err := read(nonce[:])
	if err != nil {
		return Key{}, err
	}
	if n != len(nonce) {
		return Key{}, wrap(ErrInvalidConfig, "key source returned too few bytes")
	}
	return KeyFromNonce(nonce), nil
}

// KeyFromNonce returns the key that encodes nonce.
func KeyFromNonce(nonce [16]byte) Key {
	var k Key
	base64.StdEncoding.Encode(k[:], nonce[:])
	return k
}

// String returns the key as text.
func (k Key) String() string { return string(k[:]) }

// AppendAccept appends the Sec-WebSocket-Accept value the server must
// answer k with to dst and returns the extended buffer.
func (k *Key) AppendAccept(dst []byte) []byte { return AppendAccept(dst, k[:]) }
