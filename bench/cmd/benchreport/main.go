// Command benchreport runs the side-by-side benchmarks of this module and
// writes BENCHMARKS.md from their results.
//
// Run it from the bench directory:
//
//	go run ./cmd/benchreport
//
// It compiles the benchmarks once, runs every benchmark group -count
// times in interleaved rounds (one pass over all groups per round, so a
// change of load on a shared machine hits every library alike), keeps the
// raw output in results.txt, summarizes it with golang.org/x/perf's
// benchmath (the statistics of benchstat: median and its 95% confidence
// interval, Mann-Whitney U test), and writes BENCHMARKS.md. With -from it
// only rewrites BENCHMARKS.md from a results file.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// groups are the benchmark functions, in report order, with the
// -benchtime each runs for by default: long enough for a stable figure,
// short enough that the default six rounds take a few minutes.
var groups = []struct {
	name      string
	benchtime string
}{
	{"BenchmarkMask", "0.2s"},
	{"BenchmarkHeaderDecode", "0.2s"},
	{"BenchmarkHeaderEncode", "0.2s"},
	{"BenchmarkFrameEncode", "0.2s"},
	{"BenchmarkStreamDecode", "0.3s"},
	{"BenchmarkStreamEncode", "0.3s"},
	{"BenchmarkEcho", "0.3s"},
	{"BenchmarkUTF8Valid", "0.2s"},
	{"BenchmarkTextReceive", "0.2s"},
	{"BenchmarkUpgradeRequest", "0.2s"},
	{"BenchmarkDeflateCompress", "0.2s"},
	{"BenchmarkDeflateInflate", "0.2s"},
	// One measurement of idle memory a round: each builds a thousand
	// connections and collects garbage four times.
	{"BenchmarkDeflateIdleMemory", "1x"},
}

func main() {
	count := flag.Int("count", 6, "rounds: how many times each benchmark runs")
	benchtime := flag.String("benchtime", "", "`duration` or Nx for every benchmark, instead of each group's default")
	from := flag.String("from", "", "rewrite the report from this results `file` instead of running the benchmarks")
	results := flag.String("results", "results.txt", "where to keep the raw benchmark output")
	out := flag.String("o", "BENCHMARKS.md", "the report to write")
	flag.Parse()
	if flag.NArg() > 0 {
		fail(fmt.Errorf("unexpected arguments %q", flag.Args()))
	}
	if *count < 1 {
		fail(fmt.Errorf("-count must be at least 1"))
	}
	if _, err := os.Stat("go.mod"); err != nil {
		fail(fmt.Errorf("run from the bench directory: %v", err))
	}

	raw := *from
	if raw == "" {
		raw = *results
		if err := run(raw, *count, *benchtime, os.Args[1:]); err != nil {
			fail(err)
		}
	}
	f, err := os.Open(raw)
	if err != nil {
		fail(err)
	}
	defer f.Close()
	rep, err := read(f, raw)
	if err != nil {
		fail(err)
	}
	methods, err := methodology(".")
	if err != nil {
		fail(err)
	}
	var md bytes.Buffer
	rep.write(&md, methods)
	if err := os.WriteFile(*out, md.Bytes(), 0o644); err != nil {
		fail(err)
	}
	fmt.Fprintf(os.Stderr, "benchreport: wrote %s from %s\n", *out, raw)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "benchreport:", err)
	os.Exit(1)
}

// run compiles the test binary and runs the rounds, writing the raw
// output, preceded by the run's configuration, to path.
func run(path string, count int, benchtime string, args []string) error {
	tmp, err := os.MkdirTemp("", "benchreport")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "bench.test")
	if err := command(os.Stderr, "go", "test", "-c", "-o", bin, ".").Run(); err != nil {
		return fmt.Errorf("compiling the benchmarks: %w", err)
	}

	var raw bytes.Buffer
	cfg := func(k, v string) { fmt.Fprintf(&raw, "%s: %s\n", k, v) }
	cfg("command", strings.Join(append([]string{"go run ./cmd/benchreport"}, args...), " "))
	cfg("date", time.Now().UTC().Format(time.RFC3339))
	cfg("go-version", goVersion())
	cfg("cpu-model", cpuModel())
	cfg("gomaxprocs", fmt.Sprint(runtime.GOMAXPROCS(0)))
	cfg("count", fmt.Sprint(count))
	cfg("loadavg-start", loadavg())
	start := time.Now()
	for round := 1; round <= count; round++ {
		for _, g := range groups {
			bt := g.benchtime
			if benchtime != "" {
				bt = benchtime
			}
			fmt.Fprintf(os.Stderr, "round %d/%d: %s (-benchtime %s)\n", round, count, g.name, bt)
			cmd := command(io.MultiWriter(&raw, os.Stderr), bin,
				"-test.run", "^$", "-test.bench", "^"+g.name+"$",
				"-test.benchtime", bt, "-test.count", "1", "-test.benchmem")
			if err := cmd.Run(); err != nil {
				return fmt.Errorf("%s: %w", g.name, err)
			}
		}
	}
	cfg("loadavg-end", loadavg())
	cfg("duration", time.Since(start).Round(time.Second).String())
	return os.WriteFile(path, raw.Bytes(), 0o644)
}

func command(stdout io.Writer, name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Stdout = stdout
	cmd.Stderr = os.Stderr
	return cmd
}

func goVersion() string {
	out, err := exec.Command("go", "version").Output()
	if err != nil {
		return runtime.Version()
	}
	return strings.TrimSpace(string(out))
}

// cpuModel is the first "model name" of /proc/cpuinfo, or "unknown".
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

// loadavg is the 1, 5 and 15 minute load averages of /proc/loadavg.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
