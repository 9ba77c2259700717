package wsframe

import "encoding/binary"

// pendingFrames are the frames the Conn must send on its own behalf. They
// are kept as values, not bytes, so that a newer ping replaces the pong of
// an older one and masking keys are drawn only when the frames are taken.
type pendingFrames struct {
	pong      bool
	close     bool
	pongLen   uint8
	closeLen  uint8
	closeCode CloseCode
	pongData  [maxControlPayload]byte
	closeData [maxControlPayload - 2]byte // the reason
}

func (p *pendingFrames) pending() bool { return p.pong || p.close }

// queuePong keeps one pong: RFC 6455 §5.5.3, "If an endpoint receives a
// Ping frame and has not yet sent Pong frame(s) in response to previous
// Ping frame(s), the endpoint MAY elect to send a Pong frame for only the
// most recently processed Ping frame." So a ping flood costs no memory.
func (p *pendingFrames) queuePong(payload []byte) {
	p.pong = true
	p.pongLen = uint8(copy(p.pongData[:], payload))
}

// queueClose queues a close frame with code and reason; [CloseNoStatus]
// queues one without a status (and so without a reason).
func (p *pendingFrames) queueClose(code CloseCode, reason []byte) {
	p.close = true
	p.closeCode = code
	p.closeLen = uint8(copy(p.closeData[:], reason))
}

// HasOutgoing reports whether c has frames queued for [Conn.AppendOutgoing].
func (c *Conn) HasOutgoing() bool { return c.out.pending() }

// AppendOutgoing appends the frames c must send on its own behalf to dst
// and returns the extended buffer: the pong answering the most recent
// ping, then the close frame replying to the peer's close or failing the
// connection. The frames are dequeued: the driver must write the bytes to
// the transport, before bytes produced by later calls on c. A client's
// frames are masked with fresh keys (RFC 6455 §5.3).
//
// Taking the reply to the peer's close completes the close handshake
// ([StateCloseReceived] to [StateClosed]). With nothing queued dst is
// returned unchanged.
func (c *Conn) AppendOutgoing(dst []byte) []byte {
	if c.out.pong {
		c.out.pong = false
		dst, _ = c.appendFrame(dst, Header{Fin: true, Opcode: OpPong}, c.out.pongData[:c.out.pongLen])
	}
	if c.out.close {
		c.out.close = false
		var payload [maxControlPayload]byte
		n := 0
		if c.out.closeCode != CloseNoStatus {
			binary.BigEndian.PutUint16(payload[:], uint16(c.out.closeCode))
			n = 2 + copy(payload[2:], c.out.closeData[:c.out.closeLen])
		}
		dst, _ = c.appendFrame(dst, Header{Fin: true, Opcode: OpClose}, payload[:n])
		if c.state == StateCloseReceived {
			c.transition(inputCloseSent)
		}
	}
	return dst
}
