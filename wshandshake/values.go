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
	it := lineIter{v: v}
	for line, ok := it.next(); ok && fn(line); line, ok = it.next() {
	}
}

// EachElement calls fn with each element of the comma-separated list that
// the field lines form together (RFC 9110 §5.6.1), with surrounding
// whitespace removed and empty elements skipped, until fn returns false. It
// does not understand quoted strings, so it suits lists of tokens.
func (v *Values) EachElement(fn func(elem []byte) bool) {
	it := elemIter{lines: lineIter{v: v}}
	for elem, ok := it.next(); ok && fn(elem); elem, ok = it.next() {
	}
}

// ContainsToken reports whether the list holds the token tok, compared
// without regard to ASCII case. tok must be lower case.
func (v *Values) ContainsToken(tok string) bool {
	it := elemIter{lines: lineIter{v: v}}
	for elem, ok := it.next(); ok; elem, ok = it.next() {
		if equalFoldLower(elem, tok) {
			return true
		}
	}
	return false
}

// containsToken is ContainsToken for a token made of letters only, which
// tok.equal may then compare with any bytes.
func (v *Values) containsToken(tok *foldedToken) bool {
	return v.isJust(tok) || v.ContainsToken(tok.s)
}

// isJust reports whether the list is the usual single line that is just
// tok, which needs no walk: the token holds no comma, so the line is one
// element.
func (v *Values) isJust(tok *foldedToken) bool {
	return v.lines == nil && v.count == 1 && tok.equal(v.first)
}

// onlyToken reports whether the list has at least one element and every
// element is tok, compared as containsToken does.
func (v *Values) onlyToken(tok *foldedToken) bool {
	if v.isJust(tok) {
		return true
	}
	it := elemIter{lines: lineIter{v: v}}
	found := false
	for elem, ok := it.next(); ok; elem, ok = it.next() {
		if !tok.equal(elem) {
			return false
		}
		found = true
	}
	return found
}

// only returns the line of v when it has exactly one.
func (v *Values) only() (line []byte, ok bool) {
	if v.lines != nil {
		if len(v.lines) != 1 {
			return nil, false
		}
		return v.lines[0], true
	}
	return v.first, v.count == 1
}

// lineIter yields the lines of a Values in order, as Each does, without a
// function value per line.
type lineIter struct {
	v    *Values
	n    int    // lines yielded so far
	rest []byte // the part of a parsed head's field block not yet searched
}

func (it *lineIter) next() (line []byte, ok bool) {
	v := it.v
	if v.lines != nil {
		if it.n == len(v.lines) {
			return nil, false
		}
		it.n++
		return v.lines[it.n-1], true
	}
	if it.n == v.count {
		return nil, false
	}
	it.n++
	if it.n == 1 {
		it.rest = v.block
		return v.first, true
	}
	first := it.n == 2 // the block's first match is the line already given
	for {
		name, value, ok := nextField(&it.rest)
		if !ok {
			return nil, false
		}
		if equalFoldLower(name, v.name) {
			if first {
				first = false
				continue
			}
			return value, true
		}
	}
}

// elemIter yields the elements of the list that the lines of a Values
// form together, as EachElement does.
type elemIter struct {
	lines lineIter
	line  []byte // the rest of the current line
}

func (it *elemIter) next() (elem []byte, ok bool) {
	for {
		for len(it.line) > 0 {
			if i := bytes.IndexByte(it.line, ','); i >= 0 {
				elem, it.line = it.line[:i], it.line[i+1:]
			} else {
				elem, it.line = it.line, nil
			}
			if elem = trimOWS(elem); len(elem) > 0 {
				return elem, true
			}
		}
		if it.line, ok = it.lines.next(); !ok {
			return nil, false
		}
	}
}

func (v *Values) add(id fieldID, value []byte) {
	if v.count == 0 {
		v.first = value
		v.name = fieldNames[id]
	}
	v.count++
}

// eachField calls fn for each field line of block, an already validated
// field block, until fn returns false.
func eachField(block []byte, fn func(name, value []byte) bool) {
	for name, value, ok := nextField(&block); ok && fn(name, value); name, value, ok = nextField(&block) {
	}
}

// nextField returns the name and value of the first field line of *block,
// an already validated field block, and moves *block past it.
func nextField(block *[]byte) (name, value []byte, ok bool) {
	b := *block
	i := bytes.IndexByte(b, '\n')
	if i < 1 {
		return nil, nil, false
	}
	line := b[:i-1] // validated: every line ends in CRLF
	*block = b[i+1:]
	colon := bytes.IndexByte(line, ':')
	if colon < 0 {
		return nil, nil, false
	}
	return line[:colon], trimOWS(line[colon+1:]), true
}

// lookupField returns the value of the first field line of block named
// name (compared without regard to ASCII case), and whether there is one.
func lookupField(block []byte, name string) (value []byte, ok bool) {
	eachField(block, func(n, v []byte) bool {
		if equalFold(n, name) {
			value, ok = v, true
			return false
		}
		return true
	})
	return value, ok
}
