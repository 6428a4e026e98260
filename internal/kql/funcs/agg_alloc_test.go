package funcs

import (
	"strconv"
	"testing"

	"quarry/internal/column"
)

// Tests of the allocation-saving paths of the aggregates: values kept
// inline, the small exact set of dcount, make_set's scan before its maps,
// the shared row shapes of take_any and arg_max.

// newAcc builds an accumulator of the named aggregate.
func newAcc(t *testing.T, name string, args ...Arg) Accumulator {
	t.Helper()
	a, ok := LookupAggregate(name)
	if !ok {
		t.Fatalf("no aggregate %s", name)
	}
	return a.New(args)
}

// results renders Result canonically.
func results(acc Accumulator) string {
	var out string
	for i, v := range acc.Result() {
		if i > 0 {
			out += " "
		}
		out += v.String()
	}
	return out
}

// addAll adds one-value rows.
func addAll(acc Accumulator, vs ...column.Value) {
	for _, v := range vs {
		acc.Add([]column.Value{v})
	}
}

// The exact set of dcount lives in the sketch until it holds sketchInline
// hashes, then in a hash table; the count is exact on both sides of the switch,
// with duplicates, merges and clones.
func TestDcountInlineToMap(t *testing.T) {
	for n := 0; n <= 2*sketchInline+1; n++ {
		acc := newAcc(t, "dcount", col("X", column.String))
		for i := 0; i < n; i++ {
			addAll(acc, s("v"+strconv.Itoa(i)), s("v0"), s("v"+strconv.Itoa(i/2)))
		}
		sk := acc.(*hllAcc).sketch
		if got := acc.Result()[0].I; got != int64(n) {
			t.Errorf("dcount of %d distinct = %d", n, got)
		}
		if spilled := sk.exact != nil; spilled != (n > sketchInline) {
			t.Errorf("%d distinct: exact table %v, want %v", n, spilled, n > sketchInline)
		}
		if sk.exactLen() != n || (sk.exact != nil && sk.n != 0) {
			t.Errorf("%d distinct: %d inline + %d in the table", n, sk.n, sk.exactLen()-int(sk.n))
		}
		if c := sk.clone(); c.count() != int64(n) {
			t.Errorf("clone of %d distinct counts %d", n, c.count())
		}
		// Merging a sketch holding the same values, and a disjoint one.
		same, other := newAcc(t, "dcount", col("X", column.String)), newAcc(t, "dcount", col("X", column.String))
		for i := 0; i < n; i++ {
			addAll(same, s("v"+strconv.Itoa(i)))
			addAll(other, s("w"+strconv.Itoa(i)))
		}
		acc.Merge(same)
		acc.Merge(other)
		if got := acc.Result()[0].I; got != int64(2*n) {
			t.Errorf("merged dcount of 2 x %d distinct = %d", n, got)
		}
	}
}

// The exact set turns into HyperLogLog registers past exactLimit distinct
// hashes, with the registers of every hash, however the exact set was
// held.
func TestDcountExactLimit(t *testing.T) {
	for _, n := range []int{exactLimit, exactLimit + 1, 3 * exactLimit} {
		s := newSketch(hllPrecision[1])
		ref := newSketch(hllPrecision[1])
		ref.regs = make([]uint8, 1<<ref.p)
		for i := 0; i < n; i++ {
			h := hashValue(l(int64(i)))
			s.add(h)
			s.add(h)
			ref.addReg(h)
		}
		if hll := s.regs != nil; hll != (n > exactLimit) {
			t.Fatalf("%d distinct: HyperLogLog %v", n, hll)
		}
		want := int64(n)
		if n > exactLimit {
			want = ref.count()
		}
		if got := s.count(); got != want {
			t.Errorf("%d distinct: count %d, want %d", n, got, want)
		}
	}
}

