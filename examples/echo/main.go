// Command echo is a WebSocket echo server on a net.Listener, driven by the
// wscodec packages: wshandshake reads and answers the opening handshake,
// and the shared handler of examples/internal/echo runs a wsframe.Conn,
// which holds every rule of the connection, over the socket.
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
	"flag"
	"fmt"
	"log"
	"net"
	"net/url"
	"strconv"
	"time"

	"github.com/wscodec/wscodec/examples/internal/echo"
	"github.com/wscodec/wscodec/wshandshake"
)

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
	defer nc.Close() // a second Close, after echo.Serve's, does no harm
	var req wshandshake.Request
	buf := make([]byte, 0, 4096)
	for {
		nc.SetReadDeadline(time.Now().Add(echo.IdleTimeout))
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
			accepted, err := wshandshake.ValidateRequest(&req, &echo.ServerConfig)
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
			echo.Serve(echo.NetStream(nc), buf[used:], &accepted, echo.PlanFromQuery(target.Query()))
		default:
			nc.Write([]byte("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
		}
		return
	}
}

// pageResponse returns the whole HTTP response that serves the page.
func pageResponse() []byte {
	return []byte("HTTP/1.1 200 OK\r\n" +
		"Content-Type: text/html; charset=utf-8\r\n" +
		"Content-Length: " + strconv.Itoa(len(echo.Page)) + "\r\n" +
		"Connection: close\r\n\r\n" + echo.Page)
}
