package exec

import (
	"strings"

	"quarry/internal/column"
	"quarry/internal/kql/check"
)

// Scalar-function kernels (fastCall in expr_fast.go routes here the calls
// its operator paths do not take). Each kernel computes a typed vector in
// one loop over the Ints/Reals/Strs/Dyns of its operands instead of
// boxing every argument of every row into a column.Value, calling
// funcs.Scalar.Eval and appending the boxed result (callEval). They cover
// the scalar calls of the hunt rules (internal/rules/builtin):
//
//   - tolower, toupper of a string vector;
//   - isempty, isnotempty (notempty), isnull, isnotnull (notnull) of a
//     vector of any type;
//   - tostring of a vector of any type, fused with a member access
//     X.Key on a dynamic column (tostring(AdditionalFields.Key)) so that
//     the dynamic vector of the access is never built;
//   - toint, tolong of a bool, int or long vector;
//   - coalesce of strings (the first non-empty), and of int- or
//     real-represented values (the first non-null);
//   - strcat of any arguments, written into one buffer per batch rather
//     than one allocation per row (the rows' strings share it);
//   - iff (iif) and case whose predicates are bool or dynamic and whose
//     branches all have the call's type;
//   - ==, !=, <, <=, >, >= between two int-represented operands (long,
//     int, datetime, timespan, bool) that are not a vector against a
//     literal (cmpConstEval's case): two vectors, or a vector and a value
//     constant only at run time such as ago(1h);
//   - + and - of datetimes and timespans (SuccessTime - 1h), which the
//     numeric arithmetic of expr_arith.go leaves out.
//
// Every kernel gives the generic path's vector bit for bit: the same
// values, nulls where Kusto has them (a string is never null; a null row
// holds the zero value) and the same types; the per-value semantics are
// funcs' own (column.Value.Text for tostring and strcat, strings.ToLower
// and strings.ToUpper for tolower and toupper, truthy conditions, the
// first non-empty value, Kusto's null rules of comparisons).
// expr_kernels_test.go checks each kernel against callEval on random
// vectors. A batch where every operand is constant, or where an operand's
// run-time type is not the one the kernel was compiled for, takes the
// generic path over the operands already evaluated (genericOver), so no
// argument is evaluated twice. SetRowFastPaths(false) turns the kernels
// off for queries compiled afterwards.

// newKernel returns the kernel for x, or nil when none applies.
func newKernel(x *check.Call, args []evaluator, generic *callEval) evaluator {
	if genericOnly.Load() || x.Fn == nil || x.T == column.Invalid {
		return nil
	}
	switch x.Fn.Name {
	case "tolower", "toupper":
		return newStrMapEval(x, args, generic)
	case "isempty", "isnotempty", "isnull", "isnotnull":
		return newNullTestEval(x, args, generic)
	case "tostring":
		return newToStringEval(args, generic)
	case "toint", "tolong":
		return newToIntEval(x, args, generic)
	case "coalesce":
		return newCoalesceEval(x, args, generic)
	case "strcat":
		return &strcatEval{args: args, generic: generic}
	case "iff", "case":
		return newCaseEval(x, args, generic)
	case "==", "!=", "<", "<=", ">", ">=":
		return newCmpIntsEval(x, args, generic)
	case "+", "-":
		return newTemporalEval(x, args, generic)
	}
	return nil
}

// evaluated is an operand already computed for the current batch.
type evaluated struct{ o operand }

func (e *evaluated) eval(*runtime, *column.Batch) (operand, error) { return e.o, nil }

// genericOver runs the generic per-row evaluator g over operands already
// evaluated for b (a kernel's fallback).
func genericOver(rt *runtime, g *callEval, ops []operand, b *column.Batch) (operand, error) {
	args := make([]evaluator, len(ops))
	for i := range ops {
		args[i] = &evaluated{ops[i]}
	}
	c := callEval{name: g.name, fn: g.fn, args: args, t: g.t}
	return c.eval(rt, b)
}

// evalOne evaluates the single argument of a unary kernel; done is true
// when the operand is constant and the generic result is returned.
func evalOne(rt *runtime, b *column.Batch, x evaluator, g *callEval) (v *column.Vector, res operand, done bool, err error) {
	o, err := x.eval(rt, b)
	if err != nil {
		return nil, operand{}, true, err
	}
	if o.isConst {
		res, err = genericOver(rt, g, []operand{o}, b)
		return nil, res, true, err
	}
	return o.vec, operand{}, false, nil
}

