package wsmask_test

import (
	"fmt"

	"github.com/wscodec/wscodec/wsmask"
)

// The masked payload of RFC 6455 §5.7's "Hello" example, unmasked in place.
func ExampleMask() {
	payload := []byte{0x7f, 0x9f, 0x4d, 0x51, 0x58}
	wsmask.Mask(payload, [4]byte{0x37, 0xfa, 0x21, 0x3d})
	fmt.Printf("%s\n", payload)
	// Output: Hello
}

// A payload that arrives in pieces is unmasked piece by piece, each call
// continuing at the phase the previous one returned.
func ExampleMaskAt() {
	key := [4]byte{0x37, 0xfa, 0x21, 0x3d}
	pieces := [][]byte{{0x7f, 0x9f}, {0x4d}, {0x51, 0x58}}
	pos := 0
	for _, p := range pieces {
		pos = wsmask.MaskAt(p, key, pos)
		fmt.Printf("%s", p)
	}
	fmt.Println()
	// Output: Hello
}

// A seeded source gives the same keys on every run, for reproducible test
// frames; real clients use NewRandomKeySource.
func ExampleNewSeededKeySource() {
	keys := wsmask.NewSeededKeySource(1)
	fmt.Printf("%x\n", keys.NextKey())
	fmt.Printf("%x\n", keys.NextKey())
	// Output:
	// 0329edab
	// 5653604a
}
