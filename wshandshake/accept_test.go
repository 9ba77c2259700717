package wshandshake

import (
	"crypto/sha1"
	"encoding/base64"
	"testing"
)

// TestAcceptRFC6455Section1_3 checks the worked example of RFC 6455 §1.3.
func TestAcceptRFC6455Section1_3(t *testing.T) {
	const key = "dGhlIHNhbXBsZSBub25jZQ=="
	const want = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
	if got := string(AppendAccept(nil, []byte(key))); got != want {
		t.Fatalf("AppendAccept = %q, want %q", got, want)
	}
	if !CheckAccept([]byte(key), []byte(want)) {
		t.Fatal("CheckAccept rejects the RFC example")
	}
	prefix := []byte("x: ")
	if got := string(AppendAccept(prefix, []byte(key))); got != "x: "+want {
		t.Fatalf("AppendAccept does not append: %q", got)
	}
}

func TestCheckAcceptRejects(t *testing.T) {
	key := []byte("dGhlIHNhbXBsZSBub25jZQ==")
	for _, accept := range []string{
		"",
		"s3pPLMBiTxaQ9kYGzzhZRbK+xOo",   // one short
		"s3pPLMBiTxaQ9kYGzzhZRbK+xOo==", // one long
		"S3pPLMBiTxaQ9kYGzzhZRbK+xOo=",  // case matters in base64
		"dGhlIHNhbXBsZSBub25jZQ==AAAA",
	} {
		if CheckAccept(key, []byte(accept)) {
			t.Errorf("CheckAccept(%q) = true", accept)
		}
	}
}

// TestAcceptLongKey covers the path for keys longer than the stack buffer;
// the expected value was computed with openssl sha1 | base64.
func TestAcceptLongKey(t *testing.T) {
	key := make([]byte, 100)
	for i := range key {
		key[i] = 'a'
	}
	const want = "+taVhj8zzaJPYE6HHo1ugamK/Ug="
	if got := string(AppendAccept(nil, key)); got != want {
		t.Fatalf("AppendAccept(100×a) = %q, want %q", got, want)
	}
}

func TestAcceptAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	key := []byte("dGhlIHNhbXBsZSBub25jZQ==")
	dst := make([]byte, 0, 64)
	allocs := testing.AllocsPerRun(100, func() {
		dst = AppendAccept(dst[:0], key)
		if !CheckAccept(key, dst) {
			t.Fatal("mismatch")
		}
	})
	if allocs != 0 {
		t.Fatalf("AppendAccept+CheckAccept allocate %v times, want 0", allocs)
	}
}

func TestKeyFromNonce(t *testing.T) {
	// RFC 6455 §4.1's example nonce is the bytes of "the sample nonce".
	var nonce [16]byte
	copy(nonce[:], "the sample nonce")
	k := KeyFromNonce(nonce)
	if k.String() != "dGhlIHNhbXBsZSBub25jZQ==" {
		t.Fatalf("key = %q", k.String())
	}
	if got := string(k.AppendAccept(nil)); got != "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" {
		t.Fatalf("accept = %q", got)
	}
}

func TestNewKeyFrom(t *testing.T) {
	k, err := NewKeyFrom(func(b []byte) (int, error) {
		copy(b, "the sample nonce")
		return len(b), nil
	})
	if err != nil || k.String() != "dGhlIHNhbXBsZSBub25jZQ==" {
		t.Fatalf("NewKeyFrom = %q, %v", k.String(), err)
	}
	_, err = NewKeyFrom(func(b []byte) (int, error) { return 3, nil })
	checkErr(t, err, ErrInvalidConfig)

	a, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Fatal("two random keys are equal")
	}
	if !validKey(a[:]) {
		t.Fatalf("NewKey made an invalid key %q", a.String())
	}
}

// TestEncodeDigestMatchesBase64 holds the unrolled encoder to
// base64.StdEncoding on digests that set every bit position in turn.
func TestEncodeDigestMatchesBase64(t *testing.T) {
	var sums [][sha1.Size]byte
	for bit := 0; bit < 8*sha1.Size; bit++ {
		var s [sha1.Size]byte
		s[bit/8] = 1 << (bit % 8)
		sums = append(sums, s)
	}
	var ones [sha1.Size]byte
	for i := range ones {
		ones[i] = 0xff
	}
	sums = append(sums, [sha1.Size]byte{}, ones, sha1.Sum([]byte("x")))
	for _, s := range sums {
		var got [AcceptLen]byte
		encodeDigest(&got, &s)
		if want := base64.StdEncoding.EncodeToString(s[:]); string(got[:]) != want {
			t.Fatalf("encodeDigest(%x) = %q, want %q", s, got, want)
		}
	}
}
