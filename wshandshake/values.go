package wshandshake

import "bytes"

// Values is every line of a header field that may appear more than once,
// such as Connection or Sec-WebSocket-Extensions. RFC 9110 §5.3: a
// recipient may combine repeated field lines into one value, joined by
// commas, without changing its meaning; Values keeps the lines apart
// instead, so that combining them costs no copy.
//
// The zero Values has no lines. The slices it yields alias the buffer the
// head was parsed from (or the slices given to [ValuesOf]).
type Values struct {
	lines [][]byte // explicit lines, from ValuesOf
	first []byte   // first line of a parsed head
	count int      // number of lines of a parsed head
	block []byte   // field block of the parsed head, to find later lines
	name  string   // lower-case field name, for finding later lines
}

// ValuesOf returns the Values holding lines, each the value of one field
// line. It does not copy lines.
func ValuesOf(lines [][]byte) Values { return Values{lines: lines} }

// Len returns the number of field lines.
func (v *Values) Len() int {
	if v.lines != nil {
		return len(v.lines)
	}
	return v.count
}

// Each calls fn with the value of each field line in order until fn
// returns false. The slices alias the parsed buffer.
func (v *Values) Each(fn func(line []byte) bool) {
	if v.lines != nil {
		for _, l := range v.lines {
			if !fn(l) {
				return
			}
		}
		return
	}
	if v.count == 0 || !fn(v.first) || v.count == 1 {
		return
	}
	seen := 0
	eachField(v.block, func(name, value []byte) bool {
		if !equalFoldLower(name, v.name) {
			return true
		}
		seen++
		if seen == 1 {
			return true // the first line, already given
		}
		return fn(value)
	})
}

// EachElement calls fn with each element of the comma-separated list that
// the field lines form together (RFC 9110 §5.6.1), with surrounding
// whitespace removed and empty elements skipped, until fn returns false. It
// does not understand quoted strings, so it suits lists of tokens.
func (v *Values) EachElement(fn func(elem []byte) bool) {
	v.Each(func(line []byte) bool {
		for len(line) > 0 {
			var elem []byte
			if i := bytes.IndexByte(line, ','); i >= 0 {
				elem, line = line[:i], line[i+1:]
			} else {
				elem, line = line, nil
			}
			elem = trimOWS(elem)
			if len(elem) > 0 && !fn(elem) {
				return false
			}
		}
		return true
	})
}

// ContainsToken reports whether the list holds the token tok, compared
// without regard to ASCII case. tok must be lower case.
func (v *Values) ContainsToken(tok string) bool {
	found := false
	v.EachElement(func(elem []byte) bool {
		found = equalFoldLower(elem, tok)
		return !found
	})
	return found
}

func (v *Values) add(name string, value []byte) {
	if v.count == 0 {
		v.first = value
		v.name = name
	}
	v.count++
}

// eachField calls fn for each field line of block, an already validated
// field block, until fn returns false.
func eachField(block []byte, fn func(name, value []byte) bool) {
	for len(block) > 0 {
		i := bytes.IndexByte(block, '\n')
		if i < 0 {
			return
		}
		line := block[:i-1] // validated: every line ends in CRLF
		block = block[i+1:]
		colon := bytes.IndexByte(line, ':')
		if colon < 0 {
			return
		}
		if !fn(line[:colon], trimOWS(line[colon+1:])) {
			return
		}
	}
}

// lookupField returns the value of the first field line of block named
// name (compared without regard to ASCII case), and whether there is one.
func lookupField(block []byte, name string) (value []byte, ok bool) {
	eachField(block, func(n, v []byte) bool {
		if equalFoldString(n, name) {
			value, ok = v, true
			return false
		}
		return true
	})
	return value, ok
}
