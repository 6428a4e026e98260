package exec

import (
	"fmt"
	"math"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"time"

	"quarry/internal/column"
	"quarry/internal/kql/check"
	"quarry/internal/kql/funcs"
)

// The kernels of expr_kernels.go are checked against the generic per-row
// evaluator (callEval over arguments compiled without any kernel) on
// random batches: every value, null bit and type must be the same.

// kernelSchema is the schema of the random batches.
var kernelSchema = column.Schema{
	{Name: "s1", Type: column.String}, {Name: "s2", Type: column.String}, {Name: "s3", Type: column.String},
	{Name: "js", Type: column.String}, // JSON text and other strings
	{Name: "l1", Type: column.Long}, {Name: "l2", Type: column.Long}, {Name: "i1", Type: column.Int},
	{Name: "r1", Type: column.Real}, {Name: "r2", Type: column.Real},
	{Name: "b1", Type: column.Bool}, {Name: "b2", Type: column.Bool},
	{Name: "t1", Type: column.DateTime}, {Name: "t2", Type: column.DateTime}, {Name: "ts1", Type: column.TimeSpan},
	{Name: "d1", Type: column.Dynamic}, {Name: "g1", Type: column.GUID},
}

// kernelNow is now() of the tests' runtime.
var kernelNow = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

var (
	kernelStrs = []string{"", "", "a", "abc", "ABC", "AbC", "Straße", "İstanbul", "ǅemal", "ΣΑΣ", "ﬃ",
		"\xff\xfeX", " ", "10.0.0.1", "::1", "fe80::1", "admin", "ADMIN", "DOMAIN\\User", "x | y", "123", "true"}
	kernelJSON = []string{"", `{"K":"v"}`, `{"K":1}`, `{"K":null}`, `{"k":"v"}`, `[1,2]`, ` {"K":"Up"} `, "plain", "{bad"}
	kernelDyns = []any{nil, nil, true, false, int64(0), int64(42), 1.5, "", "s", "TRUE", []any{int64(1), "a"},
		map[string]any{"K": "Key"}, map[string]any{"K": ""}, map[string]any{"K": nil}, map[string]any{"K": int64(7)},
		map[string]any{"K": map[string]any{"x": true}}, map[string]any{"other": "z"}, []any{}}
	kernelLongs = []int64{0, 1, -1, 2, 42, math.MaxInt32, math.MaxInt32 + 1, math.MinInt32, math.MinInt32 - 1, math.MaxInt64, math.MinInt64}
	kernelReals = []float64{0, -0.0, 1.5, -2.25, 1e300, math.NaN(), math.Inf(1), math.Inf(-1), 2.15}
)

// randomBatch returns n random rows of kernelSchema; each nullable column
// has nulls with a probability chosen per batch (often none at all).
func randomBatch(r *rand.Rand, n int) *column.Batch {
	b := &column.Batch{Schema: kernelSchema, Len: n}
	for _, f := range kernelSchema {
		b.Cols = append(b.Cols, randomVector(r, f.Type, f.Name == "js", n))
	}
	return b
}

func randomVector(r *rand.Rand, t column.Type, json bool, n int) *column.Vector {
	nullRate := []float64{0, 0, 0.1, 0.5, 1}[r.Intn(5)]
	base := kernelNow.UnixNano() / 100
	v := &column.Vector{Type: t}
	for i := 0; i < n; i++ {
		switch t {
		case column.String:
			pool := kernelStrs
			if json {
				pool = kernelJSON
			}
			v.Strs = append(v.Strs, pool[r.Intn(len(pool))])
			continue // a string is never null
		case column.GUID:
			v.Strs = append(v.Strs, fmt.Sprintf("00000000-0000-0000-0000-%012d", r.Intn(3)))
		case column.Long, column.Int:
			v.Ints = append(v.Ints, kernelLongs[r.Intn(len(kernelLongs))])
			if t == column.Int {
				v.Ints[i] = int64(int32(v.Ints[i]))
			}
		case column.Bool:
			v.Ints = append(v.Ints, int64(r.Intn(2)))
		case column.DateTime, column.TimeSpan:
			v.Ints = append(v.Ints, base-int64(r.Intn(4))*column.TicksPerHour)
		case column.Real:
			v.Reals = append(v.Reals, kernelReals[r.Intn(len(kernelReals))])
		case column.Dynamic:
			v.Dyns = append(v.Dyns, kernelDyns[r.Intn(len(kernelDyns))])
			continue // nulls are JSON nulls
		}
		if r.Float64() < nullRate {
			v.Nulls.Set(i) // the value under the null is left as garbage
		}
	}
	if n == 0 {
		v = column.NewVector(t, 0)
	}
	return v
}

