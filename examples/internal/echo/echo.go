// Package echo is the WebSocket echo handler shared by the example servers.
// It drives a wsframe.Conn over a [Stream], which is all a transport has to
// provide: a TCP or TLS connection after an HTTP/1.1 upgrade, or the
// request body and response writer of one HTTP/2 stream after an extended
// CONNECT (RFC 8441). The handler code is the same for both.
package echo

import (
	"errors"
	"io"
	"log"
	"time"

	"github.com/wscodec/wscodec/wsdeflate"
	"github.com/wscodec/wscodec/wsframe"
	"github.com/wscodec/wscodec/wshandshake"
)

const (
	// MaxMessageSize bounds a received message; larger ones fail the
	// connection with close code 1009 (interop/README.md).
	MaxMessageSize = 32 << 20

	// IdleTimeout ends a connection on which nothing arrives for this long.
	IdleTimeout = 2 * time.Minute

	readChunk = 64 << 10
)

// ServerConfig is what the echo servers negotiate in the opening handshake,
// over HTTP/1.1 and HTTP/2 alike.
var ServerConfig = wshandshake.ServerConfig{
	Subprotocols: []string{"echo.v2", "echo.v1"},
	// permessage-deflate: any server window a client asks for is
	// honoured, wsdeflate compressing Huffman-only below 15 bits.
	Deflate: &wshandshake.DeflateConfig{MinServerWindowBits: wshandshake.MinWindowBits},
}

// connConfig is the one place where a connection's codec settings are made
// from what the handshake accepted: the role, the limits, and
// permessage-deflate when it was negotiated.
func connConfig(accepted *wshandshake.Accepted) wsframe.ConnConfig {
	return wsframe.ConnConfig{
		Policy:         wsframe.Policy{Role: wsframe.Server, MaxFramePayload: MaxMessageSize},
		MaxMessageSize: MaxMessageSize,
		Extension:      wsdeflate.ForConn(&accepted.Negotiated, true, wsdeflate.Options{}),
	}
}

// Stream is the byte stream a WebSocket runs on, after the handshake.
type Stream interface {
	// Read reads what the client sent; io.EOF marks the end of its
	// stream.
	Read(p []byte) (int, error)

	// Write sends p and returns once the bytes are on their way to the
	// client: a buffering transport flushes before returning.
	Write(p []byte) (int, error)

	// SetReadDeadline bounds the next Reads, as net.Conn's method does.
	SetReadDeadline(t time.Time) error

	// Finish ends the stream once the close handshake is over or the
	// connection has failed and its close frame is written. RFC 6455
	// §7.1.1 has the server end the transport first.
	Finish()
}

// Serve runs one WebSocket connection on s until it ends. early holds bytes
// the client sent right behind its handshake request; accepted is what the
// handshake agreed; p, when not nil, makes the server start the close
// handshake itself.
func Serve(s Stream, early []byte, accepted *wshandshake.Accepted, p *Plan) {
	defer s.Finish()
	c := wsframe.NewConn(connConfig(accepted))
	in := make([]byte, readChunk)
	out := make([]byte, 0, readChunk)
	echoed := 0
	if p != nil && p.After == 0 {
		out = startClose(c, out, p)
	}
	chunk := early
	for {
		for len(chunk) > 0 {
			ev, n, err := c.Receive(chunk)
			chunk = chunk[n:]
			if err != nil || ev == nil {
				break // on error, the close frame carrying its code is queued
			}
			if ev.Kind != wsframe.EventText && ev.Kind != wsframe.EventBinary {
				continue // pongs and the close reply are queued by c itself
			}
			if c.State() != wsframe.StateOpen {
				continue // a close was sent: RFC 6455 §5.5.1 allows no more data
			}
			op := wsframe.OpBinary
			if ev.Kind == wsframe.EventText {
				op = wsframe.OpText
			}
			if out, err = c.AppendMessage(out, op, ev.Payload); err != nil {
				log.Print(err)
				return
			}
			echoed++
			if p != nil && echoed == p.After {
				out = startClose(c, out, p)
			}
		}
		out = c.AppendOutgoing(out)
		if len(out) > 0 {
			if _, err := s.Write(out); err != nil {
				return
			}
			out = out[:0]
		}
		if c.ShouldCloseTransport() {
			return
		}
		s.SetReadDeadline(time.Now().Add(IdleTimeout))
		n, err := s.Read(in)
		chunk = in[:n]
		if errors.Is(err, io.EOF) && n == 0 {
			c.ReceiveEOF()
			return
		}
		if err != nil && n == 0 {
			return
		}
	}
}

func startClose(c *wsframe.Conn, out []byte, p *Plan) []byte {
	out, err := c.AppendClose(out, p.Code, p.Reason)
	if err != nil {
		log.Printf("refusing to close with %d %q: %v", p.Code, p.Reason, err)
	}
	return out
}
