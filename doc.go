// Package wscodec is a sans-I/O WebSocket protocol codec: it turns byte
// slices into frames, messages and handshake values and back, and validates
// everything RFC 6455 demands, without touching a socket, a goroutine, a
// timer or an io.Reader. Any transport can drive it.
//
// The work is split into packages that stand on one another:
//
//   - [github.com/wscodec/wscodec/wsmask] applies the payload mask, the
//     hottest loop of any WebSocket implementation, and generates masking
//     keys.
//
// This package holds only documentation.
package wscodec
