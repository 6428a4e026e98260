package check

import (
	"strings"

	"quarry/internal/column"
	"quarry/internal/kql/funcs"
	"quarry/internal/kql/syntax"
)

// call checks a function call in scalar position.
func (c *checker) call(x *syntax.Call, r *rowCtx) Expr {
	name := x.Name.Name
	if b := r.sc.lookup(name); b != nil && b.fn != nil {
		return c.inlineScalar(x.Pos, b, x.Args, r)
	}
	if e, ok := c.engineCall(x, r); ok {
		return e
	}
	if _, ok := funcs.LookupAggregate(name); ok {
		if _, scalar := funcs.LookupScalar(name); !scalar {
			return c.aggregateInExpr(x, r)
		}
	}
	if _, ok := funcs.LookupScalar(name); !ok {
		cands := append(funcs.ScalarNames(), r.sc.all(func(b *binding) bool { return b.fn != nil })...)
		c.errorf(x.Name.Pos, "unknown function '%s'%s", name, suggest(name, cands))
		return bad
	}
	return c.apply(x.Pos, name, c.args(x.Args, r))
}

// args checks plain call arguments.
func (c *checker) args(list []syntax.Expr, r *rowCtx) []Expr {
	out := make([]Expr, len(list))
	for i, a := range list {
		out[i] = c.expr(a, r)
	}
	return out
}

// engineCall handles the functions the engine implements itself.
func (c *checker) engineCall(x *syntax.Call, r *rowCtx) (Expr, bool) {
	switch strings.ToLower(x.Name.Name) {
	case "toscalar":
		return c.toscalar(x, r), true
	case "column_ifexists":
		return c.columnIfExists(x, r), true
	case "row_number":
		return c.rowNumber(x, r), true
	case "prev", "next":
		return c.prevNext(x, r), true
	case "pack_all":
		return c.packAll(x, r), true
	case "ingestion_time":
		return c.ingestionTime(x, r), true
	case "materialize", "table":
		c.errorf(x.Pos, "%s() returns a table and is not allowed in a scalar expression", x.Name.Name)
		return bad, true
	}
	return nil, false
}

// toscalar checks toscalar(T): the first column of the first row.
func (c *checker) toscalar(x *syntax.Call, r *rowCtx) Expr {
	if len(x.Args) != 1 {
		c.errorf(x.Pos, "toscalar() expects one argument")
		return bad
	}
	var t tab
	switch a := x.Args[0].(type) {
	case *syntax.Subquery:
		c.subq++
		t = c.tabular(a.Query, r.sc)
		c.subq--
	case *syntax.Ident:
		if tt, ok := c.tableByName(a.Name, r.sc); ok {
			t = tt
		} else {
			return c.expr(a, r)
		}
	case *syntax.Call:
		if tt, ok := c.tabularCall(a, r.sc, false); ok {
			t = tt
		} else {
			return c.expr(a, r)
		}
	default:
		return c.expr(a, r)
	}
	s := t.node.Schema()
	if len(s) == 0 {
		if !t.broken {
			c.errorf(x.Pos, "toscalar() needs a tabular expression with at least one column")
		}
		return bad
	}
	return &ScalarQuery{Query: t.node, T: s[0].Type}
}

// columnIfExists resolves column_ifexists("Name", default) at check time.
func (c *checker) columnIfExists(x *syntax.Call, r *rowCtx) Expr {
	if len(x.Args) != 2 {
		c.errorf(x.Pos, "column_ifexists() expects a column name and a default value")
		return bad
	}
	lit, ok := x.Args[0].(*syntax.Literal)
	if !ok || lit.Kind != syntax.LitString {
		c.errorf(x.Args[0].Start(), "column_ifexists() expects a constant string column name")
		return bad
	}
	if i := r.schema.Index(lit.Str); i >= 0 {
		return &ColRef{Name: lit.Str, T: r.schema[i].Type}
	}
	return c.expr(x.Args[1], r)
}

// ingestionTime checks ingestion_time(). quarry keeps no separate ingestion
// timestamp, so it approximates it (deliberately, see docs/kql.md) with the
// row's datetime TimeGenerated column; without one the result is null, as
// Q/ingestion-time-function says for use outside the context of a table.
func (c *checker) ingestionTime(x *syntax.Call, r *rowCtx) Expr {
	if len(x.Args) != 0 {
		c.errorf(x.Pos, "ingestion_time() takes no arguments")
		return bad
	}
	if i := r.schema.Index("TimeGenerated"); i >= 0 && r.schema[i].Type == column.DateTime {
		// Wrapped (and marked like an operator) so that an unnamed
		// "extend ingestion_time()" gets Column1, not TimeGenerated.
		return asOp(c.apply(x.Pos, "todatetime", []Expr{&ColRef{Name: "TimeGenerated", T: column.DateTime}}))
	}
	return &Const{Val: column.NullOf(column.DateTime)}
}

