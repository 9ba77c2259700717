package wsdeflate

import (
	"bytes"
	"compress/flate"
	"runtime"
	"slices"
	"testing"

	"github.com/wscodec/wscodec/wsframe"
	"github.com/wscodec/wscodec/wshandshake"
)

func skipBudgetsUnderRace(t *testing.T) {
	t.Helper()
	if raceDetectorEnabled {
		t.Skip("the race detector allocates; memory budgets are checked without -race")
	}
}

// bomb is 16 MiB of zeros compressed at BestCompression: about 16 KiB on
// the wire.
func bomb(t testing.TB) []byte {
	return compressRaw(t, flate.BestCompression, make([]byte, 16<<20))
}

// TestBombStopsAtLimit inflates a 16 MiB bomb under a 1 MiB limit: the
// extension must stop at limit+1 bytes, and the Conn must fail with 1009
// having allocated little more than the limit.
func TestBombStopsAtLimit(t *testing.T) {
	const limit = 1 << 20
	z := bomb(t)
	if len(z) > 64<<10 {
		t.Fatalf("bomb is %d bytes, expected a few KiB", len(z))
	}
	x := New(wshandshake.DeflateSettings{Enabled: true, OwnMaxWindowBits: 15, PeerMaxWindowBits: 15}, Options{})
	if ok, _ := x.BeginReceive(wsframe.OpBinary, wsframe.RSV1); !ok {
		t.Fatal("RSV1 message not transformed")
	}
	out, err := x.AppendReceived(nil, z, true, limit)
	if err != nil || len(out) != limit+1 {
		t.Fatalf("got %d bytes, %v; want to stop at limit+1 = %d", len(out), err, limit+1)
	}

	wire := peerFrame(true, true, wsframe.RSV1, wsframe.OpBinary, z)
	run := func() {
		c := newEndpoint(wshandshake.DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}, true, Options{},
			wsframe.ConnConfig{MaxMessageSize: limit})
		in := bytes.Clone(wire)
		ev, _, err := c.conn.Receive(in)
		if ev == nil || ev.Kind != wsframe.EventError || ev.Code != wsframe.CloseMessageTooBig {
			t.Fatalf("got %+v %v, want an error event with 1009", ev, err)
		}
	}
	run()
	skipBudgetsUnderRace(t)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	run()
	runtime.ReadMemStats(&after)
	// Growing the message buffer by doubling up to limit+1 allocates
	// about three times the limit in all; inflating the whole bomb would
	// take 16 MiB at least.
	if got := after.TotalAlloc - before.TotalAlloc; got > 4*limit {
		t.Errorf("receiving the bomb allocated %d bytes, want at most %d", got, 4*limit)
	}
	allocs := testing.AllocsPerRun(5, run)
	if allocs > 40 {
		t.Errorf("receiving the bomb made %.0f allocations, want at most 40", allocs)
	}
}

// heapPerItem returns the heap each item built by build holds, as the
// slope between building few and many: costs shared by all items (a
// pooled compressor, the pools themselves) appear in both counts and
// cancel. build builds n items and returns them, to be kept alive until
// the heap is read. The median of five slopes is taken, since a
// concurrent GC cycle or a pool emptied by one skews single counts.
func heapPerItem(build func(n int) any) float64 {
	const few, many = 500, 2500
	count := func(n int) int64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		items := build(n)
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(items)
		return int64(after.HeapAlloc) - int64(before.HeapAlloc)
	}
	var slopes []float64
	for run := 0; run < 5; run++ {
		slopes = append(slopes, float64(count(many)-count(few))/(many-few))
	}
	slices.Sort(slopes)
	return slopes[len(slopes)/2]
}

// idleConns builds n server Conns, each idle after receiving one
// compressed 1 KiB text message and sending one; p nil means no
// extension.
func idleConns(t *testing.T, p *wshandshake.DeflateParams, opts Options) func(n int) any {
	build := idleConnsB(t, p, opts)
	return func(n int) any { return build(n) }
}

