package wsutf8

import (
	"bytes"
	"math/rand"
	"testing"
	"unicode/utf8"

	"github.com/wscodec/wscodec/wsmask"
)

// An unmaskPath is one implementation of UnmaskValid. Like validPath, the
// tests run every one this CPU can execute and skip, visibly, the others.
type unmaskPath struct {
	name        string
	unmaskValid func(b []byte, key [4]byte) bool // nil when this CPU cannot run the path
	minLen      int                              // the shortest input the path takes
}

func allUnmaskPaths() []unmaskPath {
	return append([]unmaskPath{
		{name: "twopass", unmaskValid: unmaskThenValid},
		{name: "UnmaskValid", unmaskValid: UnmaskValid},
	}, archUnmaskPaths()...)
}

func forEachUnmaskPath(t *testing.T, f func(t *testing.T, p unmaskPath)) {
	t.Helper()
	for _, p := range allUnmaskPaths() {
		t.Run(p.name, func(t *testing.T) {
			if p.unmaskValid == nil {
				t.Skipf("%s: not supported by this CPU", p.name)
			}
			f(t, p)
		})
	}
}

// guards is what unmaskChecker puts in the 64 bytes on either side of the
// input. A path that stored outside its input would change them, and one
// that read before it would see a four-byte lead with no continuation,
// which makes valid input fail.
var guards = bytes.Repeat([]byte{0xF0}, 64)

// unmaskChecker runs a path on texts masked with a key and placed in a
// 64-byte aligned buffer at a chosen address modulo 64, and checks the
// result, the unmasked bytes, and the bytes around them.
type unmaskChecker struct {
	mem []byte
	key [4]byte
}

func newUnmaskChecker(key [4]byte) *unmaskChecker {
	return &unmaskChecker{key: key}
}

// check places text at align bytes past a 64-byte boundary and returns a
// description of what went wrong, or "".
func (c *unmaskChecker) check(p unmaskPath, text []byte, align int, want bool) string {
	if need := 128 + align + len(text) + len(guards); len(c.mem) < need {
		c.mem = make([]byte, need)
	}
	start := 64 + (64-addrMod64(c.mem))%64 + align
	before := c.mem[start-len(guards) : start]
	b := c.mem[start : start+copy(c.mem[start:], text)]
	after := c.mem[start+len(b) : start+len(b)+len(guards)]
	copy(before, guards)
	copy(after, guards)
	wsmask.Mask(b, c.key)
	if got := p.unmaskValid(b, c.key); got != want {
		return "wrong result"
	}
	if !bytes.Equal(b, text) {
		return "not unmasked"
	}
	if !bytes.Equal(before, guards) {
		return "wrote before the input"
	}
	if !bytes.Equal(after, guards) {
		return "wrote after the input"
	}
	return ""
}

// unmaskAlignments are addresses modulo 64 at which the tests place their
// inputs: the AVX-512 code unmasks 64 - align bytes (mod 64) in Go first,
// and starts its main loop there unless fewer than 4 bytes would be
// before it, so these cover no head, a head of 1, 2, 3 and 4 bytes, and
// longer ones.
var unmaskAlignments = []int{0, 63, 62, 61, 60, 1}

// unmaskKey is not symmetric in its bytes, so a path that started the key
// at the wrong phase would unmask wrongly.
var unmaskKey = [4]byte{0x37, 0xfa, 0x21, 0x3d}

// unmaskOffsets returns where TestUnmaskValidAtEdges puts a case in an
// input of n bytes: at every offset across the first block, across the
// end of what the AVX-512 code unmasks before its first check and a
// 256-byte step after that, and up to the end of the input.
func unmaskOffsets(n, caseLen int) []int {
	var offs []int
	add := func(from, to int) {
		for o := max(from, 0); o <= to && o+caseLen <= n; o++ {
			offs = append(offs, o)
		}
	}
	add(0, 70)
	add(unmaskAhead-70, unmaskAhead+70)
	add(unmaskAhead+256-8, unmaskAhead+256+8)
	add(n-caseLen-70, n-caseLen)
	return offs
}

