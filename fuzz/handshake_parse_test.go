package fuzz

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/wscodec/wscodec/wshandshake"
)

// checkRejection checks that the refusal AppendRejection writes for err
// is a response ParseResponse reads, with err's status and, for 426, the
// version the server speaks (RFC 6455 §4.4).
func checkRejection(t *testing.T, err error) {
	t.Helper()
	rej := wshandshake.AppendRejection(nil, err)
	var resp wshandshake.Response
	n, perr := wshandshake.ParseResponse(rej, &resp, nil)
	if perr != nil || n == 0 || resp.StatusCode != wshandshake.StatusOf(err) {
		t.Fatalf("rejection %q for %v: status %d, %v", rej, err, resp.StatusCode, perr)
	}
	v, ok := resp.Get("Sec-WebSocket-Version")
	if (resp.StatusCode == 426) != (ok && string(v) == "13") {
		t.Fatalf("status %d with Sec-WebSocket-Version %q", resp.StatusCode, v)
	}
}

// deflateOffers turns the permessage-deflate elements of parsed
// extensions into offers, leaving out those RFC 7692 §7 makes invalid
// (which a server must decline): unknown or repeated parameters, values
// where none belongs, window bits other than 8–15.
func deflateOffers(exts []wshandshake.Extension) []wshandshake.DeflateOffer {
	var offers []wshandshake.DeflateOffer
next:
	for _, e := range exts {
		if !strings.EqualFold(e.Name, wshandshake.DeflateExtension) {
			continue
		}
		var o wshandshake.DeflateOffer
		seen := map[string]bool{}
		for _, p := range e.Params {
			name := strings.ToLower(p.Name)
			if seen[name] {
				continue next
			}
			seen[name] = true
			bits := 0
			if p.HasValue {
				switch v := p.Value; {
				case len(v) == 1 && (v == "8" || v == "9"):
					bits = int(v[0] - '0')
				case len(v) == 2 && v[0] == '1' && '0' <= v[1] && v[1] <= '5':
					bits = 10 + int(v[1]-'0')
				default:
					continue next
				}
			}
			switch name {
			case "server_no_context_takeover", "client_no_context_takeover":
				if p.HasValue {
					continue next
				}
				o.ServerNoContextTakeover = o.ServerNoContextTakeover || name[0] == 's'
				o.ClientNoContextTakeover = o.ClientNoContextTakeover || name[0] == 'c'
			case "server_max_window_bits":
				if !p.HasValue {
					continue next
				}
				o.ServerMaxWindowBits = bits
			case "client_max_window_bits":
				o.AllowClientMaxWindowBits = true
				o.ClientMaxWindowBits = bits
			default:
				continue next
			}
		}
		offers = append(offers, o)
	}
	return offers
}

// FuzzRequest parses arbitrary bytes as an opening handshake request and
// checks that: a head ends at its empty line and what follows does not
// change the result; every error carries the status a server answers
// with (400, 414 or 431 for syntax and size, 400, 403, 405 or 426 for
// content), and the refusal AppendRejection writes parses with it; and
// when the server accepts, its response satisfies a client that offered
// what the request offered, both ends agreeing on the subprotocol and
// permessage-deflate parameters.
func FuzzRequest(f *testing.F) {
	f.Add([]byte("GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
		"Sec-WebSocket-Protocol: chat, superchat\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n\x81\x80"))
	f.Add([]byte("GET / HTTP/1.0\r\nHost: a\r\n\r\n"))
	server := wshandshake.ServerConfig{
		Subprotocols: []string{"chat", "superchat"},
		Deflate:      &wshandshake.DeflateConfig{ClientMaxWindowBits: 10},
		Origin:       wshandshake.OriginPolicy{Allow: []string{"*"}},
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var r wshandshake.Request
		n, err := wshandshake.ParseRequest(b, &r, nil)
		if n < 0 || n > len(b) || err != nil && n != 0 {
			t.Fatalf("ParseRequest = %d, %v", n, err)
		}
		if err != nil {
			if s := wshandshake.StatusOf(err); s != 400 && s != 414 && s != 431 {
				t.Fatalf("parse error %v with status %d", err, s)
			}
			checkRejection(t, err)
			return
		}
		if n == 0 {
			return
		}
		if !bytes.HasSuffix(b[:n], []byte("\r\n\r\n")) {
			t.Fatalf("head %q does not end with an empty line", b[:n])
		}
		var again wshandshake.Request
		if m, err := wshandshake.ParseRequest(append(bytes.Clone(b[:n]), "\x81\x85trailing"...), &again, nil); m != n || err != nil {
			t.Fatalf("head with other trailing bytes: %d, %v; want %d", m, err, n)
		}
		a, err := wshandshake.ValidateRequest(&r, &server)
		if err != nil {
			switch wshandshake.StatusOf(err) {
			case 400, 403, 405, 426:
			default:
				t.Fatalf("validation error %v with status %d", err, wshandshake.StatusOf(err))
			}
			checkRejection(t, err)
			return
		}
		exts, err := wshandshake.ParseExtensionValues(nil, &r.Extensions)
		if err != nil {
			t.Fatalf("server accepted extensions the parser refuses: %v", err)
		}
		client := wshandshake.ClientConfig{Deflate: deflateOffers(exts)}
		r.Protocols.EachElement(func(e []byte) bool {
			client.Subprotocols = append(client.Subprotocols, string(e))
			return true
		})
		var key wshandshake.Key
		copy(key[:], r.Key)
		resp, err := wshandshake.AppendResponse(nil, &a, nil)
		if err != nil {
			t.Fatal(err)
		}
		var rs wshandshake.Response
		if m, err := wshandshake.ParseResponse(resp, &rs, nil); err != nil || m != len(resp) {
			t.Fatalf("response %q: %d, %v", resp, m, err)
		}
		neg, err := wshandshake.VerifyResponse(&rs, &client, &key)
		if err != nil {
			t.Fatalf("a client offering %+v refuses %q: %v", client, resp, err)
		}
		if neg.Subprotocol != a.Subprotocol || neg.Deflate != a.Deflate || neg.DeflateParams != a.DeflateParams {
			t.Fatalf("client negotiated %+v, server %+v", neg, a.Negotiated)
		}
	})
}

