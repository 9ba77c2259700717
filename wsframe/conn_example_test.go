package wsframe_test

import (
	"fmt"

	"github.com/wscodec/wscodec/wsframe"
	"github.com/wscodec/wscodec/wsmask"
)

// fixedKeys gives the example's client reproducible masking keys; real
// clients keep the default random source.
type fixedKeys struct{}

func (fixedKeys) NextKey() [4]byte { return [4]byte{0x37, 0xfa, 0x21, 0x3d} }

var _ wsmask.KeySource = fixedKeys{}

// An echo server loop over chunks of input, as a transport delivers them:
// the loop holds no protocol rule of its own. A client Conn plays the
// browser and produces the bytes the server reads.
func ExampleConn() {
	client := wsframe.NewConn(wsframe.ConnConfig{
		Policy:    wsframe.Policy{Role: wsframe.Client},
		KeySource: fixedKeys{},
	})
	var wire []byte
	wire, _ = client.AppendText(wire, []byte("Hello"))
	wire, _ = client.AppendPing(wire, []byte("are you there?"))
	wire, _ = client.AppendFragment(wire, wsframe.OpText, []byte("κόσ"[:3]), false)
	wire, _ = client.AppendFragment(wire, wsframe.OpText, []byte("κόσ"[3:]), true)
	wire, _ = client.AppendClose(wire, wsframe.CloseNormal, "bye")

	server := wsframe.NewConn(wsframe.ConnConfig{})
	var toClient []byte
	// The transport delivers the bytes in chunks of 5.
	for len(wire) > 0 {
		chunk := wire[:min(5, len(wire))]
		wire = wire[len(chunk):]
		for len(chunk) > 0 {
			ev, n, err := server.Receive(chunk)
			chunk = chunk[n:]
			if err != nil {
				fmt.Println("failed:", err, wsframe.CloseCodeOf(err))
				break
			}
			if ev == nil {
				break // need more bytes
			}
			switch ev.Kind {
			case wsframe.EventText, wsframe.EventBinary:
				fmt.Printf("echo %v %q\n", ev.Kind, ev.Payload)
				toClient, _ = server.AppendMessage(toClient, wsframe.OpText, ev.Payload)
			case wsframe.EventPing:
				fmt.Printf("ping %q (the pong is queued)\n", ev.Payload)
			case wsframe.EventClose:
				fmt.Printf("close %d %q\n", ev.Code, ev.Payload)
			}
		}
		toClient = server.AppendOutgoing(toClient) // pongs, the close reply
		if server.ShouldCloseTransport() {
			fmt.Println("server closes the transport")
			break
		}
	}

	// The client reads the server's bytes.
	for len(toClient) > 0 {
		ev, n, _ := client.Receive(toClient)
		toClient = toClient[n:]
		if ev != nil {
			fmt.Printf("client got %v %q\n", ev.Kind, ev.Payload)
		}
	}
	fmt.Println("client:", client.State(), "- closes when the server does:", client.ShouldCloseTransport())
	// Output:
	// echo text "Hello"
	// ping "are you there?" (the pong is queued)
	// echo text "κόσ"
	// close 1000 "bye"
	// server closes the transport
	// client got text "Hello"
	// client got pong "are you there?"
	// client got text "κόσ"
	// client got close "bye"
	// client: closed - closes when the server does: false
}