// rowNumber checks row_number([start [, restart]]).
func (c *checker) rowNumber(x *syntax.Call, r *rowCtx) Expr {
	c.needSerialized(x, r)
	rn := &RowNumber{Start: 1}
	if len(x.Args) > 0 {
		rn.Start = c.constInt(x.Args[0], r, 1)
	}
	if len(x.Args) > 1 {
		rn.Restart = c.expr(x.Args[1], r)
	}
	return rn
}

// prevNext checks prev/next(col [, offset [, default]]).
func (c *checker) prevNext(x *syntax.Call, r *rowCtx) Expr {
	c.needSerialized(x, r)
	if len(x.Args) < 1 || len(x.Args) > 3 {
		c.errorf(x.Pos, "%s() expects 1 to 3 arguments", x.Name.Name)
		return bad
	}
	pn := &PrevNext{Next: strings.EqualFold(x.Name.Name, "next"), X: c.expr(x.Args[0], r), Offset: 1}
	if len(x.Args) > 1 {
		pn.Offset = c.constInt(x.Args[1], r, 1)
	}
	if len(x.Args) > 2 {
		pn.Default = c.expr(x.Args[2], r)
	}
	return pn
}

// needSerialized reports a window function over unserialized input.
func (c *checker) needSerialized(x *syntax.Call, r *rowCtx) {
	if r.window != nil {
		*r.window = true
	}
	if !r.serialized && !r.lenient {
		c.errorf(x.Pos, "function '%s' needs serialized input: use serialize or sort first", x.Name.Name)
	}
}

// packAll checks pack_all([ignore_null_empty]).
func (c *checker) packAll(x *syntax.Call, r *rowCtx) Expr {
	p := &PackAll{}
	if len(x.Args) > 0 {
		if k, ok := c.expr(x.Args[0], r).(*Const); ok && k.Val.Type == column.Bool {
			p.SkipNull = k.Val.Bool()
		}
	}
	for _, f := range r.schema {
		p.Cols = append(p.Cols, &ColRef{Name: f.Name, T: f.Type})
	}
	return p
}

// constInt evaluates a constant integer argument.
func (c *checker) constInt(e syntax.Expr, r *rowCtx, def int64) int64 {
	k, ok := c.expr(e, r).(*Const)
	if !ok || k.Val.IsNull() || !(k.Val.Type.IsInteger()) {
		c.errorf(e.Start(), "expected a constant integer")
		return def
	}
	return k.Val.I
}

// aggregateInExpr handles an aggregate call inside an expression: allowed
// only in summarize, where it becomes a hidden aggregate column.
func (c *checker) aggregateInExpr(x *syntax.Call, r *rowCtx) Expr {
	if r.aggs == nil {
		c.errorf(x.Pos, "aggregate function '%s' is only allowed in summarize", x.Name.Name)
		return bad
	}
	agg, ok := c.aggregate(x, r.aggs.input)
	if !ok {
		return bad
	}
	if len(agg.Out) != 1 {
		c.errorf(x.Pos, "aggregate function '%s' returns several columns and cannot be used inside an expression", x.Name.Name)
		return bad
	}
	return r.aggs.hidden(agg)
}

// aggregate checks an aggregate call over the summarize input row.
func (c *checker) aggregate(x *syntax.Call, in *rowCtx) (Agg, bool) {
	fn, _ := funcs.LookupAggregate(x.Name.Name)
	var args []Expr
	for _, a := range x.Args {
		if _, ok := a.(*syntax.Star); ok {
			args = append(args, c.starArgs(x, in)...)
			continue
		}
		args = append(args, c.expr(a, in))
	}
	for _, a := range args {
		if a.Type() == column.Invalid {
			return Agg{}, false
		}
	}
	info := argInfo(args)
	out, err := fn.Outputs(info)
	if err != nil {
		c.errorf(x.Pos, "%s", lowerFirst(err.Error()))
		return Agg{}, false
	}
	return Agg{Fn: fn, Name: strings.ToLower(x.Name.Name), Args: args, Info: info, Out: out}, true
}

// starArgs expands '*' in an aggregate call: count(*) means no argument,
// arg_max(x, *) means every input column.
func (c *checker) starArgs(x *syntax.Call, in *rowCtx) []Expr {
	if strings.EqualFold(x.Name.Name, "count") {
		return nil
	}
	var out []Expr
	for _, f := range in.schema {
		if c.starExclude[f.Name] {
			continue
		}
		out = append(out, &ColRef{Name: f.Name, T: f.Type})
	}
	return out
}
