package wsframe

import "github.com/wscodec/wscodec/wsmask"

// DefaultMaxMessageSize is the message size limit of a [ConnConfig] whose
// MaxMessageSize is zero: 32 MiB. It lies between Tornado's 10 MiB
// websocket_max_message_size and Node ws's 100 MiB maxPayload, and is twice
// the largest message of the Autobahn testsuite (16 MiB, case 9.1.6), so
// ordinary traffic never meets it while a peer cannot make one connection
// hold more than this much.
const DefaultMaxMessageSize = 32 << 20

// DefaultMaxFragments is the fragments-per-message limit of a [ConnConfig]
// whose MaxFragments is zero: 65536. A 32 MiB message from a sender that
// flushes every 4 KiB (a common write buffer size) has 8192 fragments, and
// the Autobahn testsuite's largest fragment counts are 4 MiB messages in
// 64-byte fragments (65536 frames, cases 9.3.1 and 9.4.1). Past that, a
// message is more likely a flood of tiny or empty frames that keeps a
// message open without ever growing it towards the size limit.
const DefaultMaxFragments = 1 << 16

// ConnConfig configures a [Conn]. The zero ConnConfig is a server with
// the default limits, delivering whole messages and answering pings.
type ConnConfig struct {
	// Policy holds the role and the frame rules every received and sent
	// frame is judged by. Its RSV field is replaced by the bits of
	// Extension (none without one): a Conn permits exactly the RSV bits
	// an installed extension gives meaning to (RFC 6455 §5.2). A zero
	// MaxFramePayload follows MaxMessageSize when that is larger than
	// [DefaultMaxFramePayload], so a message within MaxMessageSize is
	// never refused for coming in one frame. With an Extension it
	// follows [MaxTransformedPayload] of MaxMessageSize instead, since a
	// compressed message that does not shrink has a payload a little
	// larger than the message (DEFLATE adds 5 bytes to every 65535 it
	// cannot compress).
	Policy Policy

	// MaxMessageSize bounds the size of a received message, counted
	// after the Extension's transform (so a decompressed size), in both
	// delivery modes. A message that would exceed it fails the
	// connection with [ErrMessageTooLarge] (1009), before its payload is
	// read when the frame header already shows it. Zero means
	// [DefaultMaxMessageSize].
	MaxMessageSize uint64

	// MaxFragments bounds the number of frames of one received message;
	// more fail the connection with [ErrTooManyFragments] (1009). Zero
	// means [DefaultMaxFragments].
	MaxFragments int

	// Streaming delivers each text or binary message as pieces as its
	// bytes arrive, instead of whole messages. Pieces alias the input
	// and the Conn buffers nothing, so a message may be as large as
	// MaxMessageSize allows without costing memory.
	Streaming bool

	// DisableAutoPong stops the Conn from queueing a pong for each
	// received ping (RFC 6455 §5.5.2); the driver answers pings itself
	// with [Conn.AppendPong].
	DisableAutoPong bool

	// KeySource supplies the masking key of each frame a client sends
	// (RFC 6455 §5.3). Nil means a new [wsmask.NewRandomKeySource]. A
	// server never uses it.
	KeySource wsmask.KeySource

	// TrustedText skips the UTF-8 check of outgoing text, for callers
	// that have validated it already. Received text is always checked.
	TrustedText bool

	// FragmentSize splits each outgoing message into frames of at most
	// this many payload bytes. Zero sends each message (and each
	// streamed piece) as one frame.
	FragmentSize int

	// Extension is the per-message transform negotiated in the opening
	// handshake (RFC 6455 §9), such as permessage-deflate. Nil means
	// none, and then no payload byte is touched beyond unmasking.
	Extension Extension
}

