package wsmask

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// maskPath is one implementation: b masked in place with the key word k
// (the word for phase 0) starting at phase pos.
type maskPath struct {
	name      string
	fn        func(b []byte, k uint32, pos int)
	supported bool
}

// phased turns a path that takes the key word for b[0] into one that takes
// the word for phase 0 and a phase, turning the key in Go as maskAt does.
func phased(mask func(b []byte, k uint32)) func(b []byte, k uint32, pos int) {
	return func(b []byte, k uint32, pos int) { mask(b, phaseKey(k, pos)) }
}

// maskGenericAt is the portable path with the phase turned in Go, as the
// dispatchers do on architectures without assembly.
var maskGenericAt = phased(maskGeneric)

// maskReference is the definition from RFC 6455 §5.3, one byte at a time.
func maskReference(b []byte, key [4]byte, pos int) {
	for i := range b {
		b[i] ^= key[(pos+i)&3]
	}
}

// runPaths runs f as a subtest for every path, skipping (by name) those the
// CPU lacks, and logs which ones ran.
func runPaths(t *testing.T, f func(t *testing.T, p maskPath)) {
	t.Helper()
	var ran, skipped []string
	for _, p := range maskPaths() {
		if !p.supported {
			skipped = append(skipped, p.name)
			t.Run(p.name, func(t *testing.T) { t.Skipf("the CPU lacks the %s path", p.name) })
			continue
		}
		ran = append(ran, p.name)
		t.Run(p.name, func(t *testing.T) { f(t, p) })
	}
	t.Logf("paths run: %v; skipped (CPU lacks them): %v", ran, skipped)
}

// guard fills the bytes around the buffer under test, so that a store
// outside b (a path writing a whole vector past the end, say) shows up.
const guard = 0xA5

// checkPath masks b (a window of a larger guarded buffer) with p and
// compares the whole buffer, guards included, with the reference.
func checkPath(t *testing.T, p maskPath, rng *rand.Rand, align, n, pos int) {
	t.Helper()
	const pad = 80
	buf := make([]byte, pad+align+n+pad)
	for i := range buf {
		buf[i] = guard
	}
	b := buf[pad+align : pad+align+n]
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	var key [4]byte
	binary.LittleEndian.PutUint32(key[:], rng.Uint32())
	want := bytes.Clone(buf)
	maskReference(want[pad+align:pad+align+n], key, pos)

	p.fn(b, binary.LittleEndian.Uint32(key[:]), pos)
	if !bytes.Equal(buf, want) {
		t.Fatalf("%s: len %d, phase %d, align %d, key %x: got/want (guards included):\n%s",
			p.name, n, pos, align, key, cmp.Diff(want, buf))
	}
}

func TestPathsMatchReferenceAllSmallLengths(t *testing.T) {
	runPaths(t, func(t *testing.T, p maskPath) {
		rng := rand.New(rand.NewPCG(1, 2))
		for n := 0; n <= 300; n++ {
			for pos := 0; pos < 4; pos++ {
				for align := 0; align < 32; align++ {
					checkPath(t, p, rng, align, n, pos)
				}
			}
		}
	})
}

func TestPathsMatchReferenceLargeBuffers(t *testing.T) {
	runPaths(t, func(t *testing.T, p maskPath) {
		rng := rand.New(rand.NewPCG(3, 4))
		sizes := []int{511, 512, 513, 1023, 1024, 4095, 4096, 4097, 65536 + 7, 1 << 20}
		for i := 0; i < 20; i++ {
			sizes = append(sizes, 300+rng.IntN(200_000))
		}
		for _, n := range sizes {
			checkPath(t, p, rng, rng.IntN(64), n, rng.IntN(4))
		}
	})
}

// TestPathsDoNotReadOrWriteOutsideBuffer places b at the very end of its
// allocation, with cap(b) == len(b): a path that touched a byte past the end
// would corrupt or read the next object; the guard checks in checkPath catch
// writes, this one checks the results at the allocation's edge.
func TestPathsAtEndOfAllocation(t *testing.T) {
	runPaths(t, func(t *testing.T, p maskPath) {
		for n := 0; n <= 200; n++ {
			b := make([]byte, n)
			for i := range b {
				b[i] = byte(i)
			}
			want := bytes.Clone(b)
			key := [4]byte{1, 2, 3, 4}
			maskReference(want, key, 0)
			p.fn(b[:n:n], binary.LittleEndian.Uint32(key[:]), 0)
			if !bytes.Equal(b, want) {
				t.Fatalf("len %d: %s", n, cmp.Diff(want, b))
			}
		}
	})
}