// Expression builders.

func colX(name string) check.Expr {
	return &check.ColRef{Name: name, T: kernelSchema[kernelSchema.Index(name)].Type}
}

func litX(v column.Value) check.Expr { return &check.Const{Val: v} }

func strX(s string) check.Expr { return litX(column.StringValue(s)) }

func callX(name string, args ...check.Expr) check.Expr {
	fn, ok := funcs.LookupScalar(name)
	if !ok {
		panic("no function " + name)
	}
	info := make([]funcs.Arg, len(args))
	for i, a := range args {
		info[i].Type = a.Type()
		if k, ok := a.(*check.Const); ok {
			v := k.Val
			info[i].Const = &v
		}
	}
	t, err := fn.Check(info)
	if err != nil {
		panic(fmt.Sprintf("%s: %v", name, err))
	}
	return &check.Call{Name: name, Fn: fn, Args: args, T: t}
}

func accessX(x check.Expr, key string) check.Expr { return &check.Access{X: x, Key: key} }

// kernelCase is one expression and the kernel its outer call compiles to
// ("" when no kernel applies and the generic path must be taken).
type kernelCase struct {
	kernel string
	e      check.Expr
}

func kernelCases() []kernelCase {
	nullLong := litX(column.NullOf(column.Long))
	ago := callX("ago", litX(column.TimeSpanTicks(2*column.TicksPerHour)))
	cases := []kernelCase{
		{"*exec.strMapEval", callX("tolower", colX("s1"))},
		{"*exec.strMapEval", callX("toupper", colX("s1"))},
		{"*exec.strMapEval", callX("tolower", callX("strcat", colX("s1"), colX("s2")))},
		{"*exec.strMapEval", callX("tolower", strX("ABC"))}, // constant: generic
		{"", callX("tolower", colX("l1"))},
		{"*exec.toStringEval", callX("tostring", accessX(colX("d1"), "K"))},
		{"*exec.toStringEval", callX("tostring", accessX(colX("js"), "K"))},
		{"*exec.toStringEval", callX("tostring", accessX(litX(column.DynamicValue(map[string]any{"K": "c"})), "K"))},
		{"*exec.toStringEval", callX("tostring", &check.Access{X: colX("d1"), Idx: strX("K")})},
		{"*exec.coalesceEval", callX("coalesce", callX("tostring", accessX(colX("d1"), "K")), callX("tolower", colX("s1")))},
		{"*exec.coalesceEval", callX("coalesce", colX("s1"), colX("s2"), colX("s3"))},
		{"*exec.coalesceEval", callX("coalesce", strX(""), colX("s1"), strX("none"))},
		{"*exec.coalesceEval", callX("coalesce", strX("k"), colX("s1"))},
		{"*exec.coalesceEval", callX("coalesce", colX("s1"), strX(""))},
		{"*exec.coalesceEval", callX("coalesce", colX("l1"), colX("l2"), litX(column.LongValue(-5)))},
		{"*exec.coalesceEval", callX("coalesce", colX("l1"), nullLong)},
		{"*exec.coalesceEval", callX("coalesce", colX("r1"), colX("r2"))},
		{"*exec.coalesceEval", callX("coalesce", colX("t1"), colX("t2"))},
		{"", callX("coalesce", colX("l1"), colX("i1"))},
		{"", callX("coalesce", colX("d1"), colX("d1"))},
		{"*exec.strcatEval", callX("strcat", colX("s1"), strX(" | "), colX("s2"))},
		{"*exec.strcatEval", callX("strcat", strX("a "), colX("s1"))},
		{"*exec.strcatEval", callX("strcat", colX("s1"))},
		{"*exec.strcatEval", callX("strcat", colX("l1"))},
		{"*exec.strcatEval", callX("strcat", strX("x"), strX("y"))},
		{"*exec.strcatEval", callX("strcat", colX("l1"), strX(" "), colX("r1"), colX("b1"), colX("t1"), colX("ts1"),
			colX("d1"), colX("g1"), colX("i1"), nullLong, colX("s1"))},
		{"*exec.caseEval", callX("iff", colX("b1"), colX("s1"), strX(""))},
		{"*exec.caseEval", callX("iff", colX("b1"), strX("yes"), colX("s2"))},
		{"*exec.caseEval", callX("iff", colX("b1"), colX("l1"), colX("l2"))},
		{"*exec.caseEval", callX("iff", colX("b1"), colX("l1"), nullLong)},
		{"*exec.caseEval", callX("iff", colX("b1"), colX("r1"), litX(column.RealValue(0.5)))},
		{"*exec.caseEval", callX("iff", colX("b1"), colX("t1"), colX("t2"))},
		{"*exec.caseEval", callX("iff", colX("b1"), colX("b2"), litX(column.BoolValue(true)))},
		{"*exec.caseEval", callX("iff", colX("b1"), colX("d1"), litX(column.DynamicValue("x")))},
		{"*exec.caseEval", callX("iff", colX("b1"), colX("g1"), colX("g1"))},
		{"*exec.caseEval", callX("iff", colX("d1"), colX("s1"), colX("s2"))},
		{"*exec.caseEval", callX("iff", litX(column.BoolValue(true)), colX("s1"), colX("s2"))},
		{"*exec.caseEval", callX("iff", litX(column.NullOf(column.Bool)), colX("l1"), colX("l2"))},
		{"*exec.caseEval", callX("iff", litX(column.BoolValue(false)), strX("a"), strX("b"))},
		{"*exec.caseEval", callX("iff", callX("isnotempty", colX("s1")), callX("strcat", colX("s1"), strX("/"), colX("s2")), colX("s3"))},
		{"", callX("iff", colX("b1"), colX("l1"), colX("i1"))},
		{"*exec.caseEval", callX("case", colX("b1"), strX("one"), colX("b2"), colX("s1"), strX("else"))},
		{"*exec.caseEval", callX("case", callX(">", colX("t1"), colX("t2")), strX("later"), callX(">", colX("l1"), litX(column.LongValue(0))),
			strX("positive"), strX("neither"))},
		{"*exec.toIntEval", callX("toint", colX("b1"))},
		{"*exec.toIntEval", callX("toint", colX("l1"))},
		{"*exec.toIntEval", callX("tolong", colX("i1"))},
		{"*exec.toIntEval", callX("tolong", colX("b1"))},
		{"*exec.toIntEval", callX("toint", litX(column.BoolValue(true)))},
		{"", callX("toint", colX("r1"))},
	}
	hour := litX(column.TimeSpanTicks(column.TicksPerHour))
	nullSpan := litX(column.NullOf(column.TimeSpan))
	for _, op := range []string{"+", "-"} {
		cases = append(cases,
			kernelCase{"*exec.temporalEval", callX(op, colX("t1"), colX("ts1"))},
			kernelCase{"*exec.temporalEval", callX(op, colX("t1"), hour)},
			kernelCase{"*exec.temporalEval", callX(op, ago, colX("ts1"))},
			kernelCase{"*exec.temporalEval", callX(op, colX("t1"), nullSpan)},
			kernelCase{"*exec.temporalEval", callX(op, colX("ts1"), colX("ts1"))},
			kernelCase{"*exec.temporalEval", callX(op, hour, colX("ts1"))},
			kernelCase{"*exec.temporalEval", callX(op, hour, hour)},
			kernelCase{"*exec.arithEval", callX(op, colX("l1"), colX("i1"))})
	}
	cases = append(cases,
		kernelCase{"*exec.temporalEval", callX("-", colX("t1"), colX("t2"))},
		kernelCase{"*exec.temporalEval", callX("-", colX("t1"), ago)},
		kernelCase{"*exec.temporalEval", callX("+", colX("ts1"), colX("t1"))},
		kernelCase{"*exec.temporalEval", callX("+", hour, colX("t1"))})
	for _, name := range []string{"isempty", "isnotempty", "isnull", "isnotnull"} {
		for _, c := range []string{"s1", "js", "l1", "i1", "r1", "b1", "t1", "ts1", "d1", "g1"} {
			cases = append(cases, kernelCase{"*exec.nullTestEval", callX(name, colX(c))})
		}
		cases = append(cases,
			kernelCase{"*exec.nullTestEval", callX(name, callX("parse_ipv4", colX("s1")))},
			kernelCase{"*exec.nullTestEval", callX(name, strX(""))},
			kernelCase{"*exec.nullTestEval", callX(name, accessX(colX("d1"), "K"))})
	}
	for _, c := range []string{"s1", "js", "l1", "i1", "r1", "b1", "t1", "ts1", "d1", "g1"} {
		cases = append(cases, kernelCase{"*exec.toStringEval", callX("tostring", colX(c))})
	}
	for _, op := range []string{"==", "!=", "<", "<=", ">", ">="} {
		cases = append(cases,
			kernelCase{"*exec.cmpIntsEval", callX(op, colX("l1"), colX("l2"))},
			kernelCase{"*exec.cmpIntsEval", callX(op, colX("i1"), colX("l1"))},
			kernelCase{"*exec.cmpIntsEval", callX(op, colX("t1"), colX("t2"))},
			kernelCase{"*exec.cmpIntsEval", callX(op, colX("b1"), colX("b2"))},
			kernelCase{"*exec.cmpIntsEval", callX(op, colX("ts1"), colX("ts1"))},
			kernelCase{"*exec.cmpIntsEval", callX(op, colX("t1"), ago)},
			kernelCase{"*exec.cmpIntsEval", callX(op, ago, colX("t1"))},
			kernelCase{"*exec.cmpIntsEval", callX(op, litX(column.LongValue(2)), colX("l1"))},
			kernelCase{"*exec.cmpIntsEval", callX(op, nullLong, colX("l1"))},
			kernelCase{"*exec.cmpIntsEval", callX(op, colX("l1"), callX("tolong", strX("x")))}, // null at run time
			kernelCase{"*exec.cmpConstEval", callX(op, litX(column.LongValue(2)), litX(column.LongValue(3)))},
			kernelCase{"", callX(op, colX("r1"), colX("r2"))},
			kernelCase{"", callX(op, colX("l1"), colX("b1"))},
			kernelCase{"", callX(op, colX("l1"), colX("s1"))})
	}
	return cases
}