// strMapEval is tolower or toupper of a string vector.
type strMapEval struct {
	x       evaluator
	f       func(string) string
	generic *callEval
}

func newStrMapEval(x *check.Call, args []evaluator, generic *callEval) evaluator {
	if len(args) != 1 || x.Args[0].Type() != column.String {
		return nil
	}
	// funcs: strings.ToLower/ToUpper of the argument's text, which for a
	// string is the string (neither allocates when nothing changes).
	f := strings.ToLower
	if x.Fn.Name == "toupper" {
		f = strings.ToUpper
	}
	return &strMapEval{x: args[0], f: f, generic: generic}
}

func (e *strMapEval) eval(rt *runtime, b *column.Batch) (operand, error) {
	v, res, done, err := evalOne(rt, b, e.x, e.generic)
	if done {
		return res, err
	}
	if v.Type != column.String {
		return genericOver(rt, e.generic, []operand{{vec: v}}, b)
	}
	out := &column.Vector{Type: column.String, Strs: make([]string, b.Len)}
	for i, s := range v.Strs[:b.Len] {
		out.Strs[i] = e.f(s)
	}
	return operand{vec: out}, nil
}

// nullTestEval is isempty/isnotempty (empty) or isnull/isnotnull of a
// vector of any type. Null is column.Value.IsNull as Vector.Value boxes
// a row (a dynamic JSON null or a null bit; a string never); empty is
// funcs.isEmpty: null, "" or a dynamic "".
type nullTestEval struct {
	x       evaluator
	empty   bool
	neg     bool
	generic *callEval
}

func newNullTestEval(x *check.Call, args []evaluator, generic *callEval) evaluator {
	if len(args) != 1 {
		return nil
	}
	name := x.Fn.Name
	return &nullTestEval{x: args[0], empty: strings.HasSuffix(name, "empty"), neg: strings.HasPrefix(name, "isnot"), generic: generic}
}

func (e *nullTestEval) eval(rt *runtime, b *column.Batch) (operand, error) {
	v, res, done, err := evalOne(rt, b, e.x, e.generic)
	if done {
		return res, err
	}
	out := newBoolVector(b.Len)
	switch {
	case v.Type == column.String:
		if e.empty {
			for i, s := range v.Strs[:b.Len] {
				out.Ints[i] = b2i((s == "") != e.neg)
			}
		} else {
			fillBool(out.Ints, e.neg)
		}
	case v.Type == column.Dynamic:
		for i, d := range v.Dyns[:b.Len] {
			hit := d == nil // a JSON null, or for empty also ""
			if s, ok := d.(string); ok && e.empty {
				hit = s == ""
			}
			out.Ints[i] = b2i(hit != e.neg)
		}
	case v.Nulls == nil:
		fillBool(out.Ints, e.neg)
	default:
		for i := range out.Ints {
			out.Ints[i] = b2i(v.Nulls.Get(i) != e.neg)
		}
	}
	return ownedBool(out), nil
}

// fillBool sets every element of out to b.
func fillBool(out []int64, b bool) {
	if b {
		for i := range out {
			out[i] = 1
		}
	}
}

// toStringEval is tostring of a vector: column.Value.Text of every row
// (funcs.convertTo). With acc set the argument is the member access
// acc (X.Key), computed here: on a dynamic X the text of each member is
// taken without building the access's dynamic vector.
type toStringEval struct {
	x       evaluator
	acc     *accessEval // the argument when it is X.Key, else nil
	generic *callEval
}

func newToStringEval(args []evaluator, generic *callEval) evaluator {
	if len(args) != 1 {
		return nil
	}
	e := &toStringEval{x: args[0], generic: generic}
	if acc, ok := args[0].(*accessEval); ok && acc.idx == nil {
		e.acc = acc
	}
	return e
}

func (e *toStringEval) eval(rt *runtime, b *column.Batch) (operand, error) {
	o, fused, err := e.operand(rt, b)
	if err != nil || fused {
		return o, err
	}
	if o.isConst {
		return genericOver(rt, e.generic, []operand{o}, b)
	}
	return operand{vec: texts(o.vec, b.Len)}, nil
}