func idleConnsB(t testing.TB, p *wshandshake.DeflateParams, opts Options) func(n int) []*wsframe.Conn {
	msg := textOf(1024, 7)
	var wire []byte
	if p != nil {
		client := newEndpoint(*p, false, Options{}, wsframe.ConnConfig{})
		wire, _ = client.conn.AppendText(nil, msg)
	} else {
		client := wsframe.NewConn(wsframe.ConnConfig{Policy: wsframe.Policy{Role: wsframe.Client}, KeySource: &counterKeys{}})
		wire, _ = client.AppendText(nil, msg)
	}
	in := make([]byte, len(wire))
	out := make([]byte, 0, 4096)
	return func(n int) []*wsframe.Conn {
		conns := make([]*wsframe.Conn, n)
		for i := range conns {
			cfg := wsframe.ConnConfig{}
			if p != nil {
				cfg.Extension = New(p.Settings(true), opts)
			}
			c := wsframe.NewConn(cfg)
			copy(in, wire)
			ev, _, err := c.Receive(in)
			if err != nil || ev == nil || !bytes.Equal(ev.Payload, msg) {
				t.Fatalf("receive: %v %v", ev, err)
			}
			if out, err = c.AppendText(out[:0], msg); err != nil {
				t.Fatal(err)
			}
			conns[i] = c
		}
		return conns
	}
}

// TestIdleConnectionMemory measures the heap an idle connection holds
// after one 1 KiB message each way, with permessage-deflate in several
// configurations less the same Conn without it, and checks the budgets:
//
//   - no context takeover either way: no flate state at all. What remains
//     is the extension itself (under 100 bytes) and the buffers the Conn
//     keeps for reuse: the inflated message, which a Conn without an
//     extension delivers straight from its input, and the compressed
//     reply. Both scale with the message, so the budget is 4 KiB for
//     1 KiB messages; TestIdleExtensionMemory holds the extension alone
//     to a fixed budget.
//   - context takeover from the peer: the same plus the history, here the
//     1 KiB message (never more than 32 KiB): 2 KiB more at most.
//   - SendContextTakeover too: plus the compressor, which is reported.
func TestIdleConnectionMemory(t *testing.T) {
	skipBudgetsUnderRace(t)
	noTakeover := &wshandshake.DeflateParams{ServerNoContextTakeover: true, ClientNoContextTakeover: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}
	takeover := &wshandshake.DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}
	base := heapPerItem(idleConns(t, nil, Options{}))
	noTO := heapPerItem(idleConns(t, noTakeover, Options{})) - base
	recvTO := heapPerItem(idleConns(t, takeover, Options{})) - base
	t.Logf("Conn without extension: %.0f B per idle connection", base)
	t.Logf("extra with permessage-deflate, no context takeover: %.0f B", noTO)
	t.Logf("extra with context takeover (peer direction; compressor pooled): %.0f B", recvTO)
	if noTO > 4<<10 {
		t.Errorf("no context takeover: %.0f B per idle connection, budget 4 KiB", noTO)
	}
	if recvTO-noTO > 2<<10 {
		t.Errorf("context takeover of a 1 KiB message: %.0f B more than without, budget 2 KiB", recvTO-noTO)
	}

	// A kept compressor is over a megabyte: a few connections suffice.
	build := idleConns(t, takeover, Options{SendContextTakeover: true})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	conns := build(20)
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(conns)
	bothTO := float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/20 - base
	t.Logf("extra with context takeover both ways (SendContextTakeover): %.0f B", bothTO)
	if bothTO < 256<<10 {
		t.Errorf("a kept compressor measured %.0f B; the measurement is broken", bothTO)
	}
}