// compileBoth compiles e with the kernels, and its outer call as a
// callEval over arguments compiled without any kernel.
func compileBoth(t testing.TB, e check.Expr) (fast, generic evaluator, rt *runtime) {
	rt = &runtime{fctx: &funcs.Context{Now: kernelNow}}
	fast, err := rt.compileExpr(e, kernelSchema)
	if err != nil {
		t.Fatal(err)
	}
	call := e.(*check.Call)
	genericOnly.Store(true)
	defer genericOnly.Store(false)
	args, err := rt.compileAll(call.Args, kernelSchema)
	if err != nil {
		t.Fatal(err)
	}
	return fast, &callEval{name: call.Name, fn: call.Fn, args: args, t: call.T}, rt
}

// TestKernelsMatchGeneric evaluates every case on random batches (with
// and without nulls, empty ones included) with its kernel and with the
// generic evaluator: the operands must be equal.
func TestKernelsMatchGeneric(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	var batches []*column.Batch
	for _, n := range []int{0, 1, 3, 64, 65, 300, 4096} {
		for range 6 {
			batches = append(batches, randomBatch(r, n))
		}
	}
	for _, c := range kernelCases() {
		name := exprString(c.e)
		fast, generic, rt := compileBoth(t, c.e)
		if got := fmt.Sprintf("%T", fast); c.kernel != "" && got != c.kernel {
			t.Errorf("%s: compiled to %s, want %s", name, got, c.kernel)
		} else if c.kernel == "" && strings.Contains(got, "Eval") && got != "*exec.callEval" {
			t.Errorf("%s: compiled to %s, want the generic callEval", name, got)
		}
		for _, b := range batches {
			got, err1 := fast.eval(rt, b)
			want, err2 := generic.eval(rt, b)
			if (err1 != nil) != (err2 != nil) {
				t.Fatalf("%s: errors %v, %v", name, err1, err2)
			}
			if d := diffOperands(got, want, b.Len); d != "" {
				t.Fatalf("%s over %d rows: %s", name, b.Len, d)
			}
		}
	}
}