// operand evaluates the argument. A fused access on a dynamic vector
// computes the result itself (fused is true).
func (e *toStringEval) operand(rt *runtime, b *column.Batch) (o operand, fused bool, err error) {
	if e.acc == nil {
		o, err = e.x.eval(rt, b)
		return o, false, err
	}
	xo, err := e.acc.x.eval(rt, b)
	if err != nil {
		return operand{}, false, err
	}
	if !xo.isConst && xo.vec.Type == column.Dynamic {
		return operand{vec: memberTexts(xo.vec.Dyns[:b.Len], e.acc.key)}, true, nil
	}
	acc := *e.acc
	acc.x = &evaluated{xo}
	o, err = acc.eval(rt, b) // a dynamic vector or a constant
	return o, false, err
}

// memberTexts is the text of member key of every dynamic value (the
// access's member, then column.Value.Text).
func memberTexts(dyns []any, key string) *column.Vector {
	out := &column.Vector{Type: column.String, Strs: make([]string, len(dyns))}
	for i, d := range dyns {
		out.Strs[i] = column.DynamicValue(member(d, key)).Text()
	}
	return out
}

// texts returns the text of every row of v.
func texts(v *column.Vector, n int) *column.Vector {
	out := &column.Vector{Type: column.String, Strs: make([]string, n)}
	if v.Type == column.String {
		copy(out.Strs, v.Strs[:n])
		return out
	}
	for i := range out.Strs {
		out.Strs[i] = v.Value(i).Text()
	}
	return out
}

// toIntEval is toint or tolong of a bool, int or long vector: the same
// integer (bool: 0 or 1); toint gives null outside the int range.
type toIntEval struct {
	x       evaluator
	t       column.Type
	generic *callEval
}

// intSource reports whether toIntEval converts from type t.
func intSource(t column.Type) bool { return t == column.Bool || t.IsInteger() }

func newToIntEval(x *check.Call, args []evaluator, generic *callEval) evaluator {
	if len(args) != 1 || !intSource(x.Args[0].Type()) || !x.T.IsInteger() {
		return nil
	}
	return &toIntEval{x: args[0], t: x.T, generic: generic}
}

func (e *toIntEval) eval(rt *runtime, b *column.Batch) (operand, error) {
	v, res, done, err := evalOne(rt, b, e.x, e.generic)
	if done {
		return res, err
	}
	if !intSource(v.Type) {
		return genericOver(rt, e.generic, []operand{{vec: v}}, b)
	}
	out := &column.Vector{Type: e.t, Ints: make([]int64, b.Len)}
	for i, n := range v.Ints[:b.Len] {
		switch {
		case v.Nulls.Get(i):
			out.Nulls.Set(i)
		case e.t == column.Int && int64(int32(n)) != n:
			out.Nulls.Set(i)
		default:
			out.Ints[i] = n
		}
	}
	return operand{vec: out}, nil
}

// side is one operand of a multi-operand kernel as a typed view: a vector
// of T (with its null bitmap) or a constant.
type side[T any] struct {
	vs    []T
	nulls column.Bitmap // nil when no row is null (always for string, dynamic)
	k     T
	kNull bool
	konst bool
}

// at returns row i and whether it is null (then v is the zero value).
func (s *side[T]) at(i int) (v T, null bool) {
	if s.konst {
		return s.k, s.kNull
	}
	if s.nulls != nil && s.nulls.Get(i) {
		return v, true
	}
	return s.vs[i], false
}

// repr reads the values of type T out of vectors and constants of one
// representation (Ints, Reals, Strs or Dyns).
type repr[T any] struct {
	vec   func(*column.Vector) []T
	konst func(column.Value) T
}

var (
	intRepr  = repr[int64]{func(v *column.Vector) []int64 { return v.Ints }, func(v column.Value) int64 { return v.I }}
	realRepr = repr[float64]{func(v *column.Vector) []float64 { return v.Reals }, func(v column.Value) float64 { return v.F }}
	strRepr  = repr[string]{func(v *column.Vector) []string { return v.Strs }, func(v column.Value) string { return v.S }}
	dynRepr  = repr[any]{func(v *column.Vector) []any { return v.Dyns }, func(v column.Value) any { return v.D }}
)

