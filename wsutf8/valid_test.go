package wsutf8

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestValidCases(t *testing.T) {
	forEachPath(t, func(t *testing.T, valid func([]byte) bool) {
		type result struct {
			Name  string
			Valid bool
		}
		var want, got []result
		for _, c := range utf8Cases {
			want = append(want, result{c.name, c.valid})
			got = append(got, result{c.name, valid([]byte(c.in))})
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("validity mismatch (-want +got):\n%s", diff)
		}
	})
}

// TestCasesAgreeWithStdlib guards the hand-written expectations of
// utf8Cases against the standard library and the reference prefix rule.
func TestCasesAgreeWithStdlib(t *testing.T) {
	for _, c := range utf8Cases {
		if got := utf8.Valid([]byte(c.in)); got != c.valid {
			t.Errorf("%s: utf8.Valid = %v, case says %v", c.name, got, c.valid)
		}
		if got := refFailAt([]byte(c.in)); got != c.failAt {
			t.Errorf("%s: refFailAt = %d, case says %d", c.name, got, c.failAt)
		}
	}
}

// placements are where short sequences go inside an ASCII buffer: alone;
// in 64 bytes, straddling a 16-byte lane and a 32-byte block, and at the
// end; in 200 bytes, which the AVX-512 code takes as a first block, a
// 128-byte step and an overlapping last block, at the start, straddling
// each edge between those blocks, and at the end; in 320 bytes, a first
// block and a 256-byte step, straddling the edge between them and the one
// between the step's first two blocks. Sequences longer than one byte are
// never alone in a block the vector code sees, so the other boundaries
// are left to TestValidAtEveryOffset. A placement aimed at the edges of
// blocks of some size (block) is skipped for paths with smaller blocks,
// which would only repeat the 64-byte cases at greater cost.
var placements = []struct{ off, size, block int }{
	{0, 0, 0}, {15, 64, 0}, {31, 64, 0}, {-1, 64, 0},
	{0, 200, 64}, {63, 200, 64}, {127, 200, 64}, {191, 200, 64}, {-1, 200, 64},
	{63, 320, 64}, {127, 320, 64},
}

// placedBuffer returns an ASCII buffer large enough for every placement.
func placedBuffer() []byte { return asciiBuffer(320) }

// checkPlaced compares valid, a path with blocks of block bytes, with want
// on seq placed at each of placements, and reports the first
// disagreement. It is the inner loop of the exhaustive tests, so it leaves
// reporting (and t.Helper) to the caller.
func checkPlaced(t *testing.T, valid func([]byte) bool, block int, buf, seq []byte, want bool) bool {
	for _, p := range placements {
		if p.block > block {
			continue
		}
		size, off := p.size, p.off
		if size == 0 {
			size = len(seq)
		}
		if off < 0 {
			off = size - len(seq)
		}
		b := buf[:size]
		copy(b[off:], seq)
		got := valid(b)
		for i := range seq {
			b[off+i] = 'a'
		}
		if got != want {
			t.Errorf("% x at offset %d of %d bytes: got %v, want %v", seq, off, size, got, want)
			return false
		}
	}
	return true
}

func asciiBuffer(n int) []byte { return bytes.Repeat([]byte{'a'}, n) }

// lastByteStep is the stride of the loop over the third byte in the
// exhaustive tests: 1, except under the race detector or -short, where
// those tests would take minutes; they then try every 7th value (7 is
// prime to 16, so every nibble class still appears) and say so.
func lastByteStep(t *testing.T) int {
	if raceEnabled || testing.Short() {
		t.Log("sampling every 7th value of the third byte under -race or -short; the exhaustive run is the normal one")
		return 7
	}
	return 1
}

func TestValidAllOneAndTwoByteSequences(t *testing.T) {
	forEachPathBlock(t, func(t *testing.T, valid func([]byte) bool, block int) {
		buf := placedBuffer()
		for b0 := 0; b0 < 256; b0++ {
			seq := []byte{byte(b0)}
			if !checkPlaced(t, valid, block, buf, seq, utf8.Valid(seq)) {
				return
			}
			for b1 := 0; b1 < 256; b1++ {
				seq := []byte{byte(b0), byte(b1)}
				if !checkPlaced(t, valid, block, buf, seq, utf8.Valid(seq)) {
					return
				}
			}
		}
	})
}

