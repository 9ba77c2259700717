//go:build interop

package interop

import (
	"fmt"
	"net/url"
	"strings"
)

// clientCase is one run of our client: its flags, the query on /echo, its
// MSG arguments, and the exact stdout it must print.
type clientCase struct {
	name  string
	flags []string
	query string
	msgs  []string
	want  []string
	// only names the peer server the case needs, when one alone can
	// play it; empty means every peer server.
	only string
}

// runsAgainst reports whether the case is run against the peer server.
func (c clientCase) runsAgainst(peer string) bool { return c.only == "" || c.only == peer }

const (
	clientCloseReason = "client bye ✓"
	serverCloseReason = "server bye ✓"
)

// echoLines are the lines for the echoes of msgs, as the client prints them.
func echoLines(binary bool, msgs ...string) []string {
	lines := make([]string, 0, len(msgs))
	for _, m := range msgs {
		data, err := payload(m, binary)
		if err != nil {
			panic(fmt.Sprintf("bad MSG in a case table: %v", err))
		}
		lines = append(lines, messageLine(data, binary))
	}
	return lines
}

func lines(groups ...[]string) []string {
	var all []string
	for _, g := range groups {
		all = append(all, g...)
	}
	return all
}

func one(s ...string) []string { return s }

func serverCloseQuery(after int) string {
	q := url.Values{}
	q.Set("close", "4002")
	q.Set("reason", serverCloseReason)
	q.Set("after", fmt.Sprint(after))
	return q.Encode()
}

// clientCases lists what our client is run with against each peer server.
func clientCases() []clientCase {
	var cases []clientCase
	for _, s := range sizes {
		for _, k := range []struct {
			kind, msg string
			binary    bool
		}{
			{"text", "size:%d", false},
			{"utf8", "utf8:%d", false},
			{"binary", "size:%d", true},
		} {
			msg := fmt.Sprintf(k.msg, s.n)
			var flags []string
			if k.binary {
				flags = one("-binary")
			}
			cases = append(cases, clientCase{
				name:  "echo/" + k.kind + "/" + s.label,
				flags: flags,
				msgs:  one(msg),
				want:  lines(one("open -"), echoLines(k.binary, msg), one("close 1000 ")),
			})
		}
	}
	several := []string{"text:hello", "utf8:126", "text:", "hex:e282ac"}
	severalBinary := []string{"hex:00ff10", "size:300", "hex:"}
	fragmentedText := "utf8:65536"
	fragmentedBinary := fmt.Sprintf("size:%d", mib)
	cases = append(cases,
		clientCase{
			name: "echo/several-text-on-one-connection",
			msgs: several,
			want: lines(one("open -"), echoLines(false, several...), one("close 1000 ")),
		},
		clientCase{
			name:  "echo/several-binary-on-one-connection",
			flags: one("-binary"),
			msgs:  severalBinary,
			want:  lines(one("open -"), echoLines(true, severalBinary...), one("close 1000 ")),
		},
		clientCase{
			// 1000-byte frames of the UTF-8 pattern cut 4-byte emoji in half.
			name:  "fragmented/text-split-code-points",
			flags: one("-fragment", "1000"),
			msgs:  one(fragmentedText),
			want:  lines(one("open -"), echoLines(false, fragmentedText), one("close 1000 ")),
		},
		clientCase{
			name:  "fragmented/binary",
			flags: one("-binary", "-fragment", "4096"),
			msgs:  one(fragmentedBinary),
			want:  lines(one("open -"), echoLines(true, fragmentedBinary), one("close 1000 ")),
		},
		clientCase{
			name:  "close/client-initiated-with-reason",
			flags: one("-close", "4001:"+clientCloseReason),
			msgs:  one("text:hello"),
			want:  lines(one("open -"), echoLines(false, "text:hello"), one("close 4001 "+clientCloseReason)),
		},
		clientCase{
			name:  "close/client-initiated-1000",
			flags: one("-close", "1000:done"),
			want:  one("open -", "close 1000 done"),
		},
		clientCase{
			name:  "close/server-initiated-after-0",
			flags: one("-wait-close"),
			query: serverCloseQuery(0),
			want:  one("open -", "close 4002 "+serverCloseReason),
		},
		clientCase{
			name:  "close/server-initiated-after-2",
			flags: one("-wait-close"),
			query: serverCloseQuery(2),
			msgs:  one("text:one", "utf8:20"),
			want:  lines(one("open -"), echoLines(false, "text:one", "utf8:20"), one("close 4002 "+serverCloseReason)),
		},
	)
	for _, sp := range []struct{ label, offer, want string }{
		{"offer-v1-v2-selects-v2", "echo.v1,echo.v2", "echo.v2"},
		{"offer-v1-selects-v1", "echo.v1", "echo.v1"},
		{"offer-other-selects-none", "other", "-"},
	} {
		cases = append(cases, clientCase{
			name:  "subprotocol/" + sp.label,
			flags: one("-subprotocol", sp.offer),
			msgs:  one("text:hi"),
			want:  lines(one("open "+sp.want), echoLines(false, "text:hi"), one("close 1000 ")),
		})
	}
	cases = append(cases, deflateClientCases()...)
	return cases
}

