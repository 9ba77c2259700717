package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
)

// metaKeys are the configuration lines run writes around the benchmark
// output; they are read back from the results file so that a report made
// with -from states the same run.
var metaKeys = []string{"command", "date", "go-version", "cpu-model", "gomaxprocs", "count", "loadavg-start", "loadavg-end", "duration"}

// report holds the parsed results: per figure (a benchmark with all its
// parameters but impl), per impl, per unit, the measured values.
type report struct {
	meta    map[string]string
	figures []*figure
	byKey   map[string]*figure
}

type figure struct {
	base   string // BenchmarkMask
	params string // size=1024 (empty when the benchmark has none)
	impls  []string
	values map[string]map[string][]float64 // impl → unit → values
	units  []string
}

func read(r io.Reader, name string) (*report, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	rep := &report{meta: map[string]string{}, byKey: map[string]*figure{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ": ")
		if !ok {
			continue
		}
		for _, mk := range metaKeys {
			if k == mk {
				rep.meta[k] = v
			}
		}
	}
	br := benchfmt.NewReader(bytes.NewReader(data), name)
	for br.Scan() {
		res, ok := br.Result().(*benchfmt.Result)
		if !ok {
			continue // syntax errors are lines that are not results, such as PASS
		}
		base, params, impl := split(res.Name.String())
		key := base + "/" + params
		f := rep.byKey[key]
		if f == nil {
			f = &figure{base: base, params: params, values: map[string]map[string][]float64{}}
			rep.byKey[key] = f
			rep.figures = append(rep.figures, f)
		}
		if f.values[impl] == nil {
			f.values[impl] = map[string][]float64{}
			f.impls = append(f.impls, impl)
		}
		for _, v := range res.Values {
			if _, seen := f.values[impl][v.Unit]; !seen && !contains(f.units, v.Unit) {
				f.units = append(f.units, v.Unit)
			}
			f.values[impl][v.Unit] = append(f.values[impl][v.Unit], v.Value)
		}
	}
	if err := br.Err(); err != nil {
		return nil, err
	}
	if len(rep.figures) == 0 {
		return nil, fmt.Errorf("%s: no benchmark results", name)
	}
	return rep, nil
}

// split takes a benchmark name such as
// BenchmarkMask/impl=gobwas/size=1024-2 apart: the function, the
// parameters other than impl, and impl. The -N suffix (GOMAXPROCS) is
// dropped.
func split(name string) (base, params, impl string) {
	if i := strings.LastIndexByte(name, '-'); i > 0 && strings.Trim(name[i+1:], "0123456789") == "" {
		name = name[:i]
	}
	parts := strings.Split(name, "/")
	var rest []string
	impl = "?"
	for _, p := range parts[1:] {
		if v, ok := strings.CutPrefix(p, "impl="); ok {
			impl = v
		} else {
			rest = append(rest, p)
		}
	}
	// benchfmt drops the Benchmark prefix; put it back so that the name
	// is the function's.
	base = parts[0]
	if !strings.HasPrefix(base, "Benchmark") {
		base = "Benchmark" + base
	}
	return base, strings.Join(rest, "/"), impl
}

func contains(s []string, x string) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

// Kinds of implementation. Ours are wscodec and its variants; references
// (copy, ref-*) are floors, not competitors; everything else is a peer.
func isOurs(impl string) bool { return impl == "wscodec" || strings.HasPrefix(impl, "wscodec-") }
func isReference(impl string) bool {
	return impl == "copy" || strings.HasPrefix(impl, "ref-")
}
func isPeer(impl string) bool { return !isOurs(impl) && !isReference(impl) }

const timeUnit = "sec/op"

// memUnit is the metric of the memory figures (bytes per idle
// connection): where a figure reports it, its ratios compare it instead
// of time, and time/op is only how long one measurement took.
const memUnit = "B/conn"

// compared is the unit f's ratios compare: memUnit if it reports it, else
// time.
func (f *figure) compared() string {
	if contains(f.units, memUnit) {
		return memUnit
	}
	return timeUnit
}

var thresholds = benchmath.DefaultThresholds

func (f *figure) sample(impl, unit string) *benchmath.Sample {
	v := f.values[impl][unit]
	if len(v) == 0 {
		return nil
	}
	return benchmath.NewSample(v, &thresholds)
}

