package fuzz

import (
	"bytes"
	"errors"
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/wscodec/wscodec/wsframe"
	"github.com/wscodec/wscodec/wshandshake"
)

// isToken reports whether s is an HTTP token (RFC 9110 §5.6.2), written
// out from the RFC's tchar list.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return true
}

var (
	regNamePort = regexp.MustCompile(`^(?:[A-Za-z0-9._~!$&'()*+,;=-]|%[0-9A-Fa-f]{2})+(?::[0-9]*)?$`)
	zoneID      = regexp.MustCompile(`^(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})+$`)
	ipvFuture   = regexp.MustCompile(`^[vV][0-9A-Fa-f]+\.[A-Za-z0-9._~!$&'()*+,;=:-]+$`)
	optPort     = regexp.MustCompile(`^(?::[0-9]*)?$`)
)

// hostOK reports whether s is a Host value (RFC 9110 §7.2): uri-host
// [":" port] with the host forms of RFC 3986 §3.2.2 (an IPv4address is
// also a reg-name) and the zones of RFC 6874, and not an empty host.
func hostOK(s string) bool {
	if !strings.HasPrefix(s, "[") {
		return regNamePort.MatchString(s)
	}
	end := strings.IndexByte(s, ']')
	if end < 0 || !optPort.MatchString(s[end+1:]) {
		return false
	}
	lit := s[1:end]
	if ipvFuture.MatchString(lit) {
		return true
	}
	if addr, zone, found := strings.Cut(lit, "%25"); found {
		if !zoneID.MatchString(zone) {
			return false
		}
		lit = addr
	}
	a, err := netip.ParseAddr(lit)
	return err == nil && a.Is6() && a.Zone() == ""
}

// targetOK reports whether AppendRequest may write t as the
// request-target (empty for "/"): visible ASCII, and the resource name in
// origin-form or an absolute http or https URI with a valid host
// (RFC 6455 §3, §4.1; RFC 9112 §3.2).
func targetOK(t string) bool {
	for i := 0; i < len(t); i++ {
		if c := t[i]; c <= ' ' || c >= 0x7f {
			return false
		}
	}
	if t == "" || t[0] == '/' {
		return true
	}
	var rest string
	switch lower := strings.ToLower(t); {
	case strings.HasPrefix(lower, "http://"):
		rest = t[len("http://"):]
	case strings.HasPrefix(lower, "https://"):
		rest = t[len("https://"):]
	default:
		return false
	}
	if i := strings.IndexAny(rest, "/?"); i >= 0 {
		rest = rest[:i]
	}
	return hostOK(rest)
}

