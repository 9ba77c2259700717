package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// testServer is h2echo serving on 127.0.0.1 inside the test, with its
// WebSocket log kept in memory.
type testServer struct {
	addr  string
	roots *x509.CertPool
	log   *lockedBuffer
}

func startTestServer(t *testing.T) *testServer {
	t.Helper()
	ln, err := listenLoopback("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cert, err := throwawayCertificate()
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{addr: ln.Addr().String(), roots: x509.NewCertPool(), log: &lockedBuffer{}}
	ts.roots.AddCert(cert.Leaf)
	srv := newServer(cert, &websocketLog{w: ts.log})
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.ServeTLS(ln, "", "")
	}()
	t.Cleanup(func() {
		srv.Close()
		<-done
	})
	return ts
}

func (ts *testServer) tlsConfig(protos ...string) *tls.Config {
	return &tls.Config{RootCAs: ts.roots, ServerName: "127.0.0.1", NextProtos: protos}
}

// dialTLS opens a TLS connection offering protos by ALPN, with a deadline
// on everything that follows.
func (ts *testServer) dialTLS(t *testing.T, protos ...string) *tls.Conn {
	t.Helper()
	d := &net.Dialer{Timeout: 5 * time.Second}
	conn, err := tls.DialWithDialer(d, "tcp", ts.addr, ts.tlsConfig(protos...))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	return conn
}

// logLine is one line of the WebSocket log.
type logLine struct {
	proto, method, protocol, remote, target string
}

var logLinePattern = regexp.MustCompile(`^ws proto=(\S+) method=(\S+) protocol=(\S+) remote=(\S+) target=(\S+)$`)

// logLines parses the log; a line in another shape fails the test.
func (ts *testServer) logLines(t *testing.T) []logLine {
	t.Helper()
	var out []logLine
	for _, line := range strings.Split(strings.TrimSpace(ts.log.String()), "\n") {
		if line == "" {
			continue
		}
		m := logLinePattern.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("log line %q", line)
		}
		out = append(out, logLine{m[1], m[2], m[3], m[4], m[5]})
	}
	return out
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// utf8Pattern returns exactly n bytes of UTF-8: copies of the 10-byte
// unit "aé€😀", then n mod 10 bytes of 'a' (interop/README.md).
func utf8Pattern(n int) []byte {
	return []byte(strings.Repeat("aé€😀", n/10) + strings.Repeat("a", n%10))
}

// binaryPattern returns n bytes where byte i is i mod 251.
func binaryPattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i % 251)
	}
	return b
}

func sizeName(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%dMiB", n>>20)
	}
	return fmt.Sprint(n)
}

// echoSizes are the sizes around each payload length encoding of RFC 6455
// §5.2, then large messages.
var echoSizes = []int{0, 125, 126, 65535, 65536, 1 << 20, 16 << 20}
