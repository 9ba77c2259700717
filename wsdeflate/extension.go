package wsdeflate

import (
	"compress/flate"

	"github.com/wscodec/wscodec/wsframe"
	"github.com/wscodec/wscodec/wshandshake"
)

// DefaultLevel is the compression level of [Options] whose Level is zero:
// [flate.BestSpeed]. Go's higher levels compress WebSocket-sized messages
// only a few percent better, run several times slower, and, without
// context takeover, clear 640 KiB of match tables before every message;
// BestSpeed resets in constant time. It is the default level of other Go
// WebSocket libraries for the same reasons.
const DefaultLevel = flate.BestSpeed

// DefaultThreshold is the compression threshold of [Options] whose
// Threshold is zero: messages shorter than 64 bytes go out uncompressed.
// Measured on JSON messages with compress/flate, compression starts to
// save bytes at about 64 bytes of input (a 48-byte message grows to 54
// bytes at BestSpeed, a 64-byte one shrinks to 61), and inflating a tiny
// message costs the receiver far more than reading its few extra bytes.
const DefaultThreshold = 64

// Options tune the compressing side of an [Extension]. The zero Options
// compress with [DefaultLevel] every message of [DefaultThreshold] bytes
// or more, each on its own.
type Options struct {
	// Level is the compress/flate level, 1 ([flate.BestSpeed]) to 9
	// ([flate.BestCompression]), or [flate.HuffmanOnly]. Zero means
	// [DefaultLevel]; any other value is taken as DefaultLevel too.
	Level int

	// Threshold is the length below which a whole message is sent
	// uncompressed, with RSV1 clear (RFC 7692 §6: compression is per
	// message and optional). Zero means [DefaultThreshold]; a negative
	// value compresses every message. Streamed messages, whose length is
	// unknown when they start, are always compressed.
	Threshold int

	// SendContextTakeover keeps one compressor for the whole connection
	// when the negotiation permits it (this end did not agree to
	// no_context_takeover), so each message may refer to the ones before
	// (RFC 7692 §7.2.3.2) and repetitive traffic shrinks further. The
	// price is a compress/flate Writer held for the connection's
	// lifetime, over a megabyte at BestSpeed (see the package
	// documentation). Without it every message is compressed on its own
	// by a pooled compressor, which RFC 7692 always permits, and an idle
	// connection holds no compressor.
	SendContextTakeover bool
}

// Extension is the permessage-deflate state of one connection, seen from
// one end: install it as [wsframe.ConnConfig].Extension. It implements
// [wsframe.Extension]; a [wsframe.Conn] calls it for every data message,
// one message at a time in each direction, and like the Conn it is not
// safe for concurrent use.
//
// Between messages it holds no compress/flate state except where context
// takeover keeps it: the last 32 KiB of received messages when the peer
// may refer back to them, and the compressor with
// [Options].SendContextTakeover.
type Extension struct {
	recv receiver
	send sender
}

var _ wsframe.Extension = (*Extension)(nil)

// New returns the permessage-deflate state of one connection, as agreed
// in the opening handshake and seen from this end: s is
// [wshandshake.Negotiated.DeflateSettings] of the end's role. Taking the
// handshake's own type keeps the two packages from disagreeing about what
// was agreed; use [ForConn] when the extension may not have been
// negotiated at all.
//
// s.Enabled must be true: with permessage-deflate not in use RSV1 has no
// meaning (RFC 6455 §5.2), and New panics rather than return an
// extension that would permit it.
//
// Windows (RFC 7692 §7.1.2): received messages are inflated with a 32 KiB
// window, which reads every stream whatever window its sender used. The
// compressor of compress/flate always searches a 32 KiB window and
// cannot be limited, so when s.OwnMaxWindowBits is below 15 the
// extension compresses with [flate.HuffmanOnly], which makes no
// back-references at all and so honours any window; a server keeps that
// from happening by declining such offers
// ([wshandshake.DeflateConfig].MinServerWindowBits), and a client by not
// offering client_max_window_bits.
func New(s wshandshake.DeflateSettings, opts Options) *Extension {
	if !s.Enabled {
		panic("wsdeflate: New with permessage-deflate not negotiated")
	}
	x := &Extension{}
	x.recv.keepHistory = !s.PeerNoContextTakeover
	level := opts.Level
	if level != flate.HuffmanOnly && (level < flate.BestSpeed || level > flate.BestCompression) {
		level = DefaultLevel
	}
	windowLimited := s.OwnMaxWindowBits != 0 && s.OwnMaxWindowBits < wshandshake.MaxWindowBits
	if windowLimited {
		level = flate.HuffmanOnly
	}
	x.send.level = level
	x.send.threshold = opts.Threshold
	if x.send.threshold == 0 {
		x.send.threshold = DefaultThreshold
	}
	x.send.keepCompressor = opts.SendContextTakeover && !s.OwnNoContextTakeover && !windowLimited
	return x
}

// ForConn returns the extension for a [wsframe.ConnConfig] after a
// handshake with outcome n, for the server (server true) or the client:
// [New] of n's settings if permessage-deflate was negotiated, and nil
// (no extension, every RSV bit refused) if not.
func ForConn(n *wshandshake.Negotiated, server bool, opts Options) wsframe.Extension {
	s := n.DeflateSettings(server)
	if !s.Enabled {
		return nil
	}
	return New(s, opts)
}

// RSV returns [wsframe.RSV1], the bit permessage-deflate gives meaning to
// (RFC 7692 §6).
func (x *Extension) RSV() uint8 { return wsframe.RSV1 }