// deflateClientCases run the client with -deflate: the peer server accepts
// permessage-deflate and compresses its echoes (context takeover unless
// the case says otherwise), and the client compresses what it sends.
func deflateClientCases() []clientCase {
	opened := one("open -", "extensions permessage-deflate")
	var many []string
	for i := 0; i < 60; i++ {
		many = append(many, fmt.Sprintf("size:%d", 100+37*i))
	}
	var cases []clientCase
	for _, c := range []struct {
		label  string
		binary bool
		msg    string
	}{
		{"text-1MiB", false, fmt.Sprintf("size:%d", mib)},
		{"text-16MiB", false, fmt.Sprintf("size:%d", 16*mib)},
		{"utf8-1MiB", false, fmt.Sprintf("utf8:%d", mib)},
		{"binary-1MiB", true, fmt.Sprintf("size:%d", mib)},
		{"small-text", false, "text:hello"},
	} {
		flags := one("-deflate")
		if c.binary {
			flags = append(flags, "-binary")
		}
		cases = append(cases, clientCase{
			name:  "deflate/" + c.label,
			flags: flags,
			msgs:  one(c.msg),
			want:  lines(opened, echoLines(c.binary, c.msg), one("close 1000 ")),
		})
	}
	fragmented := "utf8:65536"
	cases = append(cases,
		clientCase{
			name:  "deflate/many-on-one-connection",
			flags: one("-deflate"),
			msgs:  many,
			want:  lines(opened, echoLines(false, many...), one("close 1000 ")),
		},
		clientCase{
			name:  "deflate/fragmented",
			flags: one("-deflate", "-fragment", "1000"),
			msgs:  one(fragmented),
			want:  lines(opened, echoLines(false, fragmented), one("close 1000 ")),
		},
		clientCase{
			// ws lets one server demand no context takeover both ways
			// per path; websockets configures it per server only.
			name:  "deflate/no-context-takeover",
			flags: one("-deflate"),
			query: "no_context_takeover",
			msgs:  many,
			want:  lines(opened, echoLines(false, many...), one("close 1000 ")),
			only:  "node-ws",
		},
	)
	return cases
}

// args are the client's command-line arguments for a server on port.
func (c clientCase) args(port string) []string {
	target := "ws://127.0.0.1:" + port + "/echo"
	if c.query != "" {
		target += "?" + c.query
	}
	return append(append(append([]string{}, c.flags...), target), c.msgs...)
}

// check compares the client's output and exit code with the case.
func (c clientCase) check(stdout string, exitCode int) error {
	got := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if stdout == "" {
		got = nil
	}
	for i := 0; i < len(got) || i < len(c.want); i++ {
		switch {
		case i >= len(got):
			return fmt.Errorf("stdout ends before line %d, want %q", i+1, c.want[i])
		case i >= len(c.want):
			return fmt.Errorf("stdout line %d: got %q, want no more lines", i+1, got[i])
		case got[i] != c.want[i]:
			return fmt.Errorf("stdout line %d: got %q, want %q", i+1, got[i], c.want[i])
		}
	}
	if exitCode != 0 {
		return fmt.Errorf("exit code %d, want 0 after a clean close", exitCode)
	}
	return nil
}
