package check

import "quarry/internal/kql/syntax"

// Let caching (a fast path of the checker).
//
// Kusto inlines a tabular let: `let hourly = T | summarize ...;` referenced
// three times runs the summarize three times. When such a binding is
// referenced more than once and its value is deterministic, evaluating it
// once per run and replaying the result cannot change any answer, and is
// exactly what materialize() does. Check therefore runs in two passes: the
// first counts the references to every tabular let (use); if one is
// referenced twice or more, the second pass wraps its value in a
// *Materialize whose Let field names the binding (cacheLet). The executor
// caches a Materialize by ID for the duration of one run (exec/build.go).
//
// A value is cached only when it is deterministic (no now(), ago(),
// sample, take or mv-apply row reference: sample and take pick rows that
// depend on scheduling) and bounded, that is produced by an aggregating
// operator (summarize, make-series, top; filters, projections, sorts,
// parses and mv-expands above them; joins and unions of such): a plain
// filtered scan is streamed, never materialized, because materializing
// keeps every column and all its rows in memory.

// use counts one reference to the tabular binding b.
func (c *checker) use(b *binding) {
	if b.let != nil && c.uses != nil {
		c.uses[b.let]++
	}
}

// sharedLets returns the lets referenced more than once during the pass,
// or nil when there are none (or when a second pass already ran).
func (c *checker) sharedLets() map[*syntax.LetStmt]bool {
	if c.cacheLets != nil {
		return nil
	}
	var out map[*syntax.LetStmt]bool
	for l, n := range c.uses {
		if n < 2 {
			continue
		}
		if out == nil {
			out = map[*syntax.LetStmt]bool{}
		}
		out[l] = true
	}
	return out
}

// cacheLet wraps the value t of let statement l in a Materialize when the
// first pass found l referenced more than once and the value qualifies.
func (c *checker) cacheLet(l *syntax.LetStmt, t tab) tab {
	if !c.cacheLets[l] || t.broken {
		return t
	}
	if _, ok := t.node.(*Materialize); ok {
		return t
	}
	if !Bounded(t.node) || !Deterministic(t.node) {
		return t
	}
	c.nextMat++
	t.node = &Materialize{ID: c.nextMat, In: t.node, Let: l.Name.Name}
	return t
}

// Bounded reports whether n's result comes out of an aggregating operator,
// so that keeping it in memory costs about what computing it does.
func Bounded(n Node) bool {
	switch x := n.(type) {
	case *Summarize, *MakeSeries, *Top, *Materialize:
		return true
	case *Filter, *Project, *Sort, *Parse, *MvExpand:
		return Bounded(Inputs(x)[0])
	case *Join:
		return Bounded(x.Left) && Bounded(x.Right)
	case *Union:
		for _, l := range x.Legs {
			if !Bounded(l.In) {
				return false
			}
		}
		return len(x.Legs) > 0
	}
	return false
}

// Deterministic reports whether every evaluation of n within one run
// yields the same rows: n and its sub-queries call neither now() nor ago(),
// and contain no sample, take (rows depend on worker scheduling) or
// mv-apply row source other than those of their own mv-apply.
func Deterministic(n Node) bool {
	ok := true
	own := map[*ApplyRow]bool{}
	seen := map[Node]bool{}
	var node func(Node)
	var expr func(Expr)
	expr = func(e Expr) {
		Walk(e, func(x Expr) bool {
			switch y := x.(type) {
			case *Call:
				if y.Name == "now" || y.Name == "ago" {
					ok = false
				}
			case *ScalarQuery:
				node(y.Query)
			case *ListQuery:
				node(y.Query)
			}
			return ok
		})
	}
	node = func(n Node) {
		if !ok || n == nil || seen[n] {
			return
		}
		seen[n] = true
		switch x := n.(type) {
		case *Sample, *Take:
			ok = false
			return
		case *ApplyRow:
			if !own[x] {
				ok = false
			}
			return
		case *MvApply:
			own[x.Row] = true
			node(x.Sub)
		}
		for _, e := range NodeExprs(n) {
			expr(e)
		}
		for _, in := range Inputs(n) {
			node(in)
		}
	}
	node(n)
	return ok
}

// NodeExprs returns the scalar expressions n evaluates (nil entries are
// left out).
func NodeExprs(n Node) []Expr {
	var out []Expr
	add := func(es ...Expr) {
		for _, e := range es {
			if e != nil {
				out = append(out, e)
			}
		}
	}
	switch x := n.(type) {
	case *Range:
		add(x.From, x.To, x.Step)
	case *Filter:
		add(x.Pred)
	case *Project:
		for _, it := range x.Items {
			add(it.Expr)
		}
	case *Summarize:
		for _, it := range x.Keys {
			add(it.Expr)
		}
		for _, a := range x.Aggs {
			add(a.Args...)
		}
	case *Sort:
		for _, k := range x.Keys {
			add(k.Expr)
		}
	case *Top:
		add(x.N)
		for _, k := range x.Keys {
			add(k.Expr)
		}
	case *Take:
		add(x.N)
	case *Sample:
		add(x.N)
	case *MvExpand:
		for _, it := range x.Items {
			add(it.Expr)
		}
	case *Parse:
		add(x.Source)
	case *MakeSeries:
		add(x.From, x.To, x.Step)
	}
	return out
}