// TestKernelsOff checks that SetRowFastPaths(false) compiles the generic
// evaluator instead of a kernel.
func TestKernelsOff(t *testing.T) {
	SetRowFastPaths(false)
	defer SetRowFastPaths(true)
	rt := &runtime{fctx: &funcs.Context{Now: kernelNow}}
	ev, err := rt.compileExpr(callX("tolower", colX("s1")), kernelSchema)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := ev.(*callEval); !ok {
		t.Errorf("with the fast paths off, tolower compiled to %T", ev)
	}
}

// exprString renders an expression for test messages.
func exprString(e check.Expr) string {
	switch x := e.(type) {
	case *check.ColRef:
		return x.Name
	case *check.Const:
		return x.Val.String()
	case *check.Access:
		if x.Idx != nil {
			return exprString(x.X) + "[" + exprString(x.Idx) + "]"
		}
		return exprString(x.X) + "." + x.Key
	case *check.Call:
		parts := make([]string, len(x.Args))
		for i, a := range x.Args {
			parts[i] = exprString(a)
		}
		return x.Name + "(" + strings.Join(parts, ", ") + ")"
	}
	return fmt.Sprintf("%T", e)
}

// diffOperands describes how got differs from want over n rows ("" when
// they are the same).
func diffOperands(got, want operand, n int) string {
	switch {
	case got.isConst != want.isConst:
		return fmt.Sprintf("constant %v, want constant %v", got.isConst, want.isConst)
	case got.isConst:
		if !sameValue(got.konst, want.konst) {
			return fmt.Sprintf("constant %v, want %v", got.konst, want.konst)
		}
		return ""
	}
	return diffVectors(got.vec, want.vec, n)
}

