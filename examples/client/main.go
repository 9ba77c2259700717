// Command client connects to a WebSocket server, sends the messages given on
// the command line, prints a digest of each message that comes back, and
// closes cleanly. wshandshake writes and checks the opening handshake and a
// wsframe.Conn holds every rule of the connection; this program only moves
// bytes between the socket and the codec.
//
// Usage:
//
//	client [-subprotocol LIST] [-deflate] [-binary] [-fragment N] [-close CODE:REASON] [-wait-close] URL [MSG...]
//
// Each MSG is KIND:ARG: size:N (N bytes of a pattern), utf8:N (N bytes of
// multi-byte UTF-8), hex:HEX, or text:STRING. For each reply the client
// prints "text LEN SHA256" or "binary LEN SHA256"; at the end, "close CODE
// REASON" with the close frame the server sent. With -deflate it offers
// permessage-deflate and prints whether the server accepted it.
// interop/README.md specifies the output exactly.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/wscodec/wscodec/wsdeflate"
	"github.com/wscodec/wscodec/wsframe"
	"github.com/wscodec/wscodec/wshandshake"
)

const timeout = 30 * time.Second

func main() {
	subprotocols := flag.String("subprotocol", "", "comma-separated subprotocols to offer")
	binary := flag.Bool("binary", false, "send binary messages instead of text")
	fragment := flag.Int("fragment", 0, "send messages as frames of at most `N` payload bytes")
	closeWith := flag.String("close", "1000:", "close with `CODE:REASON`")
	waitClose := flag.Bool("wait-close", false, "wait for the server to start the close handshake")
	deflate := flag.Bool("deflate", false, "offer permessage-deflate")
	flag.Parse()
	if flag.NArg() < 1 {
		usage("missing URL")
	}
	code, reason, ok := strings.Cut(*closeWith, ":")
	closeCode, err := strconv.Atoi(code)
	if !ok || err != nil {
		usage("bad -close " + *closeWith)
	}
	var msgs [][]byte
	for _, arg := range flag.Args()[1:] {
		msg, err := payload(arg, *binary)
		if err != nil {
			usage(err.Error())
		}
		msgs = append(msgs, msg)
	}
	var offered []string
	if *subprotocols != "" {
		offered = strings.Split(*subprotocols, ",")
	}
	s, err := dial(flag.Arg(0), offered, *fragment, *deflate)
	if err != nil {
		fmt.Fprintln(os.Stderr, "client:", err)
		os.Exit(1)
	}
	os.Exit(s.run(msgs, *binary, wsframe.CloseCode(closeCode), reason, *waitClose))
}

func usage(msg string) {
	fmt.Fprintln(os.Stderr, "client:", msg)
	flag.Usage()
	os.Exit(2)
}

// payload returns the bytes a MSG argument stands for.
func payload(arg string, binary bool) ([]byte, error) {
	kind, val, _ := strings.Cut(arg, ":")
	var b []byte
	switch kind {
	case "size", "utf8":
		n, err := strconv.Atoi(val)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("bad size in %q", arg)
		}
		if kind == "utf8" {
			b = append([]byte(strings.Repeat("aé€😀", n/10)), strings.Repeat("a", n%10)...)
			break
		}
		b = make([]byte, n)
		for i := range b {
			if binary {
				b[i] = byte(i % 251)
			} else {
				b[i] = 'a' + byte(i%26)
			}
		}
	case "hex":
		var err error
		if b, err = hex.DecodeString(val); err != nil {
			return nil, fmt.Errorf("bad hex in %q", arg)
		}
	case "text":
		b = []byte(val)
	default:
		return nil, fmt.Errorf("unknown message kind in %q", arg)
	}
	if !binary && !utf8.Valid(b) {
		return nil, fmt.Errorf("text message %q is not UTF-8", arg)
	}
	return b, nil
}

// session is an open WebSocket connection: the socket, the codec, and the
// received bytes not yet handed to the codec.
type session struct {
	nc      net.Conn
	c       *wsframe.Conn
	in      []byte
	pending []byte
	out     []byte
	closed  *wsframe.ConnEvent // the close frame the server sent, once seen
}

