//go:build interop

package interop

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// The peers are fixed programs at fixed places: .ci/interop installs them,
// and a missing one fails the suite rather than skipping its cases.
const (
	python3Path  = "/usr/bin/python3"
	chromiumPath = "/usr/bin/chromium"
)

// peerSetup says where the peers live and which versions were found.
type peerSetup struct {
	node     string // the node executable
	peersDir string // interop/peers, holding node_modules
	versions []string
}

// findPeers checks every peer the suite needs and reports all that are
// missing at once.
func findPeers(peersDir string) (*peerSetup, error) {
	var missing []string
	p := &peerSetup{peersDir: peersDir}
	node, err := exec.LookPath("node")
	if err != nil {
		missing = append(missing, "node (not on PATH)")
	} else {
		p.node = node
		p.versions = append(p.versions, "node "+firstLine(output(node, "--version")))
	}
	for _, module := range []string{"ws", "playwright-core"} {
		manifest := filepath.Join(peersDir, "node_modules", module, "package.json")
		version, err := packageVersion(manifest)
		if err != nil {
			missing = append(missing, fmt.Sprintf("npm module %s (%v; run npm ci --prefix interop/peers)", module, err))
			continue
		}
		p.versions = append(p.versions, module+" "+version)
	}
	if _, err := os.Stat(python3Path); err != nil {
		missing = append(missing, python3Path)
	} else if v, err := exec.Command(python3Path, "-c", "import websockets; print(websockets.__version__)").Output(); err != nil {
		missing = append(missing, "python3-websockets (import websockets failed in "+python3Path+")")
	} else {
		p.versions = append(p.versions, "python websockets "+firstLine(string(v)))
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		missing = append(missing, chromiumPath)
	} else {
		p.versions = append(p.versions, firstLine(output(chromiumPath, "--headless", "--no-sandbox", "--version")))
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("missing peers (.ci/interop installs them):\n\t%s", strings.Join(missing, "\n\t"))
	}
	return p, nil
}

func packageVersion(manifest string) (string, error) {
	b, err := os.ReadFile(manifest)
	if err != nil {
		return "", err
	}
	var m struct {
		Version string `json:"version"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return "", fmt.Errorf("%s: %v", manifest, err)
	}
	return m.Version, nil
}

// output runs a version query, bounded in time; a failure shows in the text.
func output(name string, args ...string) string {
	out, _, _, err := run(command{name: name, args: args}, 30*time.Second)
	if err != nil {
		return "(" + err.Error() + ")"
	}
	return out
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

// A peerClient runs all its cases against a server and prints one JSON
// report; a peerServer follows the echo contract.
type peerClient struct {
	name   string
	cmd    command
	target func(port string) string // the argument naming the server
	limit  time.Duration
}

type peerServer struct {
	name string
	cmd  command
}

func (p *peerSetup) clients() []peerClient {
	ws := func(port string) string { return "ws://127.0.0.1:" + port }
	return []peerClient{
		{"node-ws", command{name: p.node, args: []string{"node_client.mjs"}, dir: p.peersDir}, ws, 3 * time.Minute},
		{"python-websockets", command{name: python3Path, args: []string{"py_client.py"}, dir: p.peersDir}, ws, 3 * time.Minute},
		{"chromium", command{name: p.node, args: []string{"browser.mjs"}, dir: p.peersDir},
			func(port string) string { return "http://127.0.0.1:" + port + "/" }, 4 * time.Minute},
	}
}

// browser is the Chromium peer, which the HTTP/2 run starts with its own
// arguments.
func (p *peerSetup) browser() peerClient {
	for _, c := range p.clients() {
		if c.name == "chromium" {
			return c
		}
	}
	panic("no chromium peer")
}

func (p *peerSetup) servers() []peerServer {
	return []peerServer{
		{"node-ws", command{name: p.node, args: []string{"node_server.mjs"}, dir: p.peersDir}},
		{"python-websockets", command{name: python3Path, args: []string{"py_server.py"}, dir: p.peersDir}},
	}
}

// peerReport is the JSON line a peer client prints.
type peerReport struct {
	Peer  string `json:"peer"`
	Cases []struct {
		Name   string `json:"name"`
		OK     bool   `json:"ok"`
		Reason string `json:"reason"`
		MS     int    `json:"ms"`
	} `json:"cases"`
}

// parseReport takes the last line of stdout that holds a JSON report.
func parseReport(stdout string) (*peerReport, error) {
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		var r peerReport
		if json.Unmarshal([]byte(lines[i]), &r) == nil && r.Peer != "" {
			if len(r.Cases) == 0 {
				return nil, fmt.Errorf("report of %s holds no cases", r.Peer)
			}
			return &r, nil
		}
	}
	return nil, fmt.Errorf("no JSON report on stdout")
}
