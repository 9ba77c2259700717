package wsframe

import (
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// FuzzConnReceive feeds arbitrary bytes to a Conn whole and in random
// chunks and checks that nothing panics and that the outcome does not
// depend on the chunking: the same events, outbound bytes, error and state.
// Streamed pieces delivered before a failure may differ with the chunking
// (a piece is checked before it is delivered), so messages that never
// reached their end are left out of the comparison.
func FuzzConnReceive(f *testing.F) {
	s := func(fin bool, rsv uint8, op Opcode, p string) []byte {
		return connPeerFrame(Server, fin, rsv, op, []byte(p))
	}
	f.Add(s(true, 0, OpText, "Hello"), uint8(0), uint64(1))
	f.Add(connConcat(s(false, 0, OpText, "a\xe2"), s(true, 0, OpPing, "p"), s(true, 0, OpContinuation, "\x82\xac")), uint8(2), uint64(7))
	f.Add(connConcat(s(true, 0, OpClose, "\x03\xe8ok"), s(true, 0, OpText, "late")), uint8(0), uint64(3))
	f.Add(connPeerFrame(Client, true, 0, OpBinary, []byte{1, 2, 3}), uint8(1), uint64(9))
	f.Add(s(true, 0, OpText, "\xce\xba\xed\xa0\x80"), uint8(2), uint64(11))
	f.Fuzz(func(t *testing.T, input []byte, mode uint8, seed uint64) {
		cfg := ConnConfig{MaxMessageSize: 1 << 16, MaxFragments: 64}
		if mode&1 != 0 {
			cfg.Policy.Role = Client
		}
		cfg.Streaming = mode&2 != 0
		run := func(splits []int) connCaseResult {
			c := cfg
			if c.Policy.Role == Client {
				c.KeySource = &connCounterKeys{}
			}
			d := connFeed(c, input, splits, mode&4 != 0)
			var res connCaseResult
			for _, r := range d.records() {
				if r.Kind != "partial-text" && r.Kind != "partial-binary" {
					res.Events = append(res.Events, r)
				}
			}
			res.Outbound = string(d.out)
			if d.err != nil {
				res.Error = connSentinelName(d.err)
			}
			res.State = d.c.State().String()
			return res
		}
		want := run(nil)
		rng := rand.New(rand.NewPCG(seed, 0))
		var splits []int
		for i := 1; i < len(input); i++ {
			if rng.IntN(4) == 0 {
				splits = append(splits, i)
			}
		}
		if diff := cmp.Diff(want, run(splits), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("split at %v (-whole +split):\n%s", splits, diff)
		}
	})
}