// fieldValueOK reports whether a header field value may be written as is:
// no control character but HTAB (RFC 9110 §5.5).
func fieldValueOK(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

// pick returns one of words, or fuzzed bytes when the selector's top bit
// is set.
func pick(s *script, words ...string) string {
	sel := s.byte()
	if sel&0x80 != 0 {
		return string(s.bytes(int(sel & 0x1f)))
	}
	return words[int(sel)%len(words)]
}

// windowBits returns 0 (absent) or 8–15 mostly, and sometimes a value out
// of range, from one fuzzed byte.
func windowBits(c byte) int {
	switch c % 11 {
	case 0, 1:
		return 0
	case 10:
		return int(c>>4) + 16*int(c&1) // out of range now and then
	}
	return 8 + int(c)%8
}

// clientConfigOf reads a client's handshake configuration from a fuzzed
// script, and reports whether AppendRequest must accept it.
func clientConfigOf(s *script) (cfg wshandshake.ClientConfig, ok bool) {
	ok = true
	cfg.Host = pick(s, "example.com", "127.0.0.1:9001", "[::1]:8080", "[fe80::1%25en0]")
	cfg.Host = strings.Map(func(r rune) rune {
		if r <= ' ' || r >= 0x7f {
			return rune(33 + int(r)%94)
		}
		return r
	}, cfg.Host)
	ok = hostOK(cfg.Host)
	cfg.Target = pick(s, "/", "/chat?room=1", "", "/a%20b", "http://example.com/chat", "chat")
	ok = ok && targetOK(cfg.Target)
	if s.byte()&1 != 0 {
		cfg.Origin = pick(s, "http://example.com", "null", "https://a.example.com:8443")
		ok = ok && fieldValueOK(cfg.Origin)
	}
	for n := s.byte() % 4; n > 0; n-- {
		p := pick(s, "chat", "superchat", "v2.json", "mqtt")
		// RFC 6455 §4.1: tokens, all unique.
		ok = ok && isToken(p) && !slices.Contains(cfg.Subprotocols, p)
		cfg.Subprotocols = append(cfg.Subprotocols, p)
	}
	for n := s.byte() % 3; n > 0; n-- {
		flags := s.byte()
		o := wshandshake.DeflateOffer{
			ServerNoContextTakeover:  flags&1 != 0,
			ClientNoContextTakeover:  flags&2 != 0,
			AllowClientMaxWindowBits: flags&4 != 0,
			ServerMaxWindowBits:      windowBits(s.byte()),
			ClientMaxWindowBits:      windowBits(s.byte()),
		}
		for _, b := range []int{o.ServerMaxWindowBits, o.ClientMaxWindowBits} {
			ok = ok && (b == 0 || 8 <= b && b <= 15)
		}
		cfg.Deflate = append(cfg.Deflate, o)
	}
	for n := s.byte() % 3; n > 0; n-- {
		f := wshandshake.HeaderField{
			Name:  pick(s, "Cookie", "Authorization", "User-Agent", "X-Request-Id"),
			Value: string(s.bytes(int(s.byte() % 40))),
		}
		ok = ok && isToken(f.Name) && fieldValueOK(f.Value) && !isWebSocketField(f.Name)
		cfg.Header = append(cfg.Header, f)
	}
	return cfg, ok
}

// isWebSocketField reports whether a field name is one the handshake
// writes or reads itself, which a caller adding it would duplicate.
func isWebSocketField(name string) bool {
	switch strings.ToLower(name) {
	case "host", "upgrade", "connection", "origin", "content-length", "transfer-encoding":
		return true
	}
	return strings.HasPrefix(strings.ToLower(name), "sec-websocket-")
}

// serverConfigOf derives a server's handshake policy from fuzzed bits.
func serverConfigOf(sel uint16) wshandshake.ServerConfig {
	cfg := wshandshake.ServerConfig{Origin: wshandshake.OriginPolicy{Allow: []string{"*"}}}
	if sel&1 != 0 {
		cfg.Subprotocols = []string{"superchat", "chat", "mqtt"}
	}
	cfg.PreferClientOrder = sel&2 != 0
	if sel&4 != 0 {
		bits := func(v uint16) int {
			if v&7 == 0 {
				return 0
			}
			return 8 + int(v&7)
		}
		cfg.Deflate = &wshandshake.DeflateConfig{
			ServerNoContextTakeover: sel&8 != 0,
			ClientNoContextTakeover: sel&16 != 0,
			ServerMaxWindowBits:     bits(sel >> 5),
			MinServerWindowBits:     bits(sel >> 8),
			ClientMaxWindowBits:     bits(sel >> 11),
		}
		// A server that compresses with a smaller window than the
		// smallest offer it honours makes its response ambiguous: the
		// client may match it to an offer the server declined and agree
		// on other parameters. Such configurations are left out.
		d := cfg.Deflate
		if d.ServerMaxWindowBits != 0 && (d.MinServerWindowBits == 0 || d.MinServerWindowBits > d.ServerMaxWindowBits) {
			d.MinServerWindowBits = d.ServerMaxWindowBits
		}
	}
	return cfg
}

// wantSubprotocol is RFC 6455 §4.2.2's choice as ServerConfig documents
// it: the server's first preference the client offered, or with
// PreferClientOrder the client's first offer the server speaks.
func wantSubprotocol(offered []string, cfg *wshandshake.ServerConfig) string {
	outer, inner := cfg.Subprotocols, offered
	if cfg.PreferClientOrder {
		outer, inner = offered, cfg.Subprotocols
	}
	for _, a := range outer {
		for _, b := range inner {
			if a == b {
				return a
			}
		}
	}
	return ""
}

// honours reports whether agreed permessage-deflate parameters keep
// within offer o (RFC 7692 §7.1).
func honours(p wshandshake.DeflateParams, o wshandshake.DeflateOffer) bool {
	if o.ServerNoContextTakeover && !p.ServerNoContextTakeover {
		return false
	}
	if o.ClientNoContextTakeover && !p.ClientNoContextTakeover {
		return false
	}
	if o.ServerMaxWindowBits != 0 && p.ServerMaxWindowBits > o.ServerMaxWindowBits {
		return false
	}
	if o.ClientMaxWindowBits != 0 && p.ClientMaxWindowBits > o.ClientMaxWindowBits {
		return false
	}
	if !o.AllowClientMaxWindowBits && o.ClientMaxWindowBits == 0 && p.ClientMaxWindowBits != 15 {
		return false
	}
	return p.ServerMaxWindowBits >= 8 && p.ServerMaxWindowBits <= 15 && p.ClientMaxWindowBits >= 8 && p.ClientMaxWindowBits <= 15
}

// FuzzHandshake runs whole opening handshakes between a fuzzed client
// configuration and a fuzzed server policy, through the public API only:
// AppendRequest (which must refuse exactly the values that cannot be
// written), ParseRequest, ValidateRequest, AppendResponse, ParseResponse
// and VerifyResponse. Every request AppendRequest writes must be accepted,
// the subprotocol chosen as ServerConfig documents, permessage-deflate
// agreed within one of the client's offers and the server's policy, and
// both ends must come out with the same Negotiated values. Frames sent
// right behind each head (RFC 6455 §4.1 lets a client send them before the
// response) must reach the other side's Conn intact.
func FuzzHandshake(f *testing.F) {
	f.Add([]byte{0, 1, 0, 2, 0, 1, 1, 5, 3, 1, 0}, uint16(0x07))
	f.Add([]byte{1, 0, 1, 0, 1, 1, 2, 7, 12, 9, 0, 0, 0}, uint16(0x0fff))
	f.Add([]byte{0x83, 'a', 'b', 'c', 2, 0, 0, 0, 1, 0x81, ' ', 3, 'x', 0x01, 'y'}, uint16(0))
	f.Fuzz(func(t *testing.T, client []byte, server uint16) {
		s := script{b: client}
		ccfg, valid := clientConfigOf(&s)
		var nonce [16]byte
		copy(nonce[:], s.bytes(16))
		key := wshandshake.KeyFromNonce(nonce)
		dst := []byte("dst")
		req, err := wshandshake.AppendRequest(dst, &ccfg, &key)
		if err != nil {
			if valid || string(req) != "dst" ||
				!errors.Is(err, wshandshake.ErrInvalidHeader) && !errors.Is(err, wshandshake.ErrInvalidConfig) {
				t.Fatalf("AppendRequest(%+v) = %q, %v; config valid: %v", ccfg, req, err, valid)
			}
			return
		}
		if !valid {
			t.Fatalf("AppendRequest wrote %q for invalid config %+v", req, ccfg)
		}
		req = req[3:]

		clientConn := wsframe.NewConn(wsframe.ConnConfig{Policy: wsframe.Policy{Role: wsframe.Client}, KeySource: &counterKeys{}})
		early, err := clientConn.AppendText(nil, []byte("early"))
		if err != nil {
			t.Fatal(err)
		}
		in := append(bytes.Clone(req), early...)
		var r wshandshake.Request
		n, err := wshandshake.ParseRequest(in, &r, nil)
		if err != nil || n != len(req) {
			t.Fatalf("ParseRequest(%q) = %d, %v; want %d", req, n, err, len(req))
		}
		for _, h := range ccfg.Header {
			if v, ok := r.Get(h.Name); !ok || string(v) != strings.Trim(h.Value, " \t") && !repeatedName(ccfg.Header, h.Name) {
				t.Fatalf("field %s: %q, %v; sent %q", h.Name, v, ok, h.Value)
			}
		}
		scfg := serverConfigOf(server)
		a, err := wshandshake.ValidateRequest(&r, &scfg)
		if err != nil {
			t.Fatalf("ValidateRequest refuses %q: %v", req, err)
		}
		if want := wantSubprotocol(ccfg.Subprotocols, &scfg); a.Subprotocol != want {
			t.Fatalf("subprotocol %q, want %q (offered %q, server %q)", a.Subprotocol, want, ccfg.Subprotocols, scfg.Subprotocols)
		}
		if a.Deflate {
			honoured := false
			for _, o := range ccfg.Deflate {
				honoured = honoured || honours(a.DeflateParams, o)
			}
			d := scfg.Deflate
			if !honoured || d == nil || d.ServerNoContextTakeover && !a.DeflateParams.ServerNoContextTakeover ||
				d.ServerMaxWindowBits != 0 && a.DeflateParams.ServerMaxWindowBits > d.ServerMaxWindowBits {
				t.Fatalf("deflate %+v: within an offer of %+v: %v; server %+v", a.DeflateParams, ccfg.Deflate, honoured, d)
			}
		} else if scfg.Deflate != nil && scfg.Deflate.MinServerWindowBits == 0 {
			for _, o := range ccfg.Deflate {
				if o.ServerMaxWindowBits == 0 || o.ServerMaxWindowBits == 15 {
					t.Fatalf("offer %+v declined by %+v", o, scfg.Deflate)
				}
			}
		}

		serverConn := wsframe.NewConn(wsframe.ConnConfig{})
		ev, _, err := serverConn.Receive(in[n:])
		if err != nil || ev == nil || ev.Kind != wsframe.EventText || string(ev.Payload) != "early" {
			t.Fatalf("server Conn on the bytes after the request: %+v, %v", ev, err)
		}
		resp, err := wshandshake.AppendResponse(nil, &a, nil)
		if err != nil {
			t.Fatal(err)
		}
		hello, _ := serverConn.AppendText(nil, []byte("hello"))
		respIn := append(bytes.Clone(resp), hello...)
		var rs wshandshake.Response
		m, err := wshandshake.ParseResponse(respIn, &rs, nil)
		if err != nil || m != len(resp) {
			t.Fatalf("ParseResponse(%q) = %d, %v", resp, m, err)
		}
		neg, err := wshandshake.VerifyResponse(&rs, &ccfg, &key)
		if err != nil {
			t.Fatalf("client refuses %q to %q: %v", resp, req, err)
		}
		if neg.Subprotocol != a.Subprotocol || neg.Deflate != a.Deflate || neg.DeflateParams != a.DeflateParams {
			t.Fatalf("client negotiated %+v, server %+v", neg, a.Negotiated)
		}
		ev, _, err = clientConn.Receive(respIn[m:])
		if err != nil || ev == nil || string(ev.Payload) != "hello" {
			t.Fatalf("client Conn on the bytes after the response: %+v, %v", ev, err)
		}
	})
}

func repeatedName(fields []wshandshake.HeaderField, name string) bool {
	n := 0
	for _, f := range fields {
		if strings.EqualFold(f.Name, name) {
			n++
		}
	}
	return n > 1
}
