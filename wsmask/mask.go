package wsmask

// Mask XORs b in place with key, starting at key phase 0.
func Mask(b []byte, key [4]byte) {
	maskAt(b, key, 0)
}

// MaskAt XORs b in place with key, starting at key phase pos (only pos&3
// counts), and returns the phase of the byte that follows b: (pos+len(b))&3.
// Calling MaskAt on consecutive pieces of a buffer, passing each returned
// phase on to the next call, gives the same result as [Mask] on the whole.
func MaskAt(b []byte, key [4]byte, pos int) int {
	pos &= 3
	maskAt(b, key, pos)
	return (pos + len(b)) & 3
}
