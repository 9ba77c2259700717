package bench

import (
	"syscall"
	"testing"
)

// cpuNanos returns the CPU time (user and system) the process has used.
// On a shared, loaded machine it is steadier than wall time, which also
// counts the time the benchmark waits for a core; it does count the work
// of the garbage collector and of any goroutine a library starts.
func cpuNanos() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// cpuTimer reports the CPU time per operation as an extra metric,
// cpu-ns/op, beside the wall time of sec/op.
type cpuTimer struct {
	b     *testing.B
	start int64
}

// startCPU resets the benchmark timer and starts counting CPU time; call
// it where the timed loop starts.
func startCPU(b *testing.B) cpuTimer {
	b.ResetTimer()
	return cpuTimer{b: b, start: cpuNanos()}
}

// stop ends the measurement and reports cpu-ns/op.
func (t cpuTimer) stop() {
	cpu := cpuNanos() - t.start
	t.b.StopTimer()
	t.b.ReportMetric(float64(cpu)/float64(t.b.N), "cpu-ns/op")
}