// Extension is a per-message payload transform negotiated as a WebSocket
// extension (RFC 6455 §9), such as permessage-deflate (RFC 7692). It may
// mark a message with RSV bits on the message's first frame only, never on
// continuation or control frames (RFC 7692 §6.1), and rewrite the
// message's payload in both directions. A [Conn] calls it only for data
// messages, one message at a time in each direction.
type Extension interface {
	// RSV returns the RSV bits (RSV1, RSV2, RSV3) the extension gives
	// meaning to.
	RSV() uint8

	// BeginReceive starts a received data message whose first frame
	// carried the RSV bits rsv, and reports whether the message's
	// payload passes through AppendReceived. An error fails the
	// connection with its close code (see [CloseCodeOf]).
	BeginReceive(op Opcode, rsv uint8) (transform bool, err error)

	// AppendReceived appends the transform of the next piece of the
	// received message's payload to dst and returns the extended buffer;
	// final marks the message's last piece. Appending more than limit
	// bytes makes the message too large, so the transform may stop as
	// soon as it has appended limit+1 bytes; an error fails the
	// connection with its close code.
	AppendReceived(dst, piece []byte, final bool, limit uint64) ([]byte, error)

	// BeginSend starts an outgoing data message with opcode op and
	// returns the RSV bits of its first frame and whether its payload
	// passes through AppendSend. length is the message's payload length
	// when the whole message is at hand ([Conn.AppendMessage], or a
	// [Conn.AppendFragment] whose first piece is final), so that an
	// extension can leave short messages alone; it is -1 for a message
	// streamed in pieces, whose length is not known yet.
	BeginSend(op Opcode, length int) (rsv uint8, transform bool)

	// AppendSend appends the transform of the next piece of the outgoing
	// message's payload to dst and returns the extended buffer; final
	// marks the message's last piece.
	AppendSend(dst, piece []byte, final bool) ([]byte, error)
}

// Conn is the protocol state of one WebSocket connection (RFC 6455 §5–§7);
// it never touches the network. The driver pushes received bytes in with
// [Conn.Receive] and gets events back; it takes the bytes the protocol
// must send on its own behalf (pongs, the close reply, the close frame
// after an error) from [Conn.AppendOutgoing], and produces the frames of
// its own messages with the Append methods. A transport loop around it
// therefore holds no protocol rule of its own:
//
//	for each chunk read from the transport:
//		for len(chunk) > 0:
//			ev, n, err := c.Receive(chunk); chunk = chunk[n:]
//			handle ev (nil: need more bytes)
//			if err != nil: break
//		write c.AppendOutgoing(buf[:0])
//		if c.ShouldCloseTransport(): close the transport
//	at end of input: c.ReceiveEOF()
//
// # Theory of operation
//
// Received bytes pass through a [Decoder] judged by the configured
// [Policy]; the Conn adds the rules that span frames: fragmentation
// (RFC 6455 §5.4), text validity across fragments (§8.1), the limits on
// message size and fragment count (§10.4), control frames interleaved in
// a fragmented message (§5.5), and the close handshake (§7). The first
// broken rule is terminal: the Conn queues a close frame with the rule's
// code, moves to [StateClosed], and every later Receive returns the same
// error.
//
// The close handshake moves through the four [State] values along the
// table documented at State; nothing else changes the state.
//
// Create a Conn with [NewConn] (or recycle one with [Conn.Reset]); the zero
// Conn is not ready for use. A Conn is not safe for concurrent use: a
// driver that reads and writes from different goroutines serialises its
// calls.
type Conn struct {
	dec    Decoder
	policy Policy
	ev     ConnEvent
	state  State
	err    error

	maxMessage   uint64
	maxFragments int
	streaming    bool
	autoPong     bool
	trustedText  bool
	fragmentSize int
	ext          Extension
	keys         wsmask.KeySource

	recv receiveState
	send sendState
	out  pendingFrames
}

// NewConn returns a Conn in [StateOpen] configured by cfg.
func NewConn(cfg ConnConfig) *Conn {
	c := &Conn{}
	c.Reset(cfg)
	return c
}

