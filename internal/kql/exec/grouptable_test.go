package exec

import (
	"math/rand"
	"testing"
)

// TestGroupTable checks the group table through many growths (slots
// re-placed by their kept hash bits, probes wrapping around the end of
// the slot array) and a reserve: every key keeps its group and its state
// words, lookups find exactly the keys inserted.
func TestGroupTable(t *testing.T) {
	for _, hash := range []struct {
		name string
		fn   func([]uint64) uint64
		n    int
	}{
		{"hashKey", hashKey, 150000},
		// Seven distinct hashes, all homed at the last slots: long probe
		// runs that wrap around to the first slots (kept small: probing
		// is quadratic).
		{"clustered", func(k []uint64) uint64 { return ^uint64(0) - (k[1]%7)<<40 }, 3000},
	} {
		t.Run(hash.name, func(t *testing.T) {
			r := rand.New(rand.NewSource(1))
			tab := newGroupTable(2, 1)
			n := hash.n
			keys := make([][]uint64, 0, n)
			seen := map[[2]uint64]int{}
			for len(keys) < n {
				k := []uint64{uint64(r.Intn(2)), uint64(r.Int63n(1 << 40))}
				g, created := tab.find(k, hash.fn(k))
				want, dup := seen[[2]uint64{k[0], k[1]}]
				switch {
				case dup && (created || g != want):
					t.Fatalf("key %v: group %d created=%v, want existing %d", k, g, created, want)
				case !dup && (!created || g != len(keys)):
					t.Fatalf("key %v: group %d created=%v, want new %d", k, g, created, len(keys))
				case !dup:
					seen[[2]uint64{k[0], k[1]}] = g
					keys = append(keys, k)
					*tab.word(int32(g), 0) = k[1] ^ 0x5555
				}
				if len(keys) == n/2 {
					tab.reserve(n)
				}
			}
			if tab.len() != len(keys) {
				t.Fatalf("%d groups, want %d", tab.len(), len(keys))
			}
			for g, k := range keys {
				if got := tab.lookup(k, hash.fn(k)); got != g {
					t.Fatalf("lookup %v = %d, want %d", k, got, g)
				}
				if st := tab.state(g); len(st) != 1 || st[0] != k[1]^0x5555 {
					t.Fatalf("group %d: state %v", g, st)
				}
				if kk := tab.key(g); kk[0] != k[0] || kk[1] != k[1] {
					t.Fatalf("group %d: key %v, want %v", g, kk, k)
				}
			}
			for range 1000 {
				k := []uint64{2, uint64(r.Int63n(1 << 40))} // first word never 2 above
				if got := tab.lookup(k, hash.fn(k)); got != -1 {
					t.Fatalf("lookup of absent %v = %d", k, got)
				}
			}
		})
	}
}

// BenchmarkGroupTableInsert inserts 1 M distinct 3-word keys (workload
// 3's user-hours), touching slots a block ahead as summarize does.
func BenchmarkGroupTableInsert(b *testing.B) {
	const n = 1 << 20
	keys := make([]uint64, 3*n)
	r := rand.New(rand.NewSource(1))
	for i := range n {
		keys[3*i+1], keys[3*i+2] = uint64(r.Intn(20000)), uint64(i/384)
	}
	hs := make([]uint64, n)
	for i := range hs {
		hs[i] = hashKey(keys[3*i : 3*i+3])
	}
	b.ReportAllocs()
	for b.Loop() {
		tab := newGroupTable(3, 1)
		for start := 0; start < n; start += 4096 {
			tab.touch(hs[start : start+4096])
			for i := start; i < start+4096; i++ {
				g, _ := tab.find(keys[3*i:3*i+3], hs[i])
				*tab.word(int32(g), 0) += 1
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/key")
}
