// Command h2echo is the echo server of examples/echo over HTTPS on
// net/http, speaking WebSocket over both HTTP/1.1 (an Upgrade, RFC 6455
// §4) and HTTP/2 (extended CONNECT, RFC 8441). The same handler of
// examples/internal/echo drives the codec on both: over HTTP/1.1 it runs
// on the hijacked TLS connection, over HTTP/2 on the request body and the
// response writer of the stream, full duplex, flushing after each write.
//
// Usage:
//
//	h2echo [-addr 127.0.0.1:9443] [-log]
//
// It listens on a loopback address only, with a certificate it makes at
// start and throws away at exit, so a browser must be told to accept it.
// GET / serves the same page as examples/echo; /echo is the WebSocket,
// with the same ?close=CODE&reason=TEXT&after=N query. With -log it
// prints one line per WebSocket on stdout, for example
//
//	ws proto=HTTP/2.0 method=CONNECT protocol=websocket remote=127.0.0.1:40162 target=/echo
//
// naming the HTTP version and method of the handshake request, its
// :protocol (- over HTTP/1.1), the client's address and the request
// target. WebSockets multiplexed on one HTTP/2 connection share the
// remote address.
//
// HTTP/2 WebSockets need Go 1.24 or later and GODEBUG=http2xconnect=1,
// which the program sets for itself (see examples/internal/h2xconnect);
// without them the server still works, and browsers open their WebSockets
// over HTTP/1.1 instead.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"os"

	// Its init sets GODEBUG before net/http's init reads it; the order
	// follows from the import paths, not from this list (see its doc).
	"github.com/wscodec/wscodec/examples/internal/h2xconnect"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:9443", "loopback `address` to listen on")
	logWS := flag.Bool("log", false, "print one line per WebSocket on stdout")
	flag.Parse()
	ln, err := listenLoopback(*addr)
	if err != nil {
		log.Fatal(err)
	}
	cert, err := throwawayCertificate()
	if err != nil {
		log.Fatal(err)
	}
	var wsLog *websocketLog
	if *logWS {
		wsLog = &websocketLog{w: os.Stdout}
	}
	srv := newServer(cert, wsLog)
	switch {
	case !goHasExtendedConnect:
		log.Print("HTTP/2 WebSockets are off: this build's Go predates 1.24, whose net/http first accepts extended CONNECT; browsers use HTTP/1.1")
	case !h2xconnect.Enabled():
		log.Print("HTTP/2 WebSockets are off: GODEBUG turns http2xconnect off; browsers use HTTP/1.1")
	}
	fmt.Printf("listening on https://%s\n", ln.Addr())
	log.Fatal(srv.ServeTLS(ln, "", ""))
}

// listenLoopback listens on addr if it is a loopback address: the
// certificate is throwaway and the server is an example, not a service.
func listenLoopback(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("-addr %s: not a loopback IP address", addr)
	}
	return net.Listen("tcp", addr)
}