// TestIdleExtensionMemory measures the extension alone after one 1 KiB
// message each way, with the output buffers dropped: without context
// takeover it must hold nothing but itself (an 80-byte struct; budget 256
// bytes, for the noise of heap counts on a busy machine), with takeover
// from the peer itself and the 1 KiB history of that message (budget 256
// bytes plus twice the history). A decompressor left behind (about 40 KB)
// would break either budget many times over. The compressor is checked
// by looking, not by counting: one pooled compressor is over a megabyte,
// and whether the pool still holds it when the heap is counted depends on
// when the collector last ran.
func TestIdleExtensionMemory(t *testing.T) {
	skipBudgetsUnderRace(t)
	msg := textOf(1024, 7)
	z := compressRaw(t, flate.BestSpeed, msg)
	dst := make([]byte, 0, 4096)
	oneMessageEachWay := func(x *Extension) {
		x.BeginReceive(wsframe.OpText, wsframe.RSV1)
		out, err := x.AppendReceived(dst[:0], z, true, 1<<20)
		if err != nil || !bytes.Equal(out, msg) {
			t.Fatalf("inflate: %v", err)
		}
		x.BeginSend(wsframe.OpText, len(msg))
		if _, err := x.AppendSend(dst[:0], msg, true); err != nil {
			t.Fatal(err)
		}
	}
	noTakeover := wshandshake.DeflateSettings{Enabled: true, OwnMaxWindowBits: 15, PeerMaxWindowBits: 15, OwnNoContextTakeover: true, PeerNoContextTakeover: true}
	takeover := wshandshake.DeflateSettings{Enabled: true, OwnMaxWindowBits: 15, PeerMaxWindowBits: 15}
	for _, sc := range []struct {
		s    wshandshake.DeflateSettings
		opts Options
		keep bool
	}{
		{noTakeover, Options{}, false},
		{noTakeover, Options{SendContextTakeover: true}, false},
		{takeover, Options{}, false},
		{takeover, Options{SendContextTakeover: true}, true},
	} {
		x := New(sc.s, sc.opts)
		oneMessageEachWay(x)
		if (x.send.enc != nil) != sc.keep || x.recv.pending != nil {
			t.Errorf("%+v %+v: idle extension holds a compressor: %v (want %v), a gather buffer: %v", sc.s, sc.opts, x.send.enc != nil, sc.keep, x.recv.pending != nil)
		}
	}

	receiveOnly := func(s wshandshake.DeflateSettings) float64 {
		return heapPerItem(func(n int) any {
			exts := make([]*Extension, n)
			for i := range exts {
				x := New(s, Options{})
				x.BeginReceive(wsframe.OpText, wsframe.RSV1)
				if _, err := x.AppendReceived(dst[:0], z, true, 1<<20); err != nil {
					t.Fatal(err)
				}
				exts[i] = x
			}
			return exts
		})
	}
	no, yes := receiveOnly(noTakeover), receiveOnly(takeover)
	t.Logf("idle extension: %.0f B without context takeover, %.0f B with takeover from the peer", no, yes)
	if no > 256 {
		t.Errorf("idle extension without context takeover holds %.0f B, budget 256", no)
	}
	if yes > 256+2048 {
		t.Errorf("idle extension with context takeover holds %.0f B, budget 256 + 2 KiB", yes)
	}
}

// TestHistoryKeepsTheWindow checks the history stays within the 32 KiB
// window whatever the message sizes, and holds the latest output.
func TestHistoryKeepsTheWindow(t *testing.T) {
	var r receiver
	var all []byte
	for i, n := range []int{10, 5000, 30000, 1, 40000, 0, 7, 32768, 100} {
		out := noiseOf(n, i)
		all = append(all, out...)
		r.remember(out)
		want := all[max(0, len(all)-windowSize):]
		if !bytes.Equal(r.history, want) || cap(r.history) > windowSize {
			t.Fatalf("after %d bytes: history of %d (cap %d), want the last %d", n, len(r.history), cap(r.history), len(want))
		}
	}
}

// TestSteadyStateAllocations checks that echoing a compressed message
// through a server Conn allocates nothing once the pools and buffers are
// warm, with and without context takeover.
func TestSteadyStateAllocations(t *testing.T) {
	skipBudgetsUnderRace(t)
	for _, sc := range []struct {
		name string
		p    wshandshake.DeflateParams
		opts Options
	}{
		{"no takeover", wshandshake.DeflateParams{ServerNoContextTakeover: true, ClientNoContextTakeover: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}, Options{}},
		{"takeover", wshandshake.DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}, Options{SendContextTakeover: true}},
	} {
		t.Run(sc.name, func(t *testing.T) {
			msg := textOf(4096, 3)
			noTakeover := sc.p
			noTakeover.ClientNoContextTakeover = true // each wire message stands alone
			client := newEndpoint(noTakeover, false, Options{}, wsframe.ConnConfig{})
			wire, _ := client.conn.AppendText(nil, msg)
			server := newEndpoint(sc.p, true, sc.opts, wsframe.ConnConfig{})
			in := make([]byte, len(wire))
			out := make([]byte, 0, 8192)
			echo := func() {
				copy(in, wire)
				ev, _, err := server.conn.Receive(in)
				if err != nil || ev == nil || len(ev.Payload) != len(msg) {
					t.Fatalf("receive: %v %v", ev, err)
				}
				if out, err = server.conn.AppendText(out[:0], ev.Payload); err != nil {
					t.Fatal(err)
				}
			}
			echo()
			// compress/flate's decoder allocates the overflow tables of
			// each dynamic Huffman block it reads (a handful of small
			// slices per block), which no caller can avoid; everything
			// of this package and the Conn is reused.
			if allocs := testing.AllocsPerRun(100, echo); allocs > 6 {
				t.Errorf("%.1f allocations per echoed message, want at most 6", allocs)
			}
			send := func() {
				var err error
				if out, err = server.conn.AppendText(out[:0], msg); err != nil {
					t.Fatal(err)
				}
			}
			if allocs := testing.AllocsPerRun(100, send); allocs > 0 {
				t.Errorf("%.1f allocations per compressed message sent, want 0", allocs)
			}
		})
	}
}