// TestValidAllThreeByteSequences covers every three-byte sequence that
// starts with a non-ASCII byte; the ones that start with ASCII are an ASCII
// byte followed by a two-byte sequence, covered above.
func TestValidAllThreeByteSequences(t *testing.T) {
	forEachPathBlock(t, func(t *testing.T, valid func([]byte) bool, block int) {
		buf := placedBuffer()
		seq := make([]byte, 3)
		step := lastByteStep(t)
		for b0 := 0x80; b0 < 256; b0++ {
			for b1 := 0; b1 < 256; b1++ {
				for b2 := 0; b2 < 256; b2 += step {
					seq[0], seq[1], seq[2] = byte(b0), byte(b1), byte(b2)
					if !checkPlaced(t, valid, block, buf, seq, utf8.Valid(seq)) {
						return
					}
				}
			}
		}
	})
}

// TestValidFourByteSequences covers every first three bytes after the lead
// bytes that matter most for four-byte forms, with a sample of last bytes
// that sit on each boundary of the byte classes.
func TestValidFourByteSequences(t *testing.T) {
	leadBytes := []byte{0xC2, 0xE0, 0xED, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF7, 0xF8, 0xFF}
	lastBytes := []byte{0x41, 0x7F, 0x80, 0x8F, 0x90, 0xBF, 0xC0, 0xF0}
	forEachPathBlock(t, func(t *testing.T, valid func([]byte) bool, block int) {
		buf := placedBuffer()
		seq := make([]byte, 4)
		step := lastByteStep(t)
		for _, b0 := range leadBytes {
			for b1 := 0; b1 < 256; b1++ {
				for b2 := 0; b2 < 256; b2 += step {
					for _, b3 := range lastBytes {
						seq[0], seq[1], seq[2], seq[3] = b0, byte(b1), byte(b2), b3
						if !checkPlaced(t, valid, block, buf, seq, utf8.Valid(seq)) {
							return
						}
					}
				}
			}
		}
	})
}

// fillers are the texts that surround a pattern in TestValidAtEveryOffset.
var fillers = []string{"a", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "ab\xc3\xa9\xe2\x82\xacc\xf0\x9f\x98\x80"}

// fill returns whole repetitions of filler, padded with ASCII to exactly n
// bytes.
func fill(filler string, n int) string {
	s := strings.Repeat(filler, n/len(filler))
	return s + strings.Repeat("z", n-len(s))
}

// everyOffsetMax is the last offset of TestValidAtEveryOffset: past the
// AVX-512 code's first block, one 128-byte step and one 256-byte step over
// ASCII, and a block more.
const everyOffsetMax = 64 + 128 + 256 + 64

// TestValidAtEveryOffset places every case, valid or not, at every offset
// from 0 to everyOffsetMax of buffers of several kinds of text and of
// several lengths, so that each crosses every lane, block and loop
// boundary of the vector code, so that some end exactly at the end of the
// input, and so that some are followed by a 128-byte (200 bytes after) or
// a 256-byte step (320 after) over ASCII and a block more.
func TestValidAtEveryOffset(t *testing.T) {
	forEachPath(t, func(t *testing.T, valid func([]byte) bool) {
		for _, c := range utf8Cases {
			if c.in == "" {
				continue
			}
			for _, filler := range fillers {
				for off := 0; off <= everyOffsetMax; off++ {
					for _, after := range []int{0, 1, 2, 3, 17, 64, 200, 320} {
						b := []byte(fill(filler, off) + c.in + fill(filler, after))
						if got := valid(b); got != c.valid {
							t.Fatalf("%s after %d bytes of %q, %d after: got %v, want %v",
								c.name, off, filler, after, got, c.valid)
						}
					}
				}
			}
		}
	})
}

// randomText returns n bytes or a little more of text whose code points
// are drawn from all four encoding lengths, mostly valid, sometimes with a
// byte changed or a byte removed.
func randomText(rng *rand.Rand, n int) []byte {
	b := make([]byte, 0, n+utf8.UTFMax)
	asciiBias := rng.Intn(4)
	for len(b) < n {
		var r rune
		switch k := rng.Intn(4 + asciiBias*4); {
		case k == 0:
			r = rune(0x80 + rng.Intn(0x800-0x80))
		case k == 1:
			r = rune(0x800 + rng.Intn(0x10000-0x800))
		case k == 2:
			r = rune(0x10000 + rng.Intn(utf8.MaxRune+1-0x10000))
		default:
			r = rune(rng.Intn(0x80))
		}
		b = utf8.AppendRune(b, r) // surrogates become U+FFFD
	}
	switch rng.Intn(4) {
	case 0:
		b[rng.Intn(len(b))] = byte(rng.Intn(256))
	case 1:
		i := rng.Intn(len(b))
		b = append(b[:i], b[i+1:]...)
	}
	return b
}

func TestValidRandomText(t *testing.T) {
	forEachPath(t, func(t *testing.T, valid func([]byte) bool) {
		rng := rand.New(rand.NewSource(1))
		for i := 0; i < 20000; i++ {
			b := randomText(rng, 1+rng.Intn(400))
			if got, want := valid(b), utf8.Valid(b); got != want {
				t.Fatalf("% x: got %v, want %v", b, got, want)
			}
		}
	})
}

