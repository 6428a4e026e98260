package funcs

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/rand"
	"slices"
	"strconv"
	"strings"
	"testing"

	"quarry/internal/column"
)

// Tests of the sketch of dcount, dcountif, hll and hll_merge against a
// straightforward reference: a Go map of the distinct hashes, turned into
// HyperLogLog registers (addReg of every hash) once it holds more than
// exactLimit of them.

// refSketch is the reference: the distinct hashes, and whether their
// number ever exceeded exactLimit.
type refSketch struct {
	set map[uint64]bool
	p   uint8
	hll bool
}

func newRef(p uint8) *refSketch { return &refSketch{set: map[uint64]bool{}, p: p} }

func (r *refSketch) add(h uint64) {
	r.set[h] = true
	if len(r.set) > exactLimit {
		r.hll = true
	}
}

// regs returns the registers of every hash added.
func (r *refSketch) regs() []uint8 {
	s := newSketch(r.p)
	s.regs = make([]uint8, 1<<r.p)
	for h := range r.set {
		s.addReg(h)
	}
	return s.regs
}

// count is what the sketch must count.
func (r *refSketch) count() int64 {
	if !r.hll {
		return int64(len(r.set))
	}
	s := newSketch(r.p)
	s.regs = r.regs()
	return s.count()
}

// hllPayload decodes the hashes of an exact sketch's hll() encoding.
func hllPayload(t *testing.T, d any) (kind string, hashes []uint64, regs []byte) {
	t.Helper()
	arr := d.([]any)
	b, err := base64.StdEncoding.DecodeString(arr[3].(string))
	if err != nil {
		t.Fatal(err)
	}
	if arr[2] == "regs" {
		return "regs", nil, b
	}
	for i := 0; i+8 <= len(b); i += 8 {
		var h uint64
		for j := range 8 {
			h |= uint64(b[i+j]) << (8 * j)
		}
		hashes = append(hashes, h)
	}
	return "exact", hashes, nil
}

// checkSketch compares s with the reference: the count, the state (exact
// or registers), the registers, the exact set, and the hll() encoding
// (first-seen order while the set is inline, sorted once it spilled),
// which must decode to a sketch counting the same.
func checkSketch(t *testing.T, what string, s *sketch, ref *refSketch, order []uint64) {
	t.Helper()
	if got, want := s.count(), ref.count(); got != want {
		t.Errorf("%s: count %d, want %d", what, got, want)
	}
	if (s.regs != nil) != ref.hll {
		t.Fatalf("%s: registers %v, want %v", what, s.regs != nil, ref.hll)
	}
	if s.p != ref.p {
		t.Errorf("%s: precision %d, want %d", what, s.p, ref.p)
	}
	d := sketchToDynamic(s)
	kind, hashes, regs := hllPayload(t, d)
	if ref.hll {
		if kind != "regs" || !slices.Equal(regs, ref.regs()) || !slices.Equal(s.regs, ref.regs()) {
			t.Errorf("%s: registers differ from the reference", what)
		}
	} else {
		if kind != "exact" || len(hashes) != len(ref.set) {
			t.Fatalf("%s: encoded %s of %d hashes, want exact of %d", what, kind, len(hashes), len(ref.set))
		}
		for _, h := range hashes {
			if !ref.set[h] {
				t.Fatalf("%s: encoded hash %x not added", what, h)
			}
		}
		switch {
		case len(hashes) <= sketchInline && order != nil:
			if !slices.Equal(hashes, order) {
				t.Errorf("%s: inline hashes encoded as %x, want first-seen order %x", what, hashes, order)
			}
		case len(hashes) > sketchInline:
			if !slices.IsSorted(hashes) {
				t.Errorf("%s: spilled hashes not encoded in ascending order", what)
			}
		}
		n := 0
		s.eachExact(func(h uint64) {
			n++
			if !ref.set[h] {
				t.Fatalf("%s: eachExact gives %x, not added", what, h)
			}
		})
		if n != len(ref.set) || s.exactLen() != n {
			t.Errorf("%s: eachExact gives %d hashes, exactLen %d, want %d", what, n, s.exactLen(), len(ref.set))
		}
	}
	back, ok := sketchFromValue(column.DynamicValue(d))
	if !ok || back.count() != s.count() || (back.regs != nil) != (s.regs != nil) {
		t.Errorf("%s: the hll() encoding does not round-trip", what)
	}
}

