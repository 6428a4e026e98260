package exec

import (
	"cmp"
	"strings"

	"quarry/internal/column"
	"quarry/internal/kql/check"
	"quarry/internal/kql/funcs"
)

// This file holds the typed fast paths. Each one handles a vector operand
// of a known representation against constants and falls back to the
// generic per-row evaluator (callEval) for any batch where its
// preconditions do not hold (for example a constant left operand).

// fastCall returns a fast evaluator for x or, when none applies, the
// generic per-row evaluator: the one callEval a call compiles to is both
// the fast evaluator's fallback and the evaluator of a call without a
// fast path, and and/or (which need no fallback) allocate none. It never
// returns nil.
func fastCall(x *check.Call, args []evaluator) evaluator {
	if x.Name == "and" || x.Name == "or" {
		return &logicEval{and: x.Name == "and", args: args, generic: genericOnly.Load()}
	}
	generic := &callEval{name: x.Name, fn: x.Fn, args: args, t: x.T}
	if fast := fastPath(x, args, generic); fast != nil {
		return fast
	}
	return generic
}

// fastPath returns the fast evaluator for x, whose generic evaluator is
// generic, or nil.
func fastPath(x *check.Call, args []evaluator, generic *callEval) evaluator {
	switch x.Name {
	case "==", "!=", "<", "<=", ">", ">=":
		if k, ok := x.Args[1].(*check.Const); ok && !k.Val.IsNull() && cmpTypesOK(x.Args[0].Type(), k.Val.Type, x.Name) {
			return &cmpConstEval{op: x.Name, x: args[0], k: k.Val, generic: generic}
		}
	case "=~", "!~":
		if k, ok := x.Args[1].(*check.Const); ok && x.Args[0].Type() == column.String && k.Val.Type == column.String {
			return &foldEqEval{x: args[0], k: k.Val.S, neg: x.Name == "!~", generic: generic}
		}
	case "in", "!in", "in~", "!in~":
		if fast := newInSetEval(x, args, generic); fast != nil {
			return fast
		}
		return newInQueryEval(x, args, generic)
	case "has", "!has", "has_cs", "!has_cs", "hasprefix", "!hasprefix", "hasprefix_cs", "!hasprefix_cs",
		"hassuffix", "!hassuffix", "hassuffix_cs", "!hassuffix_cs", "contains", "!contains",
		"contains_cs", "!contains_cs", "startswith", "!startswith", "startswith_cs", "!startswith_cs",
		"endswith", "!endswith", "endswith_cs", "!endswith_cs":
		return newStrPredEval(x, args, generic)
	case "+", "-", "*", "/":
		if fast := newArithEval(x, args, generic); fast != nil {
			return fast
		}
	case "not":
		return &notEval{x: args[0], generic: generic, recycle: !genericOnly.Load()}
	case "bin", "floor":
		if len(args) == 2 && x.T.UsesInts() && x.Args[0].Type() == x.T {
			if k, ok := x.Args[1].(*check.Const); ok && !k.Val.IsNull() && k.Val.Type.UsesInts() && k.Val.I > 0 {
				return &binEval{x: args[0], size: k.Val.I, generic: generic}
			}
		}
	}
	// Scalar functions, and comparisons the cases above did not take:
	// the typed kernels of expr_kernels.go.
	return newKernel(x, args, generic)
}

// cmpTypesOK reports whether a vector of type a can be compared with a
// constant of type b by the fast path.
func cmpTypesOK(a, b column.Type, op string) bool {
	switch {
	case a.IsInteger() && b.IsInteger(), a == b && (a == column.DateTime || a == column.TimeSpan):
		return true
	case a.UsesReals() && (b.UsesReals() || b.IsInteger()):
		return true
	case a == column.String && b == column.String:
		return op == "==" || op == "!="
	}
	return false
}

// cmpConstEval compares a vector with a constant.
type cmpConstEval struct {
	op      string
	x       evaluator
	k       column.Value
	generic *callEval
}