// sideOf views o, of type t, as a side.
func sideOf[T any](r repr[T], o operand, t column.Type) side[T] {
	nullable := t != column.String && t != column.Dynamic
	if o.isConst {
		s := side[T]{konst: true, kNull: nullable && o.konst.IsNull()}
		if !s.kNull {
			s.k = r.konst(o.konst)
		}
		return s
	}
	s := side[T]{vs: r.vec(o.vec)}
	if nullable {
		s.nulls = o.vec.Nulls
	}
	return s
}

// sidesOf views ops as sides, in buf when it is large enough.
func sidesOf[T any](r repr[T], ops []operand, t column.Type, buf []side[T]) []side[T] {
	out := buf[:0]
	for _, o := range ops {
		out = append(out, sideOf(r, o, t))
	}
	return out
}

// opsOfType reports whether every operand has run-time type t.
func opsOfType(ops []operand, t column.Type) bool {
	for _, o := range ops {
		if (o.isConst && o.konst.Type != t) || (!o.isConst && o.vec.Type != t) {
			return false
		}
	}
	return true
}

// coalesceEval is coalesce over operands of the call's type: the first
// non-empty string, or the first non-null int- or real-represented value
// (null when there is none).
type coalesceEval struct {
	args    []evaluator
	t       column.Type
	generic *callEval
}

func newCoalesceEval(x *check.Call, args []evaluator, generic *callEval) evaluator {
	if x.T != column.String && !x.T.UsesInts() && !x.T.UsesReals() {
		return nil
	}
	for _, a := range x.Args {
		if a.Type() != x.T {
			return nil
		}
	}
	return &coalesceEval{args: args, t: x.T, generic: generic}
}

func (e *coalesceEval) eval(rt *runtime, b *column.Batch) (operand, error) {
	ops, err := evalAll(rt, e.args, b)
	if err != nil {
		return operand{}, err
	}
	if allConst(ops) || !opsOfType(ops, e.t) {
		return genericOver(rt, e.generic, ops, b)
	}
	out := &column.Vector{Type: e.t}
	switch {
	case e.t == column.String:
		out.Strs = make([]string, b.Len)
		var buf [4]side[string]
		coalesceStrs(out.Strs, sidesOf(strRepr, ops, e.t, buf[:]))
	case e.t.UsesInts():
		out.Ints = make([]int64, b.Len)
		var buf [4]side[int64]
		firstNonNull(out.Ints, &out.Nulls, sidesOf(intRepr, ops, e.t, buf[:]))
	default:
		out.Reals = make([]float64, b.Len)
		var buf [4]side[float64]
		firstNonNull(out.Reals, &out.Nulls, sidesOf(realRepr, ops, e.t, buf[:]))
	}
	return operand{vec: out}, nil
}

// coalesceStrs sets out[i] to the first non-empty string of row i.
func coalesceStrs(out []string, sides []side[string]) {
	for i := range out {
		for j := range sides {
			if s, _ := sides[j].at(i); s != "" {
				out[i] = s
				break
			}
		}
	}
}

// firstNonNull sets out[i] to the first non-null value of row i; a row
// with none is null.
func firstNonNull[T any](out []T, nulls *column.Bitmap, sides []side[T]) {
	for i := range out {
		null := true
		for j := range sides {
			if v, isNull := sides[j].at(i); !isNull {
				out[i], null = v, false
				break
			}
		}
		if null {
			nulls.Set(i)
		}
	}
}

// strcatEval is strcat of any arguments: the rows' texts are written into
// one buffer per batch and every row's string is a slice of it (so a
// string kept from the result keeps its batch's buffer alive).
type strcatEval struct {
	args    []evaluator
	generic *callEval
}

// textSide is one strcat operand: a string vector, another vector (read
// through column.Value.Text per row) or a constant's text.
type textSide struct {
	strs  []string
	vec   *column.Vector
	k     string
	konst bool
}

func (s *textSide) at(i int) string {
	switch {
	case s.konst:
		return s.k
	case s.vec != nil:
		return s.vec.Value(i).Text()
	}
	return s.strs[i]
}

