package bench

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/base64"
	"errors"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	coder "github.com/coder/websocket"
	"github.com/gorilla/websocket"
	"github.com/lxzan/gws"
)

// The peers other than gobwas/ws are bound to a net.Conn. They read from
// memConn, an in-memory net.Conn that replays the same bytes, so that
// their figures count the library's own work (buffering, framing,
// unmasking) and no system call, just as wscodec's do.

// memConn is a net.Conn whose reads replay src from the start, over and
// over, and whose writes are counted and dropped. When bounded, reads
// end with io.EOF after limit bytes, which ends a read loop that runs
// until the connection fails (gws's ReadLoop).
type memConn struct {
	src     []byte
	off     int
	bounded bool  // reads end after limit bytes
	limit   int64 // bytes left before io.EOF when bounded
	written int64

	// handshake, when set, is answered with a 101 response before any
	// of src is read: a client library's opening handshake.
	handshake bool
	pending   []byte
}

func (c *memConn) Read(p []byte) (int, error) {
	if len(c.pending) > 0 {
		n := copy(p, c.pending)
		c.pending = c.pending[n:]
		return n, nil
	}
	if c.handshake {
		// The client must write its request before it reads.
		return 0, errors.New("memConn: read before the handshake request")
	}
	if len(c.src) == 0 {
		return 0, io.EOF
	}
	if c.bounded {
		if c.limit == 0 {
			return 0, io.EOF
		}
		if int64(len(p)) > c.limit {
			p = p[:c.limit]
		}
	}
	n := 0
	for n < len(p) {
		m := copy(p[n:], c.src[c.off:])
		n += m
		c.off = (c.off + m) % len(c.src)
	}
	if c.bounded {
		c.limit -= int64(n)
	}
	return n, nil
}

func (c *memConn) Write(p []byte) (int, error) {
	if c.handshake {
		c.handshake = false
		req, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(p)))
		if err != nil {
			return 0, err
		}
		c.pending = []byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " +
			acceptFor(req.Header.Get("Sec-WebSocket-Key")) + "\r\n\r\n")
		return len(p), nil
	}
	c.written += int64(len(p))
	return len(p), nil
}

func (c *memConn) Close() error                     { return nil }
func (c *memConn) LocalAddr() net.Addr              { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1} }
func (c *memConn) RemoteAddr() net.Addr             { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 2} }
func (c *memConn) SetDeadline(time.Time) error      { return nil }
func (c *memConn) SetReadDeadline(time.Time) error  { return nil }
func (c *memConn) SetWriteDeadline(time.Time) error { return nil }