func TestValidRandomBytes(t *testing.T) {
	forEachPath(t, func(t *testing.T, valid func([]byte) bool) {
		rng := rand.New(rand.NewSource(2))
		for i := 0; i < 20000; i++ {
			b := make([]byte, rng.Intn(400))
			rng.Read(b)
			// Clear high bits of most bytes so that some inputs are valid.
			for j := range b {
				if rng.Intn(4) != 0 {
					b[j] &= 0x7F
				}
			}
			if got, want := valid(b), utf8.Valid(b); got != want {
				t.Fatalf("% x: got %v, want %v", b, got, want)
			}
		}
	})
}

// TestValidDoesNotReadPastEnd puts each truncated case at the end of a
// slice whose capacity continues with bytes that would complete it; a path
// that looked past len(b) would call it valid.
func TestValidDoesNotReadPastEnd(t *testing.T) {
	forEachPath(t, func(t *testing.T, valid func([]byte) bool) {
		for _, full := range []string{"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80"} {
			for cut := 1; cut < len(full); cut++ {
				for n := 0; n < 300; n++ {
					whole := []byte(fill("a", n) + full + fill("a", 64))
					b := whole[:n+cut]
					if valid(b) {
						t.Fatalf("% x truncated after %d bytes at offset %d: got true", full, cut, n)
					}
				}
			}
		}
	})
}

// TestValidAtEveryAlignment runs each case, at offsets around the edges of
// the first blocks and at the end of the input, moved up 0 to 63 bytes in
// one buffer, so that it starts at every address modulo 64. The inputs of
// the other tests come from the allocator, which aligns them; a path
// that read before its input, or whose result depended on where its
// blocks fall against 64-byte boundaries, would pass those and fail here.
// With 700 bytes after the case, the input is long enough for the AVX-512
// code to move its main loop back onto a 64-byte boundary, which puts the
// case in the bytes it checks twice or just after them.
func TestValidAtEveryAlignment(t *testing.T) {
	forEachPath(t, func(t *testing.T, valid func([]byte) bool) {
		mem := make([]byte, 64+1024)
		for _, c := range utf8Cases {
			for _, filler := range fillers {
				for _, off := range []int{0, 30, 33, 62, 63, 64, 65, 126, 127, 128, 129, 190, 191, 192, 193} {
					for _, after := range []int{0, 3, 70, 200, 700} {
						text := fill(filler, off) + c.in + fill(filler, after)
						if align := firstWrongAlignment(valid, mem, text, c.valid); align >= 0 {
							t.Fatalf("%s after %d bytes of %q, %d after, moved %d bytes up: got %v, want %v",
								c.name, off, filler, after, align, !c.valid, c.valid)
						}
					}
				}
			}
		}
	})
}

// TestValidAtEveryAlignmentLong ends long inputs with each case, at every
// address modulo 64 and every length modulo 64. In them the AVX-512 code
// moves its main loop back onto a 64-byte boundary, so it must count the
// bytes it steps back over; one that did not would stop short of the end
// when no partial block is left and miss a case there.
func TestValidAtEveryAlignmentLong(t *testing.T) {
	forEachPath(t, func(t *testing.T, valid func([]byte) bool) {
		mem := make([]byte, 64+1024)
		for _, c := range utf8Cases {
			for _, filler := range []string{"a", fillers[len(fillers)-1]} {
				for off := 576; off < 576+64; off++ {
					text := fill(filler, off) + c.in
					if align := firstWrongAlignment(valid, mem, text, c.valid); align >= 0 {
						t.Fatalf("%s after %d bytes of %q, moved %d bytes up: got %v, want %v",
							c.name, off, filler, align, !c.valid, c.valid)
					}
				}
			}
		}
	})
}

// firstWrongAlignment copies text into mem, a 64-byte aligned buffer,
// moved up 0 to 63 bytes, and returns the first move at which valid does
// not return want, or -1.
func firstWrongAlignment(valid func([]byte) bool, mem []byte, text string, want bool) int {
	for align := 0; align < 64; align++ {
		if valid(mem[align:align+copy(mem[align:], text)]) != want {
			return align
		}
	}
	return -1
}

// TestValidMatchesStdlib checks that Valid, whichever path it picked,
// agrees with the standard library on text of every kind and size.
func TestValidMatchesStdlib(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for i := 0; i < 5000; i++ {
		b := randomText(rng, 1+rng.Intn(300))
		if got, want := Valid(b), utf8.Valid(b); got != want {
			t.Fatalf("% x: got %v, want %v", b, got, want)
		}
	}
}
