package check

import (
	"strings"

	"quarry/internal/column"
	"quarry/internal/kql/funcs"
	"quarry/internal/kql/syntax"
)

// let checks a let statement and binds its name in sc.
func (c *checker) let(l *syntax.LetStmt, sc *scope) {
	name := l.Name.Name
	switch v := l.Value.(type) {
	case *syntax.FuncDef:
		sc.bind(name, &binding{fn: v, env: sc, name: name})
	case *syntax.Ident:
		if t, ok := c.tableByName(v.Name, sc); ok {
			t = c.cacheLet(l, t)
			sc.bind(name, &binding{tab: &t, let: l})
			return
		}
		sc.bind(name, &binding{expr: c.expr(v, c.constRow(sc))})
	case *syntax.Call:
		if c.isTabularCall(v, sc) {
			t, _ := c.tabularCall(v, sc, true)
			sc.bind(name, &binding{tab: &t})
			return
		}
		sc.bind(name, &binding{expr: c.letScalar(v, sc)})
	case syntax.TabularExpr:
		t := c.cacheLet(l, c.tabular(v, sc))
		sc.bind(name, &binding{tab: &t, let: l})
	case syntax.Expr:
		sc.bind(name, &binding{expr: c.letScalar(v, sc)})
	default:
		c.errorf(l.Pos, "let %s has no value", name)
	}
}

// letScalar checks a scalar let value; a tabular call such as
// materialize(T) or f() is accepted too and bound as a table by the caller.
func (c *checker) letScalar(v syntax.Expr, sc *scope) Expr {
	return c.expr(v, c.constRow(sc))
}

// isTabularCall reports whether a call in let position produces a table.
func (c *checker) isTabularCall(x *syntax.Call, sc *scope) bool {
	switch strings.ToLower(x.Name.Name) {
	case "table", "materialize":
		return true
	}
	b := sc.lookup(x.Name.Name)
	return b != nil && b.fn != nil && c.isTabularFunc(b)
}

// tableByName resolves a name used as a table: a tabular let binding, a
// function without required parameters, or a catalog table.
func (c *checker) tableByName(name string, sc *scope) (tab, bool) {
	if b := sc.lookup(name); b != nil {
		switch {
		case b.tab != nil:
			c.use(b)
			return *b.tab, true
		case b.fn != nil && c.isTabularFunc(b):
			return c.inlineTabular(b.fn.Pos, b, nil, sc), true
		}
	}
	if c.cat != nil {
		if t, ok := c.cat.Lookup(name); ok {
			return tab{node: &Scan{Table: t}}, true
		}
	}
	return tab{}, false
}

// isTabularFunc guesses whether a function body returns a table: a
// tabular expression, a bare name, or a call of a tabular function.
func (c *checker) isTabularFunc(b *binding) bool {
	switch body := b.fn.Body.(type) {
	case syntax.TabularExpr, *syntax.Ident:
		return true
	case *syntax.Call:
		if c.probe > maxInlineDepth {
			return false
		}
		c.probe++
		defer func() { c.probe-- }()
		env := newScope(b.env)
		for _, p := range b.fn.Params {
			env.bind(p.Name.Name, &binding{expr: bad})
		}
		return c.isTabularCall(body, env)
	}
	return false
}

// tableNames lists every visible table name (for suggestions).
func (c *checker) tableNames(sc *scope) []string {
	out := sc.all(func(b *binding) bool { return b.tab != nil || b.fn != nil })
	if c.cat != nil {
		out = append(out, c.cat.Names()...)
	}
	return out
}

// bindParams binds a user function's parameters to call arguments in a new
// scope below the function's defining scope.
func (c *checker) bindParams(pos int, b *binding, args []syntax.Expr, caller *scope, r *rowCtx) (*scope, bool) {
	fsc := newScope(b.env)
	params := b.fn.Params
	given := make([]syntax.Expr, len(params))
	ok := true
	for i, a := range args {
		if na, isNamed := a.(*syntax.NamedArg); isNamed {
			j := paramIndex(params, na.Name.Name)
			if j < 0 {
				c.errorf(na.Pos, "function '%s' has no parameter '%s'", b.name, na.Name.Name)
				ok = false
				continue
			}
			given[j] = na.Value
			continue
		}
		if i >= len(params) {
			c.errorf(a.Start(), "function '%s' expects at most %d arguments", b.name, len(params))
			return fsc, false
		}
		given[i] = a
	}
	for i, p := range params {
		ok = c.bindParam(pos, b, p, given[i], fsc, caller, r) && ok
	}
	return fsc, ok
}

