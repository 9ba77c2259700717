package wsutf8

// Valid reports whether b consists entirely of valid UTF-8 encoded code
// points. It agrees with unicode/utf8.Valid on every input: overlong
// encodings, surrogate halves (U+D800–U+DFFF), values above U+10FFFF and
// truncated sequences are invalid (RFC 3629 §3, §4). Valid does not retain
// or modify b.
func Valid(b []byte) bool {
	return valid(b)
}
