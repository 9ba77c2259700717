package wsmask

import (
	"encoding/binary"
	"math/rand/v2"
	"strconv"
	"testing"
)

var benchSizes = []int{15, 125, 1024, 4096, 65536, 1 << 20}

// maskPlainWords is the baseline the portable path is measured against: the
// obvious loop, one 64-bit word per step, then one byte per step.
func maskPlainWords(b []byte, k uint32, pos int) {
	k = phaseKey(k, pos)
	k64 := uint64(k) | uint64(k)<<32
	for len(b) >= 8 {
		binary.LittleEndian.PutUint64(b, binary.LittleEndian.Uint64(b)^k64)
		b = b[8:]
	}
	for i := range b {
		b[i] ^= byte(k >> (8 * uint(i&3)))
	}
}

func TestPlainWordsBaselineIsCorrect(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for n := 0; n < 40; n++ {
		checkPath(t, maskPath{"plainword", maskPlainWords, true}, rng, n&7, n, 0)
	}
}

// BenchmarkMask runs every supported path, the exported Mask, the plain
// word loop and copy() of the same size side by side, so one run gives the
// ratios. Names group under benchstat as path=X/size=N.
func BenchmarkMask(b *testing.B) {
	paths := append(maskPaths(), maskPath{"plainword", maskPlainWords, true})
	for _, size := range benchSizes {
		buf := make([]byte, size)
		for _, p := range paths {
			if !p.supported {
				continue
			}
			fn := p.fn
			b.Run("path="+p.name+"/size="+strconv.Itoa(size), func(b *testing.B) {
				b.SetBytes(int64(size))
				for i := 0; i < b.N; i++ {
					fn(buf, 0x3d21fa37, 0)
				}
			})
		}
		b.Run("path=Mask/size="+strconv.Itoa(size), func(b *testing.B) {
			b.SetBytes(int64(size))
			key := [4]byte{0x37, 0xfa, 0x21, 0x3d}
			for i := 0; i < b.N; i++ {
				Mask(buf, key)
			}
		})
		b.Run("path=copy/size="+strconv.Itoa(size), func(b *testing.B) {
			src := make([]byte, size)
			b.SetBytes(int64(size))
			for i := 0; i < b.N; i++ {
				copy(buf, src)
			}
		})
	}
}