func paramIndex(params []*syntax.FuncParam, name string) int {
	for i, p := range params {
		if p.Name.Name == name {
			return i
		}
	}
	return -1
}

// bindParam binds one parameter to its argument or default.
func (c *checker) bindParam(pos int, b *binding, p *syntax.FuncParam, arg syntax.Expr, fsc, caller *scope, r *rowCtx) bool {
	name := p.Name.Name
	if p.Type != nil && p.Type.Tabular {
		if arg == nil {
			c.errorf(pos, "function '%s': missing tabular argument '%s'", b.name, name)
			return false
		}
		t := c.tabularArg(arg, caller)
		fsc.bind(name, &binding{tab: &t})
		return true
	}
	if arg == nil {
		if p.Default == nil {
			c.errorf(pos, "function '%s': missing argument '%s'", b.name, name)
			return false
		}
		fsc.bind(name, &binding{expr: c.paramDefault(p, b.env)})
		return true
	}
	if r == nil {
		r = c.constRow(caller)
	}
	e := c.expr(arg, r)
	b2 := &binding{expr: e}
	if len(Columns(e)) > 0 {
		b2.rowDep = c.subq + 1
	}
	fsc.bind(name, b2)
	return true
}

// paramDefault checks a parameter's default value, typing a null default.
func (c *checker) paramDefault(p *syntax.FuncParam, env *scope) Expr {
	e := c.expr(p.Default, c.constRow(env))
	if p.Type != nil && p.Type.Scalar != "" {
		if t, ok := column.ParseType(p.Type.Scalar); ok {
			if k, isConst := e.(*Const); isConst && k.Val.IsNull() && k.Val.Type != t {
				return &Const{Val: column.NullOf(t)}
			}
		}
	}
	return e
}

// tabularArg checks an argument passed to a tabular parameter.
func (c *checker) tabularArg(arg syntax.Expr, sc *scope) tab {
	switch a := arg.(type) {
	case *syntax.Subquery:
		return c.tabular(a.Query, sc)
	case *syntax.Ident:
		if t, ok := c.tableByName(a.Name, sc); ok {
			return t
		}
		c.errorf(a.Pos, "unknown table '%s'%s", a.Name, suggest(a.Name, c.tableNames(sc)))
	case *syntax.Call:
		if t, ok := c.tabularCall(a, sc, true); ok {
			return t
		}
	default:
		c.errorf(arg.Start(), "expected a tabular argument")
	}
	return brokenTab()
}

// brokenTab is the placeholder result of a tabular expression with errors.
func brokenTab() tab { return tab{node: &Values{}, broken: true} }

// enter guards against runaway recursion in user functions.
func (c *checker) enter(pos int, name string) bool {
	if c.depth >= maxInlineDepth {
		c.errorf(pos, "function '%s' is recursive or nested too deeply", name)
		return false
	}
	c.depth++
	return true
}

// inlineScalar expands a call of a scalar user function.
func (c *checker) inlineScalar(pos int, b *binding, args []syntax.Expr, r *rowCtx) Expr {
	if !c.enter(pos, b.name) {
		return bad
	}
	defer func() { c.depth-- }()
	fsc, ok := c.bindParams(pos, b, args, r.sc, r)
	if !ok {
		return bad
	}
	for _, st := range b.fn.Stmts {
		fsc = c.stmt(st, fsc)
	}
	body := b.fn.Body
	if tr, isRef := body.(*syntax.TableRef); isRef {
		body = &syntax.Ident{Span: tr.Span, Name: tr.Name}
	}
	e, isExpr := body.(syntax.Expr)
	if !isExpr {
		c.errorf(pos, "function '%s' returns a table and cannot be used in a scalar expression", b.name)
		return bad
	}
	return c.expr(e, &rowCtx{sc: fsc, schema: r.schema, lenient: r.lenient, serialized: r.serialized, aggs: r.aggs, window: r.window})
}

