package funcs

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"quarry/internal/column"
)

func TestAggregates(t *testing.T) {
	L, S, R, D, T, B := column.Long, column.String, column.Real, column.DateTime, column.TimeSpan, column.Bool
	x := col("X", L)
	nums := rows1(l(1), l(2), null(L), l(3), l(4))
	cases := []struct {
		name string
		args []Arg
		rows [][]column.Value
		want string
	}{
		{"count", nil, nums, "count_:long=5"},
		{"count", []Arg{x}, nums, "count_X:long=5"}, // nulls counted (Q/summarize-operator)
		{"count", nil, nil, "count_:long=0"},
		{"countif", []Arg{col("", B)}, rows1(b(true), b(false), null(B), b(true)), "countif_:long=2"},
		{"sum", []Arg{x}, nums, "sum_X:long=10"},
		{"sum", []Arg{x}, nil, "sum_X:long=0"},
		{"sum", []Arg{col("X", R)}, rows1(r(1.5), r(2)), "sum_X:real=3.5"},
		{"sum", []Arg{col("X", T)}, rows1(ts("1h"), ts("30m")), "sum_X:timespan=01:30:00"},
		{"sumif", []Arg{x, col("", B)}, [][]column.Value{{l(1), b(true)}, {l(5), b(false)}, {l(2), b(true)}}, "sumif_X:long=3"},
		{"avg", []Arg{x}, nums, "avg_X:real=2.5"},
		{"avg", []Arg{x}, nil, "avg_X:real=NaN"}, // Q/summarize-operator: "NaN due to dividing by 0"
		{"avg", []Arg{col("X", D)}, rows1(dt("2021-01-01"), dt("2021-01-03")), "avg_X:datetime=2021-01-02T00:00:00Z"},
		{"avgif", []Arg{x, col("", B)}, [][]column.Value{{l(1), b(true)}, {l(5), b(false)}, {l(2), b(true)}}, "avgif_X:real=1.5"},
		{"min", []Arg{x}, nums, "min_X:long=1"},
		{"max", []Arg{x}, nums, "max_X:long=4"},
		{"max", []Arg{x}, nil, "max_X:long=null"},
		{"max", []Arg{col("X", S)}, rows1(s("b"), s(""), s("c"), s("a")), `max_X:string="c"`},
		{"min", []Arg{col("X", S)}, rows1(s("b"), s(""), s("c")), `min_X:string="b"`},
		{"min", []Arg{col("T", D)}, rows1(dt("2021-01-02"), dt("2021-01-01")), "min_T:datetime=2021-01-01T00:00:00Z"},
		{"maxif", []Arg{x, col("", B)}, [][]column.Value{{l(1), b(true)}, {l(5), b(false)}, {l(2), b(true)}}, "maxif_X:long=2"},
		{"stdev", []Arg{x}, rows1(l(1), l(2), l(3), l(4)), "stdev_X:real=1.2909944487358056"},
		{"stdevp", []Arg{x}, rows1(l(1), l(2), l(3), l(4)), "stdevp_X:real=1.118033988749895"},
		{"variance", []Arg{x}, rows1(l(1), l(2), l(3), l(4)), "variance_X:real=1.6666666666666667"},
		{"variancep", []Arg{x}, rows1(l(1), l(2), l(3), l(4)), "variancep_X:real=1.25"},
		{"variance", []Arg{x}, nil, "variance_X:real=0"},
		{"make_set", []Arg{col("X", S)}, rows1(s("a"), s("b"), s("a"), s("c")), `set_X:dynamic=["a","b","c"]`},
		{"make_set", []Arg{col("set_X", column.Dynamic)}, rows1(dyn(`["a","b"]`), dyn(`["b","c"]`)), `set_set_X:dynamic=["a","b","c"]`},
		{"makeset", []Arg{col("X", S)}, nil, `set_X:dynamic=[]`},
		{"make_set", []Arg{col("X", S), cst(l(2))}, rows1(s("a"), s("b"), s("c")), `set_X:dynamic=["a","c"]`},
		{"make_set_if", []Arg{col("X", S), col("", B)}, [][]column.Value{{s("a"), b(true)}, {s("b"), b(false)}}, `set_X:dynamic=["a"]`},
		{"make_list", []Arg{x}, nums, "list_X:dynamic=[1,4,2,3]"},
		{"makelist", []Arg{x}, nil, "list_X:dynamic=[]"},
		{"make_list_if", []Arg{x, col("", B)}, [][]column.Value{{l(1), b(true)}, {l(5), b(false)}}, "list_X:dynamic=[1]"},
		{"make_list_with_nulls", []Arg{x}, rows1(l(1), null(L)), "list_X:dynamic=[1,null]"},
		{"make_bag", []Arg{col("P", column.Dynamic)}, rows1(dyn(`{"a":1}`), dyn(`{"b":2}`), dyn(`{"a":3}`)), `bag_P:dynamic={"a":1,"b":2}`},
		{"make_bag_if", []Arg{col("P", column.Dynamic), col("", B)}, [][]column.Value{{dyn(`{"a":1}`), b(false)}}, `bag_P:dynamic={}`},
		{"dcount", []Arg{col("X", S)}, rows1(s("a"), s("b"), s("a"), s(""), s("c")), "dcount_X:long=3"},
		{"dcount", []Arg{col("X", S)}, nil, "dcount_X:long=0"},
		{"dcountif", []Arg{col("X", S), col("", B)}, [][]column.Value{{s("a"), b(true)}, {s("b"), b(false)}}, "dcountif_X:long=1"},
		{"count_distinct", []Arg{x}, nums, "count_distinct_X:long=4"},
		{"take_any", []Arg{col("State", S)}, rows1(s(""), s("KANSAS"), s("TEXAS")), `State:string="TEXAS"`},
		{"any", []Arg{col("State", S)}, nil, `any_State:string=""`},
		{"take_anyif", []Arg{col("State", S), col("", B)}, [][]column.Value{{s("A"), b(false)}, {s("B"), b(true)}}, `State:string="B"`},
		{"arg_max", []Arg{col("T", L), col("U", S)}, [][]column.Value{{l(1), s("a")}, {l(3), s("c")}, {null(L), s("n")}, {l(2), s("b")}}, `T:long=3 U:string="c"`},
		{"arg_min", []Arg{col("T", L), col("U", S)}, [][]column.Value{{l(1), s("a")}, {l(3), s("c")}, {l(2), s("b")}}, `T:long=1 U:string="a"`},
		{"argmax", []Arg{col("T", L), col("T", L), col("U", S)}, [][]column.Value{{l(1), l(1), s("a")}, {l(3), l(3), s("c")}}, `T:long=3 U:string="c"`},
		{"arg_max", []Arg{col("T", L), col("U", S)}, nil, `T:long=null U:string=""`},
		{"percentile", []Arg{x, cst(l(50))}, rows1(l(1), l(2), l(3), l(4)), "percentile_X_50:long=2"},
		{"percentiles", []Arg{x, cst(l(0)), cst(l(95)), cst(r(99.9))}, rows1(l(1), l(2), l(3), l(4), l(5)), "percentile_X_0:long=1 percentile_X_95:long=5 percentile_X_99_9:long=5"},
		{"percentile", []Arg{x, cst(l(50))}, nil, "percentile_X_50:long=null"},
		{"percentiles_array", []Arg{x, cst(l(50)), cst(l(100))}, rows1(l(1), l(2), l(3)), "percentiles_X:dynamic=[2,3]"},
		{"percentile", []Arg{x, cst(l(150))}, nil, "error: percentile must be a number between 0 and 100, got 150"},
		{"sum", []Arg{col("X", S)}, nil, "error: function 'sum' expects a scalar as argument 1, got string"},
		{"countif", []Arg{col("", L)}, nil, "error: function 'countif' expects a bool as argument 1, got long"},
	}
	for _, k := range cases {
		if got := agg(k.name, k.args, k.rows); got != k.want {
			t.Errorf("%s: got %s, want %s", k.name, got, k.want)
		}
	}
}

