package wsutf8

import (
	"encoding/binary"
	"testing"
	"unicode/utf8"
	"unsafe"
)

// addrMod64 returns where b starts against a 64-byte boundary.
func addrMod64(b []byte) int {
	return int(uintptr(unsafe.Pointer(unsafe.SliceData(b))) % 64)
}

// FuzzValid checks every path this CPU runs, and Valid itself, against
// unicode/utf8.Valid, on the input as given and on a copy of it that
// starts 1 to 63 bytes past a 64-byte boundary, the offset chosen by its
// length: the fuzzer's own buffers are usually aligned, and the vector
// code treats aligned and unaligned input differently.
func FuzzValid(f *testing.F) {
	for _, c := range utf8Cases {
		f.Add([]byte(c.in))
		f.Add([]byte(fill("a", 31) + c.in + fill("\xe2\x82\xac", 40)))
		f.Add([]byte(fill("\xe2\x82\xac", 63) + c.in + fill("a", 200)))
		f.Add([]byte(fill("\xe2\x82\xac", 640) + c.in))
	}
	paths := allPaths()
	mem := make([]byte, 64)
	f.Fuzz(func(t *testing.T, b []byte) {
		want := utf8.Valid(b)
		if cap(mem) < len(b)+128 {
			mem = make([]byte, len(b)+128)
		}
		off := (1 + len(b)%63 - addrMod64(mem) + 64) % 64
		shifted := mem[off : off+copy(mem[off:], b)]
		for _, in := range [][]byte{b, shifted} {
			if got := Valid(in); got != want {
				t.Fatalf("Valid(% x) at address %%64 = %d: %v, want %v", in, addrMod64(in), got, want)
			}
			for _, p := range paths {
				if p.valid == nil {
					continue
				}
				if got := p.valid(in); got != want {
					t.Fatalf("%s(% x) at address %%64 = %d: %v, want %v", p.name, in, addrMod64(in), got, want)
				}
			}
		}
	})
}

// FuzzValidatorSplit writes b to a Validator in pieces whose sizes come
// from cuts (each byte one piece size, 0 included) and compares every
// Write with the prefix validity of the stream so far, and Done with
// unicode/utf8.Valid.
func FuzzValidatorSplit(f *testing.F) {
	for _, c := range utf8Cases {
		f.Add([]byte(c.in), []byte{1, 0, 2})
		f.Add([]byte(fill("\xc3\xa9", 40)+c.in+"z"), []byte{33, 7, 1, 1})
	}
	f.Fuzz(func(t *testing.T, b, cuts []byte) {
		sizes := make([]int, len(cuts))
		for i, c := range cuts {
			sizes[i] = int(c)
		}
		var v Validator
		got := feed(&v, b, sizes)
		want := wantFeed(b, sizes)
		for pos, w := range want {
			if got[pos] != w {
				t.Fatalf("% x in pieces %v: Write ending at byte %d = %v, want %v", b, sizes, pos, got[pos], w)
			}
		}
		if got, want := v.Done(), utf8.Valid(b); got != want {
			t.Fatalf("% x in pieces %v: Done = %v, want %v", b, sizes, got, want)
		}
	})
}

// FuzzUnmaskValid puts b between texts of the kind filler picks, long
// enough together for the AVX-512 code, at pre bytes from the start and
// at address modulo 64 align, masks it with key, and checks every
// UnmaskValid path against wsmask.Mask and unicode/utf8.Valid.
func FuzzUnmaskValid(f *testing.F) {
	for i, c := range utf8Cases {
		f.Add([]byte(c.in), uint16(i*37), byte(i), byte(i%3), uint32(0x3d21fa37))
	}
	paths := allUnmaskPaths()
	c := newUnmaskChecker([4]byte{})
	f.Fuzz(func(t *testing.T, b []byte, pre uint16, align, filler byte, key uint32) {
		kind := []string{"a", "\xe2\x82\xac", fillers[len(fillers)-1]}[int(filler)%3]
		before := int(pre) % (unmaskAVX512MinLen + 600)
		after := max(unmaskAVX512MinLen-before-len(b), 0) + int(pre)%67
		text := []byte(fill(kind, before) + string(b) + fill(kind, after))
		want := utf8.Valid(text)
		binary.LittleEndian.PutUint32(c.key[:], key)
		for _, p := range paths {
			if p.unmaskValid == nil || len(text) < p.minLen {
				continue
			}
			if msg := c.check(p, text, int(align)%64, want); msg != "" {
				t.Fatalf("%s: % x after %d bytes of %q, %d after, at address %%64 = %d, key %08x: %s (want %v)",
					p.name, b, before, kind, after, align%64, key, msg, want)
			}
		}
	})
}