func (f *figure) summary(impl, unit string) (benchmath.Summary, bool) {
	s := f.sample(impl, unit)
	if s == nil {
		return benchmath.Summary{}, false
	}
	return benchmath.AssumeNothing.Summary(s, 0.95), true
}

// fastestPeer is the peer with the lowest median of the compared unit:
// the fastest, or the leanest for a memory figure.
func (f *figure) fastestPeer() (string, float64) {
	best, bestT := "", math.Inf(1)
	for _, impl := range f.impls {
		if !isPeer(impl) {
			continue
		}
		if s, ok := f.summary(impl, f.compared()); ok && s.Center < bestT {
			best, bestT = impl, s.Center
		}
	}
	return best, bestT
}

// ratio formats a/b, in the compared unit, with the result of the U
// test between the two samples: "~" when the difference is not
// significant at α = 0.05.
func (f *figure) ratio(impl, other string) string {
	unit := f.compared()
	a, ok1 := f.summary(impl, unit)
	b, ok2 := f.summary(other, unit)
	if !ok1 || !ok2 || b.Center == 0 {
		return ""
	}
	s := fmt.Sprintf("%.2f×", a.Center/b.Center)
	if impl == other {
		return s
	}
	c := benchmath.AssumeNothing.Compare(f.sample(impl, unit), f.sample(other, unit))
	if c.P >= c.Alpha {
		s += fmt.Sprintf(" (~ p=%.2f)", c.P)
	}
	return s
}

