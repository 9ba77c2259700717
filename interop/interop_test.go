//go:build interop

package interop

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Environment variables that replace a program under test by another
// command, run from the module root with "-addr 127.0.0.1:0" (server) or the
// client's arguments appended. They let the suite be checked against the
// reference peers before the example programs exist.
const (
	envServerCmd = "WSCODEC_INTEROP_SERVER_CMD"
	envClientCmd = "WSCODEC_INTEROP_CLIENT_CMD"
)

// clientRunLimit bounds one run of our client; the largest case moves
// 16 MiB each way.
const clientRunLimit = 60 * time.Second

// TestInterop runs the server under test against every real client, then
// our client against every real server, and prints a summary per peer.
func TestInterop(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	peers, err := findPeers(filepath.Join(root, "interop", "peers"))
	if err != nil {
		t.Fatal(err)
	}
	serverCmd, clientCmd, h2echo := programsUnderTest(t, root)

	var sum summary
	defer func() { fmt.Print(sum.String(peers.versions, serverCmd, clientCmd, h2echo)) }()

	t.Run("server", func(t *testing.T) {
		srv := startServer(t, serverCmd, 15*time.Second)
		for _, peer := range peers.clients() {
			t.Run(peer.name, func(t *testing.T) {
				row := sum.add(peer.name+" client", "server under test")
				stdout, stderr, code, err := run(peer.cmd, peer.limit, peer.target(srv.port))
				report, perr := parseReport(stdout)
				if err != nil || perr != nil {
					row.note = "did not report"
					row.failed++
					t.Fatalf("%s: exit %d, %v %v\nstderr:\n%s", peer.cmd, code, err, perr, tail(stderr, 4000))
				}
				for _, c := range report.Cases {
					t.Run(c.Name, func(t *testing.T) {
						if !c.OK {
							t.Error(c.Reason)
						}
					})
					row.count(c.OK)
				}
			})
			srv.checkAlive(t, "the server under test")
		}
	})

	t.Run("h2echo", func(t *testing.T) {
		runH2(t, peers, h2echo, sum.add("chromium client (HTTP/2)", "h2echo"))
	})

	t.Run("client", func(t *testing.T) {
		cases := clientCases()
		for _, peer := range peers.servers() {
			t.Run(peer.name, func(t *testing.T) {
				row := sum.add("client under test", peer.name+" server")
				srv := startServer(t, peer.cmd, 15*time.Second)
				for _, c := range cases {
					if !c.runsAgainst(peer.name) {
						continue
					}
					t.Run(c.name, func(t *testing.T) {
						stdout, stderr, code, err := run(clientCmd, clientRunLimit, c.args(srv.port)...)
						if err == nil {
							err = c.check(stdout, code)
						}
						row.count(err == nil)
						if err != nil {
							t.Errorf("%s %s: %v\nstdout:\n%s\nstderr:\n%s", clientCmd, strings.Join(c.args(srv.port), " "),
								err, tail(stdout, 2000), tail(stderr, 2000))
						}
					})
				}
				srv.checkAlive(t, peer.name+" server")
			})
		}
	})
}

// programsUnderTest returns the echo server and client commands, the ones
// named by the environment, else the example programs built afresh, and
// examples/h2echo, always built afresh.
func programsUnderTest(t *testing.T, root string) (server, client, h2echo command) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	bin := t.TempDir()
	for _, p := range []struct {
		env, example string
		into         *command
	}{
		{envServerCmd, "echo", &server},
		{envClientCmd, "client", &client},
	} {
		c, ok := commandFromEnv(p.env, root)
		if !ok {
			var err error
			if c, err = buildExample(ctx, root, bin, p.example); err != nil {
				t.Fatal(err)
			}
		}
		*p.into = c
	}
	h2echo, err := buildExample(ctx, root, bin, "h2echo")
	if err != nil {
		t.Fatal(err)
	}
	return server, client, h2echo
}

// summary is the per-peer table printed at the end of the run.
type summary struct{ rows []*summaryRow }

type summaryRow struct {
	client, server string
	passed, failed int
	note           string
}

func (s *summary) add(client, server string) *summaryRow {
	r := &summaryRow{client: client, server: server}
	s.rows = append(s.rows, r)
	return r
}

func (r *summaryRow) count(ok bool) {
	if ok {
		r.passed++
	} else {
		r.failed++
	}
}

func (s *summary) String(versions []string, server, client, h2echo command) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\ninterop summary\n")
	fmt.Fprintf(&b, "  server under test: %s\n  client under test: %s\n", server, client)
	fmt.Fprintf(&b, "  HTTP/2 server under test: %s -log\n", h2echo)
	fmt.Fprintf(&b, "  peers: %s\n", strings.Join(versions, ", "))
	if os.Getenv("WSCODEC_EXPECT_DEFLATE") == "0" {
		fmt.Fprintf(&b, "  expecting permessage-deflate to be declined\n")
	} else {
		fmt.Fprintf(&b, "  expecting permessage-deflate to be accepted\n")
	}
	fmt.Fprintf(&b, "\n  %-28s %-28s %6s %6s\n", "client", "server", "passed", "failed")
	passed, failed := 0, 0
	for _, r := range s.rows {
		fmt.Fprintf(&b, "  %-28s %-28s %6d %6d  %s\n", r.client, r.server, r.passed, r.failed, r.note)
		passed += r.passed
		failed += r.failed
	}
	fmt.Fprintf(&b, "\ninterop: %d passed, %d failed\n", passed, failed)
	return b.String()
}