// A datetime is hashed from a buffer, as the hash of its valueKey.
func TestHashDateTime(t *testing.T) {
	for _, ticks := range []int64{0, 1, -1, 9_999_999, 10_000_000, 638000000001234567, 638000000000000000,
		638000000001000000, 638000000000000010, -621355968000000000, 2534023007999999999} {
		v := column.DateTimeTicks(ticks)
		if got, want := string(appendDateTime(nil, ticks)), column.FormatDateTime(ticks); got != want {
			t.Errorf("appendDateTime(%d) = %s, want %s", ticks, got, want)
		}
		if got, want := hashValue(v), xxh64([]byte(valueKey(v))); got != want {
			t.Errorf("hashValue(%s) = %x, want %x", v, got, want)
		}
		if got, want := payload(v), v.Payload(); got != want {
			t.Errorf("payload(%s) = %v, want %v", v, got, want)
		}
	}
	if got := payload(null(column.DateTime)); got != nil {
		t.Errorf("payload(null datetime) = %v", got)
	}
}

func TestTakeAnyNulls(t *testing.T) {
	L, S := column.Long, column.String
	cases := []struct {
		name string
		args []Arg
		rows [][]column.Value
		want string
	}{
		{"take_any", []Arg{col("X", L)}, rows1(null(L), null(L)), "X:long=null"},
		{"take_any", []Arg{col("X", L)}, rows1(null(L), l(5), l(7)), "X:long=7"}, // rows 0 and 2 in the receiver of Merge (agg)
		{"take_any", []Arg{col("X", L)}, rows1(null(L), null(L), l(7)), "X:long=7"},
		{"take_any", []Arg{col("X", S)}, rows1(s(""), s(""), s("x")), `X:string="x"`},
		{"take_any", []Arg{col("X", S)}, rows1(s(""), s("")), `X:string=""`},
		{"take_any", []Arg{col("X", L)}, nil, "X:long=null"},
		{"take_any", []Arg{col("X", L), col("Y", S)}, [][]column.Value{{null(L), s("a")}, {null(L), s("b")}}, `X:long=null Y:string="a"`},
		{"take_any", []Arg{col("X", L), col("Y", S)}, [][]column.Value{{null(L), s("a")}, {l(2), s("b")}, {l(3), s("c")}}, `X:long=3 Y:string="c"`},
		{"take_any", []Arg{col("X", L), col("Y", S)}, nil, `X:long=null Y:string=""`},
		{"take_any", []Arg{col("X", L), col("X", L), col("Y", S)}, [][]column.Value{{l(1), l(1), s("a")}}, `X:long=1 Y:string="a"`},
		{"take_anyif", []Arg{col("X", L), col("", column.Bool)}, [][]column.Value{{l(1), b(false)}, {null(L), b(true)}, {l(3), b(true)}}, "X:long=3"},
		{"take_anyif", []Arg{col("X", L), col("", column.Bool)}, [][]column.Value{{l(1), b(false)}}, "X:long=null"},
	}
	for _, c := range cases {
		if got := agg(c.name, c.args, c.rows); got != c.want {
			t.Errorf("%s%v: got %s, want %s", c.name, c.rows, got, c.want)
		}
	}
}

// take_any keeps the first non-empty value, or the first value of a group
// of empty ones (one accumulator, no Merge).
func TestTakeAnyFirst(t *testing.T) {
	L, S := column.Long, column.String
	cases := []struct {
		args []Arg
		rows [][]column.Value
		want string
	}{
		{[]Arg{col("X", L)}, rows1(null(L), l(5), l(7)), "5"},
		{[]Arg{col("X", S)}, rows1(s(""), s("a"), s("b")), `"a"`},
		{[]Arg{col("X", L), col("Y", S)}, [][]column.Value{{null(L), s("a")}, {null(L), s("b")}}, `null "a"`},
		{[]Arg{col("X", L), col("Y", S)}, [][]column.Value{{null(L), s("a")}, {l(2), s("b")}, {l(3), s("c")}}, `2 "b"`},
		{[]Arg{col("X", S)}, rows1(s(""), s("")), `""`},
		{[]Arg{col("X", column.Dynamic)}, rows1(nullDyn, dyn(`""`), dyn(`[]`)), "[]"},
		{[]Arg{col("X", column.Dynamic)}, rows1(nullDyn, dyn(`""`)), "null"},
		{[]Arg{col("X", column.Dynamic)}, rows1(dyn(`""`), nullDyn), `""`},
	}
	for _, c := range cases {
		acc := newAcc(t, "take_any", c.args...)
		for _, r := range c.rows {
			acc.Add(r)
		}
		if got := results(acc); got != c.want {
			t.Errorf("take_any%v = %s, want %s", c.rows, got, c.want)
		}
	}
}

