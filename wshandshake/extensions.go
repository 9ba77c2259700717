package wshandshake

// Extension is one element of a Sec-WebSocket-Extensions list: an
// extension token with its parameters (RFC 6455 §9.1). In a request each
// Extension is an offer; in a response, an acceptance.
type Extension struct {
	Name   string
	Params []Param
}

// Param is one extension parameter. A parameter written as a quoted string
// is kept unquoted: RFC 6455 §9.1 requires its unescaped value to be a
// token, so the two spellings mean the same.
type Param struct {
	Name     string
	Value    string
	HasValue bool // whether "=value" was present
}

// Param returns the parameter of e named name (compared without regard to
// ASCII case) and whether there is one.
func (e *Extension) Param(name string) (Param, bool) {
	for _, p := range e.Params {
		if equalFold(p.Name, name) {
			return p, true
		}
	}
	return Param{}, false
}

// ParseExtensions parses one Sec-WebSocket-Extensions field value by the
// grammar of RFC 6455 §9.1, appends its extensions to dst and returns the
// extended slice:
//
//	extension-list = 1#extension
//	extension      = extension-token *( ";" extension-param )
//	extension-param = token [ "=" (token | quoted-string) ]
//
// Whitespace is allowed around ",", ";" and "=", empty list elements are
// skipped (RFC 9110 §5.6.1), and a quoted-string value must unescape to a
// token. Anything else fails with [ErrBadExtensions] and returns dst
// unchanged. The strings are copies; nothing aliases line.
func ParseExtensions(dst []Extension, line []byte) ([]Extension, error) {
	orig := len(dst)
	lx := extLexer{s: line}
	for {
		ok, err := lx.next()
		if err != nil {
			return dst[:orig], err
		}
		if !ok {
			return dst, nil
		}
		it := &lx.it
		if !it.isParam {
			dst = append(dst, Extension{Name: string(it.name)})
			continue
		}
		e := &dst[len(dst)-1]
		p := Param{Name: string(it.name), HasValue: it.hasValue}
		if it.hasValue {
			p.Value = string(it.appendValue(nil))
		}
		e.Params = append(e.Params, p)
	}
}

// ParseExtensionValues parses every line of v with [ParseExtensions] and
// appends the extensions, in order, to dst.
func ParseExtensionValues(dst []Extension, v *Values) ([]Extension, error) {
	var err error
	v.Each(func(line []byte) bool {
		dst, err = ParseExtensions(dst, line)
		return err == nil
	})
	return dst, err
}

// AppendExtensions appends exts to dst as a Sec-WebSocket-Extensions field
// value ("a; p=1, b") and returns the extended buffer. Names and values
// must be tokens (RFC 6455 §9.1); anything else fails with
// [ErrInvalidHeader] and returns dst unchanged, so that a value can never
// break out of its header.
func AppendExtensions(dst []byte, exts []Extension) ([]byte, error) {
	orig := len(dst)
	for i, e := range exts {
		if !isTokenString(e.Name) {
			return dst[:orig], wrap(ErrInvalidHeader, "extension name is not a token")
		}
		if i > 0 {
			dst = append(dst, ", "...)
		}
		dst = append(dst, e.Name...)
		for _, p := range e.Params {
			if !isTokenString(p.Name) || (p.HasValue && !isTokenString(p.Value)) {
				return dst[:orig], wrap(ErrInvalidHeader, "extension parameter is not a token")
			}
			dst = append(dst, "; "...)
			dst = append(dst, p.Name...)
			if p.HasValue {
				dst = append(dst, '=')
				dst = append(dst, p.Value...)
			}
		}
	}
	return dst, nil
}

// extItem is an extension name (isParam false) or one of its parameters.
// A quoted value is kept raw, without its quotes, escapes still in.
type extItem struct {
	isParam  bool
	name     []byte
	value    []byte
	quoted   bool
	hasValue bool
}

// appendValue appends the unescaped value to dst.
func (it *extItem) appendValue(dst []byte) []byte {
	if !it.quoted {
		return append(dst, it.value...)
	}
	v := it.value
	for i := 0; i < len(v); i++ {
		if v[i] == '\\' {
			i++
		}
		dst = append(dst, v[i])
	}
	return dst
}

// extLexer walks one Sec-WebSocket-Extensions line without allocating.
// Each call of next leaves the item it found in it.
type extLexer struct {
	s     []byte
	i     int
	inExt bool
	it    extItem
	held  bool // whether next is to yield it again
}

// unread makes next yield the current item again.
func (l *extLexer) unread() { l.held = true }

func (l *extLexer) skipOWS() {
	for l.i < len(l.s) && (l.s[l.i] == ' ' || l.s[l.i] == '\t') {
		l.i++
	}
}

func (l *extLexer) token() []byte {
	start := l.i
	l.i = tokenEnd(l.s, start)
	return l.s[start:l.i]
}

func (l *extLexer) fail(what string) error {
	return wrapValue(ErrBadExtensions, what+" in", l.s)
}

// next finds the next item and leaves it in l.it; ok is false at the end
// of the line.
func (l *extLexer) next() (ok bool, err error) {
	if l.held {
		l.held = false
		return true, nil
	}
	for {
		l.skipOWS()
		if !l.inExt {
			for l.i < len(l.s) && l.s[l.i] == ',' {
				l.i++
				l.skipOWS()
			}
			if l.i == len(l.s) {
				return false, nil
			}
			name := l.token()
			if len(name) == 0 {
				return false, l.fail("expected an extension token")
			}
			l.inExt = true
			l.it = extItem{name: name}
			return true, nil
		}
		if l.i == len(l.s) {
			return false, nil
		}
		switch l.s[l.i] {
		case ',':
			l.i++
			l.inExt = false
			continue
		case ';':
			l.i++
		default:
			return false, l.fail("expected \",\" or \";\"")
		}
		l.skipOWS()
		l.it = extItem{isParam: true, name: l.token()}
		if len(l.it.name) == 0 {
			return false, l.fail("expected a parameter token")
		}
		l.skipOWS()
		if l.i == len(l.s) || l.s[l.i] != '=' {
			return true, nil
		}
		l.i++
		l.skipOWS()
		l.it.hasValue = true
		if l.i < len(l.s) && l.s[l.i] == '"' {
			if l.it.value, err = l.quoted(); err != nil {
				return false, err
			}
			l.it.quoted = true
			return true, nil
		}
		if l.it.value = l.token(); len(l.it.value) == 0 {
			return false, l.fail("expected a parameter value")
		}
		return true, nil
	}
}

// quoted reads a quoted-string (RFC 9110 §5.6.4) whose unescaped content
// must be a token (RFC 6455 §9.1), returning the content between the
// quotes with its escapes.
func (l *extLexer) quoted() ([]byte, error) {
	l.i++ // opening quote
	start := l.i
	n := 0
	for l.i < len(l.s) {
		c := l.s[l.i]
		switch {
		case c == '"':
			v := l.s[start:l.i]
			l.i++
			if n == 0 {
				return nil, l.fail("empty quoted value")
			}
			return v, nil
		case c == '\\':
			l.i++
			if l.i == len(l.s) {
				return nil, l.fail("unterminated quoted value")
			}
			c = l.s[l.i]
		}
		if !tokenChar[c] {
			return nil, l.fail("quoted value is not a token")
		}
		n++
		l.i++
	}
	return nil, l.fail("unterminated quoted value")
}