func textSideOf(o operand) textSide {
	switch {
	case o.isConst:
		return textSide{k: o.konst.Text(), konst: true}
	case o.vec.Type == column.String:
		return textSide{strs: o.vec.Strs}
	}
	return textSide{vec: o.vec}
}

func (e *strcatEval) eval(rt *runtime, b *column.Batch) (operand, error) {
	ops, err := evalAll(rt, e.args, b)
	if err != nil {
		return operand{}, err
	}
	if allConst(ops) || len(ops) == 1 {
		// One argument: its text, as tostring (no bytes are copied).
		if len(ops) == 1 && !ops[0].isConst {
			return operand{vec: texts(ops[0].vec, b.Len)}, nil
		}
		return genericOver(rt, e.generic, ops, b)
	}
	var buf [8]textSide
	sides := buf[:0]
	for _, o := range ops {
		sides = append(sides, textSideOf(o))
	}
	return operand{vec: concatRows(sides, b.Len)}, nil
}

// concatRows concatenates the sides of each of n rows into one buffer and
// returns the rows as slices of it.
func concatRows(sides []textSide, n int) *column.Vector {
	var sb strings.Builder
	sb.Grow(textSize(sides, n))
	ends := make([]int, n)
	for i := range ends {
		for j := range sides {
			sb.WriteString(sides[j].at(i))
		}
		ends[i] = sb.Len()
	}
	all := sb.String()
	out := &column.Vector{Type: column.String, Strs: make([]string, n)}
	start := 0
	for i, end := range ends {
		out.Strs[i] = all[start:end]
		start = end
	}
	return out
}

// textSize estimates the bytes of n rows of the sides (exact when every
// side is a string vector or a constant).
func textSize(sides []textSide, n int) int {
	size := 0
	for j := range sides {
		switch s := &sides[j]; {
		case s.konst:
			size += len(s.k) * n
		case s.vec != nil:
			size += 8 * n
		default:
			for _, x := range s.strs[:n] {
				size += len(x)
			}
		}
	}
	return size
}

// caseEval is case(p1, v1, ..., pn, vn, else) and iff(p, a, b): the value
// of the first true predicate (null is false, a dynamic is true only when
// it holds true), else the last value. Every value has the call's type.
type caseEval struct {
	args    []evaluator // predicates at even positions, values at odd ones, else last
	t       column.Type
	generic *callEval
}

func newCaseEval(x *check.Call, args []evaluator, generic *callEval) evaluator {
	if len(args) < 3 || len(args)%2 == 0 {
		return nil
	}
	for i, a := range x.Args {
		if !isValue(i, len(x.Args)) {
			if t := a.Type(); t != column.Bool && t != column.Dynamic {
				return nil
			}
		} else if a.Type() != x.T {
			return nil
		}
	}
	return &caseEval{args: args, t: x.T, generic: generic}
}

// isValue reports whether argument i of n of case/iff is a value (odd
// positions and the last) rather than a predicate.
func isValue(i, n int) bool { return i%2 == 1 || i == n-1 }

// condSide is one predicate operand: a bool or dynamic vector, or a
// constant already reduced to its truth.
type condSide struct {
	ints  []int64
	nulls column.Bitmap
	dyns  []any
	dyn   bool
	k     bool
	konst bool
}

// truth reports whether row i is true (funcs.truthy).
func (c *condSide) truth(i int) bool {
	switch {
	case c.konst:
		return c.k
	case c.dyn:
		b, _ := c.dyns[i].(bool)
		return b
	}
	return c.ints[i] != 0 && !c.nulls.Get(i)
}

// condOf views o as a predicate; ok is false for a type other than bool
// or dynamic.
func condOf(o operand) (condSide, bool) {
	if o.isConst {
		switch o.konst.Type {
		case column.Bool:
			return condSide{k: o.konst.Bool(), konst: true}, true
		case column.Dynamic:
			b, _ := o.konst.D.(bool)
			return condSide{k: b, konst: true}, true
		}
		return condSide{}, false
	}
	switch o.vec.Type {
	case column.Bool:
		return condSide{ints: o.vec.Ints, nulls: o.vec.Nulls}, true
	case column.Dynamic:
		return condSide{dyns: o.vec.Dyns, dyn: true}, true
	}
	return condSide{}, false
}

