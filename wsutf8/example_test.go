package wsutf8_test

import (
	"fmt"

	"github.com/wscodec/wscodec/wsmask"
	"github.com/wscodec/wscodec/wsutf8"
)

func ExampleValid() {
	fmt.Println(wsutf8.Valid([]byte("Grüße, 世界")))
	fmt.Println(wsutf8.Valid([]byte("\xed\xa0\x80"))) // a surrogate half
	// Output:
	// true
	// false
}

// A text message arrives in three fragments; the euro sign (E2 82 AC) is
// split between the first two.
func ExampleValidator() {
	fragments := [][]byte{[]byte("price: 5\xe2"), []byte("\x82\xac"), []byte(" each")}
	var v wsutf8.Validator
	for _, frag := range fragments {
		if !v.Write(frag) {
			fmt.Println("invalid UTF-8: fail the connection with 1007")
			return
		}
	}
	fmt.Println("complete:", v.Done())
	// Output:
	// complete: true
}

// The validator reports an invalid stream at the fragment that holds the
// first invalid byte, before the message ends.
func ExampleValidator_failFast() {
	fragments := [][]byte{[]byte("ok so far \xf4"), []byte("\x90 is above U+10FFFF"), []byte("never seen")}
	var v wsutf8.Validator
	for i, frag := range fragments {
		if !v.Write(frag) {
			fmt.Println("invalid at fragment", i)
			return
		}
	}
	// Output:
	// invalid at fragment 1
}

// At the end of a message a code point may still be open; Done catches it.
func ExampleValidator_Done() {
	var v wsutf8.Validator
	fmt.Println(v.Write([]byte("\xf0\x9f\x98")))
	fmt.Println(v.Done())
	// Output:
	// true
	// false
}

// A server receives the payload of a text frame from a client, masked with
// the key from the frame header, and unmasks and validates it in place.
func ExampleUnmaskValid() {
	key := [4]byte{0x37, 0xfa, 0x21, 0x3d}
	payload := []byte("Grüße, 世界")
	wsmask.Mask(payload, key) // as the client sent it

	if !wsutf8.UnmaskValid(payload, key) {
		fmt.Println("invalid UTF-8: fail the connection with 1007")
		return
	}
	fmt.Println(string(payload))
	// Output:
	// Grüße, 世界
}