// The exact phase of dcount holds up to exactLimit values; past it the
// HyperLogLog estimate must stay within a few standard errors (0.8%).
func TestDcountAccuracy(t *testing.T) {
	a, _ := LookupAggregate("dcount")
	args := []Arg{col("X", column.String)}
	for _, n := range []int{1000, 4096, 20000, 100000} {
		x, y := a.New(args), a.New(args)
		for i := 0; i < n; i++ {
			v := []column.Value{s("user" + strconv.Itoa(i))}
			x.Add(v)
			y.Add(v) // duplicates in the other partial
		}
		x.Merge(y)
		got := x.Result()[0].I
		err := math.Abs(float64(got)-float64(n)) / float64(n)
		if n <= exactLimit && got != int64(n) {
			t.Errorf("dcount of %d distinct = %d, want exact", n, got)
		}
		if err > 0.03 {
			t.Errorf("dcount of %d distinct = %d (error %.2f%%)", n, got, err*100)
		}
	}
}

func TestHLLRoundTrip(t *testing.T) {
	h, _ := LookupAggregate("hll")
	m, _ := LookupAggregate("hll_merge")
	args := []Arg{col("X", column.Long)}
	var sketches []column.Value
	for part := 0; part < 2; part++ {
		acc := h.New(args)
		for i := 0; i < 6000; i++ {
			acc.Add([]column.Value{l(int64(part*3000 + i))})
		}
		sketches = append(sketches, acc.Result()[0])
	}
	macc := m.New([]Arg{col("hll_X", column.Dynamic)})
	for _, sk := range sketches {
		macc.Add([]column.Value{sk})
	}
	got := call("dcount_hll", macc.Result()[0])
	n, _ := strconv.Atoi(got)
	if math.Abs(float64(n)-9000)/9000 > 0.03 {
		t.Errorf("dcount_hll(hll_merge) = %s, want about 9000", got)
	}
}

