package wsframe

import "testing"

// Sinks keep the compiler from discarding benchmarked results.
var (
	sinkHeader Header
	sinkInt    int
	sinkErr    error
	sinkBytes  []byte
)

func BenchmarkParseHeader(b *testing.B) {
	cases := []struct {
		name   string
		role   Role
		header Header
	}{
		{"2bytes", Client, Header{Fin: true, Opcode: OpBinary, Length: 16}},
		{"6bytes", Server, Header{Fin: true, Opcode: OpBinary, Masked: true, Key: [4]byte{1, 2, 3, 4}, Length: 16}},
		{"8bytes", Server, Header{Fin: true, Opcode: OpBinary, Masked: true, Key: [4]byte{1, 2, 3, 4}, Length: 1000}},
		{"14bytes", Server, Header{Fin: true, Opcode: OpBinary, Masked: true, Key: [4]byte{1, 2, 3, 4}, Length: 100000}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			p := Policy{Role: c.role}
			in := AppendHeader(nil, c.header)
			var h Header
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				sinkInt, sinkErr = h.Parse(in, &p)
			}
			sinkHeader = h
		})
	}
}

func BenchmarkAppendHeader(b *testing.B) {
	h := Header{Fin: true, Opcode: OpBinary, Masked: true, Key: [4]byte{1, 2, 3, 4}, Length: 16}
	buf := make([]byte, 0, MaxHeaderLen)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sinkBytes = AppendHeader(buf, h)
	}
}

func BenchmarkAppendFrame(b *testing.B) {
	f := Frame{
		Header:  Header{Fin: true, Opcode: OpBinary, Masked: true, Key: [4]byte{1, 2, 3, 4}},
		Payload: make([]byte, 16),
	}
	buf := make([]byte, 0, MaxHeaderLen+len(f.Payload))
	b.SetBytes(int64(len(f.Payload)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sinkBytes = AppendFrame(buf, f)
	}
}

func BenchmarkParseFrame(b *testing.B) {
	p := Policy{Role: Server}
	f := Frame{
		Header:  Header{Fin: true, Opcode: OpBinary, Masked: true, Key: [4]byte{1, 2, 3, 4}},
		Payload: make([]byte, 16),
	}
	in := AppendFrame(nil, f)
	var fr Frame
	b.SetBytes(int64(len(f.Payload)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		// Unmasking in place toggles the payload; the header is untouched,
		// so every iteration parses the same frame.
		sinkInt, sinkErr = fr.Parse(in, &p)
	}
	sinkBytes = fr.Payload
}
