package wsmask

import "crypto/rand"

// KeySource supplies masking keys. RFC 6455 §5.3 requires each client frame
// to carry a fresh key that a network intermediary cannot predict, so
// production code uses [NewRandomKeySource]; tests may supply their own
// deterministic source.
type KeySource interface {
	// NextKey returns a masking key.
	NextKey() [4]byte
}

// NewRandomKeySource returns a KeySource that draws keys from crypto/rand.
// It reads random bytes in batches so that a key costs no system call; it is
// not safe for concurrent use.
func NewRandomKeySource() KeySource { return &randomKeys{} }

type randomKeys struct {
	buf [256]byte
	off int
}

func (r *randomKeys) NextKey() [4]byte {
	if r.off == 0 || r.off >= len(r.buf) {
		if _, err := rand.Read(r.buf[:]); err != nil {
			// crypto/rand documents that Read does not fail on the
			// platforms Go supports; a broken source must not yield
			// predictable keys.
			panic("wsmask: crypto/rand failed: " + err.Error())
		}
		r.off = 0
	}
	var k [4]byte
	copy(k[:], r.buf[r.off:])
	r.off += 4
	return k
}
