//go:build interop

package interop

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// command is a program with its leading arguments, run from dir.
type command struct {
	name string
	args []string
	dir  string
}

func (c command) String() string { return strings.Join(append([]string{c.name}, c.args...), " ") }

// cmd builds the process for c plus extra arguments. The process gets its
// own process group, and the context's end kills the whole group: a browser
// peer leaves Chromium children behind otherwise.
func (c command) cmd(ctx context.Context, extra ...string) *exec.Cmd {
	args := append(append([]string{}, c.args...), extra...)
	cmd := exec.CommandContext(ctx, c.name, args...)
	cmd.Dir = c.dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

// commandFromEnv returns the command named by the environment variable, or
// ok false when it is unset. The value is split on white space; the command
// runs from the module root, so relative paths name files in the module.
func commandFromEnv(variable, root string) (c command, ok bool) {
	fields := strings.Fields(os.Getenv(variable))
	if len(fields) == 0 {
		return command{}, false
	}
	return command{name: fields[0], args: fields[1:], dir: root}, true
}

// buildExample builds ./examples/<name> of the module into dir.
func buildExample(ctx context.Context, root, dir, name string) (command, error) {
	out := filepath.Join(dir, name)
	build := exec.CommandContext(ctx, "go", "build", "-o", out, "./examples/"+name)
	build.Dir = root
	if msg, err := build.CombinedOutput(); err != nil {
		return command{}, fmt.Errorf("go build ./examples/%s: %v\n%s", name, err, msg)
	}
	return command{name: out, dir: root}, nil
}

// readyLine is what a server prints once it accepts connections: ws://
// for the echo servers, https:// for examples/h2echo.
var readyLine = regexp.MustCompile(`^listening on (?:ws|https)://127\.0\.0\.1:([0-9]+)$`)

// server is a running echo server: the one under test or a peer.
type server struct {
	port   string
	stdout *lockedBuffer // every line after the ready line
	stderr *lockedBuffer
	exited chan struct{}
	cmd    *exec.Cmd
	err    error
}

// startServer starts c with -addr 127.0.0.1:0, waits (at most readyWithin)
// for its ready line and returns the port it names. The server is stopped
// when the test ends.
func startServer(t *testing.T, c command, readyWithin time.Duration) *server {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 14*time.Minute)
	cmd := c.cmd(ctx, "-addr", "127.0.0.1:0")
	s := &server{stdout: &lockedBuffer{}, stderr: &lockedBuffer{}, exited: make(chan struct{}), cmd: cmd}
	cmd.Stderr = s.stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		cancel()
		t.Fatalf("%s: %v", c, err)
	}
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatalf("start %s: %v", c, err)
	}
	ports := make(chan string, 1)
	go func() {
		lines := bufio.NewScanner(stdout)
		for lines.Scan() {
			if m := readyLine.FindStringSubmatch(lines.Text()); m != nil {
				select {
				case ports <- m[1]:
				default:
				}
				continue
			}
			fmt.Fprintln(s.stdout, lines.Text())
		}
		s.err = cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-s.exited:
		case <-time.After(5 * time.Second):
			cancel()
			<-s.exited
		}
		cancel()
	})
	select {
	case s.port = <-ports:
		return s
	case <-s.exited:
		t.Fatalf("%s exited before its ready line: %v\nstderr:\n%s", c, s.err, s.stderr)
	case <-time.After(readyWithin):
		t.Fatalf("%s printed no %q line within %v\nstderr:\n%s", c, "listening on ws|https://127.0.0.1:PORT", readyWithin, s.stderr)
	}
	return nil
}

// checkAlive fails the test if the server has exited.
func (s *server) checkAlive(t *testing.T, what string) {
	t.Helper()
	select {
	case <-s.exited:
		t.Errorf("%s exited during the run: %v\nstderr:\n%s", what, s.err, s.stderr)
	default:
	}
}

// run runs c with extra arguments under a deadline and returns its stdout,
// stderr and exit code. err is set when it could not run to an exit status
// (including when the deadline killed it).
func run(c command, limit time.Duration, extra ...string) (stdout, stderr string, exitCode int, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := c.cmd(ctx, extra...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	if ctx.Err() != nil {
		return out.String(), errOut.String(), -1, fmt.Errorf("killed after %v", limit)
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return out.String(), errOut.String(), exit.ExitCode(), nil
	}
	return out.String(), errOut.String(), 0, err
}

// tail returns at most the last n bytes of s, for error messages.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}
