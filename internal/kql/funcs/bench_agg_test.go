package funcs

import (
	"strconv"
	"testing"

	"quarry/internal/column"
)

// The benchmarks below measure one group's life as summarize drives it:
// a new accumulator, one to three Adds, one Result. In the hunt's rules
// most groups are new at each tick, so these allocations dominate.

var (
	benchSink  []column.Value
	benchValue column.Value
)

// aggBench is one aggregate call of the rules, with the rows it folds.
type aggBench struct {
	name string
	args []Arg
	row  func(i int) []column.Value
}

func benchAggCases() []aggBench {
	L, S, B, T, R := column.Long, column.String, column.Bool, column.DateTime, column.Real
	str := func(i int) column.Value { return s("user" + strconv.Itoa(i%3)) }
	when := func(i int) column.Value { return column.DateTimeTicks(638000000000000000 + int64(i)*1234567) }
	one := func(v func(int) column.Value) func(int) []column.Value {
		return func(i int) []column.Value { return []column.Value{v(i)} }
	}
	withPred := func(v func(int) column.Value) func(int) []column.Value {
		return func(i int) []column.Value { return []column.Value{v(i), b(i%2 == 0)} }
	}
	num := func(i int) column.Value { return l(int64(1000 + i*7)) }
	real := func(i int) column.Value { return r(float64(i) * 1.5) }
	pack := func(i int) column.Value {
		return evalPack([]column.Value{s("time"), when(i), s("account"), str(i), s("attempts"), l(int64(i)), s("result"), s("Incorrect password"), s("target"), s("vpn")})
	}
	return []aggBench{
		{"countif", []Arg{col("", column.Dynamic)}, one(func(i int) column.Value { return column.DynamicValue(i%2 == 0) })},
		{"sum", []Arg{col("X", R)}, one(real)},
		{"sumif", []Arg{col("X", L), col("", B)}, withPred(num)},
		{"avg", []Arg{col("X", L)}, one(num)},
		{"stdev", []Arg{col("X", L)}, one(num)},
		{"min", []Arg{col("T", T)}, one(when)},
		{"max", []Arg{col("T", T)}, one(when)},
		{"minif", []Arg{col("T", T), col("", B)}, withPred(when)},
		{"maxif", []Arg{col("T", T), col("", B)}, withPred(when)},
		{"take_any", []Arg{col("U", S)}, one(str)},
		{"take_any2", []Arg{col("U", S), col("T", T)}, func(i int) []column.Value { return []column.Value{str(i), when(i)} }},
		{"arg_max", []Arg{col("N", L), col("U", S)}, func(i int) []column.Value { return []column.Value{num(i), str(i)} }},
		{"dcount", []Arg{col("U", S)}, one(str)},
		{"dcount_time", []Arg{col("T", T)}, one(when)},
		{"dcountif", []Arg{col("U", S), col("", B)}, withPred(str)},
		{"make_set", []Arg{col("U", S), cst(l(5))}, one(str)},
		{"make_set_big", []Arg{col("U", S), cst(l(1000))}, one(str)},
		{"make_set_if", []Arg{col("U", S), col("", B), cst(l(200))}, withPred(str)},
		{"make_list", []Arg{col("P", column.Dynamic), cst(l(5))}, one(pack)},
		{"make_list_if", []Arg{col("P", column.Dynamic), col("", B), cst(l(5))}, withPred(pack)},
		{"percentile", []Arg{col("X", L), cst(l(50))}, one(num)},
		{"mad", []Arg{col("X", L)}, one(num)},
	}
}

// BenchmarkAggGroup: New + n Adds + Result per iteration.
func BenchmarkAggGroup(b *testing.B) {
	for _, c := range benchAggCases() {
		name := c.name
		switch name {
		case "take_any2":
			name = "take_any"
		case "dcount_time":
			name = "dcount"
		case "make_set_big":
			name = "make_set"
		}
		a, ok := LookupAggregate(name)
		if !ok {
			b.Fatalf("no aggregate %s", name)
		}
		for _, n := range []int{1, 3} {
			rows := make([][]column.Value, n)
			for i := range rows {
				rows[i] = c.row(i)
			}
			b.Run(c.name+"/"+strconv.Itoa(n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					acc := a.New(c.args)
					for _, r := range rows {
						acc.Add(r)
					}
					benchSink = acc.Result()
				}
			})
		}
	}
}

// BenchmarkBagPack: the evidence bag of the spray rules, five pairs with
// a datetime, strings and a long.
func BenchmarkBagPack(b *testing.B) {
	args := []column.Value{s("time"), column.DateTimeTicks(638000000001234567), s("account"), s("alice@contoso.com"),
		s("attempts"), l(3), s("result"), s("Incorrect password"), s("target"), s("vpn.contoso.com")}
	b.ReportAllocs()
	for b.Loop() {
		benchValue = evalPack(args)
	}
}
