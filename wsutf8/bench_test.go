package wsutf8

import (
	"bytes"
	"testing"
	"unicode/utf8"

	"github.com/wscodec/wscodec/wsmask"
)

// benchTexts are the inputs of the benchmarks: 64 KiB of ASCII, of
// Japanese (three-byte code points), of mostly ASCII with some two-, three-
// and four-byte code points, and the small sizes typical of close reasons
// (at most 123 bytes after the code) and short chat messages.
var benchTexts = []struct {
	name string
	text []byte
}{
	{"ASCII-64KiB", repeatTo("The quick brown fox jumps over the lazy dog. ", 64<<10)},
	{"CJK-64KiB", repeatTo("いろはにほへと　ちりぬるを　わかよたれそ　つねならむ　日本語の文章。", 64<<10)},
	{"Mixed-64KiB", repeatTo("Grüße aus Köln — 5 € pro Stück, 東京まで 🚄 schnell! ", 64<<10)},
	{"ASCII-16B", repeatTo("Going away, bye", 16)},
	{"ASCII-125B", repeatTo("Normal closure: the server is shutting down. ", 125)},
	{"Mixed-125B", repeatTo("Grüße aus Köln — 5 € pro Stück, 東京まで 🚄 schnell! ", 125)},
}

// repeatTo repeats s and cuts it at the last code point boundary within n
// bytes, so that the text stays valid.
func repeatTo(s string, n int) []byte {
	b := bytes.Repeat([]byte(s), n/len(s)+1)[:n]
	return b[:len(b)-len(b[incompleteTail(b):])]
}

// BenchmarkValid measures Valid, unicode/utf8.Valid and every path of
// this package side by side; compare them with
// benchstat -col /impl.
func BenchmarkValid(b *testing.B) {
	impls := append([]validPath{{name: "stdlib", valid: utf8.Valid}, {name: "wsutf8", valid: Valid}}, allPaths()...)
	for _, bt := range benchTexts {
		for _, impl := range impls {
			b.Run("text="+bt.name+"/impl="+impl.name, func(b *testing.B) {
				if impl.valid == nil {
					b.Skipf("%s: not supported by this CPU", impl.name)
				}
				if !impl.valid(bt.text) {
					b.Fatal("benchmark text is not valid")
				}
				b.SetBytes(int64(len(bt.text)))
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					impl.valid(bt.text)
				}
			})
		}
	}
}

// BenchmarkValidator writes each text in pieces of 1000 bytes, splitting
// code points, as a frame decoder fed by 1 KB reads would.
func BenchmarkValidator(b *testing.B) {
	for _, bt := range benchTexts {
		b.Run("text="+bt.name, func(b *testing.B) {
			b.SetBytes(int64(len(bt.text)))
			b.ReportAllocs()
			var v Validator
			for i := 0; i < b.N; i++ {
				v.Reset()
				for p := bt.text; len(p) > 0; p = p[min(1000, len(p)):] {
					v.Write(p[:min(1000, len(p))])
				}
				if !v.Done() {
					b.Fatal("benchmark text is not valid")
				}
			}
		})
	}
}

// BenchmarkUnmaskValid unmasks and validates each 64 KiB text with
// UnmaskValid and with wsmask.Mask followed by Valid. Each operation first
// copies the masked text into place, as a read from the network would:
// unmasking changes it.
func BenchmarkUnmaskValid(b *testing.B) {
	key := [4]byte{0x37, 0xfa, 0x21, 0x3d}
	impls := []struct {
		name        string
		unmaskValid func([]byte, [4]byte) bool
	}{
		{"UnmaskValid", UnmaskValid},
		{"twopass", unmaskThenValid},
	}
	for _, bt := range benchTexts[:3] {
		masked := append([]byte(nil), bt.text...)
		wsmask.Mask(masked, key)
		buf := make([]byte, len(masked))
		for _, impl := range impls {
			b.Run("text="+bt.name+"/impl="+impl.name, func(b *testing.B) {
				b.SetBytes(int64(len(masked)))
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					copy(buf, masked)
					if !impl.unmaskValid(buf, key) {
						b.Fatal("benchmark text is not valid")
					}
				}
			})
		}
	}
}