// hashStream returns a stream of exactly n distinct hashes, with about
// one repeat in six, 0 now and then, and runs of hashes equal in their
// low bits or their high bits (colliding slots of a hash table indexed
// by either).
func hashStream(r *rand.Rand, n int) []uint64 {
	out := make([]uint64, 0, n+n/5)
	seen := make(map[uint64]bool, n)
	for len(seen) < n {
		var h uint64
		switch k := r.Intn(40); {
		case k == 0:
			h = 0
		case k < 8 && len(out) > 0:
			h = out[r.Intn(len(out))]
		case k < 10:
			h = uint64(r.Intn(64)) << (40 + r.Intn(20))
		case k < 12:
			h = uint64(r.Intn(1 << 20)) // low bits only
		default:
			h = r.Uint64()
		}
		seen[h] = true
		out = append(out, h)
	}
	return out
}

// sizes are the numbers of distinct hashes added: every size of the inline set
// and just past it, the exact set's growth, and around exactLimit.
func sizes() []int {
	var out []int
	for n := 0; n <= 40; n++ {
		out = append(out, n)
	}
	for n := exactLimit - 8; n <= exactLimit+8; n++ {
		out = append(out, n)
	}
	return append(out, 100, 1000, 3072, 3073, 6000, 20000)
}

// TestSketchMatchesReference adds streams of hashes, with duplicates and
// hashes crowding the same slots, around every boundary of the sketch.
func TestSketchMatchesReference(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for _, p := range []uint8{12, 14, 18} {
		for _, n := range sizes() {
			hs := hashStream(r, n)
			s, ref := newSketch(p), newRef(p)
			var order []uint64
			for _, h := range hs {
				s.add(h)
				if !ref.set[h] {
					order = append(order, h)
				}
				ref.add(h)
			}
			what := fmt.Sprintf("p=%d, %d hashes", p, n)
			checkSketch(t, what, s, ref, order)
			c := s.clone()
			checkSketch(t, what+", clone", c, ref, order)
			// The clone is independent of the original.
			for _, h := range hashStream(r, 50) {
				c.add(h)
			}
			checkSketch(t, what+", after adding to its clone", s, ref, order)
		}
	}
}

// TestSketchMerge merges sketches of every pair of states (empty, inline,
// spilled, just under and over exactLimit, registers), overlapping or
// not, and checks the union.
func TestSketchMerge(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	ns := []int{0, 1, 5, 6, 7, 13, 40, 700, exactLimit - 3, exactLimit, exactLimit + 1, 9000}
	for _, a := range ns {
		for _, b := range ns {
			ha, hb := hashStream(r, a), hashStream(r, b)
			if b > 0 && a > 0 {
				hb = append(hb, ha[:min(len(ha), 1+b/3)]...) // overlap
			}
			s, o := newSketch(14), newSketch(14)
			ref := newRef(14)
			var order []uint64
			for _, h := range ha {
				s.add(h)
				if !ref.set[h] {
					order = append(order, h)
				}
				ref.add(h)
			}
			for _, h := range hb {
				o.add(h)
			}
			oc := o.clone()
			s.merge(o)
			var later []uint64
			o.eachExact(func(h uint64) { later = append(later, h) })
			for _, h := range later {
				if !ref.set[h] {
					order = append(order, h)
				}
				ref.add(h)
			}
			if o.regs != nil {
				for _, h := range hb {
					ref.add(h)
				}
				ref.hll = true
			}
			if len(order) > sketchInline {
				order = nil
			}
			checkSketch(t, fmt.Sprintf("merge of %d into %d", b, a), s, ref, order)
			if o.count() != oc.count() || !slices.Equal(o.regs, oc.regs) || o.exactLen() != oc.exactLen() {
				t.Errorf("merge of %d into %d changed the merged sketch", b, a)
			}
		}
	}
}