func (e *caseEval) eval(rt *runtime, b *column.Batch) (operand, error) {
	ops, err := evalAll(rt, e.args, b)
	if err != nil {
		return operand{}, err
	}
	var cbuf [4]condSide
	var vbuf [5]operand
	conds, vals := cbuf[:0], vbuf[:0]
	ok := !allConst(ops)
	for i, o := range ops {
		if isValue(i, len(ops)) {
			vals = append(vals, o)
			continue
		}
		c, isCond := condOf(o)
		conds, ok = append(conds, c), ok && isCond
	}
	if !ok || !opsOfType(vals, e.t) {
		return genericOver(rt, e.generic, ops, b)
	}
	return operand{vec: e.choose(conds, vals, b.Len)}, nil
}

// choose builds the result vector of n rows.
func (e *caseEval) choose(conds []condSide, vals []operand, n int) *column.Vector {
	out := &column.Vector{Type: e.t}
	switch t := e.t; {
	case t.UsesInts():
		out.Ints = make([]int64, n)
		var buf [4]side[int64]
		chooseRows(out.Ints, &out.Nulls, conds, sidesOf(intRepr, vals, t, buf[:]))
	case t.UsesReals():
		out.Reals = make([]float64, n)
		var buf [4]side[float64]
		chooseRows(out.Reals, &out.Nulls, conds, sidesOf(realRepr, vals, t, buf[:]))
	case t.UsesStrs():
		out.Strs = make([]string, n)
		var buf [4]side[string]
		chooseRows(out.Strs, &out.Nulls, conds, sidesOf(strRepr, vals, t, buf[:]))
	default:
		out.Dyns = make([]any, n)
		var buf [4]side[any]
		chooseRows(out.Dyns, &out.Nulls, conds, sidesOf(dynRepr, vals, t, buf[:]))
	}
	return out
}

// chooseRows sets out[i] to row i of the value after the first true
// predicate, or of the last value.
func chooseRows[T any](out []T, nulls *column.Bitmap, conds []condSide, vals []side[T]) {
	for i := range out {
		j := len(conds)
		for c := range conds {
			if conds[c].truth(i) {
				j = c
				break
			}
		}
		v, null := vals[j].at(i)
		out[i] = v
		if null {
			nulls.Set(i)
		}
	}
}

// cmpIntsEval compares two int-represented operands (long and int with
// each other, or two of the same type among datetime, timespan and bool)
// when they are not a vector against a literal: two vectors, or a vector
// and a value constant only at run time (ago(1h), a toscalar). Nulls
// follow funcs.equalOp and compareValues: two nulls give null, one null
// gives false for ==, true for !=, and null for an ordering.
type cmpIntsEval struct {
	op      string
	a, b    evaluator
	generic *callEval
}

// cmpIntTypes reports whether cmpIntsEval compares types a and b.
func cmpIntTypes(a, b column.Type) bool {
	return (a.IsInteger() && b.IsInteger()) || (a == b && a.UsesInts())
}

func newCmpIntsEval(x *check.Call, args []evaluator, generic *callEval) evaluator {
	if len(args) != 2 || !cmpIntTypes(x.Args[0].Type(), x.Args[1].Type()) {
		return nil
	}
	return &cmpIntsEval{op: x.Name, a: args[0], b: args[1], generic: generic}
}

// flipCmp returns the operator op' with k op x == x op' k.
func flipCmp(op string) string {
	switch op {
	case "<":
		return ">"
	case "<=":
		return ">="
	case ">":
		return "<"
	case ">=":
		return "<="
	}
	return op
}

// opType is the run-time type of an operand.
func opType(o operand) column.Type {
	if o.isConst {
		return o.konst.Type
	}
	return o.vec.Type
}

func (e *cmpIntsEval) eval(rt *runtime, b *column.Batch) (operand, error) {
	ao, err := e.a.eval(rt, b)
	if err != nil {
		return operand{}, err
	}
	bo, err := e.b.eval(rt, b)
	if err != nil {
		return operand{}, err
	}
	if (ao.isConst && bo.isConst) || !cmpIntTypes(opType(ao), opType(bo)) {
		return genericOver(rt, e.generic, []operand{ao, bo}, b)
	}
	n := b.Len
	out := newBoolVector(n)
	switch {
	case bo.isConst:
		ints(out.Ints, ao.vec.Ints[:n], bo.konst.I, e.op)
	case ao.isConst:
		ints(out.Ints, bo.vec.Ints[:n], ao.konst.I, flipCmp(e.op))
	default:
		intPairs(out.Ints, ao.vec.Ints[:n], bo.vec.Ints[:n], e.op)
	}
	applyPairNulls(out, nullsOf(ao), nullsOf(bo), e.op)
	return ownedBool(out), nil
}

