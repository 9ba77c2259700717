package wshandshake_test

import (
	"fmt"
	"strings"

	"github.com/wscodec/wscodec/wshandshake"
)

// crlf shows a head with its CRLF line ends as plain newlines, which is
// what Output comments can hold.
func crlf(b []byte) string { return strings.ReplaceAll(string(b), "\r\n", "\n") }

// A server reads bytes as they arrive, answers the handshake, and hands
// the bytes after the request to the frame decoder.
func Example_server() {
	cfg := &wshandshake.ServerConfig{
		Subprotocols: []string{"chat"},
		Deflate:      &wshandshake.DeflateConfig{},
	}
	arrivals := []string{
		"GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\n",
		"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
			"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: chat, superchat\r\n" +
			"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n" +
			"\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58", // a masked "Hello" frame sent early
	}
	var buf []byte
	var req wshandshake.Request
	for _, chunk := range arrivals {
		buf = append(buf, chunk...)
		n, err := wshandshake.ParseRequest(buf, &req, nil)
		if err != nil {
			fmt.Print(crlf(wshandshake.AppendRejection(nil, err)))
			return
		}
		if n == 0 {
			fmt.Println("need more bytes")
			continue
		}
		accepted, err := wshandshake.ValidateRequest(&req, cfg)
		if err != nil {
			fmt.Print(crlf(wshandshake.AppendRejection(nil, err)))
			return
		}
		resp, _ := wshandshake.AppendResponse(nil, &accepted, nil)
		fmt.Print(crlf(resp))
		fmt.Printf("frame bytes left for the decoder: %d\n", len(buf)-n)
		return
	}
	// Output:
	// need more bytes
	// HTTP/1.1 101 Switching Protocols
	// Upgrade: websocket
	// Connection: Upgrade
	// Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=
	// Sec-WebSocket-Protocol: chat
	// Sec-WebSocket-Extensions: permessage-deflate
	//
	// frame bytes left for the decoder: 11
}

// A client writes its request, then parses and verifies the server's
// answer.
func Example_client() {
	// Tests use a fixed nonce; real clients call wshandshake.NewKey.
	var nonce [16]byte
	copy(nonce[:], "the sample nonce")
	key := wshandshake.KeyFromNonce(nonce)

	cfg := &wshandshake.ClientConfig{
		Host:         "server.example.com",
		Target:       "/chat",
		Subprotocols: []string{"chat", "superchat"},
		Deflate:      []wshandshake.DeflateOffer{{AllowClientMaxWindowBits: true}},
	}
	req, err := wshandshake.AppendRequest(nil, cfg, &key)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(crlf(req))

	answer := []byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: chat\r\n" +
		"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=12\r\n\r\n")
	var resp wshandshake.Response
	n, err := wshandshake.ParseResponse(answer, &resp, nil)
	if err != nil || n == 0 {
		fmt.Println("incomplete or invalid:", err)
		return
	}
	negotiated, err := wshandshake.VerifyResponse(&resp, cfg, &key)
	if err != nil {
		fmt.Println(err)
		return
	}
	s := negotiated.DeflateSettings(false)
	fmt.Printf("subprotocol %s, deflate %v, own window %d, peer window %d\n",
		negotiated.Subprotocol, s.Enabled, s.OwnMaxWindowBits, s.PeerMaxWindowBits)
	// Output:
	// GET /chat HTTP/1.1
	// Host: server.example.com
	// Upgrade: websocket
	// Connection: Upgrade
	// Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==
	// Sec-WebSocket-Version: 13
	// Sec-WebSocket-Protocol: chat, superchat
	// Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits
	//
	// subprotocol chat, deflate true, own window 12, peer window 15
}

// StatusOf and AppendRejection turn any handshake error into the response
// a server owes the client.
func ExampleAppendRejection() {
	var req wshandshake.Request
	in := []byte("GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n")
	if _, err := wshandshake.ParseRequest(in, &req, nil); err != nil {
		fmt.Println(err)
		return
	}
	_, err := wshandshake.ValidateRequest(&req, nil)
	fmt.Println(err, "->", wshandshake.StatusOf(err))
	fmt.Print(crlf(wshandshake.AppendRejection(nil, err)))
	// Output:
	// wshandshake: Sec-WebSocket-Version is not 13: version "8" -> 426
	// HTTP/1.1 426 Upgrade Required
	// Connection: close
	// Content-Type: text/plain; charset=utf-8
	// Content-Length: 17
	// Upgrade: websocket
	// Sec-WebSocket-Version: 13
	//
	// Upgrade Required
}

func ExampleAppendAccept() {
	fmt.Printf("%s\n", wshandshake.AppendAccept(nil, []byte("dGhlIHNhbXBsZSBub25jZQ==")))
	// Output: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=
}