// RFC 6455 §5.7: a masked text frame carrying "Hello".
func TestMaskRFC6455Section5_7(t *testing.T) {
	frame := []byte{0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58}
	key := [4]byte(frame[2:6])
	payload := bytes.Clone(frame[6:])
	Mask(payload, key)
	if diff := cmp.Diff("Hello", string(payload)); diff != "" {
		t.Errorf("unmasked payload (-want +got):\n%s", diff)
	}
	Mask(payload, key)
	if diff := cmp.Diff(frame[6:], payload); diff != "" {
		t.Errorf("masking twice must restore the input (-want +got):\n%s", diff)
	}
}

func TestMaskAtReturnsNextPhase(t *testing.T) {
	key := [4]byte{0x10, 0x20, 0x30, 0x40}
	tests := []struct {
		name string
		in   []byte
		pos  int
		want []byte
		next int
	}{
		{"empty keeps phase", nil, 3, nil, 3},
		{"one byte at phase 0", []byte{0}, 0, []byte{0x10}, 1},
		{"two bytes at phase 3 wrap", []byte{0, 0}, 3, []byte{0x40, 0x10}, 1},
		{"only pos&3 counts", []byte{0, 0}, 6, []byte{0x30, 0x40}, 0},
		{"negative pos is taken mod 4", []byte{0, 0}, -1, []byte{0x40, 0x10}, 1},
		{"five bytes at phase 1", []byte{0, 0, 0, 0, 0}, 1, []byte{0x20, 0x30, 0x40, 0x10, 0x20}, 2},
		{"xor, not overwrite", []byte{0xff, 0x01}, 0, []byte{0xef, 0x21}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := bytes.Clone(tt.in)
			next := MaskAt(got, key, tt.pos)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("payload (-want +got):\n%s", diff)
			}
			if next != tt.next {
				t.Errorf("next phase = %d, want %d", next, tt.next)
			}
		})
	}
}

// TestMaskAtPiecesEqualsWhole splits buffers at random points: masking the
// pieces in turn, each at the phase the previous call returned, must equal
// masking the whole buffer at once.
func TestMaskAtPiecesEqualsWhole(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for iter := 0; iter < 2000; iter++ {
		n := rng.IntN(600)
		whole := make([]byte, n)
		for i := range whole {
			whole[i] = byte(rng.Uint32())
		}
		key := [4]byte{byte(rng.Uint32()), byte(rng.Uint32()), byte(rng.Uint32()), byte(rng.Uint32())}
		pieces := bytes.Clone(whole)
		Mask(whole, key)

		pos, rest := 0, pieces
		for len(rest) > 0 {
			k := rng.IntN(len(rest) + 1)
			pos = MaskAt(rest[:k], key, pos)
			rest = rest[k:]
		}
		if pos != n&3 {
			t.Fatalf("final phase %d, want %d", pos, n&3)
		}
		if !bytes.Equal(whole, pieces) {
			t.Fatalf("len %d key %x: pieces differ from whole:\n%s", n, key, cmp.Diff(whole, pieces))
		}
	}
}

func TestMaskDoesNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	for _, n := range []int{0, 15, 125, 4096} {
		b := make([]byte, n)
		key := [4]byte{1, 2, 3, 4}
		if a := testing.AllocsPerRun(100, func() { Mask(b, key) }); a != 0 {
			t.Errorf("Mask(%d bytes): %v allocations, want 0", n, a)
		}
		if a := testing.AllocsPerRun(100, func() { MaskAt(b, key, 3) }); a != 0 {
			t.Errorf("MaskAt(%d bytes): %v allocations, want 0", n, a)
		}
	}
}

// TestAppendMaskedMatchesReference checks the copying form on both sides
// of maskedCopyMax: the appended bytes are the masked source, the bytes
// already in dst and the source itself are left alone.
func TestAppendMaskedMatchesReference(t *testing.T) {
	key := [4]byte{0x37, 0xfa, 0x21, 0x3d}
	for n := 0; n <= 2*maskedCopyMax+9; n++ {
		src := make([]byte, n)
		for i := range src {
			src[i] = byte(i*31 + 7)
		}
		orig := bytes.Clone(src)
		want := bytes.Clone(src)
		maskReference(want, key, 0)
		for _, room := range []int{0, n - 1, n} {
			dst := append(make([]byte, 0, 3+max(room, 0)), "pre"...)
			got := AppendMasked(dst, src, key)
			if string(got[:3]) != "pre" || !bytes.Equal(got[3:], want) {
				t.Fatalf("len %d, room %d: AppendMasked = %x, want pre+%x", n, room, got, want)
			}
			if !bytes.Equal(src, orig) {
				t.Fatalf("len %d: source modified", n)
			}
		}
	}
}
