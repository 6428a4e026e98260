package funcs

import (
	"strings"
	"testing"
	"time"

	"quarry/internal/column"
)

// Value builders for tests.
func s(x string) column.Value  { return column.StringValue(x) }
func l(x int64) column.Value   { return column.LongValue(x) }
func i32(x int64) column.Value { return column.IntValue(x) }
func r(x float64) column.Value { return column.RealValue(x) }
func b(x bool) column.Value    { return column.BoolValue(x) }

func dt(x string) column.Value {
	t, ok := parseDateTime(x)
	if !ok {
		panic("bad datetime " + x)
	}
	return column.DateTimeTicks(t)
}

func ts(x string) column.Value {
	t, ok := parseTimeSpan(x)
	if !ok {
		panic("bad timespan " + x)
	}
	return column.TimeSpanTicks(t)
}

func dyn(x string) column.Value {
	d, ok := parseJSON(x)
	if !ok {
		panic("bad json " + x)
	}
	return column.DynamicValue(d)
}

func null(t column.Type) column.Value { return column.NullOf(t) }

var testCtx = &Context{Now: time.Date(2024, 3, 10, 12, 0, 0, 0, time.UTC)}

// call type-checks and evaluates a scalar with constant arguments and
// returns the canonical result ("error: ..." on failure).
func call(name string, args ...column.Value) string {
	fn, ok := LookupScalar(name)
	if !ok {
		return "error: unknown function " + name
	}
	as := make([]Arg, len(args))
	for i := range args {
		v := args[i]
		as[i] = Arg{Type: v.Type, Const: &v}
	}
	t, err := fn.Check(as)
	if err != nil {
		return "error: " + err.Error()
	}
	v, err := fn.Eval(testCtx, args)
	if err != nil {
		return "error: " + err.Error()
	}
	if v.Type != t && t != column.Invalid {
		return "type mismatch: checked " + t.String() + ", got " + v.Type.String() + " " + v.String()
	}
	return v.String()
}

type tc struct {
	name string
	args []column.Value
	want string
}

func c(name string, want string, args ...column.Value) tc { return tc{name, args, want} }

func runCases(t *testing.T, cases []tc) {
	t.Helper()
	for _, k := range cases {
		got := call(k.name, k.args...)
		if got != k.want {
			parts := make([]string, len(k.args))
			for i, a := range k.args {
				parts[i] = a.String()
			}
			t.Errorf("%s(%s) = %s, want %s", k.name, strings.Join(parts, ", "), got, k.want)
		}
	}
}

// agg runs an aggregate over rows, split into two accumulators merged at
// the end, and returns "name:type=value" for each output.
func agg(name string, args []Arg, rows [][]column.Value) string {
	a, ok := LookupAggregate(name)
	if !ok {
		return "error: unknown aggregate " + name
	}
	fields, err := a.Outputs(args)
	if err != nil {
		return "error: " + err.Error()
	}
	x, y := a.New(args), a.New(args)
	for i, row := range rows {
		if i%2 == 0 {
			x.Add(row)
		} else {
			y.Add(row)
		}
	}
	x.Merge(y)
	res := x.Result()
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = f.Name + ":" + f.Type.String() + "=" + res[i].String()
	}
	return strings.Join(parts, " ")
}

// rows1 wraps single values as one-column rows.
func rows1(vs ...column.Value) [][]column.Value {
	out := make([][]column.Value, len(vs))
	for i, v := range vs {
		out[i] = []column.Value{v}
	}
	return out
}

func col(name string, t column.Type) Arg { return Arg{Type: t, Name: name} }

func cst(v column.Value) Arg { return Arg{Type: v.Type, Const: &v} }

func nan() float64 { z := 0.0; return z / z }
func inf() float64 { z := 0.0; return 1 / z }
