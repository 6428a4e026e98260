package check

import (
	"strings"

	"quarry/internal/column"
	"quarry/internal/kql/funcs"
	"quarry/internal/kql/syntax"
)

// rowCtx is what an expression may refer to: the columns of the input row,
// the let scope, and operator-specific permissions.
type rowCtx struct {
	sc         *scope
	schema     column.Schema
	lenient    bool     // the input is broken: unknown columns are silent
	serialized bool     // row_number/prev/next allowed
	aggs       *aggSink // non-nil inside summarize aggregate items
	window     *bool    // set to true when a window function is used
}

// constRow is a row context without columns.
func (c *checker) constRow(sc *scope) *rowCtx { return &rowCtx{sc: sc} }

// rowOf is the row context of a checked tabular input.
func rowOf(t tab, sc *scope) *rowCtx {
	return &rowCtx{sc: sc, schema: t.node.Schema(), lenient: t.broken, serialized: t.serialized}
}

// bad is the expression returned after an error: its Invalid type silences
// follow-up type errors.
var bad = &Const{Val: column.Value{Type: column.Invalid, Null: true}}

// expr checks a scalar expression.
func (c *checker) expr(e syntax.Expr, r *rowCtx) Expr {
	switch x := e.(type) {
	case *syntax.Literal:
		return &Const{Val: c.literal(x)}
	case *syntax.Ident:
		return c.ident(x, r)
	case *syntax.Member:
		return c.member(x, r)
	case *syntax.Index:
		return c.index(x, r)
	case *syntax.Call:
		return c.call(x, r)
	case *syntax.Unary:
		return c.unary(x, r)
	case *syntax.Binary:
		return c.binary(x, r)
	case *syntax.InExpr:
		return c.inExpr(x, r)
	case *syntax.BetweenExpr:
		name := "between"
		if x.Not {
			name = "!between"
		}
		return asOp(c.apply(x.Pos, name, []Expr{c.expr(x.X, r), c.expr(x.Lo, r), c.expr(x.Hi, r)}))
	case *syntax.NamedArg:
		return c.expr(x.Value, r)
	case *syntax.TypeOf:
		return &Const{Val: column.StringValue(x.Type)}
	case *syntax.Subquery:
		c.errorf(x.Pos, "a tabular expression is not allowed here; use toscalar()")
		return bad
	case *syntax.Star:
		c.errorf(x.Pos, "'*' is not allowed here")
		return bad
	case nil:
		return bad
	}
	c.errorf(e.Start(), "expression %s is not supported yet", e.String())
	return bad
}

// ident resolves a bare name: a column, then a scalar let binding.
func (c *checker) ident(x *syntax.Ident, r *rowCtx) Expr {
	if i := r.schema.Index(x.Name); i >= 0 {
		return &ColRef{Name: x.Name, T: r.schema[i].Type}
	}
	if b := r.sc.lookup(x.Name); b != nil {
		switch {
		case b.expr != nil && b.rowDep > 0 && c.subq >= b.rowDep:
			c.errorf(x.Pos, "'%s' depends on the current row and cannot be used inside toscalar() or a sub-query", x.Name)
			return bad
		case b.expr != nil:
			return b.expr
		case b.tab != nil:
			c.use(b)
			return &ListQuery{Query: b.tab.node}
		case b.fn != nil && len(b.fn.Params) == 0:
			return c.inlineScalar(x.Pos, b, nil, r)
		}
	}
	if r.lenient {
		return bad
	}
	cands := append(r.schema.Names(), r.sc.all(func(b *binding) bool { return b.expr != nil })...)
	c.errorf(x.Pos, "unknown column '%s'%s", x.Name, suggest(x.Name, cands))
	return bad
}

// member checks X.Name on a dynamic (or string, parsed as JSON) value.
func (c *checker) member(x *syntax.Member, r *rowCtx) Expr {
	if id, ok := x.X.(*syntax.Ident); ok && (id.Name == "$left" || id.Name == "$right") {
		c.errorf(x.Pos, "%s is only allowed in join conditions", id.Name)
		return bad
	}
	return &Access{X: c.expr(x.X, r), Key: x.Name.Name}
}

// index checks X[Index]; a constant string index is a member access.
func (c *checker) index(x *syntax.Index, r *rowCtx) Expr {
	base := c.expr(x.X, r)
	idx := c.expr(x.Index, r)
	if k, ok := idx.(*Const); ok && k.Val.Type == column.String {
		return &Access{X: base, Key: k.Val.S}
	}
	return &Access{X: base, Idx: idx}
}