func dial(rawURL string, subprotocols []string, fragment int, deflate bool) (*session, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "ws" {
		return nil, fmt.Errorf("want a ws:// URL, got %q", rawURL)
	}
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), "80")
	}
	nc, err := net.DialTimeout("tcp", host, timeout)
	if err != nil {
		return nil, err
	}
	nc.SetDeadline(time.Now().Add(timeout))
	cfg := wshandshake.ClientConfig{Host: u.Host, Target: u.RequestURI(), Subprotocols: subprotocols}
	if deflate {
		// Without client_max_window_bits: compress/flate cannot compress
		// within a smaller window, so the server must not be invited to
		// ask for one (RFC 7692 §7.1.2.2).
		cfg.Deflate = []wshandshake.DeflateOffer{{}}
	}
	key, err := wshandshake.NewKey()
	if err != nil {
		return nil, err
	}
	req, err := wshandshake.AppendRequest(nil, &cfg, &key)
	if err != nil {
		return nil, err
	}
	if _, err := nc.Write(req); err != nil {
		return nil, err
	}
	var resp wshandshake.Response
	buf := make([]byte, 0, 4096)
	for {
		n, err := nc.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err != nil {
			return nil, fmt.Errorf("reading the handshake response: %w", err)
		}
		used, err := wshandshake.ParseResponse(buf, &resp, nil)
		if err != nil {
			return nil, err
		}
		if used == 0 {
			if len(buf) == cap(buf) {
				buf = append(buf, 0)[:len(buf)] // ParseResponse bounds the head
			}
			continue
		}
		negotiated, err := wshandshake.VerifyResponse(&resp, &cfg, &key)
		if err != nil {
			return nil, err
		}
		protocol := negotiated.Subprotocol
		if protocol == "" {
			protocol = "-"
		}
		fmt.Println("open", protocol)
		if deflate {
			accepted := "-"
			if negotiated.Deflate {
				accepted = wshandshake.DeflateExtension
			}
			fmt.Println("extensions", accepted)
		}
		s := &session{
			nc: nc,
			c: wsframe.NewConn(wsframe.ConnConfig{
				Policy:         wsframe.Policy{Role: wsframe.Client, MaxFramePayload: 64 << 20},
				MaxMessageSize: 64 << 20,
				FragmentSize:   fragment,
				Extension:      wsdeflate.ForConn(&negotiated, false, wsdeflate.Options{}),
			}),
			in: make([]byte, 64<<10),
		}
		// Frames the server sent right behind its response.
		s.pending = append([]byte(nil), buf[used:]...)
		return s, nil
	}
}

// run sends the messages, then closes, and returns the exit status.
func (s *session) run(msgs [][]byte, binary bool, code wsframe.CloseCode, reason string, waitClose bool) int {
	op := wsframe.OpText
	if binary {
		op = wsframe.OpBinary
	}
	for _, msg := range msgs {
		if s.closed != nil {
			break
		}
		var err error
		if s.out, err = s.c.AppendMessage(s.out, op, msg); err != nil {
			fmt.Fprintln(os.Stderr, "client:", err)
			return s.lost()
		}
		ev, err := s.next()
		if err != nil {
			return s.lost()
		}
		if ev.Kind == wsframe.EventClose {
			break
		}
		sum := sha256.Sum256(ev.Payload)
		fmt.Printf("%s %d %x\n", ev.Kind, len(ev.Payload), sum)
	}
	if s.closed == nil && !waitClose {
		var err error
		if s.out, err = s.c.AppendClose(s.out, code, reason); err != nil {
			fmt.Fprintln(os.Stderr, "client:", err)
			return 2
		}
	}
	for s.closed == nil {
		if _, err := s.next(); err != nil {
			return s.lost()
		}
	}
	fmt.Printf("close %d %s\n", s.closed.Code, s.closed.Payload)
	// RFC 6455 §7.1.1: the server closes the TCP connection first; the
	// client waits for that, within a bound.
	s.nc.SetReadDeadline(time.Now().Add(5 * time.Second))
	io.Copy(io.Discard, s.nc)
	s.nc.Close()
	if s.c.State() != wsframe.StateClosed {
		return 1
	}
	return 0
}

// next returns the next message or close event, answering pings and
// flushing queued frames on the way.
func (s *session) next() (*wsframe.ConnEvent, error) {
	for {
		for len(s.pending) > 0 {
			ev, n, err := s.c.Receive(s.pending)
			s.pending = s.pending[n:]
			if err != nil {
				s.flush()
				return nil, err
			}
			if ev == nil {
				break
			}
			switch ev.Kind {
			case wsframe.EventText, wsframe.EventBinary:
				return ev, nil
			case wsframe.EventClose:
				reason := append([]byte(nil), ev.Payload...)
				s.closed = &wsframe.ConnEvent{Kind: ev.Kind, Code: ev.Code, Payload: reason}
				return s.closed, s.flush() // the queued close reply
			}
		}
		if err := s.flush(); err != nil {
			return nil, err
		}
		s.nc.SetReadDeadline(time.Now().Add(timeout))
		n, err := s.nc.Read(s.in)
		s.pending = s.in[:n]
		if n == 0 && err != nil {
			if errors.Is(err, io.EOF) {
				s.c.ReceiveEOF()
			}
			return nil, err
		}
	}
}

// flush writes what the codec queued (pongs, a close reply) and the
// client's own frames.
func (s *session) flush() error {
	s.out = s.c.AppendOutgoing(s.out)
	if len(s.out) == 0 {
		return nil
	}
	s.nc.SetWriteDeadline(time.Now().Add(timeout))
	_, err := s.nc.Write(s.out)
	s.out = s.out[:0]
	return err
}

// lost reports a connection that ended without a close handshake.
func (s *session) lost() int {
	fmt.Println("close 1006 ")
	s.nc.Close()
	return 1
}
