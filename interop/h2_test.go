//go:build interop

package interop

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

// h2Sockets is how many WebSockets the browser's h2/multiplexed-5-at-once
// case opens at once, each tagged ?mux=I.
const h2Sockets = 5

// websocketLine is the line examples/h2echo -log prints per WebSocket.
var websocketLine = regexp.MustCompile(`^ws proto=(\S+) method=(\S+) protocol=(\S+) remote=(\S+) target=(\S+)$`)

// runH2 runs Chromium against examples/h2echo over HTTPS, where it opens
// its WebSockets with extended CONNECT on one HTTP/2 connection, and then
// checks from the server's log that every WebSocket did run over HTTP/2
// and that the multiplexed ones shared a connection.
func runH2(t *testing.T, peers *peerSetup, h2echo command, row *summaryRow) {
	srv := startServer(t, command{name: h2echo.name, args: append(h2echo.args, "-log"), dir: h2echo.dir}, 15*time.Second)
	browser := peers.browser()
	stdout, stderr, code, err := run(browser.cmd, 6*time.Minute, "--h2", "https://127.0.0.1:"+srv.port+"/")
	report, perr := parseReport(stdout)
	if err != nil || perr != nil {
		row.note = "did not report"
		row.failed++
		t.Fatalf("%s: exit %d, %v %v\nstderr:\n%s", browser.cmd, code, err, perr, tail(stderr, 4000))
	}
	opened := 0
	for _, c := range report.Cases {
		t.Run(c.Name, func(t *testing.T) {
			if !c.OK {
				t.Error(c.Reason)
			}
		})
		row.count(c.OK)
		if c.OK && strings.HasPrefix(c.Name, "echo/") {
			opened++ // each opens one WebSocket; the server's log must show it
		}
	}
	srv.checkAlive(t, "h2echo")

	// The log line is printed before the 200 that opens the WebSocket, so
	// it is on its way once the browser is done; reading it may lag.
	var lines [][]string
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		lines = websocketLines(srv.stdout.all())
		if countMux(lines) >= h2Sockets || time.Now().After(deadline) {
			break
		}
	}
	for _, check := range []struct {
		name string
		err  error
	}{
		{"server-side/every-websocket-over-http2-connect", everyOverH2(lines, opened)},
		{"server-side/multiplexed-on-one-connection", sharedConnection(lines)},
	} {
		t.Run(check.name, func(t *testing.T) {
			if check.err != nil {
				t.Errorf("%v\nserver log:\n%s", check.err, tail(srv.stdout.all(), 4000))
			}
		})
		row.count(check.err == nil)
	}
}

func websocketLines(log string) [][]string {
	var out [][]string
	for _, line := range strings.Split(log, "\n") {
		if m := websocketLine.FindStringSubmatch(line); m != nil {
			out = append(out, m[1:])
		}
	}
	return out
}

func countMux(lines [][]string) int {
	n := 0
	for _, l := range lines {
		if strings.Contains(l[4], "mux=") {
			n++
		}
	}
	return n
}

// everyOverH2 checks that the server saw at least the WebSockets the
// echo cases opened, every one an HTTP/2 CONNECT with :protocol websocket.
func everyOverH2(lines [][]string, atLeast int) error {
	if len(lines) < atLeast {
		return fmt.Errorf("the server logged %d WebSockets, fewer than the %d the echo cases opened", len(lines), atLeast)
	}
	for _, l := range lines {
		if l[0] != "HTTP/2.0" || l[1] != "CONNECT" || l[2] != "websocket" {
			return fmt.Errorf("WebSocket %s ran over %s %s (:protocol %s), want HTTP/2.0 CONNECT websocket", l[4], l[0], l[1], l[2])
		}
	}
	return nil
}

// sharedConnection checks that the multiplexed WebSockets came from one
// client address and port: one HTTP/2 connection.
func sharedConnection(lines [][]string) error {
	remotes := map[string]int{}
	for _, l := range lines {
		if strings.Contains(l[4], "mux=") {
			remotes[l[3]]++
		}
	}
	if countMux(lines) != h2Sockets || len(remotes) != 1 {
		return fmt.Errorf("%d multiplexed WebSockets from %v, want %d from one address", countMux(lines), remotes, h2Sockets)
	}
	return nil
}
