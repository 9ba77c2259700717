package wsframe_test

import (
	"fmt"

	"github.com/wscodec/wscodec/wsframe"
)

// ExampleDecoder is a server's read loop: chunks arrive as a transport
// delivers them, split anywhere, and the Decoder yields each frame's
// header and payload pieces, unmasked in place within the chunk.
func ExampleDecoder() {
	key := [4]byte{0x37, 0xfa, 0x21, 0x3d}
	var stream []byte
	for _, f := range []wsframe.Frame{
		{Header: wsframe.Header{Opcode: wsframe.OpText, Masked: true, Key: key}, Payload: []byte("Hello, ")},
		{Header: wsframe.Header{Fin: true, Opcode: wsframe.OpPing, Masked: true, Key: key}, Payload: []byte("are you there?")},
		{Header: wsframe.Header{Fin: true, Opcode: wsframe.OpContinuation, Masked: true, Key: key}, Payload: []byte("world")},
	} {
		stream = wsframe.AppendFrame(stream, f)
	}
	// The transport delivers the stream in arbitrary pieces.
	chunks := [][]byte{stream[:3], stream[3:9], stream[9:22], stream[22:]}

	d := wsframe.NewDecoder(wsframe.Policy{Role: wsframe.Server})
	for _, chunk := range chunks {
		for {
			ev, n, err := d.Decode(chunk)
			if err != nil {
				fmt.Println("fail the connection with", wsframe.CloseCodeOf(err))
				return
			}
			if ev == nil {
				break // all of chunk is consumed; wait for the next
			}
			chunk = chunk[n:]
			if ev.Start {
				fmt.Printf("%s frame, fin %v, %d bytes:\n", ev.Header.Opcode, ev.Header.Fin, ev.Header.Length)
			}
			fmt.Printf("  piece %q end %v\n", ev.Payload, ev.End)
		}
	}
	fmt.Println("at a frame boundary:", d.AtFrameBoundary())
	// Output:
	// text frame, fin false, 7 bytes:
	//   piece "Hel" end false
	//   piece "lo, " end true
	// ping frame, fin true, 14 bytes:
	//   piece "are" end false
	//   piece " you there?" end true
	// continuation frame, fin true, 5 bytes:
	//   piece "world" end true
	// at a frame boundary: true
}
