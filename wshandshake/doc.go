// Package wshandshake implements the WebSocket opening handshake, client
// and server, without I/O: HTTP/1.1 upgrade requests and responses as byte
// slices (RFC 6455 §4), subprotocol and extension negotiation including
// permessage-deflate (RFC 7692), and the extended CONNECT of HTTP/2 and
// HTTP/3 (RFC 8441, RFC 9220). Adapters for net/http live in the wshttp
// subpackage, so that importing this package does not link net/http.
//
// # Server
//
// Feed the bytes received so far to [ParseRequest]. It returns 0 and no
// error until the request head is complete, and fails as soon as the head
// breaks a [Limits] bound, so a peer cannot make the server buffer without
// end. Once it returns n > 0, [ValidateRequest] checks the request against
// a [ServerConfig] and negotiates; [AppendResponse] writes the 101 answer,
// or [AppendRejection] the refusal with the status [StatusOf] gives. Bytes
// after the first n are already WebSocket frames.
//
// # Client
//
// [NewKey] makes the Sec-WebSocket-Key, [AppendRequest] writes the request
// described by a [ClientConfig], [ParseResponse] reads the answer in the
// same incremental way, and [VerifyResponse] checks it and returns the
// [Negotiated] subprotocol and extensions.
//
// # Memory
//
// [Request] and [Response] hold slices of the caller's buffer, not copies,
// so parsing into a reused value allocates nothing; the caller must keep
// the buffer unchanged while it uses them. Parsing, validating and writing
// the response of a typical request allocates nothing.
//
// # Errors
//
// Every error is or wraps an exported [*Error] sentinel, such as
// [ErrBadKey], for errors.Is, and carries the HTTP status a server answers
// with: 400 for malformed requests, 403 for a refused origin, 405 for a
// method other than GET, 414 and 431 for oversized heads, 426 for an
// unsupported WebSocket version. Failures only a client detects have
// status 0.
package wshandshake
