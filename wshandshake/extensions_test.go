package wshandshake

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseExtensions(t *testing.T) {
	p := func(name, value string) Param { return Param{Name: name, Value: value, HasValue: true} }
	flag := func(name string) Param { return Param{Name: name} }
	tests := []struct {
		in   string
		want []Extension
		bad  bool
	}{
		{in: "", want: nil},
		{in: "foo", want: []Extension{{Name: "foo"}}},
		{in: "foo, bar", want: []Extension{{Name: "foo"}, {Name: "bar"}}},
		{in: "foo,bar", want: []Extension{{Name: "foo"}, {Name: "bar"}}},
		{in: " , foo ,, bar , ", want: []Extension{{Name: "foo"}, {Name: "bar"}}},
		{in: "permessage-deflate; client_max_window_bits",
			want: []Extension{{Name: "permessage-deflate", Params: []Param{flag("client_max_window_bits")}}}},
		{in: "a;b=1;c", want: []Extension{{Name: "a", Params: []Param{p("b", "1"), flag("c")}}}},
		{in: "a ; b = 1 ;\tc", want: []Extension{{Name: "a", Params: []Param{p("b", "1"), flag("c")}}}},
		{in: `a; b="10"`, want: []Extension{{Name: "a", Params: []Param{p("b", "10")}}}},
		{in: `a; b="1\0"`, want: []Extension{{Name: "a", Params: []Param{p("b", "10")}}}},
		{in: `a; b="x", c`, want: []Extension{{Name: "a", Params: []Param{p("b", "x")}}, {Name: "c"}}},
		{in: "a; b, a; c=2", want: []Extension{{Name: "a", Params: []Param{flag("b")}}, {Name: "a", Params: []Param{p("c", "2")}}}},
		{in: ";", bad: true},
		{in: "a;", bad: true},
		{in: "a; =1", bad: true},
		{in: "a; b=", bad: true},
		{in: "a; b=,", bad: true},
		{in: "a b", bad: true},
		{in: "a; b c", bad: true},
		{in: `a; b="`, bad: true},
		{in: `a; b=""`, bad: true},
		{in: `a; b="x y"`, bad: true},  // unescaped value must be a token
		{in: `a; b="x,y"`, bad: true},  // likewise
		{in: `a; b="x\"y"`, bad: true}, // an escaped quote is not a tchar
		{in: `a; b="x\`, bad: true},
		{in: `a; b=x"`, bad: true},
		{in: "a; b=1=2", bad: true},
		{in: "\"a\"", bad: true},
		{in: "a;;b", bad: true},
	}
	for _, tt := range tests {
		got, err := ParseExtensions([]Extension{{Name: "kept"}}, []byte(tt.in))
		if tt.bad {
			checkErr(t, err, ErrBadExtensions)
			if len(got) != 1 {
				t.Errorf("%q: dst changed on error: %v", tt.in, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		want := append([]Extension{{Name: "kept"}}, tt.want...)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestParseExtensionValues(t *testing.T) {
	v := ValuesOf([][]byte{[]byte("a; x=1"), []byte("b, c")})
	got, err := ParseExtensionValues(nil, &v)
	if err != nil {
		t.Fatal(err)
	}
	want := []Extension{{Name: "a", Params: []Param{{Name: "x", Value: "1", HasValue: true}}}, {Name: "b"}, {Name: "c"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	bad := ValuesOf([][]byte{[]byte("a"), []byte("b;")})
	_, err = ParseExtensionValues(nil, &bad)
	checkErr(t, err, ErrBadExtensions)
}

func TestAppendExtensions(t *testing.T) {
	exts := []Extension{
		{Name: "permessage-deflate", Params: []Param{{Name: "client_max_window_bits"}, {Name: "server_max_window_bits", Value: "10", HasValue: true}}},
		{Name: "x"},
	}
	got, err := AppendExtensions([]byte("E: "), exts)
	if err != nil {
		t.Fatal(err)
	}
	const want = "E: permessage-deflate; client_max_window_bits; server_max_window_bits=10, x"
	if string(got) != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	back, err := ParseExtensions(nil, got[3:])
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(exts, back); diff != "" {
		t.Fatalf("round trip (-want +got):\n%s", diff)
	}
	for _, bad := range [][]Extension{
		{{Name: ""}},
		{{Name: "a b"}},
		{{Name: "a", Params: []Param{{Name: "p", Value: "", HasValue: true}}}},
		{{Name: "a", Params: []Param{{Name: "p", Value: "x\r\nY: 1", HasValue: true}}}},
		{{Name: "a", Params: []Param{{Name: "p;q"}}}},
	} {
		got, err := AppendExtensions([]byte("E: "), bad)
		checkErr(t, err, ErrInvalidHeader)
		if string(got) != "E: " {
			t.Errorf("dst changed on error: %q", got)
		}
	}
}

func TestExtensionParam(t *testing.T) {
	e := Extension{Name: "a", Params: []Param{{Name: "Server_Max_Window_Bits", Value: "9", HasValue: true}}}
	if p, ok := e.Param("server_max_window_bits"); !ok || p.Value != "9" {
		t.Fatalf("Param = %+v, %v", p, ok)
	}
	if _, ok := e.Param("other"); ok {
		t.Fatal("found a parameter that is not there")
	}
}
