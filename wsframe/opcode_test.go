package wsframe

import "testing"

func TestOpcodeClasses(t *testing.T) {
	type classes struct {
		name                    string
		control, data, reserved bool
	}
	want := map[Opcode]classes{
		0x0:  {"continuation", false, true, false},
		0x1:  {"text", false, true, false},
		0x2:  {"binary", false, true, false},
		0x3:  {"reserved(0x3)", false, true, true},
		0x7:  {"reserved(0x7)", false, true, true},
		0x8:  {"close", true, false, false},
		0x9:  {"ping", true, false, false},
		0xA:  {"pong", true, false, false},
		0xB:  {"reserved(0xb)", true, false, true},
		0xF:  {"reserved(0xf)", true, false, true},
		0x10: {"reserved(0x10)", false, false, true},
		0xFF: {"reserved(0xff)", false, false, true},
	}
	for op, w := range want {
		got := classes{op.String(), op.IsControl(), op.IsData(), op.IsReserved()}
		if got != w {
			t.Errorf("Opcode(%#x): got %+v, want %+v", uint8(op), got, w)
		}
	}
	for op := Opcode(0); op <= 0xF; op++ {
		if op.IsControl() == op.IsData() {
			t.Errorf("Opcode(%#x) is both or neither control and data", uint8(op))
		}
		if want := op >= 0x8; op.IsControl() != want {
			t.Errorf("Opcode(%#x).IsControl() = %v", uint8(op), op.IsControl())
		}
	}
}
