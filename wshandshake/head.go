package wshandshake

import "bytes"

// headScanner walks an HTTP/1.1 head (RFC 9112 §2.1): a start line, header
// field lines and an empty line, each ended by CRLF. [ParseRequest] and
// [ParseResponse] drive it line by line and keep what they need, so the
// head is read in a single pass once it is known to be complete.
//
// Limits are checked against the bytes seen so far, in the order in which
// the bytes arrive, so the outcome does not depend on how the input was
// split: a prefix that fails reports the error the whole input reports,
// and a syntax error in an unfinished line is never reported.
//
// A caller that receives a head in small pieces parses the growing buffer
// again each time. To keep each of those calls cheap, [headScanner.begin]
// answers "need more" for an unfinished head that is within the limits
// after a scan for line ends only; the full parse, and with it any syntax
// error, comes once the empty line has arrived or a limit is crossed.
type headScanner struct {
	b       []byte
	pos     int // start of the next line
	fields  int // field lines so far
	started bool

	maxTotal, maxLine, maxFields int

	bad     *Error // the syntax error of the side being parsed
	request bool   // whether b is a request, for the start line's limit error
}

// lineKind is what [headScanner] found at its position.
type lineKind uint8

const (
	lineMore  lineKind = iota // the line is unfinished: need more bytes
	lineFound                 // a start line or a field line
	lineEnd                   // the empty line that ends the head
)

// begin prepares s to scan b and reports whether the parse can go ahead:
// b holds an empty line that could end the head, or crosses a limit. When
// it reports false, b is an unfinished head within the limits.
func (s *headScanner) begin(b []byte, lim *Limits, bad *Error, request bool) bool {
	s.b, s.bad, s.request = b, bad, request
	s.maxTotal, s.maxLine, s.maxFields = lim.resolve()
	return endsWithEmptyLine(b) || mayBeComplete(b) ||
		crossesLimits(b, s.maxTotal, s.maxLine, s.maxFields)
}

// startLine returns the start line, skipping the empty lines before it.
func (s *headScanner) startLine() (line []byte, kind lineKind, err error) {
	for {
		line, kind, err = s.nextLine()
		if kind != lineFound || err != nil || len(line) > 0 {
			s.started = kind == lineFound && err == nil
			return line, kind, err
		}
		// RFC 9112 §2.2: a server SHOULD ignore at least one empty line
		// received before the request-line.
	}
}

// field returns the field and value of the next field line that the
// handshake keeps (kind lineFound), or reports the empty line that ends
// the head (lineEnd, with s.pos then the length of the head) or an
// unfinished line (lineMore). It may return a field the handshake does
// not keep, as otherField.
//
// Most lines are plain: a token name, then a value of printable ASCII,
// within the limits. plainField reads those a word at a time and finds
// the line end on the way, and field skips those of other fields without
// returning; anything else goes to nextLine and splitField, which decide
// the line, and report its errors, byte by byte and in the order the
// bytes arrive.
func (s *headScanner) field() (id fieldID, value []byte, kind lineKind, err error) {
	b := s.b
	for {
		start := s.pos
		if start+1 < len(b) && b[start] == '\r' && b[start+1] == '\n' && start+2 <= s.maxTotal {
			s.pos = start + 2
			return otherField, nil, lineEnd, nil
		}
		line := b[start:]
		id, vs, ve, cr := plainField(line)
		if cr < 0 || cr > s.maxLine || start+cr+2 > s.maxTotal || s.fields >= s.maxFields {
			break
		}
		s.fields++
		s.pos = start + cr + 2
		if id != otherField {
			return id, line[vs:ve], lineFound, nil
		}
	}
	line, kind, err := s.nextLine()
	if kind != lineFound || err != nil {
		return otherField, nil, kind, err
	}
	if len(line) == 0 {
		return otherField, nil, lineEnd, nil
	}
	s.fields++
	if s.fields > s.maxFields {
		return otherField, nil, lineMore, wrap(ErrHeaderTooLarge, "too many header fields")
	}
	name, value, err := splitField(line, s.bad)
	if err != nil {
		return otherField, nil, lineMore, err
	}
	return fieldIDOf(name), value, lineFound, nil
}

// nextLine returns the content of the line at s.pos, without its CRLF,
// and moves past it; or reports the line unfinished, or the limit it
// crosses, or its bare LF.
func (s *headScanner) nextLine() (line []byte, kind lineKind, err error) {
	rest := s.b[s.pos:]
	i := bytes.IndexByte(rest, '\n')
	if i < 0 {
		content := len(rest)
		if content > 0 && rest[content-1] == '\r' {
			content--
		}
		return nil, lineMore, s.checkLimits(content, len(s.b))
	}
	// RFC 9112 §2.2 lets a recipient accept a bare LF as a line end;
	// this parser does not, because an intermediary that disagrees on
	// line ends is how requests get smuggled, and every WebSocket
	// client sends CRLF.
	content := i
	if i > 0 && rest[i-1] == '\r' {
		content = i - 1
	}
	end := s.pos + i + 1
	if err := s.checkLimits(content, end); err != nil {
		return nil, lineMore, err
	}
	if content == i {
		return nil, lineMore, wrap(s.bad, "line ends in a bare LF")
	}
	s.pos = end
	return rest[:content], lineFound, nil
}

// checkLimits reports a limit crossed by the line at s.pos, which has
// content bytes so far, with seen bytes of the head seen in all. When both
// limits are crossed it reports the one crossed first, so a prefix of the
// input and the whole input agree.
func (s *headScanner) checkLimits(content, seen int) error {
	const never = int(^uint(0) >> 1)
	lineCross, totalCross := never, never
	if content > s.maxLine {
		lineCross = s.pos + s.maxLine + 1
	}
	if seen > s.maxTotal {
		totalCross = s.maxTotal + 1
	}
	switch {
	case lineCross == never && totalCross == never:
		return nil
	case lineCross <= totalCross:
		if !s.started {
			if s.request {
				return wrap(ErrURITooLong, "request line exceeds the line limit")
			}
			return wrap(ErrHeaderTooLarge, "status line exceeds the line limit")
		}
		return wrap(ErrHeaderTooLarge, "header field line too long")
	default:
		return wrap(ErrHeaderTooLarge, "head exceeds the size limit")
	}
}

// endsWithEmptyLine reports whether b, after any empty lines that precede
// the start line, ends with a line end followed by an empty line: the
// usual shape of a head read whole. It implies mayBeComplete and costs a
// few comparisons instead of a scan.
func endsWithEmptyLine(b []byte) bool {
	i := 0
	for i+1 < len(b) && b[i] == '\r' && b[i+1] == '\n' {
		i += 2
	}
	n := len(b)
	return n-i >= 3 && b[n-3] == '\n' && b[n-2] == '\r' && b[n-1] == '\n'
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

// crossesLimits reports whether the lines of b, split as headScanner
// splits them, cross a limit. It looks at line ends only, not at their
// content.
func crossesLimits(b []byte, maxTotal, maxLine, maxFields int) bool {
	if len(b) > maxTotal {
		return true
	}
	lines, started := 0, false
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			// A partial line, counted as nextLine counts it: a
			// trailing CR may be the start of its CRLF.
			content := len(b)
			if content > 0 && b[content-1] == '\r' {
				content--
			}
			return content > maxLine
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

// splitField splits a field line (RFC 9112 §5): field-name ":" OWS
// field-value OWS. A syntax error wraps bad.
func splitField(line []byte, bad *Error) (name, value []byte, err error) {
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