// Every registered scalar has Check and Eval; every aggregate Outputs and
// New.
func TestRegistryComplete(t *testing.T) {
	for _, n := range ScalarNames() {
		f, _ := LookupScalar(n)
		if f.Check == nil || f.Eval == nil || f.Name == "" {
			t.Errorf("scalar %q is incomplete", n)
		}
	}
	for _, n := range AggregateNames() {
		a, _ := LookupAggregate(n)
		if a.Outputs == nil || a.New == nil || a.Name == "" {
			t.Errorf("aggregate %q is incomplete", n)
		}
	}
	for _, op := range strings.Fields("+ - * / % neg == != < <= > >= and or =~ !~ has !has has_cs !has_cs hasprefix !hasprefix " +
		"hassuffix !hassuffix contains !contains contains_cs !contains_cs startswith !startswith endswith !endswith in !in in~ !in~ " +
		"has_any has_all between !between") {
		if _, ok := LookupScalar(op); !ok {
			t.Errorf("operator %q not registered", op)
		}
	}
	if _, ok := LookupScalar("matches regex"); !ok {
		t.Error("matches regex not registered")
	}
}

// Functions must not panic on wrong-typed or null arguments.
func TestNoPanicOnNulls(t *testing.T) {
	vals := []column.Value{null(column.Long), s(""), null(column.DateTime), nullDyn, s("x"), l(-1), dyn(`[]`), null(column.Bool)}
	for _, n := range ScalarNames() {
		f, _ := LookupScalar(n)
		for arity := 0; arity <= 4; arity++ {
			for _, v := range vals {
				args := make([]column.Value, arity)
				for i := range args {
					args[i] = v
				}
				func() {
					defer func() {
						if p := recover(); p != nil {
							t.Errorf("%s(%d x %s) panicked: %v", n, arity, v, p)
						}
					}()
					as := make([]Arg, arity)
					for i := range as {
						as[i] = Arg{Type: args[i].Type}
					}
					if _, err := f.Check(as); err == nil {
						_, _ = f.Eval(testCtx, args)
					}
				}()
			}
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, seed := range []string{`{"a":[1,2.5,"x"]}`, "2014-05-25T08:20:03.123456Z", "1.02:03:04.5", "20min", "Sat, 8 Nov 14 15:05:02 GMT", "-", "", "[", "1e999"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		_ = todynamic(s(in))
		_, _ = parseDateTime(in)
		_, _ = parseTimeSpan(in)
		_, _ = parseNumber(in)
		_ = termMatch(in, "a b", true, true, true)
		_ = fmt.Sprint(call("has", s(in), s(in)))
	})
}

func BenchmarkHas(b *testing.B) {
	fn, _ := LookupScalar("has")
	args := []column.Value{s("sshd[1234]: Failed password for invalid user admin from 203.0.113.7 port 22 ssh2"), s("invalid")}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = fn.Eval(testCtx, args)
	}
}

func BenchmarkEqualString(b *testing.B) {
	fn, _ := LookupScalar("==")
	args := []column.Value{s("alice@contoso.com"), s("alice@contoso.com")}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = fn.Eval(testCtx, args)
	}
}

func BenchmarkEqualStringNumber(b *testing.B) {
	fn, _ := LookupScalar("==")
	args := []column.Value{s("50126"), l(0)}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = fn.Eval(testCtx, args)
	}
}

func BenchmarkDcount(b *testing.B) {
	a, _ := LookupAggregate("dcount")
	args := []Arg{col("X", column.String)}
	vals := make([][]column.Value, 10000)
	for i := range vals {
		vals[i] = []column.Value{s("user" + strconv.Itoa(i%3000))}
	}
	b.ReportAllocs()
	acc := a.New(args)
	i := 0
	for b.Loop() {
		acc.Add(vals[i%len(vals)])
		i++
	}
}