// Merge keeps a non-empty value over an empty one, and the receiver's
// value when both are non-empty.
func TestTakeAnyMerge(t *testing.T) {
	for _, args := range [][]Arg{{col("X", column.Long)}, {col("X", column.Long), col("Y", column.Long)}} {
		row := func(v column.Value) []column.Value { return []column.Value{v, v}[:len(args)] }
		mk := func(vs ...column.Value) Accumulator {
			acc := newAcc(t, "take_any", args...)
			for _, v := range vs {
				acc.Add(row(v))
			}
			return acc
		}
		cases := []struct {
			x, y Accumulator
			want column.Value
		}{
			{mk(), mk(), null(column.Long)},
			{mk(), mk(null(column.Long)), null(column.Long)},
			{mk(null(column.Long)), mk(l(2)), l(2)},
			{mk(l(1)), mk(l(2)), l(1)},
			{mk(), mk(l(2)), l(2)},
		}
		for i, c := range cases {
			c.x.Merge(c.y)
			if got := c.x.Result()[0]; got != c.want {
				t.Errorf("%d args, case %d: got %s, want %s", len(args), i, got, c.want)
			}
		}
	}
}

func TestExtremeNulls(t *testing.T) {
	L, S, D := column.Long, column.String, column.DateTime
	cases := []struct {
		name string
		args []Arg
		rows [][]column.Value
		want string
	}{
		{"max", []Arg{col("X", L)}, rows1(null(L), l(3), null(L), l(1)), "max_X:long=3"},
		{"min", []Arg{col("X", L)}, rows1(null(L), l(3), null(L), l(1)), "min_X:long=1"},
		{"min", []Arg{col("X", L)}, rows1(null(L), null(L)), "min_X:long=null"},
		{"max", []Arg{col("X", S)}, rows1(s(""), s("")), `max_X:string=""`},
		{"min", []Arg{col("T", D)}, rows1(null(D), dt("2021-01-02"), null(D)), "min_T:datetime=2021-01-02T00:00:00Z"},
		{"maxif", []Arg{col("T", D), col("", column.Bool)}, [][]column.Value{{dt("2021-01-03"), b(false)}, {dt("2021-01-02"), b(true)}, {null(D), b(true)}}, "maxif_T:datetime=2021-01-02T00:00:00Z"},
		{"minif", []Arg{col("T", D), col("", column.Bool)}, [][]column.Value{{dt("2021-01-03"), b(false)}}, "minif_T:datetime=null"},
	}
	for _, c := range cases {
		if got := agg(c.name, c.args, c.rows); got != c.want {
			t.Errorf("%s%v: got %s, want %s", c.name, c.rows, got, c.want)
		}
	}
}

// make_set stops at its maximum size (and says so: Full), and finds
// duplicates the same way before and after it indexes its items.
func TestMakeSetSaturation(t *testing.T) {
	acc := newAcc(t, "make_set", col("X", column.String), cst(l(3)))
	sat := acc.(Saturable)
	addAll(acc, s("a"), s("b"), s("a"))
	if sat.Full() {
		t.Error("make_set(X, 3) full with 2 values")
	}
	addAll(acc, s("c"))
	if !sat.Full() {
		t.Error("make_set(X, 3) not full with 3 values")
	}
	addAll(acc, s("d"), s("a"))
	if got := results(acc); got != `["a","b","c"]` {
		t.Errorf("make_set(X, 3) = %s", got)
	}

	// Past smallSet strings, with a long and the same text as a string.
	acc = newAcc(t, "make_set", col("X", column.Dynamic))
	var want []string
	for i := 0; i < 2*smallSet; i++ {
		v := "v" + strconv.Itoa(i)
		addAll(acc, s(v), s("v0"), s(v))
		want = append(want, strconv.Quote(v))
		if i == smallSet-2 {
			addAll(acc, l(1), s("1"), l(1), dyn(`["1", 1, "v1"]`))
			want = append(want, "1", `"1"`)
		}
	}
	addAll(acc, dyn(`["v3", 1, "new"]`), s("1"))
	want = append(want, `"new"`)
	if got := results(acc); got != "["+join(want)+"]" {
		t.Errorf("make_set = %s\nwant [%s]", got, join(want))
	}
}

