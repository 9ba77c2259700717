// Package wsdeflate implements permessage-deflate (RFC 7692), the
// WebSocket extension that compresses each message with DEFLATE (RFC
// 1951), as a [wsframe.Extension] for [wsframe.Conn].
//
// The opening handshake decides whether the extension is in use and with
// which parameters ([wshandshake.ServerConfig].Deflate on a server,
// [wshandshake.ClientConfig].Deflate on a client); [New] or [ForConn]
// turns the outcome into the connection's [Extension]:
//
//	accepted, err := wshandshake.ValidateRequest(&req, &serverConfig)
//	...
//	conn := wsframe.NewConn(wsframe.ConnConfig{
//		Extension: wsdeflate.ForConn(&accepted.Negotiated, true, wsdeflate.Options{}),
//	})
//
// The Conn then sets and checks RSV1, counts its message size limit after
// inflating, and validates text after inflating; the extension compresses
// outgoing messages and inflates received ones. It uses compress/flate,
// which is why it lives apart from the core packages: it needs io.Reader
// and io.Writer, which they never import. It starts no goroutine and does
// no I/O.
//
// # Memory
//
// What a connection costs while idle is the usual complaint about
// permessage-deflate: a compress/flate Writer is over a megabyte (about
// 1.2 MB at BestSpeed, 0.8 MB at the other levels) and a Reader about
// 40 KB. This package holds neither between messages unless asked to:
//
//   - Decompressors are pooled and taken for one message at a time. Under
//     context takeover in the peer's direction (the peer did not agree to
//     no_context_takeover) the connection keeps the last 32 KiB of the
//     messages it received, the only state the next message may refer to
//     (RFC 7692 §7.2.2), and hands it to the next decompressor as its
//     dictionary. Negotiating client_no_context_takeover on a server
//     ([wshandshake.DeflateConfig].ClientNoContextTakeover) drops even
//     that.
//   - Compressors are pooled by level and taken for one message at a
//     time: each message is compressed on its own, which RFC 7692 always
//     permits. [Options].SendContextTakeover instead keeps one compressor
//     per connection, where the negotiation allows, in exchange for
//     better compression of repetitive traffic.
//
// Measured by TestIdleConnectionMemory and TestIdleExtensionMemory (heap
// per connection over a thousand or more Conns, each idle after one 1 KiB
// message each way; go test -v prints the figures): without context
// takeover the extension itself holds about 100 bytes; with context
// takeover from the peer, that plus the history (1 KiB after a 1 KiB
// message, 32 KiB at most); with SendContextTakeover, about 1.15 MB more
// for the kept compressor. A Conn with the extension also keeps the
// inflated message and the compressed reply as buffers for reuse, as it
// keeps any fragmented message: about 2 KiB for these messages, on top
// of the 1 KiB a Conn costs without an extension.
//
// While a message is in flight a connection borrows a decompressor and a
// compressor from the pools, and the Conn holds the inflated message;
// the compressed payload of a message that arrives in several pieces is
// gathered until its last piece, because compress/flate cannot suspend
// a stream for more input. A streaming Conn ([wsframe.ConnConfig].
// Streaming) therefore delivers a compressed message in one piece when
// its last frame arrives.
//
// # Limits
//
// Inflating stops one byte past the Conn's MaxMessageSize, which then
// fails the connection with 1009: a decompression bomb costs work and
// memory bounded by the limit. The compressed payload of a message is
// bounded too (see [Extension.AppendReceived]). Corrupt DEFLATE data fails
// the connection with 1007 ([ErrCorrupt]).
package wsdeflate
