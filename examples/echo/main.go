// Command echo is a WebSocket echo server on a net.Listener, driven by the
// wscodec packages: wshandshake reads and answers the opening handshake,
// a wsframe.Conn holds every rule of the connection, and the loop below only
// moves bytes between the socket and the codec.
//
// Usage:
//
//	echo [-addr 127.0.0.1:9001]
//
// GET / serves a page that exercises the server from a browser; GET /echo
// upgrades to a WebSocket that echoes every message, compressed with
// permessage-deflate when the client offers it. The query
// ?close=CODE&reason=TEXT&after=N makes the server start the close handshake
// itself after echoing N messages.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/url"
	"strconv"
	"time"

	"github.com/wscodec/wscodec/wsdeflate"
	"github.com/wscodec/wscodec/wsframe"
	"github.com/wscodec/wscodec/wshandshake"
)

const (
	maxMessageSize = 32 << 20
	idleTimeout    = 2 * time.Minute
	readChunk      = 64 << 10
)

var serverConfig = wshandshake.ServerConfig{
	Subprotocols: []string{"echo.v2", "echo.v1"},
	// permessage-deflate: any server window a client asks for is
	// honoured, wsdeflate compressing Huffman-only below 15 bits.
	Deflate: &wshandshake.DeflateConfig{MinServerWindowBits: wshandshake.MinWindowBits},
}

func main() {
	addr := flag.String("addr", "127.0.0.1:9001", "address to listen on")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("listening on ws://%s\n", ln.Addr())
	for {
		nc, err := ln.Accept()
		if err != nil {
			log.Fatal(err)
		}
		go serve(nc)
	}
}

// serve reads the request head, then either serves the page or runs a
// WebSocket connection.
func serve(nc net.Conn) {
	defer nc.Close()
	var req wshandshake.Request
	buf := make([]byte, 0, 4096)
	for {
		nc.SetReadDeadline(time.Now().Add(idleTimeout))
		n, err := nc.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err != nil {
			return
		}
		used, err := wshandshake.ParseRequest(buf, &req, nil)
		if err != nil {
			nc.Write(wshandshake.AppendRejection(nil, err))
			return
		}
		if used == 0 {
			if len(buf) == cap(buf) {
				buf = append(buf, 0)[:len(buf)] // grow; ParseRequest bounds the head
			}
			continue
		}
		target, err := url.ParseRequestURI(string(req.Target))
		if err != nil {
			nc.Write(wshandshake.AppendRejection(nil, wshandshake.ErrMalformedRequest))
			return
		}
		switch target.Path {
		case "/":
			nc.Write(pageResponse())
		case "/echo":
			accepted, err := wshandshake.ValidateRequest(&req, &serverConfig)
			if err != nil {
				nc.Write(wshandshake.AppendRejection(nil, err))
				return
			}
			resp, err := wshandshake.AppendResponse(nil, &accepted, nil)
			if err != nil {
				log.Print(err)
				return
			}
			if _, err := nc.Write(resp); err != nil {
				return
			}
			deflate := wsdeflate.ForConn(&accepted.Negotiated, true, wsdeflate.Options{})
			echo(nc, buf[used:], closePlan(target.Query()), deflate)
		default:
			nc.Write([]byte("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
		}
		return
	}
}

// plan is a close the server starts itself after echoing some messages.
type plan struct {
	code   wsframe.CloseCode
	reason string
	after  int
}

func closePlan(q url.Values) *plan {
	code, err := strconv.Atoi(q.Get("close"))
	if err != nil {
		return nil
	}
	after, _ := strconv.Atoi(q.Get("after"))
	return &plan{code: wsframe.CloseCode(code), reason: q.Get("reason"), after: after}
}

// echo runs one WebSocket connection. early holds bytes the client sent
// right behind its request; ext is the negotiated extension, or nil.
func echo(nc net.Conn, early []byte, p *plan, ext wsframe.Extension) {
	c := wsframe.NewConn(wsframe.ConnConfig{
		Policy:         wsframe.Policy{Role: wsframe.Server, MaxFramePayload: maxMessageSize},
		MaxMessageSize: maxMessageSize,
		Extension:      ext,
	})
	in := make([]byte, readChunk)
	out := make([]byte, 0, readChunk)
	echoed := 0
	if p != nil && p.after == 0 {
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
			if p != nil && echoed == p.after {
				out = startClose(c, out, p)
			}
		}
		out = c.AppendOutgoing(out)
		if len(out) > 0 {
			if _, err := nc.Write(out); err != nil {
				return
			}
			out = out[:0]
		}
		if c.ShouldCloseTransport() {
			lingeringClose(nc)
			return
		}
		nc.SetReadDeadline(time.Now().Add(idleTimeout))
		n, err := nc.Read(in)
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

func startClose(c *wsframe.Conn, out []byte, p *plan) []byte {
	out, err := c.AppendClose(out, p.code, p.reason)
	if err != nil {
		log.Printf("refusing to close with %d %q: %v", p.code, p.reason, err)
	}
	return out
}

// lingeringClose ends the connection after the close handshake or a
// failure. It shuts down the sending side first and reads what the client
// still sends, within a bound: closing a socket with unread input makes the
// kernel reset the connection, and the reset can overtake the close frame
// (say, while the client is still sending a message that was too big).
func lingeringClose(nc net.Conn) {
	if tc, ok := nc.(*net.TCPConn); ok {
		tc.CloseWrite()
	}
	nc.SetReadDeadline(time.Now().Add(5 * time.Second))
	io.Copy(io.Discard, io.LimitReader(nc, 64<<20))
}
