package exec

import (
	"strings"
	"sync"

	"quarry/internal/column"
	"quarry/internal/kql/check"
)

// Hash fast path for `x in (T)` and `x !in (T)` with a tabular right side
// (a *check.ListQuery, e.g. `where Src in (sprays | project Src)`), where
// newInSetEval, which needs every list element to be a constant, does not
// apply. The generic path (funcs.inList through callEval) compares every
// row against every element of the list, which the hunt replay of the
// built-in rules spent most of its time on.
//
// The list operands are evaluated once per run (sub-queries are cached by
// the runtime), flattened like funcs.eachElem and loaded into a string set
// on first use; a sub-query's column is read as it is, not boxed into the
// dynamic array the generic path gets (rt.subqueryList), and the set is
// cleared and refilled at the next run of a reused tree. The fast path covers a string left side and list elements
// that are strings, dynamic strings or nulls, for which funcs.inList's
// lenient equality reduces to plain string equality; any other element (a
// number, a bool, a nested array or bag) makes the evaluator defer to the
// generic one for the whole run, so results never differ.
type inQueryEval struct {
	x       evaluator
	list    []evaluator
	exprs   []check.Expr // the list's expressions
	neg     bool
	generic *callEval

	once     sync.Once
	set      map[string]struct{}
	fallback bool
	err      error
}

// newInQueryEval returns the fast evaluator for a case-sensitive in/!in
// over a string left side whose list holds at least one tabular sub-query
// and otherwise only constants, or nil.
func newInQueryEval(x *check.Call, args []evaluator, generic *callEval) evaluator {
	if genericOnly.Load() || strings.HasSuffix(x.Name, "~") || x.Args[0].Type() != column.String || len(x.Args) < 2 {
		return nil
	}
	query := false
	for _, a := range x.Args[1:] {
		switch a.(type) {
		case *check.ListQuery:
			query = true
		case *check.Const:
		default:
			return nil
		}
	}
	if !query {
		return nil
	}
	return &inQueryEval{x: args[0], list: args[1:], exprs: x.Args[1:], neg: strings.HasPrefix(x.Name, "!"), generic: generic}
}

// reset forgets the set of the previous run (reuse.go), keeping its
// memory for the next.
func (e *inQueryEval) reset() {
	clear(e.set)
	e.once, e.fallback, e.err = sync.Once{}, false, nil
}

// build evaluates the list operands and fills the set, or sets fallback.
func (e *inQueryEval) build(rt *runtime, b *column.Batch) {
	if e.set == nil {
		e.set = map[string]struct{}{}
	}
	set := e.set
	for i, ev := range e.list {
		if q, ok := e.exprs[i].(*check.ListQuery); ok {
			if e.addColumn(rt, q) {
				continue
			}
			if e.err != nil || e.fallback {
				return
			}
		}
		o, err := ev.eval(rt, b)
		if err != nil {
			e.err = err
			return
		}
		if !o.isConst {
			e.fallback = true
			return
		}
		v := o.konst
		if arr, ok := v.D.([]any); ok && v.Type == column.Dynamic {
			for _, d := range arr {
				switch s := d.(type) {
				case string:
					set[s] = struct{}{}
				case nil:
				default:
					e.fallback = true
					return
				}
			}
			continue
		}
		switch {
		case v.Type == column.String:
			set[v.S] = struct{}{}
		case v.IsNull():
		case v.Type == column.Dynamic:
			s, ok := v.D.(string)
			if !ok {
				e.fallback = true
				return
			}
			set[s] = struct{}{}
		default:
			e.fallback = true
			return
		}
	}
}

// addColumn adds the values of a string column sub-query to the set and
// reports true; for a column of another type it returns false (the
// dynamic array path decides), and on an error it sets e.err.
func (e *inQueryEval) addColumn(rt *runtime, q *check.ListQuery) bool {
	vec, n, err := rt.subqueryList(q)
	if err != nil {
		e.err = err
		return false
	}
	if vec == nil || vec.Type != column.String {
		return false
	}
	// A string is never null (column.Vector.Value ignores the null mask
	// of a string vector): each value is an element, as boxed.
	for _, s := range vec.Strs[:n] {
		e.set[s] = struct{}{}
	}
	return true
}

func (e *inQueryEval) eval(rt *runtime, b *column.Batch) (operand, error) {
	e.once.Do(func() { e.build(rt, b) })
	if e.err != nil {
		return operand{}, e.err
	}
	if e.fallback {
		return e.generic.eval(rt, b)
	}
	v, res, done, err := vectorOperand(rt, b, e.x, column.String, e.generic)
	if done {
		return res, err
	}
	out := newBoolVector(b.Len)
	for i, s := range v.Strs {
		// A string is never null (column.Vector.Value ignores the null
		// mask of a string vector), as in funcs.inList.
		_, in := e.set[s]
		out.Ints[i] = b2i(in != e.neg)
	}
	return ownedBool(out), nil
}