// intPairs sets out[i] to xs[i] op ys[i].
func intPairs(out, xs, ys []int64, op string) {
	ys = ys[:len(xs)]
	switch op {
	case "==":
		for i, x := range xs {
			out[i] = b2i(x == ys[i])
		}
	case "!=":
		for i, x := range xs {
			out[i] = b2i(x != ys[i])
		}
	case "<":
		for i, x := range xs {
			out[i] = b2i(x < ys[i])
		}
	case "<=":
		for i, x := range xs {
			out[i] = b2i(x <= ys[i])
		}
	case ">":
		for i, x := range xs {
			out[i] = b2i(x > ys[i])
		}
	case ">=":
		for i, x := range xs {
			out[i] = b2i(x >= ys[i])
		}
	}
}

// nullMask is the nulls of one comparison operand: every row (a null
// constant) or the rows of a bitmap.
type nullMask struct {
	bits column.Bitmap
	all  bool
}

func nullsOf(o operand) nullMask {
	if o.isConst {
		return nullMask{all: o.konst.IsNull()}
	}
	return nullMask{bits: o.vec.Nulls}
}

func (m nullMask) none() bool     { return !m.all && m.bits == nil }
func (m nullMask) get(i int) bool { return m.all || m.bits.Get(i) }

// applyPairNulls applies Kusto's null rules of a comparison to out.
func applyPairNulls(out *column.Vector, a, b nullMask, op string) {
	if a.none() && b.none() {
		return
	}
	eq := op == "==" || op == "!="
	for i := range out.Ints {
		an, bn := a.get(i), b.get(i)
		switch {
		case !an && !bn:
		case an && bn, !eq:
			out.Ints[i] = 0
			out.Nulls.Set(i)
		default:
			out.Ints[i] = b2i(op == "!=")
		}
	}
}

// temporalEval is + or - of datetime and timespan operands (datetime -
// datetime, datetime +- timespan, timespan + datetime, timespan +-
// timespan): the tick counts added or subtracted, null when either
// operand is (funcs.temporalArith).
type temporalEval struct {
	sub     bool
	a, b    evaluator
	ta, tb  column.Type
	t       column.Type
	generic *callEval
}

// temporal reports whether t is datetime or timespan.
func temporal(t column.Type) bool { return t == column.DateTime || t == column.TimeSpan }

func newTemporalEval(x *check.Call, args []evaluator, generic *callEval) evaluator {
	ta, tb := x.Args[0].Type(), x.Args[1].Type()
	if len(args) != 2 || !temporal(ta) || !temporal(tb) || !temporal(x.T) {
		return nil
	}
	return &temporalEval{sub: x.Name == "-", a: args[0], b: args[1], ta: ta, tb: tb, t: x.T, generic: generic}
}

func (e *temporalEval) eval(rt *runtime, b *column.Batch) (operand, error) {
	ao, err := e.a.eval(rt, b)
	if err != nil {
		return operand{}, err
	}
	bo, err := e.b.eval(rt, b)
	if err != nil {
		return operand{}, err
	}
	if (ao.isConst && bo.isConst) || opType(ao) != e.ta || opType(bo) != e.tb {
		return genericOver(rt, e.generic, []operand{ao, bo}, b)
	}
	x, y := sideOf(intRepr, ao, e.ta), sideOf(intRepr, bo, e.tb)
	out := &column.Vector{Type: e.t, Ints: make([]int64, b.Len)}
	for i := range out.Ints {
		xv, xNull := x.at(i)
		yv, yNull := y.at(i)
		switch {
		case xNull || yNull:
			out.Nulls.Set(i)
		case e.sub:
			out.Ints[i] = xv - yv
		default:
			out.Ints[i] = xv + yv
		}
	}
	return operand{vec: out}, nil
}