func join(xs []string) string {
	out := ""
	for i, x := range xs {
		if i > 0 {
			out += ","
		}
		out += x
	}
	return out
}

// make_list keeps its first items inline and grows past them up to its
// maximum size; the result never changes with later Adds.
func TestMakeListGrowth(t *testing.T) {
	for _, limit := range []int64{1, 2, 3, 5, 1000} {
		acc := newAcc(t, "make_list", col("X", column.Long), cst(l(limit)))
		var first column.Value
		var want []string
		for i := int64(0); i < 12; i++ {
			addAll(acc, l(i))
			if i < limit {
				want = append(want, strconv.FormatInt(i, 10))
			}
			if i == 0 {
				first = acc.Result()[0]
			}
		}
		if got := results(acc); got != "["+join(want)+"]" {
			t.Errorf("make_list(X, %d) = %s", limit, got)
		}
		if first.String() != "[0]" {
			t.Errorf("make_list(X, %d): the first result became %s", limit, first)
		}
		if arr := acc.Result()[0].D.([]any); cap(arr) != len(arr) {
			t.Errorf("make_list(X, %d): result capacity %d > length %d", limit, cap(arr), len(arr))
		}
		if arr := first.D.([]any); &arr[0] == &acc.(*listAcc).inline[0] {
			t.Errorf("make_list(X, %d): the result holds the accumulator's inline items", limit)
		}
	}
}

// arg_max keeps a shared row shape per aggregate; a call with other
// arguments gets its own.
func TestArgShapeCache(t *testing.T) {
	L, S := column.Long, column.String
	for range 2 {
		if got := agg("arg_max", []Arg{col("T", L), col("T", L), col("U", S)}, [][]column.Value{{l(1), l(1), s("a")}, {l(3), l(3), s("c")}}); got != `T:long=3 U:string="c"` {
			t.Errorf("arg_max(T, T, U) = %s", got)
		}
		if got := agg("arg_max", []Arg{col("T", L), col("U", S), col("V", L)}, [][]column.Value{{l(1), s("a"), l(5)}, {null(L), s("n"), l(6)}}); got != `T:long=1 U:string="a" V:long=5` {
			t.Errorf("arg_max(T, U, V) = %s", got)
		}
		if got := agg("arg_min", []Arg{col("T", S), col("U", S)}, [][]column.Value{{s("b"), s("x")}, {s("a"), s("y")}}); got != `T:string="a" U:string="y"` {
			t.Errorf("arg_min(T, U) = %s", got)
		}
		if got := agg("arg_max", []Arg{col("T", L), col("U", S)}, [][]column.Value{{null(L), s("a")}, {null(L), s("b")}}); got != `T:long=null U:string="a"` {
			t.Errorf("arg_max of null keys = %s", got)
		}
	}
}

// Result may be called again and gives the same values.
func TestResultTwice(t *testing.T) {
	for _, c := range benchAggCases() {
		name := map[string]string{"take_any2": "take_any", "dcount_time": "dcount", "make_set_big": "make_set"}[c.name]
		if name == "" {
			name = c.name
		}
		acc := newAcc(t, name, c.args...)
		for i := range 3 {
			acc.Add(c.row(i))
		}
		if r1, r2 := results(acc), results(acc); r1 != r2 {
			t.Errorf("%s: Result %s, then %s", c.name, r1, r2)
		}
	}
}

// Allocations of one group (New, three Adds, Result) of the aggregates
// whose state is inline: one, the accumulator.
func TestAggregateAllocs(t *testing.T) {
	for _, c := range benchAggCases() {
		switch c.name {
		case "countif", "sum", "sumif", "avg", "stdev", "min", "max", "minif", "maxif", "take_any", "dcount", "dcount_time", "dcountif":
		default:
			continue
		}
		name := c.name
		if name == "dcount_time" {
			name = "dcount"
		}
		a, _ := LookupAggregate(name)
		rows := [][]column.Value{c.row(0), c.row(1), c.row(2)}
		n := testing.AllocsPerRun(100, func() {
			acc := a.New(c.args)
			for _, r := range rows {
				acc.Add(r)
			}
			benchSink = acc.Result()
		})
		if n != 1 {
			t.Errorf("%s: %v allocations per group, want 1", c.name, n)
		}
	}
}
