package wshandshake

// Default limits on an HTTP/1.1 head. They follow common server practice:
// Node.js and h11 cap the whole head at 16 KiB, Apache caps a line at 8190
// bytes (LimitRequestLine, LimitRequestFieldSize) and the number of fields
// at 100 (LimitRequestFields). Real upgrade requests are well under 1 KiB.
const (
	DefaultMaxHeaderBytes = 16 << 10
	DefaultMaxLineBytes   = 8190
	DefaultMaxFields      = 100
)

// Limits bounds what [ParseRequest] and [ParseResponse] accept before the
// head is complete, so that a peer that never ends its head is refused
// instead of buffered without end. A zero field, or a nil *Limits, means the
// default.
type Limits struct {
	// MaxHeaderBytes bounds the whole head: start line, header fields and
	// the empty line that ends them, with their CRLFs.
	MaxHeaderBytes int
	// MaxLineBytes bounds one line, its CRLF excluded. A request line over
	// it fails with [ErrURITooLong], a field line with [ErrHeaderTooLarge].
	MaxLineBytes int
	// MaxFields bounds the number of header field lines.
	MaxFields int
}

func (l *Limits) resolve() (total, line, fields int) {
	total, line, fields = DefaultMaxHeaderBytes, DefaultMaxLineBytes, DefaultMaxFields
	if l == nil {
		return
	}
	if l.MaxHeaderBytes > 0 {
		total = l.MaxHeaderBytes
	}
	if l.MaxLineBytes > 0 {
		line = l.MaxLineBytes
	}
	if l.MaxFields > 0 {
		fields = l.MaxFields
	}
	return
}
