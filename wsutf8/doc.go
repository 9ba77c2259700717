// Package wsutf8 validates UTF-8 text as RFC 6455 requires of text messages
// and close reasons.
//
// RFC 6455 §5.6 says the payload of a text message is UTF-8 text, and §8.1
// says: "When an endpoint is to interpret a byte stream as UTF-8 but finds
// that the byte stream is not, in fact, a valid UTF-8 stream, that endpoint
// MUST _Fail the WebSocket Connection_." A message may arrive in many
// fragments, each payload in many pieces, and a code point may be split
// anywhere; the connection should fail as soon as the invalid byte arrives,
// not when the message ends (the Autobahn TestSuite checks this "fail
// fast" behaviour in its cases 6.4.x). The reason in a close frame
// (RFC 6455 §5.5.1) arrives whole and is checked with [Valid].
//
// [Valid] checks a whole buffer and agrees exactly with
// unicode/utf8.Valid: overlong forms, surrogates (U+D800–U+DFFF) and values
// above U+10FFFF are invalid, as the syntax of RFC 3629 §4 demands.
//
// [Validator] checks a stream piece by piece. Its Write reports false as
// soon as the stream so far can no longer be the start of valid UTF-8, and
// true only while some continuation could still make it valid; its Done
// then reports whether the stream ended on a code point boundary. A
// Validator holds at most the three bytes of a code point split between
// pieces and never allocates.
//
// [UnmaskValid] is for a masked text payload that arrived whole, the common
// case of a client's message: it unmasks the payload as wsmask.Mask does
// and validates it, in one pass over the bytes where the CPU allows.
//
// # Speed
//
// On amd64 CPUs with AVX-512 (64-byte blocks) or AVX2 (32-byte blocks) and
// on arm64 (NEON), validation runs in assembly using the lookup-table
// method of Keiser and Lemire ("Validating UTF-8 In Less Than One
// Instruction Per Byte", Software: Practice and Experience, 2021): three
// table lookups classify each pair of adjacent bytes, and a whole block of
// ASCII is skipped with a single test of its high bits.
// Elsewhere, or when built with the purego tag, a portable Go
// implementation skips runs of ASCII 64, 32 and 8 bytes at a time, testing
// the high bits of 64-bit words, and decodes other sequences with a table
// of lead bytes.
package wsutf8