func (rep *report) write(w io.Writer, methods map[string]string) {
	m := rep.meta
	get := func(k string) string {
		if v := m[k]; v != "" {
			return v
		}
		return "unknown"
	}
	fmt.Fprintf(w, "# wscodec side-by-side benchmarks\n\n")
	fmt.Fprintf(w, "> Load average (1, 5, 15 min) at the start of the run: %s; at the end: %s, on %s logical CPUs.\n", get("loadavg-start"), get("loadavg-end"), get("gomaxprocs"))
	fmt.Fprintf(w, "> Figures from a loaded machine show ratios within one run, not absolute speeds.\n")
	if n, err := strconv.Atoi(m["count"]); err == nil && n < 6 {
		fmt.Fprintf(w, "> Only %d rounds: this run checks that every benchmark works; its figures are not claims (take them with -count 6 or more).\n", n)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Generated by `cd bench && %s` (%s rounds, %s) on %s.\n\n", get("command"), get("count"), get("duration"), get("date"))
	fmt.Fprintf(w, "- CPU: %s\n- Go: %s\n- Raw results: [results.txt](results.txt); `go run ./cmd/benchreport -from results.txt` rewrites this file from them.\n\n", get("cpu-model"), get("go-version"))
	fmt.Fprint(w, "Every figure runs all libraries side by side in one process, in interleaved rounds, on the same machine. "+
		"Times are medians with the 95% confidence interval around them (±, as benchstat reports it). "+
		"The claims are the ratios: **vs fastest peer** is the time divided by the fastest other library's median time "+
		"(below 1.00× is faster); `~` marks a difference the Mann-Whitney U test does not find significant (p ≥ 0.05). "+
		"**vs copy()** divides by the time of `copy()` of the same size, the memory-speed floor. "+
		"cpu/op is process CPU time (getrusage) per operation, steadier than wall time when the machine is loaded. "+
		"Libraries bound to a net.Conn run over memConn, an in-memory net.Conn that replays the input and drops what is written, "+
		"so no figure includes a system call. "+
		"Peers' versions are pinned in [go.mod](go.mod); how each is driven is given under each figure, from the benchmark's doc comment.\n\n")

	rep.headlines(w)

	done := map[string]bool{}
	for _, f := range rep.figures {
		if done[f.base] {
			continue
		}
		done[f.base] = true
		fmt.Fprintf(w, "## %s\n\n", strings.TrimPrefix(f.base, "Benchmark"))
		if text := methods[f.base]; text != "" {
			fmt.Fprintf(w, "%s\n", text)
		}
		for _, g := range rep.figures {
			if g.base == f.base {
				g.table(w)
			}
		}
	}
}

// headlines lists, for every figure, wscodec against the fastest peer.
func (rep *report) headlines(w io.Writer) {
	fmt.Fprintf(w, "## Headline ratios\n\nwscodec's median time divided by the fastest peer's (below 1.00× is faster); "+
		"for a memory figure (B/conn), its median memory per connection divided by the leanest peer's (below 1.00× is smaller).\n\n")
	fmt.Fprintf(w, "| figure | fastest peer | wscodec vs fastest peer | wscodec vs copy() |\n|---|---|---|---|\n")
	for _, f := range rep.figures {
		if f.values["wscodec"] == nil {
			continue
		}
		peer, _ := f.fastestPeer()
		vsCopy := ""
		if f.values["copy"] != nil {
			vsCopy = f.ratio("wscodec", "copy")
		}
		fmt.Fprintf(w, "| %s %s | %s | %s | %s |\n", strings.TrimPrefix(f.base, "Benchmark"), f.params, peer, f.ratio("wscodec", peer), vsCopy)
	}
	fmt.Fprintln(w)
}

func (f *figure) table(w io.Writer) {
	peer, _ := f.fastestPeer()
	hasCopy := f.values["copy"] != nil
	extra := []string{}
	for _, u := range f.units {
		if u != timeUnit && u != "B/op" && u != "allocs/op" {
			extra = append(extra, u)
		}
	}
	if f.params != "" {
		fmt.Fprintf(w, "**%s**\n\n", f.params)
	}
	vs := "vs fastest peer"
	if f.compared() == memUnit {
		vs = memUnit + " vs leanest peer"
	}
	fmt.Fprintf(w, "| impl | time/op | %s |", vs)
	sep := "|---|--:|--:|"
	if hasCopy {
		fmt.Fprintf(w, " vs copy() |")
		sep += "--:|"
	}
	for _, u := range extra {
		fmt.Fprintf(w, " %s |", unitName(u))
		sep += "--:|"
	}
	fmt.Fprintf(w, " B/op | allocs/op |\n%s--:|--:|\n", sep)
	for _, impl := range f.impls {
		name := impl
		if isOurs(impl) {
			name = "**" + impl + "**"
		}
		fmt.Fprintf(w, "| %s | %s | %s |", name, f.cell(impl, timeUnit), f.ratio(impl, peer))
		if hasCopy {
			fmt.Fprintf(w, " %s |", f.ratio(impl, "copy"))
		}
		for _, u := range extra {
			fmt.Fprintf(w, " %s |", f.cell(impl, u))
		}
		fmt.Fprintf(w, " %s | %s |\n", f.cell(impl, "B/op"), f.cell(impl, "allocs/op"))
	}
	fmt.Fprintln(w)
}

func unitName(u string) string {
	switch u {
	case "B/s":
		return "throughput"
	case "cpu-sec/op", "cpu-ns/op":
		return "cpu/op"
	}
	return u
}

// cell formats the median of a unit with its ± spread.
func (f *figure) cell(impl, unit string) string {
	s, ok := f.summary(impl, unit)
	if !ok {
		return ""
	}
	v := format(s.Center, unit)
	if unit == "B/op" || unit == "allocs/op" {
		return v
	}
	if pct := s.PctRangeString(); pct != "" {
		v += " ±" + strings.TrimPrefix(pct, "±")
	}
	return v
}

func format(v float64, unit string) string {
	switch unit {
	case "sec/op", "cpu-sec/op":
		return duration(v)
	case "cpu-ns/op":
		return duration(v / 1e9)
	case "B/s":
		return scaled(v, 1024, []string{"B/s", "KiB/s", "MiB/s", "GiB/s", "TiB/s"})
	case "B/op", memUnit:
		return scaled(v, 1024, []string{"B", "KiB", "MiB", "GiB"})
	}
	return trim(v)
}

func duration(sec float64) string {
	switch {
	case sec >= 1:
		return trim(sec) + " s"
	case sec >= 1e-3:
		return trim(sec*1e3) + " ms"
	case sec >= 1e-6:
		return trim(sec*1e6) + " µs"
	}
	return trim(sec*1e9) + " ns"
}

func scaled(v, step float64, names []string) string {
	i := 0
	for v >= step && i < len(names)-1 {
		v /= step
		i++
	}
	return trim(v) + " " + names[i]
}

// trim prints v with three significant digits.
func trim(v float64) string {
	switch {
	case v == 0:
		return "0"
	case math.Abs(v) >= 100:
		return fmt.Sprintf("%.0f", v)
	case math.Abs(v) >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}
