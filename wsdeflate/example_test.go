package wsdeflate_test

import (
	"fmt"

	"github.com/wscodec/wscodec/wsdeflate"
	"github.com/wscodec/wscodec/wsframe"
	"github.com/wscodec/wscodec/wshandshake"
)

// A server that accepted permessage-deflate in the opening handshake
// installs the extension on the connection; the client does the same with
// its side of the outcome. Messages then travel compressed, with RSV1 set
// on their first frame.
func Example() {
	// The outcome of a handshake in which the client offered
	// "permessage-deflate; client_max_window_bits" and the server,
	// configured with wshandshake.ServerConfig.Deflate, accepted it.
	var negotiated wshandshake.Negotiated
	negotiated.Deflate = true
	negotiated.DeflateParams = wshandshake.DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}

	server := wsframe.NewConn(wsframe.ConnConfig{
		Policy:    wsframe.Policy{Role: wsframe.Server},
		Extension: wsdeflate.ForConn(&negotiated, true, wsdeflate.Options{}),
	})
	client := wsframe.NewConn(wsframe.ConnConfig{
		Policy:    wsframe.Policy{Role: wsframe.Client},
		Extension: wsdeflate.ForConn(&negotiated, false, wsdeflate.Options{}),
	})

	text := []byte("permessage-deflate compresses repetitive text: repetitive text, repetitive text, repetitive text.")
	wire, err := server.AppendText(nil, text)
	if err != nil {
		panic(err)
	}
	fmt.Printf("RSV1 set: %v, %d bytes of text in a %d-byte frame\n", wire[0]&wsframe.RSV1 != 0, len(text), len(wire))

	ev, _, err := client.Receive(wire)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s: %s\n", ev.Kind, ev.Payload)
	// Output:
	// RSV1 set: true, 97 bytes of text in a 74-byte frame
	// text: permessage-deflate compresses repetitive text: repetitive text, repetitive text, repetitive text.
}

// Without permessage-deflate in the outcome ForConn returns nil, and the
// Conn refuses every RSV bit.
func ExampleForConn() {
	var negotiated wshandshake.Negotiated // no extension agreed
	ext := wsdeflate.ForConn(&negotiated, true, wsdeflate.Options{})
	c := wsframe.NewConn(wsframe.ConnConfig{Extension: ext})
	fmt.Println(ext == nil, c.Policy().RSV)
	// Output: true 0
}