// TestUnmaskValidAtEdges places every case, valid or not, at the offsets
// of unmaskOffsets in inputs of several kinds of text and of lengths
// around the shortest the AVX-512 code takes and a little beyond, at each
// of unmaskAlignments. The lengths put the end of the input at every
// place against the 256-byte steps and the 64-byte blocks that follow
// them.
func TestUnmaskValidAtEdges(t *testing.T) {
	lengths := []int{unmaskAVX512MinLen, unmaskAhead + 256 + 3, unmaskAhead + 512 + 130}
	alignments := unmaskAlignments
	if raceEnabled || testing.Short() {
		t.Log("placing inputs at 3 addresses modulo 64 under -race or -short; the normal run tries", len(alignments))
		alignments = []int{0, 62, 60}
	}
	forEachUnmaskPath(t, func(t *testing.T, p unmaskPath) {
		c := newUnmaskChecker(unmaskKey)
		for _, uc := range utf8Cases {
			if uc.in == "" {
				continue
			}
			for _, filler := range []string{"a", "\xe2\x82\xac", fillers[len(fillers)-1]} {
				for _, n := range lengths {
					for _, off := range unmaskOffsets(n, len(uc.in)) {
						text := []byte(fill(filler, off) + uc.in + fill(filler, n-off-len(uc.in)))
						for _, align := range alignments {
							if msg := c.check(p, text, align, uc.valid); msg != "" {
								t.Fatalf("%s after %d bytes of %q in %d bytes at address %%64 = %d: %s (want %v)",
									uc.name, off, filler, n, align, msg, uc.valid)
							}
						}
					}
				}
			}
		}
	})
}

// TestUnmaskValidOpenBeforeASCII ends a code point too early right before
// a run of ASCII at each offset around the AVX-512 code's 256-byte steps,
// which start 64 bytes into the input at address 0 modulo 64 and 4 bytes
// in at 60: a check that skips the run without looking at the bytes
// before it would accept the input.
func TestUnmaskValidOpenBeforeASCII(t *testing.T) {
	forEachUnmaskPath(t, func(t *testing.T, p unmaskPath) {
		c := newUnmaskChecker(unmaskKey)
		for _, lead := range []string{"\xc3", "\xe2\x82", "\xe2", "\xf0\x9f\x98", "\xf0\x9f", "\xf0"} {
			for off := 256; off < 1024; off++ {
				text := []byte(fill("\xe2\x82\xac", off-len(lead)) + lead + fill("a", unmaskAhead+600))
				for _, align := range []int{0, 60} {
					if msg := c.check(p, text, align, false); msg != "" {
						t.Fatalf("%q ending at %d before ASCII, address %%64 = %d: %s", lead, off, align, msg)
					}
				}
			}
		}
	})
}

func TestUnmaskValidRandomText(t *testing.T) {
	forEachUnmaskPath(t, func(t *testing.T, p unmaskPath) {
		rng := rand.New(rand.NewSource(4))
		c := newUnmaskChecker(unmaskKey)
		for i := 0; i < 1000; i++ {
			text := randomText(rng, p.minLen+rng.Intn(3000))
			rng.Read(c.key[:])
			if msg := c.check(p, text, rng.Intn(64), utf8.Valid(text)); msg != "" {
				t.Fatalf("% x with key % x: %s", text, c.key, msg)
			}
		}
	})
}

// TestUnmaskValidShort gives UnmaskValid inputs shorter than the AVX-512
// code takes, which it hands to the two passes.
func TestUnmaskValidShort(t *testing.T) {
	p := unmaskPath{name: "UnmaskValid", unmaskValid: UnmaskValid}
	c := newUnmaskChecker(unmaskKey)
	for _, n := range []int{0, 1, 3, 4, 63, 64, 65, 200, 1000, unmaskAVX512MinLen - 1} {
		for _, text := range [][]byte{[]byte(fill("\xe2\x82\xac", n)), []byte(fill("a", n) + "\xe2")} {
			if msg := c.check(p, text, 5, utf8.Valid(text)); msg != "" {
				t.Fatalf("%d bytes: %s", len(text), msg)
			}
		}
	}
}

func TestUnmaskValidAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own")
	}
	text := []byte(fill("\xe2\x82\xac", 8000))
	allocs := testing.AllocsPerRun(100, func() {
		wsmask.Mask(text, unmaskKey)
		UnmaskValid(text, unmaskKey)
	})
	if allocs != 0 {
		t.Errorf("UnmaskValid allocates %v times per call, want 0", allocs)
	}
}