// FuzzResponse parses arbitrary bytes as the server's answer to a client
// that offered subprotocols chat and superchat and one permessage-deflate
// offer, and checks that: a head ends at its empty line and what follows
// does not change the result; errors are the client-side sentinels (with
// no status to answer, or the shared Upgrade, Connection and extension
// ones); and when VerifyResponse accepts, the status is 101,
// the Accept matches the key, the subprotocol was offered and the deflate
// parameters keep within the offer.
func FuzzResponse(f *testing.F) {
	f.Add([]byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kK+xOo=\r\nSec-WebSocket-Protocol: chat\r\n\r\n\x81\x02hi"))
	f.Add([]byte("HTTP/1.1 101 OK\r\nUpgrade: websocket\r\nConnection: upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kK+xOo=\r\n" +
		"Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=10; client_max_window_bits=9\r\n\r\n"))
	key := wshandshake.Key([]byte("dGhlIHNhbXBsZSBub25jZQ=="))
	offer := wshandshake.DeflateOffer{ServerMaxWindowBits: 12, AllowClientMaxWindowBits: true}
	client := wshandshake.ClientConfig{
		Host: "server.example.com", Subprotocols: []string{"chat", "superchat"},
		Deflate: []wshandshake.DeflateOffer{offer},
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var rs wshandshake.Response
		n, err := wshandshake.ParseResponse(b, &rs, nil)
		if n < 0 || n > len(b) || err != nil && n != 0 {
			t.Fatalf("ParseResponse = %d, %v", n, err)
		}
		if err != nil {
			if !errors.Is(err, wshandshake.ErrMalformedResponse) && !errors.Is(err, wshandshake.ErrHeaderTooLarge) {
				t.Fatalf("parse error %v", err)
			}
			return
		}
		if n == 0 {
			return
		}
		if !bytes.HasSuffix(b[:n], []byte("\r\n\r\n")) {
			t.Fatalf("head %q does not end with an empty line", b[:n])
		}
		var again wshandshake.Response
		if m, err := wshandshake.ParseResponse(append(bytes.Clone(b[:n]), "\x88\x00"...), &again, nil); m != n || err != nil {
			t.Fatalf("head with other trailing bytes: %d, %v; want %d", m, err, n)
		}
		neg, err := wshandshake.VerifyResponse(&rs, &client, &key)
		if err != nil {
			// The client-side sentinels, and the three the package
			// documents as shared with the server side.
			var e *wshandshake.Error
			shared := errors.Is(err, wshandshake.ErrBadUpgrade) || errors.Is(err, wshandshake.ErrBadConnection) ||
				errors.Is(err, wshandshake.ErrBadExtensions)
			if !errors.As(err, &e) || e.Status() != 0 && !shared {
				t.Fatalf("VerifyResponse error %v is not a client-side *Error", err)
			}
			return
		}
		if rs.StatusCode != 101 || !wshandshake.CheckAccept(key[:], rs.Accept) {
			t.Fatalf("accepted status %d, Accept %q", rs.StatusCode, rs.Accept)
		}
		if neg.Subprotocol != "" && neg.Subprotocol != "chat" && neg.Subprotocol != "superchat" {
			t.Fatalf("accepted subprotocol %q", neg.Subprotocol)
		}
		if neg.Deflate && !honours(neg.DeflateParams, offer) {
			t.Fatalf("accepted deflate %+v beyond the offer %+v", neg.DeflateParams, offer)
		}
		if len(neg.Extensions) != 0 {
			t.Fatalf("accepted extensions %+v that were not offered", neg.Extensions)
		}
	})
}
