package plan

import "quarry/internal/kql/check"

// Having: a where after a summarize, seen through the projects between
// them, is copied onto the summarize (check.Summarize.Having). The where
// stays where it is; the executor uses the copy to drop the groups the
// where would drop before it computes the aggregates the predicate does
// not read. The rules' evidence lists (make_list(bag_pack(...), 5)),
// target sets and sample names were computed for every group at every
// tick and then thrown away with the groups below a threshold.
//
//	summarize Failures = countif(Failed), Evidence = make_list(bag_pack(...), 5) by AccountKey, Src
//	| extend Rate = Failures / 2.0
//	| where Rate > 3
//
// gives the summarize the having `Failures / 2.0 > 3`. The where's
// predicate is rewritten over the summarize's output by replacing each
// column a project between them defines with its definition, so it holds
// for exactly the groups whose rows the where keeps: only row-wise
// projects (extend, project, project-rename: one output row per input
// row, no window function) may stand between the two, and the predicate
// must not hold a sub-query or a window function.

// withHaving returns f's rewrite when the pattern applies, else f.
func withHaving(f *check.Filter) check.Node {
	var projects []*check.Project
	n := f.In
	for {
		p, ok := n.(*check.Project)
		if !ok || p.Window {
			break
		}
		projects = append(projects, p)
		n = p.In
	}
	s, ok := n.(*check.Summarize)
	if !ok || hasSubquery(f.Pred) {
		return f
	}
	pred := f.Pred
	for _, p := range projects { // nearest first: each rewrites the columns of the one above
		if pred, ok = substitute(pred, definitions(p)); !ok {
			return f
		}
	}
	having := pred
	if s.Having != nil {
		having = and(s.Having, pred)
	}
	cp := *s
	cp.Having = having
	var in check.Node = &cp
	for i := len(projects) - 1; i >= 0; i-- {
		pc := *projects[i]
		pc.In = in
		in = &pc
	}
	return &check.Filter{In: in, Pred: f.Pred}
}

// havings applies withHaving to every filter of the plan, inputs first.
func havings(root check.Node) check.Node {
	h := &haver{mats: map[*check.Materialize]*check.Materialize{}}
	return h.node(root)
}

// haver rewrites a plan; a materialized input referenced several times is
// rewritten once, so that its references stay one node.
type haver struct {
	mats map[*check.Materialize]*check.Materialize
}

func (h *haver) node(n check.Node) check.Node {
	if m, ok := n.(*check.Materialize); ok {
		if r, done := h.mats[m]; done {
			return r
		}
		cp := *m
		cp.In = h.node(m.In)
		h.mats[m] = &cp
		return &cp
	}
	n = withInputs(n, h.node)
	if f, ok := n.(*check.Filter); ok {
		return withHaving(f)
	}
	return n
}

// definitions returns the expressions p computes, by output column name
// (its unrenamed pass-through columns are not listed).
func definitions(p *check.Project) map[string]check.Expr {
	defs := map[string]check.Expr{}
	for _, it := range p.Items {
		if ref, ok := it.Expr.(*check.ColRef); ok && ref.Name == it.Name {
			continue
		}
		defs[it.Name] = it.Expr
	}
	return defs
}

// substitute returns e with every column in defs replaced by its
// definition; false when e holds an expression it cannot rewrite (a
// sub-query, a window function).
func substitute(e check.Expr, defs map[string]check.Expr) (check.Expr, bool) {
	switch x := e.(type) {
	case *check.ColRef:
		if d, ok := defs[x.Name]; ok {
			return d, true
		}
		return x, true
	case *check.Const:
		return x, true
	case *check.Call:
		cp := *x
		cp.Args = make([]check.Expr, len(x.Args))
		for i, a := range x.Args {
			var ok bool
			if cp.Args[i], ok = substitute(a, defs); !ok {
				return nil, false
			}
		}
		return &cp, true
	case *check.Access:
		cp := *x
		var ok bool
		if cp.X, ok = substitute(x.X, defs); !ok {
			return nil, false
		}
		if x.Idx != nil {
			if cp.Idx, ok = substitute(x.Idx, defs); !ok {
				return nil, false
			}
		}
		return &cp, true
	}
	return nil, false
}
