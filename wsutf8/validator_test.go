package wsutf8

import (
	"math/rand"
	"testing"
	"unicode/utf8"
	"unsafe"

	"github.com/google/go-cmp/cmp"
)

// feed writes b to v in pieces of the given sizes (the rest in a last
// piece) and returns, for every byte position where a piece ends, whether
// Write reported true there, indexed by that position.
func feed(v *Validator, b []byte, sizes []int) map[int]bool {
	got := make(map[int]bool)
	pos := 0
	for _, n := range sizes {
		n = min(n, len(b)-pos)
		got[pos+n] = v.Write(b[pos : pos+n])
		pos += n
	}
	got[len(b)] = v.Write(b[pos:])
	return got
}

// wantFeed is feed's expected result, computed with refPrefixValid.
func wantFeed(b []byte, sizes []int) map[int]bool {
	want := make(map[int]bool)
	pos := 0
	for _, n := range sizes {
		pos += min(n, len(b)-pos)
		want[pos] = refPrefixValid(b[:pos])
	}
	want[len(b)] = refPrefixValid(b)
	return want
}

// validatorCorpus is every case alone, every pair of cases, and each case
// in ASCII and multi-byte text long enough to reach the vector code: in
// pieces of the AVX2 code's size, and across the first block edge of the
// AVX-512 code with a 128-byte step after it.
func validatorCorpus() [][]byte {
	var corpus [][]byte
	for _, c := range utf8Cases {
		corpus = append(corpus, []byte(c.in))
		for _, d := range utf8Cases {
			corpus = append(corpus, []byte(c.in+d.in))
		}
		for _, filler := range fillers {
			corpus = append(corpus, []byte(fill(filler, 40)+c.in+fill(filler, 45)))
			corpus = append(corpus, []byte(fill(filler, 62)+c.in+fill(filler, 140)))
		}
	}
	return corpus
}

// TestValidatorEverySplit writes every corpus entry in two pieces, split at
// every position, and byte by byte, and compares each Write with the
// prefix validity of the stream so far and Done with utf8.Valid.
func TestValidatorEverySplit(t *testing.T) {
	for _, b := range validatorCorpus() {
		splits := [][]int{nil, make([]int, len(b))}
		for i := range splits[1] {
			splits[1][i] = 1
		}
		for cut := 0; cut <= len(b); cut++ {
			splits = append(splits, []int{cut})
		}
		for _, sizes := range splits {
			var v Validator
			got := feed(&v, b, sizes)
			if diff := cmp.Diff(wantFeed(b, sizes), got); diff != "" {
				t.Fatalf("% x in pieces %v: Write results by end position (-want +got):\n%s", b, sizes, diff)
			}
			if got, want := v.Done(), utf8.Valid(b); got != want {
				t.Fatalf("% x in pieces %v: Done = %v, want %v", b, sizes, got, want)
			}
		}
	}
}

// TestValidatorFailFast checks that Write, fed one byte at a time, first
// reports false at the byte each case names.
func TestValidatorFailFast(t *testing.T) {
	type result struct {
		Name   string
		FailAt int
		Done   bool
	}
	var want, got []result
	for _, c := range utf8Cases {
		want = append(want, result{c.name, c.failAt, c.valid})
		var v Validator
		failAt := -1
		for i := 0; i < len(c.in); i++ {
			if !v.Write([]byte{c.in[i]}) && failAt < 0 {
				failAt = i + 1
			}
		}
		got = append(got, result{c.name, failAt, v.Done()})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("byte-at-a-time results (-want +got):\n%s", diff)
	}
}

// TestValidatorStaysFailed checks that no continuation, not even one that
// would be valid on its own, revives a failed stream, and that Reset does.
func TestValidatorStaysFailed(t *testing.T) {
	for _, c := range utf8Cases {
		if c.failAt < 0 {
			continue
		}
		var v Validator
		if v.Write([]byte(c.in[:c.failAt])) {
			t.Fatalf("%s: Write(% x) = true, want false", c.name, c.in[:c.failAt])
		}
		for _, more := range []string{"", "a", "\x80", "\xbf\xbf", "\xc3\xa9"} {
			if v.Write([]byte(more)) {
				t.Errorf("%s: Write(%q) after failure = true", c.name, more)
			}
		}
		if v.Done() {
			t.Errorf("%s: Done after failure = true", c.name)
		}
		v.Reset()
		if !v.Write([]byte("\xe2\x82")) || !v.Write([]byte("\xac")) || !v.Done() {
			t.Errorf("%s: after Reset, a valid stream was rejected", c.name)
		}
	}
}

// TestValidatorCompletable checks the promise of a true Write directly:
// after it, some bytes complete the stream so that Done reports true.
func TestValidatorCompletable(t *testing.T) {
	rng := rand.New(rand.NewSource(4))
	for i := 0; i < 20000; i++ {
		b := randomText(rng, 1+rng.Intn(80))
		b = b[:rng.Intn(len(b)+1)]
		var v Validator
		if !v.Write(b) {
			continue
		}
		completed := false
		// Every valid code point ends with at most three continuation
		// bytes, each in 80..BF; try the ones at the edges of the
		// narrowed second-byte ranges.
		for _, tail := range completions {
			w := v
			if w.Write(tail) && w.Done() {
				completed = true
				break
			}
		}
		if !completed {
			t.Fatalf("Write(% x) = true, but no continuation completes it", b)
		}
	}
}

var completions = func() [][]byte {
	tails := [][]byte{{}}
	for n := 1; n <= 3; n++ {
		for _, c := range []byte{0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF} {
			tail := make([]byte, n)
			for i := range tail {
				tail[i] = 0x80
			}
			tail[0] = c
			tails = append(tails, tail)
		}
	}
	return tails
}()

func TestValidatorEmptyWrites(t *testing.T) {
	var v Validator
	steps := []string{"", "\xf0", "", "\x9f", "", "\x98", "", "\x80", ""}
	for _, s := range steps {
		if !v.Write([]byte(s)) {
			t.Fatalf("Write(%q) = false in a valid stream", s)
		}
	}
	if !v.Done() {
		t.Fatal("Done = false after a complete code point")
	}
}

func TestValidatorZeroValueIsDone(t *testing.T) {
	var v Validator
	if !v.Done() {
		t.Fatal("zero Validator: Done = false, want true (empty text is valid)")
	}
}

// TestValidatorSize guards the promise that a Validator is tiny: the three
// pending bytes and a little state.
func TestValidatorSize(t *testing.T) {
	if size := unsafe.Sizeof(Validator{}); size > 8 {
		t.Fatalf("Validator is %d bytes, want at most 8", size)
	}
}

func TestAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates; allocation budgets are checked without -race")
	}
	text := []byte(fill("\xe2\x82\xac", 300))
	var v Validator
	allocs := testing.AllocsPerRun(100, func() {
		if !Valid(text) {
			t.Fatal("Valid = false on valid text")
		}
		v.Reset()
		for i := 0; i < len(text); i += 7 {
			v.Write(text[i:min(i+7, len(text))])
		}
		if !v.Done() {
			t.Fatal("Done = false on valid text")
		}
	})
	if allocs != 0 {
		t.Fatalf("Valid and Validator: %v allocations per run, want 0", allocs)
	}
}