// inlineTabular expands a call of a tabular user function.
func (c *checker) inlineTabular(pos int, b *binding, args []syntax.Expr, caller *scope) tab {
	if !c.enter(pos, b.name) {
		return brokenTab()
	}
	defer func() { c.depth-- }()
	fsc, ok := c.bindParams(pos, b, args, caller, nil)
	if !ok {
		return brokenTab()
	}
	for _, st := range b.fn.Stmts {
		fsc = c.stmt(st, fsc)
	}
	switch body := b.fn.Body.(type) {
	case syntax.TabularExpr:
		return c.tabular(body, fsc)
	case *syntax.Ident:
		return c.tabular(&syntax.TableRef{Span: body.Span, Name: body.Name}, fsc)
	case *syntax.Call:
		t, _ := c.tabularCall(body, fsc, true)
		return t
	}
	c.errorf(pos, "function '%s' does not return a table", b.name)
	return brokenTab()
}

// tabularCall checks a call used as a table: table("x"), materialize(T),
// or a user function.
func (c *checker) tabularCall(x *syntax.Call, sc *scope, report bool) (tab, bool) {
	name := x.Name.Name
	if b := sc.lookup(name); b != nil && b.fn != nil {
		return c.inlineTabular(x.Pos, b, x.Args, sc), true
	}
	switch strings.ToLower(name) {
	case "table":
		return c.tableCall(x, sc), true
	case "materialize":
		return c.materialize(x, sc), true
	}
	if report {
		c.errorf(x.Name.Pos, "unknown tabular function '%s'%s", name, suggest(name, c.tableNames(sc)))
	}
	return brokenTab(), false
}

// tableCall checks table(name): name must be a string that is constant
// once let names and function arguments are substituted, such as
// table(strcat("Watchlist_", n)) inside let f = (n:string) { ... }; f("x").
func (c *checker) tableCall(x *syntax.Call, sc *scope) tab {
	if len(x.Args) < 1 {
		c.errorf(x.Pos, "table() expects a table name")
		return brokenTab()
	}
	e := c.expr(x.Args[0], c.constRow(sc))
	if e.Type() == column.Invalid {
		return brokenTab() // already reported
	}
	v, ok := foldConst(e)
	if !ok || v.Type != column.String {
		c.errorf(x.Args[0].Start(), "table() expects a constant string")
		return brokenTab()
	}
	if t, ok := c.tableByName(v.S, sc); ok {
		return t
	}
	c.errorf(x.Args[0].Start(), "unknown table '%s'%s", v.S, suggest(v.S, c.tableNames(sc)))
	return brokenTab()
}

// foldConst evaluates e at check time when it is built only from constants
// and deterministic scalar functions (not now() or ago(), whose value is
// fixed only when the query runs).
func foldConst(e Expr) (column.Value, bool) {
	switch x := e.(type) {
	case *Const:
		return x.Val, true
	case *Call:
		if x.Fn == nil || x.Fn.Eval == nil || x.Name == "now" || x.Name == "ago" {
			return column.Value{}, false
		}
		args := make([]column.Value, len(x.Args))
		for i, a := range x.Args {
			v, ok := foldConst(a)
			if !ok {
				return column.Value{}, false
			}
			args[i] = v
		}
		v, err := x.Fn.Eval(&funcs.Context{}, args)
		if err != nil {
			return column.Value{}, false
		}
		return v, true
	}
	return column.Value{}, false
}

// materialize checks materialize(T): one cached evaluation per run.
func (c *checker) materialize(x *syntax.Call, sc *scope) tab {
	if len(x.Args) != 1 {
		c.errorf(x.Pos, "materialize() expects one tabular argument")
		return brokenTab()
	}
	t := c.tabularArg(x.Args[0], sc)
	if t.broken {
		return t
	}
	c.nextMat++
	return tab{node: &Materialize{ID: c.nextMat, In: t.node}, serialized: t.serialized}
}