// diffVectors compares two vectors of n rows: type, length, each row's
// boxed value, null bit and stored value (a null row holds zero).
func diffVectors(a, b *column.Vector, n int) string {
	if a.Type != b.Type || a.Len() != n || b.Len() != n {
		return fmt.Sprintf("%s vector of %d rows, want %s of %d (rows %d)", a.Type, a.Len(), b.Type, b.Len(), n)
	}
	for i := 0; i < n; i++ {
		if va, vb := a.Value(i), b.Value(i); !sameValue(va, vb) || a.Nulls.Get(i) != b.Nulls.Get(i) {
			return fmt.Sprintf("row %d: %v (null bit %v), want %v (null bit %v)", i, va, a.Nulls.Get(i), vb, b.Nulls.Get(i))
		}
		var same bool
		switch t := a.Type; {
		case t.UsesInts():
			same = a.Ints[i] == b.Ints[i]
		case t.UsesReals():
			same = math.Float64bits(a.Reals[i]) == math.Float64bits(b.Reals[i])
		case t.UsesStrs():
			same = a.Strs[i] == b.Strs[i]
		default:
			same = reflect.DeepEqual(a.Dyns[i], b.Dyns[i])
		}
		if !same {
			return fmt.Sprintf("row %d: stored value differs under null %v", i, a.Nulls.Get(i))
		}
	}
	return ""
}

// sameValue reports whether two boxed values are identical (NaN included).
func sameValue(a, b column.Value) bool {
	return a.Type == b.Type && a.IsNull() == b.IsNull() && a.I == b.I && a.S == b.S &&
		math.Float64bits(a.F) == math.Float64bits(b.F) && reflect.DeepEqual(a.D, b.D)
}

// BenchmarkKernel compares each kernel with the generic evaluator on a
// batch of 4096 random rows: go test -bench Kernel -benchmem.
func BenchmarkKernel(b *testing.B) {
	batch := randomBatch(rand.New(rand.NewSource(1)), batchSize)
	ago := callX("ago", litX(column.TimeSpanTicks(2*column.TicksPerHour)))
	for _, c := range []struct {
		name string
		e    check.Expr
	}{
		{"tolower", callX("tolower", colX("s1"))},
		{"isnotempty", callX("isnotempty", colX("s1"))},
		{"isnotnull", callX("isnotnull", colX("l1"))},
		{"tostring_access", callX("tostring", accessX(colX("d1"), "K"))},
		{"account_key", callX("coalesce", callX("tostring", accessX(colX("d1"), "K")), callX("tolower", colX("s1")))},
		{"strcat", callX("strcat", colX("s1"), strX(" | "), colX("s2"))},
		{"iff_string", callX("iff", colX("b1"), colX("s1"), strX(""))},
		{"case", callX("case", colX("b1"), strX("one"), colX("b2"), colX("s1"), strX("else"))},
		{"toint_bool", callX("toint", colX("b1"))},
		{"datetime_ge_ago", callX(">=", colX("t1"), ago)},
		{"datetime_lt_datetime", callX("<", colX("t1"), colX("t2"))},
		{"datetime_minus_timespan", callX("-", colX("t1"), litX(column.TimeSpanTicks(column.TicksPerHour)))},
	} {
		fast, generic, rt := compileBoth(b, c.e)
		for _, m := range []struct {
			name string
			ev   evaluator
		}{{"kernel", fast}, {"generic", generic}} {
			b.Run(c.name+"/"+m.name, func(b *testing.B) {
				for b.Loop() {
					if _, err := m.ev.eval(rt, batch); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