// goldenDigest is the SHA-256 of goldenText as the map-based exact set
// gave it (with its spilled hashes sorted: the map's order was random):
// dcount, dcountif and hll over strings and longs of many sizes, merges
// of sketches of every state and of different precisions, hll_merge and
// dcount_hll.
const goldenDigest = "e7270a1c26723c2496908b202a17235e751b6bce45b127d6c773cd3cde26c2b8"

// goldenText renders the results of many aggregations, the hll()
// encodings with their spilled hashes sorted.
func goldenText(t *testing.T) string {
	var sb strings.Builder
	canon := func(v column.Value) string {
		if v.Type != column.Dynamic || v.D == nil {
			return v.String()
		}
		kind, hashes, regs := hllPayload(t, v.D)
		if kind == "regs" {
			return fmt.Sprintf("%v regs %s", v.D.([]any)[1], hex.EncodeToString(regs))
		}
		if len(hashes) > sketchInline {
			slices.Sort(hashes)
		}
		return fmt.Sprintf("%v exact %x", v.D.([]any)[1], hashes)
	}
	dc, _ := LookupAggregate("dcount")
	dci, _ := LookupAggregate("dcountif")
	hl, _ := LookupAggregate("hll")
	hm, _ := LookupAggregate("hll_merge")
	r := rand.New(rand.NewSource(3))
	var sketches []column.Value
	for _, n := range sizes() {
		for acc := range 3 {
			strs := []Arg{col("X", column.String), cst(l(int64(acc)))}
			longs := []Arg{col("X", column.Long), cst(l(int64(2 * acc)))}
			d, di, h, hi := dc.New(strs), dci.New([]Arg{strs[0], col("", column.Bool), strs[1]}), hl.New(strs), hl.New(longs)
			for range n {
				v := s("v" + strconv.Itoa(r.Intn(n+1)))
				if r.Intn(50) == 0 {
					v = s("")
				}
				d.Add([]column.Value{v})
				p := b(r.Intn(3) > 0)
				if r.Intn(20) == 0 {
					p = null(column.Bool)
				}
				di.Add([]column.Value{v, p})
				h.Add([]column.Value{v})
				x := l(r.Int63n(int64(n+1)) - 10)
				if r.Intn(30) == 0 {
					x = null(column.Long)
				}
				hi.Add([]column.Value{x})
			}
			// exactly n distinct longs, each twice
			e := hl.New(longs)
			for i := range 2 * n {
				e.Add([]column.Value{l(int64(i%n) * 7919)})
			}
			fmt.Fprintf(&sb, "%d/%d: %s %s %s %s %s\n", n, acc, canon(d.Result()[0]), canon(di.Result()[0]), canon(h.Result()[0]),
				canon(hi.Result()[0]), canon(e.Result()[0]))
			sketches = append(sketches, h.Result()[0], hi.Result()[0], e.Result()[0])
		}
	}
	for i := 0; i+7 < len(sketches); i += 7 {
		m := hm.New([]Arg{col("S", column.Dynamic)})
		for _, sk := range sketches[i : i+8] {
			m.Add([]column.Value{sk})
		}
		res := m.Result()[0]
		fmt.Fprintf(&sb, "merge %d: %s %s\n", i, canon(res), call("dcount_hll", res))
		d1, d2 := dc.New([]Arg{col("X", column.Long)}), dc.New([]Arg{col("X", column.Long)})
		for j := range i {
			d1.Add([]column.Value{l(int64(j))})
			d2.Add([]column.Value{l(int64(j * 3))})
		}
		d1.Merge(d2)
		fmt.Fprintf(&sb, "dcount merge %d: %s\n", i, canon(d1.Result()[0]))
	}
	return sb.String()
}

