package wsmask

import (
	"crypto/rand"
	mrand "math/rand/v2"
)

// KeySource supplies masking keys. RFC 6455 §5.3: "The masking key is a
// 32-bit value chosen at random by the client ... The unpredictability of
// the masking key is essential to prevent authors of malicious applications
// from selecting the bytes that appear on the wire." Production code
// therefore uses [NewRandomKeySource]; tests may use [NewSeededKeySource] or
// their own implementation to get reproducible frames.
type KeySource interface {
	// NextKey returns the key for the next frame.
	NextKey() [4]byte
}

// NewRandomKeySource returns a KeySource that draws keys from crypto/rand,
// as RFC 6455 §5.3 requires of clients. It reads random bytes in batches,
// so most keys cost no system call, and NextKey never allocates. It is not
// safe for concurrent use; give each connection its own.
func NewRandomKeySource() KeySource {
	r := &randomKeys{}
	r.off = len(r.buf)
	return r
}

// randomKeys hands out a crypto/rand batch four bytes at a time. A key is
// never handed out twice: the batch is refilled when it runs out.
type randomKeys struct {
	buf [256]byte
	off int
}

func (r *randomKeys) NextKey() [4]byte {
	if r.off+4 > len(r.buf) {
		r.refill()
	}
	k := [4]byte(r.buf[r.off : r.off+4])
	r.off += 4
	return k
}

func (r *randomKeys) refill() {
	if _, err := rand.Read(r.buf[:]); err != nil {
		// crypto/rand documents that Read does not fail on the platforms
		// Go supports; a broken source must not yield predictable keys.
		panic("wsmask: crypto/rand failed: " + err.Error())
	}
	r.off = 0
}

// NewSeededKeySource returns a deterministic KeySource for tests, golden
// files and fuzzing: the same seed gives the same keys on every platform and
// Go release. Key i is the little-endian encoding of the low 32 bits of the
// i-th output of math/rand/v2's PCG generator seeded with (seed, 0); the
// PCG algorithm is fully specified, so the sequence does not change.
// NextKey never allocates. The keys are predictable by design: never use
// this source on a real connection. It is not safe for concurrent use.
func NewSeededKeySource(seed uint64) KeySource {
	s := &seededKeys{}
	s.pcg.Seed(seed, 0)
	return s
}

type seededKeys struct {
	pcg mrand.PCG
}

func (s *seededKeys) NextKey() [4]byte {
	v := uint32(s.pcg.Uint64())
	return [4]byte{byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24)}
}
