package wshandshake

// HeaderField is a header name and value a caller adds to a request or a
// response, or a field of an HTTP/2 or HTTP/3 response.
type HeaderField struct {
	Name, Value string
}

// checkField refuses a field that would break the message it is written
// into: a name that is not a token, or a value holding CR, LF or another
// control character (header injection).
func checkField(f *HeaderField) error {
	if !isTokenString(f.Name) {
		return wrap(ErrInvalidHeader, "field name is not a token")
	}
	for i := 0; i < len(f.Value); i++ {
		if !fieldValueChar[f.Value[i]] {
			return wrap(ErrInvalidHeader, "control character in the value of "+f.Name)
		}
	}
	return nil
}

func appendField(dst []byte, name, value string) []byte {
	dst = append(dst, name...)
	dst = append(dst, ": "...)
	dst = append(dst, value...)
	return append(dst, "\r\n"...)
}