// TestDcountGolden checks the results of goldenText against the digest
// of the map-based implementation.
func TestDcountGolden(t *testing.T) {
	text := goldenText(t)
	sum := sha256.Sum256([]byte(text))
	if got := hex.EncodeToString(sum[:]); got != goldenDigest {
		t.Errorf("golden digest %s, want %s (%d lines)", got, goldenDigest, strings.Count(text, "\n"))
	}
}

// BenchmarkSketchGroup adds the values of one group of a summarize to a
// new sketch: n distinct hashes, each once or twice.
func BenchmarkSketchGroup(b *testing.B) {
	for _, n := range []int{4, 13, 40, 200} {
		hs := make([]uint64, 0, 2*n)
		for i := range n {
			hs = append(hs, hashValue(s("user"+strconv.Itoa(i)+"@contoso.com")))
		}
		hs = append(hs, hs[:n/2]...)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s := newSketch(14)
				for _, h := range hs {
					s.add(h)
				}
				if s.count() != int64(n) {
					b.Fatal(s.count())
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(hs)), "ns/add")
		})
	}
}

// TestDistinctHashes checks summarize's entry points for dcount and
// dcountif (exec/summarize_dcount.go): the hashes are those of the
// values' valueKey-based hashing as Add computes it, AddDistinctHash of
// the rows Add keeps gives the same sketch as Add, and HashedDistinct
// names the predicate.
func TestDistinctHashes(t *testing.T) {
	for _, x := range []string{"", "a", "user1@contoso.com", strings.Repeat("long account name ", 9), "\x00é"} {
		if got, want := DistinctHashString(x), hashValue(s(x)); got != want {
			t.Errorf("DistinctHashString(%q) = %x, want %x", x, got, want)
		}
	}
	for _, x := range []int64{0, 1, -1, 1 << 40, -1 << 63, 1<<63 - 1} {
		if got, want := DistinctHashInt(x), hashValue(l(x)); got != want {
			t.Errorf("DistinctHashInt(%d) = %x, want %x", x, got, want)
		}
		if got, want := DistinctHashInt(x), hashValue(column.Value{Type: column.Int, I: x}); got != want {
			t.Errorf("DistinctHashInt(%d) = %x, want the int's %x", x, got, want)
		}
	}
	for name, want := range map[string]int{"dcount": -1, "dcountif": 1, "hll": 0, "hll_merge": 0, "count": 0} {
		fn, _ := LookupAggregate(name)
		pred, ok := HashedDistinct(fn)
		if ok != (want != 0) || (ok && pred != want) {
			t.Errorf("HashedDistinct(%s) = %d, %v", name, pred, ok)
		}
	}
	r := rand.New(rand.NewSource(4))
	for _, n := range []int{0, 3, 6, 7, 50, exactLimit, exactLimit + 1, 9000} {
		args := []Arg{col("X", column.String), col("", column.Bool)}
		viaAdd, viaHash := newAcc(t, "dcountif", args...), newAcc(t, "dcountif", args...)
		for range n {
			v := s("v" + strconv.Itoa(r.Intn(n+1)))
			p := r.Intn(3) > 0
			viaAdd.Add([]column.Value{v, b(p)})
			if p && v.S != "" {
				AddDistinctHash(viaHash, DistinctHashString(v.S))
			}
		}
		x, y := viaAdd.(*hllAcc).sketch, viaHash.(*hllAcc).sketch
		if results(viaAdd) != results(viaHash) || !slices.Equal(x.regs, y.regs) || x.exactLen() != y.exactLen() ||
			fmt.Sprint(sketchToDynamic(x)) != fmt.Sprint(sketchToDynamic(y)) {
			t.Errorf("%d rows: AddDistinctHash gives %s, Add %s", n, results(viaHash), results(viaAdd))
		}
	}
}
