package wsframe

import "strconv"

// Opcode is the 4-bit frame type of RFC 6455 §5.2.
type Opcode uint8

// The opcodes RFC 6455 §5.2 defines. 0x3–0x7 are reserved for further data
// frames and 0xB–0xF for further control frames.
const (
	OpContinuation Opcode = 0x0
	OpText         Opcode = 0x1
	OpBinary       Opcode = 0x2
	OpClose        Opcode = 0x8
	OpPing         Opcode = 0x9
	OpPong         Opcode = 0xA
)

var opcodeNames = [...]string{
	OpContinuation: "continuation",
	OpText:         "text",
	OpBinary:       "binary",
	OpClose:        "close",
	OpPing:         "ping",
	OpPong:         "pong",
}

// String returns the opcode's name, or "reserved(0xN)" for an opcode RFC
// 6455 leaves undefined.
func (o Opcode) String() string {
	if int(o) < len(opcodeNames) && opcodeNames[o] != "" {
		return opcodeNames[o]
	}
	return "reserved(0x" + strconv.FormatUint(uint64(o), 16) + ")"
}

// IsControl reports whether o is a control opcode (0x8–0xF), defined or
// reserved (RFC 6455 §5.5).
func (o Opcode) IsControl() bool { return o&0x8 != 0 && o <= 0xF }

// IsData reports whether o is a data opcode (0x0–0x7), defined or reserved
// (RFC 6455 §5.6). Continuation counts as data.
func (o Opcode) IsData() bool { return o <= 0x7 }

// IsReserved reports whether o is not one of the six opcodes RFC 6455
// defines: 0x3–0x7, 0xB–0xF, and anything that does not fit in four bits.
func (o Opcode) IsReserved() bool {
	return o > OpPong || (o > OpBinary && o < OpClose)
}