// acceptFor computes Sec-WebSocket-Accept (RFC 6455 §4.2.2) with the
// standard library, independently of the code under test.
func acceptFor(key string) string {
	h := sha1.Sum([]byte(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
	return base64.StdEncoding.EncodeToString(h[:])
}

// upgradeRequest is a minimal valid client upgrade request, already parsed:
// the server-side peers take a *http.Request.
func upgradeRequest() *http.Request {
	req, err := http.NewRequest(http.MethodGet, "http://example.com/", nil)
	if err != nil {
		panic(err)
	}
	req.Header.Set("Connection", "Upgrade")
	req.Header.Set("Upgrade", "websocket")
	req.Header.Set("Sec-WebSocket-Version", "13")
	req.Header.Set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
	return req
}

// hijacker is the http.ResponseWriter that gorilla's Upgrader and coder's
// Accept take over: it hands them the memConn.
type hijacker struct {
	header http.Header
	conn   net.Conn
}

func (h *hijacker) Header() http.Header {
	if h.header == nil {
		h.header = http.Header{}
	}
	return h.header
}
func (h *hijacker) WriteHeader(int)             {}
func (h *hijacker) Write(p []byte) (int, error) { return len(p), nil }
func (h *hijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return h.conn, bufio.NewReadWriter(bufio.NewReader(h.conn), bufio.NewWriter(h.conn)), nil
}

// gorillaServer upgrades mc with gorilla's Upgrader and its default 4 KiB
// buffers.
func gorillaServer(b *testing.B, mc *memConn) *websocket.Conn {
	u := websocket.Upgrader{}
	conn, err := u.Upgrade(&hijacker{conn: mc}, upgradeRequest(), nil)
	if err != nil {
		b.Fatal(err)
	}
	conn.SetReadLimit(1 << 30)
	return conn
}

// gorillaClient runs gorilla's client handshake over mc, which answers it:
// the Dialer's NetDial hands it mc.
func gorillaClient(b *testing.B, mc *memConn) *websocket.Conn {
	mc.handshake = true
	d := websocket.Dialer{
		NetDial:         func(network, addr string) (net.Conn, error) { return mc, nil },
		ReadBufferSize:  4096,
		WriteBufferSize: 4096,
	}
	conn, resp, err := d.Dial("ws://example.com/", nil)
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	return conn
}

// coderServer accepts mc with coder's Accept.
func coderServer(b *testing.B, mc *memConn) *coder.Conn {
	conn, err := coder.Accept(&hijacker{conn: mc}, upgradeRequest(), nil)
	if err != nil {
		b.Fatal(err)
	}
	conn.SetReadLimit(1 << 30)
	return conn
}

// coderClient dials through an http.Client whose transport answers the
// handshake and hands coder mc as the upgraded connection: coder's Dial
// takes the connection from the 101 response's body.
func coderClient(b *testing.B, mc *memConn) *coder.Conn {
	hc := &http.Client{Transport: roundTripFunc(func(req *http.Request) (*http.Response, error) {
		h := http.Header{}
		h.Set("Upgrade", "websocket")
		h.Set("Connection", "Upgrade")
		h.Set("Sec-WebSocket-Accept", acceptFor(req.Header.Get("Sec-WebSocket-Key")))
		return &http.Response{StatusCode: http.StatusSwitchingProtocols, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
			Header: h, Body: mc, Request: req}, nil
	})}
	conn, _, err := coder.Dial(context.Background(), "ws://example.com/", &coder.DialOptions{HTTPClient: hc})
	if err != nil {
		b.Fatal(err)
	}
	return conn
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// gwsServer upgrades mc with gws's UpgradeFromConn; ReadLoop then calls
// h for every message until mc reports io.EOF.
func gwsServer(b *testing.B, mc *memConn, h gws.Event, checkUTF8 bool) *gws.Conn {
	u := gws.NewUpgrader(h, &gws.ServerOption{ReadMaxPayloadSize: 1 << 30, CheckUtf8Enabled: checkUTF8})
	conn, err := u.UpgradeFromConn(mc, bufio.NewReaderSize(mc, 4096), upgradeRequest())
	if err != nil {
		b.Fatal(err)
	}
	return conn
}

// gwsClient runs gws's client handshake over mc, which answers it.
func gwsClient(b *testing.B, mc *memConn) *gws.Conn {
	mc.handshake = true
	conn, _, err := gws.NewClientFromConn(&gws.BuiltinEventHandler{}, &gws.ClientOption{Addr: "ws://example.com/"}, mc)
	if err != nil {
		b.Fatal(err)
	}
	return conn
}

// gwsHandler counts messages and their bytes, and runs onMessage if set;
// it records the first error that ends the ReadLoop other than io.EOF.
type gwsHandler struct {
	gws.BuiltinEventHandler
	messages  int
	bytes     int
	onMessage func(*gws.Conn, *gws.Message)
	err       error
}

func (h *gwsHandler) OnMessage(c *gws.Conn, m *gws.Message) {
	h.messages++
	h.bytes += m.Data.Len()
	if h.onMessage != nil {
		h.onMessage(c, m)
	}
	m.Close()
}

func (h *gwsHandler) OnClose(c *gws.Conn, err error) {
	if err != nil && !errors.Is(err, io.EOF) {
		h.err = err
	}
}

// readAll reads r to its end into buf, which must have room for it, and
// returns how many bytes it read: the allocation-free way to take a whole
// message from a peer's io.Reader.
func readAll(r io.Reader, buf []byte) (int, error) {
	n := 0
	for {
		if n == len(buf) {
			var one [1]byte
			if m, err := r.Read(one[:]); m > 0 || err == nil {
				return n, errors.New("message larger than the buffer")
			} else if err == io.EOF {
				return n, nil
			} else {
				return n, err
			}
		}
		m, err := r.Read(buf[n:])
		n += m
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}
