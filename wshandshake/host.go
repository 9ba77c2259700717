package wshandshake

// validHost reports whether b is a valid Host field value (RFC 9110 §7.2):
//
//	Host     = uri-host [ ":" port ]
//	uri-host = IP-literal / IPv4address / reg-name
//	port     = *DIGIT
//
// with the forms of RFC 3986 §3.2.2; an IPv4address is also a reg-name.
// The host must not be empty: RFC 9110 §4.2.1 has a recipient reject an
// http URI with an empty host.
func validHost[T ~string | ~[]byte](b T) bool {
	var host, port T
	if len(b) > 0 && b[0] == '[' {
		end := 1
		for end < len(b) && b[end] != ']' {
			end++
		}
		if end == len(b) || !validIPLiteral(b[1:end]) {
			return false
		}
		host, port = b[:end+1], b[end+1:]
	} else {
		end := 0
		for end < len(b) && b[end] != ':' {
			end++
		}
		host, port = b[:end], b[end:]
		if !validRegName(host) {
			return false
		}
	}
	if len(host) == 0 {
		return false
	}
	if len(port) > 0 {
		if port[0] != ':' {
			return false
		}
		for i := 1; i < len(port); i++ {
			if !isDigit(port[i]) {
				return false
			}
		}
	}
	return true
}

// The character classes of RFC 3986 §2: unreservedChar marks unreserved,
// uriChar unreserved and sub-delims.
var (
	unreservedChar = alnumAnd("-._~")
	uriChar        = alnumAnd("-._~" + "!$&'()*+,;=")
)

func isHex(c byte) bool {
	return isDigit(c) || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

// validRegName reports whether b is a reg-name: *( unreserved /
// pct-encoded / sub-delims ).
func validRegName[T ~string | ~[]byte](b T) bool {
	return validEncoded(b, &uriChar)
}

// validEncoded reports whether b is *( class / pct-encoded ), a byte of
// class or a '%' and two hex digits at each step (RFC 3986 §2.1).
func validEncoded[T ~string | ~[]byte](b T, class *[256]bool) bool {
	for i := 0; i < len(b); i++ {
		switch {
		case class[b[i]]:
		case b[i] == '%' && i+2 < len(b) && isHex(b[i+1]) && isHex(b[i+2]):
			i += 2
		default:
			return false
		}
	}
	return true
}

// validIPLiteral reports whether b, the part of an IP-literal between the
// brackets, is an IPv6address, with an optional zone (RFC 6874: "%25"
// and 1*( unreserved / pct-encoded )), or an IPvFuture:
// "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" ).
func validIPLiteral[T ~string | ~[]byte](b T) bool {
	if len(b) > 0 && (b[0] == 'v' || b[0] == 'V') {
		i := 1
		for i < len(b) && isHex(b[i]) {
			i++
		}
		if i == 1 || i == len(b) || b[i] != '.' || i+1 == len(b) {
			return false
		}
		for i++; i < len(b); i++ {
			if !uriChar[b[i]] && b[i] != ':' {
				return false
			}
		}
		return true
	}
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' && b[i+1] == '2' && b[i+2] == '5' {
			zone := b[i+3:]
			return len(zone) > 0 && validEncoded(zone, &unreservedChar) && validIPv6(b[:i])
		}
	}
	return validIPv6(b)
}

// validIPv6 reports whether b is an IPv6address (RFC 3986 §3.2.2): eight
// groups of 1–4 hex digits separated by ':', the last two of which may be
// an IPv4address, and one "::" that stands for one or more groups of
// zeros.
func validIPv6[T ~string | ~[]byte](b T) bool {
	groups, elided := 0, false
	i := 0
	if len(b) >= 2 && b[0] == ':' && b[1] == ':' {
		elided, i = true, 2
		if i == len(b) {
			return true
		}
	}
	for {
		j := i
		for j < len(b) && j-i < 5 && isHex(b[j]) {
			j++
		}
		if j < len(b) && b[j] == '.' {
			if !validIPv4(b[i:]) {
				return false
			}
			groups += 2
			break
		}
		if j == i || j-i > 4 {
			return false
		}
		groups++
		if j == len(b) {
			break
		}
		if b[j] != ':' || j+1 == len(b) {
			return false
		}
		j++
		if b[j] == ':' {
			if elided {
				return false
			}
			elided = true
			j++
			if j == len(b) {
				break
			}
		}
		i = j
	}
	if elided {
		return groups <= 7
	}
	return groups == 8
}

// validIPv4 reports whether b is an IPv4address (RFC 3986 §3.2.2): four
// dec-octets 0–255, without leading zeros, separated by '.'.
func validIPv4[T ~string | ~[]byte](b T) bool {
	for part := 0; part < 4; part++ {
		if part > 0 {
			if len(b) == 0 || b[0] != '.' {
				return false
			}
			b = b[1:]
		}
		n := 0
		for n < len(b) && n < 4 && isDigit(b[n]) {
			n++
		}
		if n == 0 || n > 3 || (n > 1 && b[0] == '0') {
			return false
		}
		v := 0
		for i := 0; i < n; i++ {
			v = v*10 + int(b[i]-'0')
		}
		if v > 255 {
			return false
		}
		b = b[n:]
	}
	return len(b) == 0
}
