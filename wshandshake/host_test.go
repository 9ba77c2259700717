package wshandshake

import (
	"math/rand"
	"regexp"
	"strings"
	"testing"
)

// hostGrammar is the Host field value of RFC 9110 §7.2, uri-host [ ":"
// port ], transcribed from the ABNF of RFC 3986 §3.2.2 and RFC 6874,
// with the empty host refused (RFC 9110 §4.2.1).
var hostGrammar = func() *regexp.Regexp {
	const (
		hex       = `[0-9A-Fa-f]`
		h16       = hex + `{1,4}`
		decOctet  = `(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9][0-9]|[0-9])`
		ipv4      = decOctet + `\.` + decOctet + `\.` + decOctet + `\.` + decOctet
		ls32      = `(?:` + h16 + `:` + h16 + `|` + ipv4 + `)`
		unres     = `[A-Za-z0-9\-._~]`
		subDelims = `[!$&'()*+,;=]`
		pct       = `%` + hex + hex
	)
	ipv6 := strings.Join([]string{
		`(?:` + h16 + `:){6}` + ls32,
		`::(?:` + h16 + `:){5}` + ls32,
		`(?:` + h16 + `)?::(?:` + h16 + `:){4}` + ls32,
		`(?:(?:` + h16 + `:){0,1}` + h16 + `)?::(?:` + h16 + `:){3}` + ls32,
		`(?:(?:` + h16 + `:){0,2}` + h16 + `)?::(?:` + h16 + `:){2}` + ls32,
		`(?:(?:` + h16 + `:){0,3}` + h16 + `)?::` + h16 + `:` + ls32,
		`(?:(?:` + h16 + `:){0,4}` + h16 + `)?::` + ls32,
		`(?:(?:` + h16 + `:){0,5}` + h16 + `)?::` + h16,
		`(?:(?:` + h16 + `:){0,6}` + h16 + `)?::`,
	}, "|")
	zone := `%25(?:` + unres + `|` + pct + `)+`
	future := `[vV]` + hex + `+\.(?:` + unres + `|` + subDelims + `|:)+`
	ipLiteral := `\[(?:(?:` + ipv6 + `)(?:` + zone + `)?|` + future + `)\]`
	regName := `(?:` + unres + `|` + pct + `|` + subDelims + `)+`
	return regexp.MustCompile(`^(?:` + ipLiteral + `|` + regName + `)(?::[0-9]*)?$`)
}()

// TestValidHostGrammar compares validHost with the grammar on named cases
// and on values assembled at random from pieces of hosts.
func TestValidHostGrammar(t *testing.T) {
	named := []string{
		"example.com", "example.com:8080", "example.com:", "127.0.0.1:9312",
		"[::1]", "[::1]:80", "[::]", "[1:2:3:4:5:6:7:8]", "[1:2:3:4:5:6:7::]",
		"[::ffff:192.0.2.1]", "[fe80::1%25eth0]", "[v7.a:b]", "xn--bcher-kva.example",
		"a%41b", "_sip.example", "",
		"exa mple.com", "example.com/x", "u@example.com", "a.com, b.com", ":80",
		"[::1", "::1", "[1:2:3:4:5:6:7:8:9]", "[1::2::3]", "[12345::]", "[::1]x",
		"[::256.0.0.1]", "[::01.2.3.4]", "[fe80::1%eth0]", "[fe80::1%25]", "[v.x]",
		"example.com:8o", "a%4", "a%zz", "caf\xe9.example", "a\tb", "[::1]:80:80",
	}
	pieces := []string{
		"::", ":", "1", "ffff", "12345", "0", "1.2.3.4", "256.1.1.1", "01.2.3.4", "255.255.255.255",
		"[", "]", ":80", "%25eth0", "%25", "%2", "%41", "v1.x", "v.", "example.com", "a",
		"%zz", "@", "/", " ", ".", ",", "'", "~",
	}
	r := rand.New(rand.NewSource(6455))
	inputs := append([]string{}, named...)
	for i := 0; i < 200000; i++ {
		var b strings.Builder
		if r.Intn(2) == 0 {
			b.WriteString("[")
		}
		for j := 1 + r.Intn(9); j > 0; j-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		inputs = append(inputs, b.String())
	}
	// IP-literals: one to nine groups of one to five hex digits, some of
	// them elided, some ending in an IPv4 address, some with a zone.
	tails := []string{"", "", "1.2.3.4", "0.0.0.0", "256.0.0.1", "1.2.3", "1.02.3.4"}
	for i := 0; i < 100000; i++ {
		var b strings.Builder
		b.WriteString("[")
		n := 1 + r.Intn(9)
		gap := -1
		if r.Intn(3) > 0 {
			gap = r.Intn(n + 1)
		}
		for j := 0; j < n; j++ {
			switch {
			case j == gap:
				b.WriteString("::")
			case j > 0:
				b.WriteString(":")
			}
			b.WriteString("fedcba987"[:1+r.Intn(5)])
		}
		if gap == n {
			b.WriteString("::")
		}
		if tail := tails[r.Intn(len(tails))]; tail != "" {
			if gap != n {
				b.WriteString(":")
			}
			b.WriteString(tail)
		}
		if r.Intn(8) == 0 {
			b.WriteString("%25en0")
		}
		b.WriteString("]")
		if r.Intn(4) == 0 {
			b.WriteString(":443")
		}
		inputs = append(inputs, b.String())
	}
	valid, literals := 0, 0
	for _, in := range inputs {
		want := hostGrammar.MatchString(in)
		if got := validHost([]byte(in)); got != want {
			t.Fatalf("validHost(%q) = %v, want %v", in, got, want)
		}
		if want {
			valid++
			if in[0] == '[' {
				literals++
			}
		}
	}
	if valid < 1000 || literals < 1000 {
		t.Fatalf("only %d valid hosts, %d of them IP-literals, among the inputs: the generator needs work", valid, literals)
	}
}