// unary checks -X and +X.
func (c *checker) unary(x *syntax.Unary, r *rowCtx) Expr {
	arg := c.expr(x.X, r)
	if x.Op == syntax.OpPos {
		return arg
	}
	if k, ok := arg.(*Const); ok && !k.Val.IsNull() {
		switch k.Val.Type {
		case column.Int, column.Long, column.TimeSpan:
			v := k.Val
			v.I = -v.I
			return &Const{Val: v}
		case column.Real, column.Decimal:
			v := k.Val
			v.F = -v.F
			return &Const{Val: v}
		}
	}
	return asOp(c.apply(x.Pos, "neg", []Expr{arg}))
}

// binary checks X op Y; "* has 'x'" searches every column.
func (c *checker) binary(x *syntax.Binary, r *rowCtx) Expr {
	if _, ok := x.X.(*syntax.Star); ok {
		return c.starPredicate(x, r)
	}
	return asOp(c.apply(x.Pos, string(x.Op), []Expr{c.expr(x.X, r), c.expr(x.Y, r)}))
}

// starPredicate expands "* op y" into an or over every column.
func (c *checker) starPredicate(x *syntax.Binary, r *rowCtx) Expr {
	y := c.expr(x.Y, r)
	var out Expr
	for _, f := range r.schema {
		var col Expr = &ColRef{Name: f.Name, T: f.Type}
		if f.Type != column.String {
			col = c.apply(x.Pos, "tostring", []Expr{col})
		}
		term := asOp(c.apply(x.Pos, string(x.Op), []Expr{col, y}))
		if out == nil {
			out = term
		} else {
			out = asOp(c.apply(x.Pos, "or", []Expr{out, term}))
		}
	}
	if out == nil {
		return &Const{Val: column.BoolValue(false)}
	}
	return out
}

// inExpr checks X in (list); list elements may be tables.
func (c *checker) inExpr(x *syntax.InExpr, r *rowCtx) Expr {
	args := []Expr{c.expr(x.X, r)}
	for _, el := range x.List {
		args = append(args, c.listElem(el, r))
	}
	return asOp(c.apply(x.Pos, string(x.Op), args))
}

// asOp marks a checked call as written in operator syntax.
func asOp(e Expr) Expr {
	if call, ok := e.(*Call); ok {
		call.Op = true
	}
	return e
}

// listElem checks one element of an in-list.
func (c *checker) listElem(el syntax.Expr, r *rowCtx) Expr {
	switch e := el.(type) {
	case *syntax.Subquery:
		c.subq++
		t := c.tabular(e.Query, r.sc)
		c.subq--
		return &ListQuery{Query: t.node}
	case *syntax.Ident:
		if r.schema.Index(e.Name) < 0 {
			if b := r.sc.lookup(e.Name); b == nil || b.expr == nil {
				if t, ok := c.tableByName(e.Name, r.sc); ok {
					return &ListQuery{Query: t.node}
				}
			}
		}
	}
	return c.expr(el, r)
}

// apply type-checks a call of the registered scalar name.
func (c *checker) apply(pos int, name string, args []Expr) Expr {
	fn, ok := funcs.LookupScalar(name)
	if !ok {
		c.errorf(pos, "unknown function '%s'%s", name, suggest(name, funcs.ScalarNames()))
		return bad
	}
	for _, a := range args {
		if a.Type() == column.Invalid {
			return &Call{Name: name, Fn: fn, Args: args, T: column.Invalid}
		}
	}
	t, err := fn.Check(argInfo(args))
	if err != nil {
		c.errorf(pos, "%s", lowerFirst(err.Error()))
		return bad
	}
	return &Call{Name: strings.ToLower(name), Fn: fn, Args: args, T: t}
}

// argInfo describes checked arguments for funcs.
func argInfo(args []Expr) []funcs.Arg {
	out := make([]funcs.Arg, len(args))
	for i, a := range args {
		out[i] = funcs.Arg{Type: a.Type(), Name: derivedName(a)}
		if k, ok := a.(*Const); ok {
			v := k.Val
			out[i].Const = &v
		}
	}
	return out
}

// singleColumn returns the only column e refers to, or "".
func singleColumn(e Expr) string {
	cols := Columns(e)
	if len(cols) == 1 {
		return cols[0]
	}
	return ""
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