// Reset makes c a fresh Conn configured by cfg, keeping its message
// buffers for reuse, so a server can pool Conns.
func (c *Conn) Reset(cfg ConnConfig) {
	msgBuf, scratch := c.recv.msgBuf[:0], c.recv.scratch[:0]
	sendBuf := c.send.scratch[:0]
	*c = Conn{
		policy:       cfg.Policy,
		maxMessage:   cfg.MaxMessageSize,
		maxFragments: cfg.MaxFragments,
		streaming:    cfg.Streaming,
		autoPong:     !cfg.DisableAutoPong,
		trustedText:  cfg.TrustedText,
		fragmentSize: cfg.FragmentSize,
		ext:          cfg.Extension,
		keys:         cfg.KeySource,
	}
	c.recv.msgBuf, c.recv.scratch, c.send.scratch = msgBuf, scratch, sendBuf
	c.policy.RSV = 0
	if c.ext != nil {
		c.policy.RSV = c.ext.RSV() & (RSV1 | RSV2 | RSV3)
	}
	if c.maxMessage == 0 {
		c.maxMessage = DefaultMaxMessageSize
	}
	if c.policy.MaxFramePayload == 0 {
		// So that a message within MaxMessageSize is never refused only
		// because its sender put it in one frame, as browsers do.
		frame := c.maxMessage
		if c.ext != nil {
			frame = MaxTransformedPayload(frame)
		}
		if frame > DefaultMaxFramePayload {
			c.policy.MaxFramePayload = frame
		}
	}
	if c.maxFragments <= 0 {
		c.maxFragments = DefaultMaxFragments
	}
	if c.fragmentSize < 0 {
		c.fragmentSize = 0
	}
	if c.keys == nil && c.policy.Role == Client {
		c.keys = wsmask.NewRandomKeySource()
	}
	c.dec.Reset(c.policy)
	// receiveData's whole-frame path unmasks and validates a text frame
	// in one pass; the other paths need it unmasked by the Decoder.
	c.dec.leaveTextMasked = c.wholeFramePath()
}

// MaxTransformedPayload is the largest payload a message of at most limit
// bytes may take on the wire through an [Extension]: limit, a 64th of it
// and 64 KiB, which is room for DEFLATE's stored-block and flush overhead
// on data that does not compress. It saturates instead of overflowing. A
// Conn with an Extension raises an unset frame limit to
// MaxTransformedPayload(MaxMessageSize), and an Extension may refuse a
// message whose transformed payload grows past this bound.
func MaxTransformedPayload(limit uint64) uint64 {
	const slack = 64 << 10
	room := limit + limit/64 + slack
	if room < limit {
		return ^uint64(0)
	}
	return room
}

// Policy returns the Policy c judges frames by: the configured one with
// RSV set to the Extension's bits and, as [ConnConfig].Policy says, a
// zero MaxFramePayload raised to a larger MaxMessageSize (with room for
// the Extension's overhead).
func (c *Conn) Policy() Policy { return c.policy }

// State returns the state of the close handshake.
func (c *Conn) State() State { return c.state }

// Err returns the error that failed the connection, or nil. Once set it
// never changes.
func (c *Conn) Err() error { return c.err }

// ShouldCloseTransport reports whether the driver should now close the
// transport, once the bytes of [Conn.AppendOutgoing] are written (it is
// false while any are pending).
//
// It holds after the connection failed (RFC 6455 §7.1.7) and, for a
// server, once the close handshake is complete: "the underlying TCP
// connection, in most normal cases, SHOULD be closed first by the server"
// (§7.1.1). A client whose handshake completed waits for the server to
// close the transport and then calls [Conn.ReceiveEOF]; it may close the
// transport itself if that takes too long, which the driver decides.
func (c *Conn) ShouldCloseTransport() bool {
	if c.state != StateClosed || c.out.pending() {
		return false
	}
	return c.policy.Role != Client || c.err != nil || c.recv.transportEnded
}
