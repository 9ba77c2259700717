package echo

import (
	"io"
	"net"
	"time"
)

// lingerLimit bounds how long and how much a finished connection is still
// read from.
const (
	lingerTime  = 5 * time.Second
	lingerBytes = 64 << 20
)

// NetStream is a [Stream] over a net.Conn: a TCP connection, or a TLS
// connection hijacked from net/http after an HTTP/1.1 upgrade.
func NetStream(nc net.Conn) Stream { return netStream{nc} }

type netStream struct{ net.Conn }

// Finish closes the connection lingering. It shuts down the sending side
// first and reads what the client still sends, within a bound: closing a
// socket with unread input makes the kernel reset the connection, and the
// reset can overtake the close frame (say, while the client is still
// sending a message that was too big).
func (s netStream) Finish() {
	defer s.Close()
	if cw, ok := s.Conn.(interface{ CloseWrite() error }); ok {
		cw.CloseWrite() // *net.TCPConn and *tls.Conn
	}
	s.SetReadDeadline(time.Now().Add(lingerTime))
	io.Copy(io.Discard, io.LimitReader(s.Conn, lingerBytes))
}
