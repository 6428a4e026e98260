package plan

import (
	"quarry/internal/kql/check"
)

// set is a set of column names; a nil set means "every column".
type set map[string]bool

// with returns s plus names (nil stays nil: every column is already in).
func (s set) with(names ...string) set {
	if s == nil {
		return nil
	}
	out := make(set, len(s)+len(names))
	for k := range s {
		out[k] = true
	}
	for _, n := range names {
		out[n] = true
	}
	return out
}

// without returns s minus names.
func (s set) without(names ...string) set {
	if s == nil {
		return nil
	}
	out := make(set, len(s))
	for k := range s {
		out[k] = true
	}
	for _, n := range names {
		delete(out, n)
	}
	return out
}

// has reports whether name is required.
func (s set) has(name string) bool { return s == nil || s[name] }

// exprCols lists the columns read by the expressions.
func exprCols(es ...check.Expr) []string {
	var out []string
	for _, e := range es {
		out = append(out, check.Columns(e)...)
	}
	return out
}

// pruner removes unused columns top-down. Materialized inputs are planned
// once, with every column, so that all references share one result.
type pruner struct {
	mats map[*check.Materialize]*check.Materialize
}

// prune returns a copy of n producing at least the columns in req.
func (p *pruner) prune(n check.Node, req set) check.Node {
	switch x := n.(type) {
	case *check.Scan:
		return pruneScan(x, req)
	case *check.Filter:
		return &check.Filter{In: p.prune(x.In, req.with(exprCols(x.Pred)...)), Pred: x.Pred}
	case *check.Project:
		return p.pruneProject(x, req)
	case *check.Summarize:
		return p.pruneSummarize(x)
	case *check.Sort:
		return &check.Sort{In: p.prune(x.In, req.with(sortCols(x.Keys)...)), Keys: x.Keys}
	case *check.Top:
		return &check.Top{In: p.prune(x.In, req.with(sortCols(x.Keys)...)), N: x.N, Keys: x.Keys}
	case *check.Take:
		return &check.Take{In: p.prune(x.In, req), N: x.N}
	case *check.Sample:
		return &check.Sample{In: p.prune(x.In, req), N: x.N}
	case *check.Union:
		return p.pruneUnion(x, req)
	case *check.Join:
		return p.pruneJoin(x, req)
	case *check.MvExpand:
		return p.pruneMvExpand(x, req)
	case *check.Parse:
		return p.pruneParse(x, req)
	case *check.Materialize:
		return p.materialize(x)
	}
	return withInputs(n, func(in check.Node) check.Node { return p.prune(in, nil) })
}

// pruneScan restricts the scanned columns to req, in table order.
func pruneScan(x *check.Scan, req set) check.Node {
	if req == nil {
		return &check.Scan{Table: x.Table}
	}
	cols := []string{}
	for _, f := range x.Table.Schema() {
		if req[f.Name] {
			cols = append(cols, f.Name)
		}
	}
	return &check.Scan{Table: x.Table, Columns: cols}
}

func (p *pruner) pruneProject(x *check.Project, req set) check.Node {
	var items []check.Item
	for _, it := range x.Items {
		if req.has(it.Name) {
			items = append(items, it)
		}
	}
	need := set{}
	for _, it := range items {
		for _, c := range check.Columns(it.Expr) {
			need[c] = true
		}
	}
	return &check.Project{In: p.prune(x.In, need), Items: items, Window: x.Window}
}

func (p *pruner) pruneSummarize(x *check.Summarize) check.Node {
	need := set{}
	for _, k := range x.Keys {
		for _, c := range check.Columns(k.Expr) {
			need[c] = true
		}
	}
	for _, a := range x.Aggs {
		for _, c := range exprCols(a.Args...) {
			need[c] = true
		}
	}
	cp := *x
	cp.In = p.prune(x.In, need)
	return &cp
}

func sortCols(keys []check.SortKey) []string {
	var out []string
	for _, k := range keys {
		out = append(out, check.Columns(k.Expr)...)
	}
	return out
}

func (p *pruner) pruneUnion(x *check.Union, req set) check.Node {
	cp := &check.Union{Source: x.Source}
	if !req.has(x.Source) {
		cp.Source = ""
	}
	var keep []int
	for i, f := range x.Fields {
		if req.has(f.Name) {
			keep = append(keep, i)
			cp.Fields = append(cp.Fields, f)
		}
	}
	for _, l := range x.Legs {
		leg := check.UnionLeg{Label: l.Label}
		need := set{}
		for _, i := range keep {
			leg.Cols = append(leg.Cols, l.Cols[i])
			if l.Cols[i] != "" {
				need[l.Cols[i]] = true
			}
		}
		leg.In = p.prune(l.In, need)
		cp.Legs = append(cp.Legs, leg)
	}
	return cp
}

func (p *pruner) pruneJoin(x *check.Join, req set) check.Node {
	cp := *x
	cp.LeftOut, cp.RightOut = keepRenames(x.LeftOut, req), keepRenames(x.RightOut, req)
	cp.Left = p.prune(x.Left, fromNames(cp.LeftOut, x.LeftKeys))
	cp.Right = p.prune(x.Right, fromNames(cp.RightOut, x.RightKeys))
	return &cp
}

func keepRenames(rs []check.Rename, req set) []check.Rename {
	var out []check.Rename
	for _, r := range rs {
		if req.has(r.To) {
			out = append(out, r)
		}
	}
	return out
}

func fromNames(rs []check.Rename, keys []string) set {
	out := set{}
	for _, r := range rs {
		out[r.From] = true
	}
	for _, k := range keys {
		out[k] = true
	}
	return out
}

func (p *pruner) pruneMvExpand(x *check.MvExpand, req set) check.Node {
	need := req.without(x.Index)
	var exprs []check.Expr
	for _, it := range x.Items {
		need = need.without(it.Name)
		exprs = append(exprs, it.Expr)
	}
	cp := *x
	cp.In = p.prune(x.In, need.with(exprCols(exprs...)...))
	return &cp
}

func (p *pruner) pruneParse(x *check.Parse, req set) check.Node {
	need := req
	for _, part := range x.Pattern {
		if part.Column != "" {
			need = need.without(part.Column)
		}
	}
	cp := *x
	cp.In = p.prune(x.In, need.with(exprCols(x.Source)...))
	return &cp
}

// materialize plans a materialized input once, keeping every column. The
// local rewrites (merged filters, sort | take -> top, filter pushdown),
// which do not look below a Materialize, are applied to its input here:
// a let referenced more than once is a Materialize (check/letcache.go) and
// must not lose them.
func (p *pruner) materialize(x *check.Materialize) check.Node {
	if m, ok := p.mats[x]; ok {
		return m
	}
	m := &check.Materialize{ID: x.ID, In: p.prune(rewrite(x.In), nil), Let: x.Let}
	p.mats[x] = m
	return m
}
