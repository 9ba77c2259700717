package wshandshake

import "bytes"

// headSink receives the lines of an HTTP/1.1 head as parseHead finds them.
// The slices alias the parsed buffer.
type headSink interface {
	startLine(line []byte) error
	field(name, value []byte) error
	// startLineTooLong is the error for a start line over MaxLineBytes.
	startLineTooLong() error
	// malformed is the syntax error of the side being parsed.
	malformed() *Error
}

// parseHead scans an HTTP/1.1 head (RFC 9112 §2.1): a start line, header
// field lines and an empty line, each ended by CRLF. It returns the length
// of the head and the offset of its first field line, or 0 and a nil error
// when b holds only part of it.
//
// Limits are checked against the bytes seen so far, in the order in which
// the bytes arrive, so the outcome does not depend on how the input was
// split: a prefix that fails reports the error the whole input reports,
// and a syntax error in an unfinished line is never reported.
//
// A caller that receives a head in small pieces calls parseHead again on
// the growing buffer each time. To keep that linear rather than quadratic
// in the head's size, an unfinished head that is within the limits is
// answered "need more" after a quick scan; the full parse, and with it any
// syntax error, comes once the empty line has arrived or a limit is
// crossed.
func parseHead(b []byte, lim *Limits, sink headSink) (n, fieldsStart int, err error) {
	maxTotal, maxLine, maxFields := lim.resolve()
	if !mayBeComplete(b) && !crossesLimits(b, maxTotal, maxLine, maxFields) {
		return 0, 0, nil
	}
	pos := 0
	started := false
	fields := 0
	for {
		rest := b[pos:]
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			content := len(rest)
			if content > 0 && rest[content-1] == '\r' {
				content--
			}
			if err := checkLimits(pos, content, len(b), maxTotal, maxLine, started, sink); err != nil {
				return 0, 0, err
			}
			return 0, 0, nil
		}
		// RFC 9112 §2.2 lets a recipient accept a bare LF as a line end;
		// this parser does not, because an intermediary that disagrees on
		// line ends is how requests get smuggled, and every WebSocket
		// client sends CRLF.
		content := i
		if i > 0 && rest[i-1] == '\r' {
			content = i - 1
		}
		end := pos + i + 1
		if err := checkLimits(pos, content, end, maxTotal, maxLine, started, sink); err != nil {
			return 0, 0, err
		}
		if content == i {
			return 0, 0, wrap(sink.malformed(), "line ends in a bare LF")
		}
		line := rest[:content]
		pos = end
		if !started {
			if len(line) == 0 {
				// RFC 9112 §2.2: a server SHOULD ignore at least one
				// empty line received before the request-line.
				continue
			}
			if err := sink.startLine(line); err != nil {
				return 0, 0, err
			}
			started = true
			fieldsStart = end
			continue
		}
		if len(line) == 0 {
			return end, fieldsStart, nil
		}
		fields++
		if fields > maxFields {
			return 0, 0, wrap(ErrHeaderTooLarge, "too many header fields")
		}
		name, value, err := splitField(line, sink)
		if err != nil {
			return 0, 0, err
		}
		if err := sink.field(name, value); err != nil {
			return 0, 0, err
		}
	}
}

// mayBeComplete reports whether b, after any empty lines that precede the
// start line, holds an empty line that could end a head, or whose line end
// the parse must refuse.
func mayBeComplete(b []byte) bool {
	i := 0
	for i+1 < len(b) && b[i] == '\r' && b[i+1] == '\n' {
		i += 2
	}
	b = b[i:]
	for {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			return false
		}
		b = b[i+1:]
		// An empty line, ended by CRLF or by a bare LF that the parse
		// must report.
		if len(b) > 0 && (b[0] == '\n' || (b[0] == '\r' && len(b) > 1 && b[1] == '\n')) {
			return true
		}
	}
}