func (e *cmpConstEval) eval(rt *runtime, b *column.Batch) (operand, error) {
	v, res, done, err := vectorOperand(rt, b, e.x, column.Invalid, e.generic)
	if done {
		return res, err
	}
	out := newBoolVector(b.Len)
	switch {
	case v.Type.UsesInts():
		ints(out.Ints, v.Ints, e.k.I, e.op)
	case v.Type.UsesReals():
		k := e.k.F
		if e.k.Type.IsInteger() {
			k = float64(e.k.I)
		}
		reals(out.Ints, v.Reals, k, e.op)
	default:
		strEq(out.Ints, v.Strs, e.k.S, e.op == "!=")
	}
	applyCmpNulls(out, v, e.op)
	return ownedBool(out), nil
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func ints(out, xs []int64, k int64, op string) {
	switch op {
	case "==":
		for i, x := range xs {
			out[i] = b2i(x == k)
		}
	case "!=":
		for i, x := range xs {
			out[i] = b2i(x != k)
		}
	case "<":
		for i, x := range xs {
			out[i] = b2i(x < k)
		}
	case "<=":
		for i, x := range xs {
			out[i] = b2i(x <= k)
		}
	case ">":
		for i, x := range xs {
			out[i] = b2i(x > k)
		}
	case ">=":
		for i, x := range xs {
			out[i] = b2i(x >= k)
		}
	}
}

// compareFloat orders reals with NaN below every number (as funcs does).
func compareFloat(x, y float64) int {
	switch {
	case x != x && y != y:
		return 0
	case x != x:
		return -1
	case y != y:
		return 1
	}
	return cmp.Compare(x, y)
}

func reals(out []int64, xs []float64, k float64, op string) {
	for i, x := range xs {
		c := compareFloat(x, k)
		var r bool
		switch op {
		case "==":
			r = c == 0
		case "!=":
			r = c != 0
		case "<":
			r = c < 0
		case "<=":
			r = c <= 0
		case ">":
			r = c > 0
		case ">=":
			r = c >= 0
		}
		out[i] = b2i(r)
	}
}

func strEq(out []int64, xs []string, k string, neg bool) {
	for i, x := range xs {
		out[i] = b2i((x == k) != neg)
	}
}

// applyCmpNulls applies Kusto's null rules to a comparison with a non-null
// constant: == gives false, != gives true, ordering gives null.
func applyCmpNulls(out, v *column.Vector, op string) {
	if v.Nulls == nil {
		return
	}
	for i := range out.Ints {
		if !v.Nulls.Get(i) {
			continue
		}
		switch op {
		case "==":
			out.Ints[i] = 0
		case "!=":
			out.Ints[i] = 1
		default:
			out.Ints[i] = 0
			out.Nulls.Set(i)
		}
	}
}

// foldEqEval is string =~ / !~ against a constant.
type foldEqEval struct {
	x       evaluator
	k       string
	neg     bool
	generic *callEval
}

func (e *foldEqEval) eval(rt *runtime, b *column.Batch) (operand, error) {
	xv, res, done, err := vectorOperand(rt, b, e.x, column.Invalid, e.generic)
	if done {
		return res, err
	}
	out := newBoolVector(b.Len)
	for i, s := range xv.Strs {
		out.Ints[i] = b2i(strings.EqualFold(s, e.k) != e.neg)
	}
	return ownedBool(out), nil
}

// inSetEval is string or integer in/!in/in~/!in~ against a constant list,
// looked up in a hash set.
type inSetEval struct {
	x       evaluator
	strs    map[string]bool
	longs   map[int64]bool
	fold    bool
	neg     bool
	generic *callEval
}

// newInSetEval builds the set when X is a string or integer and every list
// element is a constant of the same kind (dynamic arrays are flattened).
func newInSetEval(x *check.Call, args []evaluator, generic *callEval) evaluator {
	xt := x.Args[0].Type()
	e := &inSetEval{x: args[0], fold: strings.HasSuffix(x.Name, "~"), neg: strings.HasPrefix(x.Name, "!"), generic: generic}
	switch {
	case xt == column.String:
		e.strs = map[string]bool{}
	case xt.IsInteger() && !e.fold:
		e.longs = map[int64]bool{}
	default:
		return nil
	}
	for _, a := range x.Args[1:] {
		k, ok := a.(*check.Const)
		if !ok || !e.addConst(k.Val) {
			return nil
		}
	}
	return e
}

// addConst adds one list constant; false means the fast path cannot hold it.
func (e *inSetEval) addConst(v column.Value) bool {
	if v.Type == column.Dynamic {
		arr, ok := v.D.([]any)
		if !ok {
			return false
		}
		for _, d := range arr {
			if !e.addGo(d) {
				return false
			}
		}
		return true
	}
	switch {
	case e.strs != nil && v.Type == column.String:
		e.addString(v.S)
	case e.longs != nil && v.Type.IsInteger() && !v.IsNull():
		e.longs[v.I] = true
	case v.IsNull():
	default:
		return false
	}
	return true
}

func (e *inSetEval) addGo(d any) bool {
	switch x := d.(type) {
	case string:
		if e.strs == nil {
			return false
		}
		e.addString(x)
	case int64:
		if e.longs == nil {
			return false
		}
		e.longs[x] = true
	case nil:
	default:
		return false
	}
	return true
}

func (e *inSetEval) addString(s string) {
	if e.fold {
		s = strings.ToLower(s)
	}
	e.strs[s] = true
}

func (e *inSetEval) eval(rt *runtime, b *column.Batch) (operand, error) {
	v, res, done, err := vectorOperand(rt, b, e.x, column.Invalid, e.generic)
	if done {
		return res, err
	}
	out := newBoolVector(b.Len)
	switch {
	case e.strs != nil && e.fold:
		for i, s := range v.Strs {
			out.Ints[i] = b2i(e.strs[strings.ToLower(s)] != e.neg)
		}
	case e.strs != nil:
		for i, s := range v.Strs {
			out.Ints[i] = b2i(e.strs[s] != e.neg)
		}
	default:
		for i, x := range v.Ints {
			out.Ints[i] = b2i((e.longs[x] && !v.Nulls.Get(i)) != e.neg)
		}
	}
	return ownedBool(out), nil
}

// logicEval is three-valued and/or over bool operands. Its result is a
// new vector (owned); it recycles the operands it owns once it has
// combined them (the comparisons of `a == 1 and b != ""`), except in
// generic mode.
type logicEval struct {
	and     bool
	args    []evaluator
	generic bool // per-row only and no recycling (SetRowFastPaths(false))
}

func (e *logicEval) eval(rt *runtime, b *column.Batch) (operand, error) {
	l, err := e.args[0].eval(rt, b)
	if err != nil {
		return operand{}, err
	}
	r, err := e.args[1].eval(rt, b)
	if err != nil {
		return operand{}, err
	}
	if l.isConst && r.isConst {
		return constOp(logic3(e.and, l.konst, r.konst)), nil
	}
	if e.generic {
		return ownedBool(logicRows(e.and, l, r, b.Len)), nil
	}
	out, ok := logicVec(e.and, l, r, b.Len)
	if !ok {
		out = logicRows(e.and, l, r, b.Len)
	}
	l.release()
	r.release()
	return ownedBool(out), nil
}

// logicRows is logicEval's per-row path over any bool-convertible operands.
func logicRows(and bool, l, r operand, n int) *column.Vector {
	out := newBoolVector(n)
	for i := 0; i < n; i++ {
		v := logic3(and, boolAt(l, i), boolAt(r, i))
		out.Ints[i] = v.I
		if v.Null {
			out.Nulls.Set(i)
		}
	}
	return out
}

// boolAt reads row i of a bool operand without boxing dynamic payloads.
func boolAt(o operand, i int) column.Value {
	if o.isConst {
		return o.konst
	}
	if o.vec.Type == column.Bool {
		if o.vec.Nulls.Get(i) {
			return column.Value{Type: column.Bool, Null: true}
		}
		return column.Value{Type: column.Bool, I: o.vec.Ints[i]}
	}
	return toBool(o.vec.Value(i))
}

// toBool converts a value to a bool value (dynamic booleans unwrap; other
// values are null).
func toBool(v column.Value) column.Value { return funcs.BoolOperand(v) }

// logic3 is Kusto's three-valued logic (funcs.Logic): false and null =
// false, true or null = true, otherwise null propagates.
func logic3(and bool, a, b column.Value) column.Value { return funcs.Logic(and, a, b) }

// notEval negates a bool vector (null stays null). An operand it owns
// (not(a == 1 or b == 2)) is negated in place and returned, still owned,
// except in generic mode (recycle false).
type notEval struct {
	x       evaluator
	generic *callEval
	recycle bool
}

func (e *notEval) eval(rt *runtime, b *column.Batch) (operand, error) {
	xo, err := e.x.eval(rt, b)
	if err != nil {
		return operand{}, err
	}
	if xo.isConst || xo.vec.Type != column.Bool {
		return e.generic.eval(rt, b) // as vectorOperand
	}
	xv := xo.vec
	if xo.owned && e.recycle {
		for i, x := range xv.Ints {
			xv.Ints[i] = 1 - x
		}
		return xo, nil
	}
	out := newBoolVector(b.Len)
	for i, x := range xv.Ints {
		out.Ints[i] = 1 - x
	}
	if xv.Nulls != nil {
		out.Nulls = append(column.Bitmap(nil), xv.Nulls...)
	}
	return ownedBool(out), nil
}

// binEval is bin(x, size) on int-represented values (long, datetime,
// timespan): floor(x / size) * size.
type binEval struct {
	x       evaluator
	size    int64
	generic *callEval
}

func (e *binEval) eval(rt *runtime, b *column.Batch) (operand, error) {
	v, res, done, err := vectorOperand(rt, b, e.x, column.Invalid, e.generic)
	if done {
		return res, err
	}
	out := &column.Vector{Type: v.Type, Ints: make([]int64, len(v.Ints))}
	for i, x := range v.Ints {
		q := x / e.size
		if x%e.size != 0 && x < 0 {
			q--
		}
		out.Ints[i] = q * e.size
	}
	if v.Nulls != nil {
		out.Nulls = append(column.Bitmap(nil), v.Nulls...)
	}
	return operand{vec: out}, nil
}

// strPredEval is a string operator (has, contains, startswith, endswith
// and their _cs and negated forms) between a string vector and a string
// constant: it runs the funcs predicate over Vector.Strs directly, with no
// boxing per row. Strings are never null, so neither is the result.
type strPredEval struct {
	x       evaluator
	pred    func(s, sub string) bool
	neg     bool
	k       string
	generic *callEval
}

func newStrPredEval(x *check.Call, args []evaluator, generic *callEval) evaluator {
	k, ok := x.Args[1].(*check.Const)
	if !ok || k.Val.Type != column.String || x.Args[0].Type() != column.String {
		return nil
	}
	pred, neg, ok := funcs.StringPredicate(x.Name)
	if !ok {
		return nil
	}
	return &strPredEval{x: args[0], pred: pred, neg: neg, k: k.Val.S, generic: generic}
}

func (e *strPredEval) eval(rt *runtime, b *column.Batch) (operand, error) {
	xv, res, done, err := vectorOperand(rt, b, e.x, column.String, e.generic)
	if done {
		return res, err
	}
	out := newBoolVector(b.Len)
	for i, s := range xv.Strs[:b.Len] {
		out.Ints[i] = b2i(e.pred(s, e.k) != e.neg)
	}
	return ownedBool(out), nil
}

// vectorOperand evaluates the vector operand x of a fast path. When x is
// constant in this batch, or not of type want (Invalid: any type), the fast
// path does not apply: the generic evaluator runs instead and done is true.
func vectorOperand(rt *runtime, b *column.Batch, x evaluator, want column.Type, generic *callEval) (v *column.Vector, res operand, done bool, err error) {
	xo, err := x.eval(rt, b)
	if err != nil {
		return nil, operand{}, true, err
	}
	if xo.isConst || (want != column.Invalid && xo.vec.Type != want) {
		res, err = generic.eval(rt, b)
		return nil, res, true, err
	}
	return xo.vec, operand{}, false, nil
}
