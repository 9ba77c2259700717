package wsutf8

func valid(b []byte) bool { return validGeneric(b) }
