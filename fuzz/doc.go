// Package fuzz holds the fuzz targets of wscodec that check the packages
// together, through their public APIs only, as a user of the module sees
// them. It has no API of its own: everything is in its _test.go files.
//
// Each target asserts properties, not only the absence of panics: a
// round trip, an agreement between two decoders, a comparison with a
// reference written from the RFC or with the standard library. Each has
// a seed corpus under testdata/fuzz/FuzzName/, generated from the
// module's golden vectors and conformance tables (files named gen-*, see
// TestSeeds) plus inputs that once failed, kept as permanent seeds.
//
// # Targets of this package
//
//   - FuzzFrameDecode: arbitrary bytes through ParseHeader, ParseFrame
//     and Decoder.DecodeFrame under a fuzzed Policy; the three agree,
//     every error carries a close code for the wire, need-more is exact,
//     payloads equal the byte-at-a-time XOR, accepted frames re-encode to
//     their bytes (or, in a lax length form, to a minimal form a strict
//     Policy accepts as the same frame), the opposite role may send every
//     accepted header, close payloads re-encode to themselves.
//   - FuzzFrameRoundTrip: random valid frames of both roles through
//     AppendFrame, then ParseFrame and a Decoder in fuzzed chunks of the
//     opposite role: the same frame comes out.
//   - FuzzDecoderStream: a stream of valid frames built from a fuzzed
//     description, then fuzzed tail bytes, fed to a Decoder in fuzzed
//     chunks: exactly the described frames, then what ParseFrame makes of
//     the tail; event shape; the same result for any chunking.
//   - FuzzConn: the Conn state machine under fuzzed configuration, peer
//     bytes, chunking and local sends: no panic, errors terminal and
//     carrying wire close codes, well-formed events, no event after the
//     peer's close, every outbound byte a valid frame stream for a peer
//     Conn and Decoder of the opposite role (pings answered, closes
//     echoed, messages delivered), State moving only along its table.
//   - FuzzClosePayload: ParseClosePayload and AppendClosePayload against
//     the rules of RFC 6455 §5.5.1 and §7.4 written out independently; a
//     Decoder in chunks and a Conn judge the close frame the same way,
//     and the Conn echoes it.
//   - FuzzUTF8: wsutf8.Valid and a wsutf8.Validator in fuzzed pieces
//     against unicode/utf8; a text message fragmented at the same pieces
//     is delivered by a Conn when valid and otherwise fails with 1007 on
//     the first frame that makes it invalid; AppendText refuses it.
//   - FuzzMask: wsmask.MaskAt in fuzzed pieces at any alignment and
//     phase, wsmask.Mask, AppendFrame's masked copy and a Decoder's
//     unmasking, all against the byte-at-a-time XOR.
//   - FuzzHandshake: whole handshakes between a fuzzed ClientConfig and
//     ServerConfig: AppendRequest refuses exactly what cannot be
//     written, the server accepts every request it writes, both ends
//     negotiate the same subprotocol and permessage-deflate parameters
//     within the offers, and frames sent right behind each head arrive.
//   - FuzzRequest: arbitrary bytes through ParseRequest and
//     ValidateRequest: statuses, rejections that parse, trailing bytes
//     that change nothing, and a response that satisfies a client making
//     the request's offers.
//   - FuzzResponse: arbitrary bytes through ParseResponse and
//     VerifyResponse: only client-side errors, and nothing accepted
//     beyond what was offered.
//   - FuzzExtensions: Sec-WebSocket-Extensions parse → format → parse
//     identity, also one extension per field line through AppendRequest
//     and ParseRequest.
//
// # Targets inside the packages
//
// The packages fuzz their internals themselves; the targets here do not
// repeat them:
//
//   - wsframe: FuzzParseHeader (the ordering of header rules over every
//     prefix), FuzzParseFrame, FuzzDecoderSplit (Decoder against repeated
//     ParseFrame at every split), FuzzConnReceive (Conn events and
//     outbound bytes independent of the chunking).
//   - wshandshake: FuzzParseRequest and FuzzParseResponse (results
//     independent of how the head is split), FuzzParseExtensions (the
//     negotiation's allocation-free lexer against the parser).
//   - wsutf8: FuzzValid (every assembly and Go path this CPU runs against
//     unicode/utf8), FuzzValidatorSplit.
//   - wsmask: FuzzMask (every masking path against the reference).
//
// # Running
//
// go test runs every target on its seed corpus, as a regular test. To
// fuzz one target:
//
//	go test ./fuzz -run='^$' -fuzz='^FuzzConn$' -fuzztime=5m
//
// A failing input is written to testdata/fuzz/FuzzName/; keep it there,
// under a name that says what it is, as a permanent seed, and add a
// regular test for the bug it found. To regenerate the seed corpora after
// the shared testdata changes:
//
//	go test ./fuzz -run TestSeeds -write-seeds
//
// README.md in this directory describes a whole campaign.
package fuzz
