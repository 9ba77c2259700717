//go:build !purego

package wshandshake

import (
	"crypto/sha1"
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// TestSHA1BlocksSHANI compares the SHA extensions' compression with
// crypto/sha1 on messages of every length from 0 to 300 bytes, random and
// all-ones, padded here as FIPS 180-4 §5.1.1 says, so that one to six
// blocks go through it in one call.
func TestSHA1BlocksSHANI(t *testing.T) {
	if !useSHANI {
		t.Skip("this CPU has no SHA extensions; acceptInto uses crypto/sha1")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n <= 300; n++ {
		for _, fill := range []string{"random", "ones"} {
			msg := make([]byte, n)
			for i := range msg {
				if fill == "ones" {
					msg[i] = 0xFF
				} else {
					msg[i] = byte(rng.Uint32())
				}
			}
			padded := append(append([]byte(nil), msg...), 0x80)
			for len(padded)%sha1BlockSize != sha1BlockSize-8 {
				padded = append(padded, 0)
			}
			padded = binary.BigEndian.AppendUint64(padded, uint64(n)*8)
			h := sha1Init
			sha1BlocksSHANI(&h, padded)
			var got [sha1.Size]byte
			for i, v := range h {
				binary.BigEndian.PutUint32(got[4*i:], v)
			}
			if want := sha1.Sum(msg); got != want {
				t.Fatalf("%s message of %d bytes: %x, want %x", fill, n, got, want)
			}
		}
	}
}

// TestAcceptSumMatchesSHA1 checks the two-block Accept hash against
// crypto/sha1 for random keys of the length it takes, and that it leaves
// other lengths to crypto/sha1.
func TestAcceptSumMatchesSHA1(t *testing.T) {
	if !useSHANI {
		t.Skip("this CPU has no SHA extensions; acceptInto uses crypto/sha1")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 1000; i++ {
		key := make([]byte, 24)
		for j := range key {
			key[j] = byte(rng.Uint32())
		}
		var got [sha1.Size]byte
		if !acceptSum(&got, key) {
			t.Fatal("acceptSum declined a 24-byte key")
		}
		if want := sha1.Sum(append(key, acceptGUID...)); got != want {
			t.Fatalf("key %x: %x, want %x", key, got, want)
		}
	}
	for _, n := range []int{0, 23, 25, 64} {
		var sum [sha1.Size]byte
		if acceptSum(&sum, make([]byte, n)) {
			t.Errorf("acceptSum took a %d-byte key", n)
		}
	}
}
