package bench

import (
	"strconv"
	"testing"
	_ "unsafe" // for go:linkname

	"github.com/gobwas/ws"
	"github.com/wscodec/wscodec/wsmask"

	// Imported for their unexported masking functions, reached below.
	_ "github.com/coder/websocket"
	_ "github.com/gorilla/websocket"
	_ "github.com/lxzan/gws"
)

// gorilla/websocket, coder/websocket and lxzan/gws do not export their
// masking functions. //go:linkname to the symbol is the only way to measure
// the code they actually ship, called the way they call it, without copying
// it here. The signatures match the peers' declarations at the versions
// pinned in go.mod.

//go:linkname gorillaMaskBytes github.com/gorilla/websocket.maskBytes
func gorillaMaskBytes(key [4]byte, pos int, b []byte) int

// coderMask is what coder/websocket calls on every frame; in v1.8.x it
// runs the portable Go path.
//
//go:linkname coderMask github.com/coder/websocket.mask
func coderMask(b []byte, key uint32) uint32

// coderMaskAsm is coder/websocket's assembly path, which it ships but does
// not call (mask_asm.go: "Will enable in v1.9.0").
//
//go:linkname coderMaskAsm github.com/coder/websocket.maskAsm
func coderMaskAsm(b *byte, len int, key uint32) uint32

//go:linkname gwsMaskXOR github.com/lxzan/gws/internal.MaskXOR
func gwsMaskXOR(b []byte, key []byte)

var sizes = []int{15, 125, 1024, 4096, 65536, 1 << 20}

// BenchmarkMask masks a buffer of each size in place with every
// implementation, and copies one of the same size as the memory-speed
// reference. Compare with benchstat: impl=X/size=N.
func BenchmarkMask(b *testing.B) {
	key := [4]byte{0x37, 0xfa, 0x21, 0x3d}
	key32 := uint32(0x3d21fa37)
	impls := []struct {
		name string
		mask func(p []byte)
	}{
		{"wscodec", func(p []byte) { wsmask.Mask(p, key) }},
		{"gobwas", func(p []byte) { ws.Cipher(p, key, 0) }},
		{"gorilla", func(p []byte) { gorillaMaskBytes(key, 0, p) }},
		{"coder", func(p []byte) { coderMask(p, key32) }},
		{"coder-asm-disabled", func(p []byte) {
			if len(p) > 0 {
				coderMaskAsm(&p[0], len(p), key32)
			}
		}},
		{"gws", func(p []byte) { gwsMaskXOR(p, key[:]) }},
	}
	for _, size := range sizes {
		buf := make([]byte, size)
		for _, impl := range impls {
			mask := impl.mask
			b.Run("impl="+impl.name+"/size="+strconv.Itoa(size), func(b *testing.B) {
				b.SetBytes(int64(size))
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					mask(buf)
				}
			})
		}
		b.Run("impl=copy/size="+strconv.Itoa(size), func(b *testing.B) {
			src := make([]byte, size)
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				copy(buf, src)
			}
		})
	}
}