// crossesLimits reports whether the lines of b, split as parseHead splits
// them, cross a limit. It looks at line ends only, not at their content.
func crossesLimits(b []byte, maxTotal, maxLine, maxFields int) bool {
	if len(b) > maxTotal {
		return true
	}
	lines, started := 0, false
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			return len(b) > maxLine // a partial line with a trailing CR is over by one at worst
		}
		content := i
		if i > 0 && b[i-1] == '\r' {
			content--
		}
		if content > maxLine {
			return true
		}
		if started {
			lines++
			if lines > maxFields {
				return true
			}
		} else if content > 0 {
			started = true
		}
		b = b[i+1:]
	}
	return false
}

// checkLimits reports a limit crossed by a line that starts at lineStart,
// has content bytes so far, with seen bytes of the head seen in all. When
// both limits are crossed it reports the one crossed first, so a prefix of
// the input and the whole input agree.
func checkLimits(lineStart, content, seen, maxTotal, maxLine int, started bool, sink headSink) error {
	const never = int(^uint(0) >> 1)
	lineCross, totalCross := never, never
	if content > maxLine {
		lineCross = lineStart + maxLine + 1
	}
	if seen > maxTotal {
		totalCross = maxTotal + 1
	}
	switch {
	case lineCross == never && totalCross == never:
		return nil
	case lineCross <= totalCross:
		if !started {
			return sink.startLineTooLong()
		}
		return wrap(ErrHeaderTooLarge, "header field line too long")
	default:
		return wrap(ErrHeaderTooLarge, "head exceeds the size limit")
	}
}

// splitField splits a field line (RFC 9112 §5): field-name ":" OWS
// field-value OWS.
func splitField(line []byte, sink headSink) (name, value []byte, err error) {
	bad := sink.malformed()
	if line[0] == ' ' || line[0] == '\t' {
		// RFC 9112 §5.2: obsolete line folding; a server MUST either
		// reject it with 400 or replace it. This parser rejects it.
		return nil, nil, wrap(bad, "obsolete line folding")
	}
	// RFC 9112 §5.1: no whitespace is allowed between the field name and
	// colon; a server MUST reject such a message with 400. Whitespace is
	// not a tchar, so the name scan stops at it and fails.
	colon := 0
	for colon < len(line) && tokenChar[line[colon]] {
		colon++
	}
	if colon == 0 || colon == len(line) || line[colon] != ':' {
		return nil, nil, wrapValue(bad, "invalid field name in", line)
	}
	name = line[:colon]
	value = trimOWS(line[colon+1:])
	for _, c := range value {
		if !fieldValueChar[c] {
			return nil, nil, wrapValue(bad, "invalid character in field", name)
		}
	}
	return name, value, nil
}

// tchar (RFC 9110 §5.6.2).
var tokenChar = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
		t[c-'a'+'A'] = true
	}
	for _, c := range "!#$%&'*+-.^_`|~" {
		t[c] = true
	}
	return t
}()

// field-vchar, SP and HTAB (RFC 9110 §5.5); obs-text is allowed because
// recipients must tolerate it, control characters are not.
var fieldValueChar = func() (t [256]bool) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = true
	}
	for c := 0x80; c < 0x100; c++ {
		t[c] = true
	}
	t['\t'] = true
	return t
}()

func isToken(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if !tokenChar[c] {
			return false
		}
	}
	return true
}

func isTokenString(s string) bool {
	if len(s) == 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !tokenChar[s[i]] {
			return false
		}
	}
	return true
}

func trimOWS(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

// equalFoldLower reports whether b equals lower, a lower-case ASCII string,
// ignoring ASCII case in b.
func equalFoldLower(b []byte, lower string) bool {
	if len(b) != len(lower) {
		return false
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// equalFold reports whether a and b are equal ignoring ASCII case.
func equalFold(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// equalFoldString reports whether b and s are equal ignoring ASCII case.
func equalFoldString(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := 0; i < len(b); i++ {
		x, y := b[i], s[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// equalFoldStrings reports whether a and b are equal ignoring ASCII case.
func equalFoldStrings(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
