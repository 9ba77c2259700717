package wsframe_test

import (
	"errors"
	"fmt"

	"github.com/wscodec/wscodec/wsframe"
)

func ExampleParseFrame() {
	// A masked text frame from a client: RFC 6455 §5.7.
	in := []byte{0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58}
	server := wsframe.Policy{Role: wsframe.Server}
	f, n, err := wsframe.ParseFrame(in, &server)
	if err != nil {
		fmt.Println("fail the connection with", wsframe.CloseCodeOf(err))
		return
	}
	fmt.Println(f.Opcode, f.Fin, n, string(f.Payload))
	// Output: text true 11 Hello
}

func ExampleAppendFrame() {
	f := wsframe.Frame{
		Header:  wsframe.Header{Fin: true, Opcode: wsframe.OpText, Masked: true, Key: [4]byte{0x37, 0xfa, 0x21, 0x3d}},
		Payload: []byte("Hello"),
	}
	client := wsframe.Policy{Role: wsframe.Client}
	if err := client.CheckSend(f.Header); err != nil {
		fmt.Println(err)
		return
	}
	buf := make([]byte, 0, 64)
	buf = wsframe.AppendFrame(buf, f)
	fmt.Printf("% x\n", buf)
	fmt.Println(string(f.Payload))
	// Output:
	// 81 85 37 fa 21 3d 7f 9f 4d 51 58
	// Hello
}

func ExampleParseHeader() {
	// The bytes of a 300-byte binary frame from a server arrive in pieces.
	client := wsframe.Policy{Role: wsframe.Client}
	stream := []byte{0x82, 0x7e, 0x01, 0x2c}
	var buf []byte
	for _, c := range stream {
		buf = append(buf, c)
		h, n, err := wsframe.ParseHeader(buf, &client)
		switch {
		case err != nil:
			fmt.Println("fail the connection with", wsframe.CloseCodeOf(err))
			return
		case n < 0:
			fmt.Printf("have %d bytes, need at least %d more\n", len(buf), -n)
		default:
			fmt.Printf("header of %d bytes: %v, payload %d bytes\n", n, h.Opcode, h.Length)
		}
	}
	// Output:
	// have 1 bytes, need at least 1 more
	// have 2 bytes, need at least 2 more
	// have 3 bytes, need at least 1 more
	// header of 4 bytes: binary, payload 300 bytes
}

func ExampleCloseCodeOf() {
	// An unmasked frame reaches a server.
	server := wsframe.Policy{Role: wsframe.Server}
	_, _, err := wsframe.ParseHeader([]byte{0x81, 0x05}, &server)
	fmt.Println(errors.Is(err, wsframe.ErrUnmaskedFrame), wsframe.CloseCodeOf(err))

	// A frame over the configured limit.
	small := wsframe.Policy{Role: wsframe.Client, MaxFramePayload: 1024}
	_, _, err = wsframe.ParseHeader([]byte{0x82, 0x7e, 0x10, 0x00}, &small)
	code := wsframe.CloseCodeOf(err)
	fmt.Println(err, uint16(code), code)

	// The close payload a driver sends when failing the connection.
	payload, _ := wsframe.AppendClosePayload(nil, code, "")
	fmt.Printf("% x\n", payload)
	// Output:
	// true protocol error
	// wsframe: frame payload exceeds the configured limit 1009 message too big
	// 03 f1
}
