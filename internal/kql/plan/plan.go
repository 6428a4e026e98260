package plan

import (
	"sync"

	"quarry/internal/column"
	"quarry/internal/kql/check"
	"quarry/internal/kql/funcs"
)

// Plan is an executable logical plan.
type Plan struct {
	Root   check.Node
	Render *check.Render

	mu   sync.Mutex
	subs map[check.Node]check.Node // planned sub-queries (Subquery)

	// Built holds the executor's operator trees for this plan between
	// runs (exec reuses them; opaque to the planner).
	Built sync.Pool
}

// Subquery returns sub-query q of the plan (the query of a toscalar() or
// of a tabular in-list, which the checker leaves unplanned) planned like a
// query, so that its scans read only the columns it uses and the rewrites
// apply. Each is planned once per Plan: a hunt runs the same program at
// thousands of ticks. Safe for concurrent use.
func (p *Plan) Subquery(q check.Node) check.Node {
	p.mu.Lock()
	defer p.mu.Unlock()
	if planned, ok := p.subs[q]; ok {
		return planned
	}
	if p.subs == nil {
		p.subs = map[check.Node]check.Node{}
	}
	planned := Build(&check.Query{Root: q}).Root
	p.subs[q] = planned
	return planned
}

// Schema returns the result columns.
func (p *Plan) Schema() column.Schema { return p.Root.Schema() }

// Build applies the rewrites to a checked query.
func Build(q *check.Query) *Plan {
	root := rewrite(fold(q.Root))
	pr := &pruner{mats: map[*check.Materialize]*check.Materialize{}}
	root = pr.prune(root, nil)
	return &Plan{Root: havings(root), Render: q.Render}
}

// rewrite applies the local rewrites bottom-up, returning new nodes.
func rewrite(n check.Node) check.Node {
	switch x := n.(type) {
	case *check.Filter:
		in := rewrite(x.In)
		return pushFilter(&check.Filter{In: in, Pred: x.Pred})
	case *check.Take:
		in := rewrite(x.In)
		if s, ok := in.(*check.Sort); ok {
			return &check.Top{In: s.In, N: x.N, Keys: s.Keys}
		}
		return &check.Take{In: in, N: x.N}
	}
	return withInputs(n, rewrite)
}

// pushFilter merges a filter into a filter below it, and moves it below a
// projection that only passes the predicate's columns through.
func pushFilter(f *check.Filter) check.Node {
	switch in := f.In.(type) {
	case *check.Filter:
		return &check.Filter{In: in.In, Pred: and(in.Pred, f.Pred)}
	case *check.Project:
		if !in.Window && passesThrough(in, check.Columns(f.Pred)) && !hasSubquery(f.Pred) {
			return &check.Project{In: pushFilter(&check.Filter{In: in.In, Pred: f.Pred}), Items: in.Items}
		}
	}
	return f
}

// passesThrough reports whether every column in cols is an unrenamed
// pass-through item of p.
func passesThrough(p *check.Project, cols []string) bool {
	for _, c := range cols {
		ok := false
		for _, it := range p.Items {
			if ref, isRef := it.Expr.(*check.ColRef); isRef && it.Name == c && ref.Name == c {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// hasSubquery reports whether e contains toscalar or a tabular in-list
// (kept in place so that they run once, where they were written).
func hasSubquery(e check.Expr) bool {
	found := false
	check.Walk(e, func(x check.Expr) bool {
		switch x.(type) {
		case *check.ScalarQuery, *check.ListQuery, *check.RowNumber, *check.PrevNext:
			found = true
		}
		return !found
	})
	return found
}

// and combines two predicates.
func and(a, b check.Expr) check.Expr {
	fn, ok := funcs.LookupScalar("and")
	if !ok {
		panic("plan: operator 'and' is not registered")
	}
	return &check.Call{Name: "and", Fn: fn, Args: []check.Expr{a, b}, T: column.Bool}
}

// withInputs returns a copy of n whose inputs are replaced by f(input).
func withInputs(n check.Node, f func(check.Node) check.Node) check.Node {
	switch x := n.(type) {
	case *check.Filter:
		return &check.Filter{In: f(x.In), Pred: x.Pred}
	case *check.Project:
		cp := *x
		cp.In = f(x.In)
		return &cp
	case *check.Summarize:
		cp := *x
		cp.In = f(x.In)
		return &cp
	case *check.Sort:
		return &check.Sort{In: f(x.In), Keys: x.Keys}
	case *check.Top:
		return &check.Top{In: f(x.In), N: x.N, Keys: x.Keys}
	case *check.Take:
		return &check.Take{In: f(x.In), N: x.N}
	case *check.Sample:
		return &check.Sample{In: f(x.In), N: x.N}
	case *check.MvExpand:
		cp := *x
		cp.In = f(x.In)
		return &cp
	case *check.Parse:
		cp := *x
		cp.In = f(x.In)
		return &cp
	case *check.MakeSeries:
		cp := *x
		cp.In = f(x.In)
		return &cp
	case *check.MvApply:
		cp := *x
		cp.In, cp.Sub = f(x.In), f(x.Sub)
		return &cp
	case *check.Join:
		cp := *x
		cp.Left, cp.Right = f(x.Left), f(x.Right)
		return &cp
	case *check.Union:
		cp := *x
		cp.Legs = make([]check.UnionLeg, len(x.Legs))
		for i, l := range x.Legs {
			cp.Legs[i] = l
			cp.Legs[i].In = f(l.In)
		}
		return &cp
	}
	return n
}
