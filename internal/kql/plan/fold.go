package plan

import (
	"quarry/internal/column"
	"quarry/internal/kql/check"
	"quarry/internal/kql/funcs"
)

// volatile lists the scalar functions whose value depends on the run, not
// only on their arguments (now() is bound per run: a hunt runs one plan at
// many ticks). They are never folded.
var volatile = map[string]bool{"now": true, "ago": true}

// fold returns a copy of n with constant sub-expressions of its filter
// predicates and projected items computed once, and with where clauses
// that are always true removed. After function inlining the parameters of
// a user function are constants, so a view such as ASIM's
// imAuthentication, whose body filters `(isnull(starttime) or
// TimeGenerated >= starttime) and ...`, costs nothing when it is called
// with its defaults.
func fold(n check.Node) check.Node {
	f := &folder{mats: map[*check.Materialize]*check.Materialize{}}
	return f.node(n)
}

// folder folds a plan. Every reference to one materialized input maps to
// one folded copy, so that the references still share one result.
type folder struct {
	mats map[*check.Materialize]*check.Materialize
}

// node folds n and its inputs.
func (f *folder) node(n check.Node) check.Node {
	switch x := n.(type) {
	case *check.Filter:
		in := f.node(x.In)
		pred := foldExpr(x.Pred)
		if isBool(pred, true) {
			return in
		}
		return &check.Filter{In: in, Pred: pred}
	case *check.Project:
		cp := *x
		cp.In = f.node(x.In)
		cp.Items = foldItems(x.Items)
		return &cp
	case *check.Materialize:
		if m, ok := f.mats[x]; ok {
			return m
		}
		m := &check.Materialize{ID: x.ID, Let: x.Let}
		f.mats[x] = m
		m.In = f.node(x.In)
		return m
	}
	return withInputs(n, f.node)
}

// foldItems folds the expressions of projected items.
func foldItems(items []check.Item) []check.Item {
	out := make([]check.Item, len(items))
	for i, it := range items {
		out[i] = check.Item{Name: it.Name, Expr: foldExpr(it.Expr)}
	}
	return out
}

// foldExpr returns e with every call whose arguments are all constants
// replaced by its value, and and/or simplified around constant operands.
func foldExpr(e check.Expr) check.Expr {
	c, ok := e.(*check.Call)
	if !ok {
		return e
	}
	cp := *c
	cp.Args = make([]check.Expr, len(c.Args))
	for i, a := range c.Args {
		cp.Args[i] = foldExpr(a)
	}
	if cp.Name == "and" || cp.Name == "or" {
		return simplifyLogic(&cp)
	}
	if v, ok := evalConst(&cp); ok {
		return &check.Const{Val: v}
	}
	return &cp
}

// simplifyLogic applies `true or X` = true, `false and X` = false and
// drops the neutral operands (`true and X` = X, `false or X` = X), keeping
// the call's bool type: an operand that is not a bool is not unwrapped.
func simplifyLogic(c *check.Call) check.Expr {
	and := c.Name == "and"
	var rest []check.Expr
	for _, a := range c.Args {
		switch {
		case isBool(a, !and): // false in and, true in or: decides the result
			return &check.Const{Val: column.BoolValue(!and)}
		case isBool(a, and): // neutral
		default:
			rest = append(rest, a)
		}
	}
	switch {
	case len(rest) == 0:
		return &check.Const{Val: column.BoolValue(and)}
	case len(rest) == 1 && rest[0].Type() == column.Bool:
		return rest[0]
	case len(rest) == len(c.Args):
		if v, ok := evalConst(c); ok {
			return &check.Const{Val: v}
		}
		return c
	}
	if len(rest) == 1 {
		rest = append(rest, &check.Const{Val: column.BoolValue(and)})
	}
	c.Args = rest
	return c
}

// isBool reports whether e is the non-null boolean constant b (a dynamic
// boolean counts, as and/or/where read it).
func isBool(e check.Expr, b bool) bool {
	k, ok := e.(*check.Const)
	if !ok {
		return false
	}
	v := funcs.BoolOperand(k.Val)
	return !v.Null && v.Bool() == b
}

// evalConst computes a call whose arguments are all constants. It reports
// false for volatile functions, for calls that fail (the error is left to
// the run, where it is reported as written) and for values whose type is
// not the call's.
func evalConst(c *check.Call) (column.Value, bool) {
	if c.Fn == nil || c.Fn.Eval == nil || volatile[c.Name] {
		return column.Value{}, false
	}
	args := make([]column.Value, len(c.Args))
	for i, a := range c.Args {
		k, ok := a.(*check.Const)
		if !ok {
			return column.Value{}, false
		}
		args[i] = k.Val
	}
	v, err := c.Fn.Eval(&funcs.Context{}, args)
	if err != nil {
		return column.Value{}, false
	}
	if v.Type != c.T {
		if !v.IsNull() {
			return column.Value{}, false
		}
		v = column.NullOf(c.T)
	}
	return v, true
}
