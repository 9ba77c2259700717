// Package wscodec is a sans-I/O WebSocket protocol codec: it turns byte
// slices into frames, messages and handshake values and back, and judges
// everything RFC 6455 demands (with RFC 7692 negotiation and RFC 8441/9220
// extended CONNECT), without touching a socket, a goroutine, a timer or an
// io.Reader. Any transport can drive it: a net.Conn loop, an event loop, a
// QUIC stream, an HTTP/2 stream, a test feeding bytes by hand.
//
// This package holds only documentation. The work is split into packages
// that stand on one another:
//
//   - [github.com/wscodec/wscodec/wsmask] applies the payload mask of RFC
//     6455 §5.3, the hottest loop of any WebSocket implementation, with
//     SIMD paths on amd64 and arm64, and generates masking keys.
//   - [github.com/wscodec/wscodec/wsutf8] validates UTF-8 whole or in
//     pieces, failing at the first byte that can no longer begin valid text,
//     as text messages and close reasons require (RFC 6455 §8.1).
//   - [github.com/wscodec/wscodec/wsframe] turns byte slices into frames and
//     back and judges them by one [wsframe.Policy] (RFC 6455 §5): stateless
//     functions ([wsframe.ParseHeader], [wsframe.ParseFrame],
//     [wsframe.AppendFrame]), the push-style [wsframe.Decoder] that accepts
//     input in any chunking and yields payload without copying it, and
//     [wsframe.Conn], the state machine of one connection: fragmentation,
//     UTF-8, limits, automatic pongs and the close handshake.
//   - [github.com/wscodec/wscodec/wshandshake] performs the opening
//     handshake, client and server, from byte slices (RFC 6455 §4),
//     negotiates subprotocols and permessage-deflate parameters (RFC 7692),
//     and validates HTTP/2 and HTTP/3 extended CONNECT requests (RFC 8441,
//     RFC 9220); its subpackage wshttp adapts it to net/http values.
//   - [github.com/wscodec/wscodec/wsdeflate] implements permessage-deflate
//     (RFC 7692) as a [wsframe.Extension] over compress/flate, with the
//     inflated size bounded while inflating and no compressor state held
//     on idle connections without context takeover.
//
// wsmask, wsutf8, wsframe and wshandshake import no net, os, time or io
// reader and writer and start no goroutines; wsdeflate stands apart from
// them because compress/flate reads and writes through io.
//
// # A server loop
//
// A transport loop around the codec holds no protocol rule of its own. For
// each connection, a server reads the request head, answers it, and then
// moves bytes between the socket and a [wsframe.Conn]:
//
//	var req wshandshake.Request
//	n, err := wshandshake.ParseRequest(buf, &req, nil) // n == 0: read more
//	accepted, err := wshandshake.ValidateRequest(&req, &serverConfig)
//	if err != nil {
//		write(wshandshake.AppendRejection(nil, err)) // 400, 403, 426, ...
//		return
//	}
//	resp, _ := wshandshake.AppendResponse(nil, &accepted, nil)
//	write(resp)
//
//	c := wsframe.NewConn(wsframe.ConnConfig{}) // a server with safe limits
//	chunk := buf[n:]                           // frames sent behind the request
//	for {
//		for len(chunk) > 0 {
//			ev, n, err := c.Receive(chunk)
//			chunk = chunk[n:]
//			if err != nil || ev == nil {
//				break // on error the close frame with its code is queued
//			}
//			if ev.Kind == wsframe.EventText || ev.Kind == wsframe.EventBinary {
//				out, _ = c.AppendMessage(out, opcodeOf(ev.Kind), ev.Payload)
//			}
//		}
//		out = c.AppendOutgoing(out) // pongs, the close reply
//		write(out)
//		if c.ShouldCloseTransport() {
//			return
//		}
//		chunk = read()
//	}
//
// The programs under examples/ are complete versions of this loop over
// net.Conn, checked against Chromium, Node ws and Python websockets by the
// suite in interop/.
package wscodec
