package plan

import (
	"quarry/internal/column"
	"quarry/internal/kql/check"
	"quarry/internal/table"
)

// HoistTime names the column in which a hoisted chain's rows carry the time
// of the table row they come from (Chain.Eval).
const HoistTime = "__quarry_hoist_time"

// A Chain is a run of row-wise operators (where, and extend/project
// without row_number, prev or next) directly over a table scan, whose
// result for a row depends only on that row: no now() or ago(), no
// sub-query. Such a chain gives the same rows whether it is computed per
// run over the rows of a time window, or once over the whole table and then
// cut to the window by the time of the table row each result row comes
// from. A hunt (package hunt) replays one plan at thousands of overlapping
// windows; it computes each chain once (Eval) and has every run read the
// result instead (Replace).
//
// Where conjuncts that do depend on the run (TimeGenerated > ago(1h),
// Src in (subquery)) are left out of the chain and applied after it, in
// their original order: a where commutes with the chain's other operators
// as long as the columns it reads pass through them unchanged, which
// FindChains checks.
type Chain struct {
	// Source is the table the chain reads.
	Source table.Table
	// Eval computes the chain over the whole table: the columns of the
	// original chain's output, the columns its deferred conjuncts read, and
	// HoistTime.
	Eval check.Node

	top      check.Node   // the original chain's top operator
	residual []check.Expr // deferred conjuncts, in order
}

// FindChains returns the maximal chains of root (sub-queries inside
// expressions are not searched) over scans of tables accepted by accept,
// with timeCol the table's time column. A chain is returned only when it
// does some work besides the scan: a filter or a projection.
func FindChains(root check.Node, timeCol string, accept func(table.Table) bool) []*Chain {
	f := &chainFinder{timeCol: timeCol, accept: accept, seen: map[check.Node]bool{}, tops: map[check.Node]bool{}}
	f.visit(root)
	return f.chains
}

type chainFinder struct {
	timeCol string
	accept  func(table.Table) bool
	seen    map[check.Node]bool
	tops    map[check.Node]bool // tops of the chains found
	chains  []*Chain
}

// visit looks for a chain topped by n, else below it.
func (f *chainFinder) visit(n check.Node) {
	if n == nil || f.seen[n] {
		return
	}
	f.seen[n] = true
	if c := f.chainAt(n); c != nil {
		f.chains = append(f.chains, c)
		return
	}
	for _, in := range check.Inputs(n) {
		f.visit(in)
	}
}

// chainAt returns the chain in the run of row-wise operators starting at n
// and ending at a scan, or nil. The chain may stop below n, at the first
// operator that cannot join it; the operators above it stay in the plan.
func (f *chainFinder) chainAt(n check.Node) *Chain {
	var ops []check.Node // top first
	cur := n
	for {
		switch x := cur.(type) {
		case *check.Filter:
			ops = append(ops, x)
			cur = x.In
			continue
		case *check.Project:
			if !x.Window {
				ops = append(ops, x)
				cur = x.In
				continue
			}
		case *check.Materialize:
			// A cache of its input within one run: the same rows as
			// the input, so a chain may run through it. Each reader
			// that filters the cached rows gets a chain of its own,
			// and no longer reads the cache.
			cur = x.In
			continue
		}
		break
	}
	scan, ok := cur.(*check.Scan)
	if !ok || len(ops) == 0 || !f.accept(scan.Table) || !hasTime(scan.Table.Schema(), f.timeCol) {
		return nil
	}
	return f.build(scan, ops)
}

// hasTime reports whether schema has a datetime column named col.
func hasTime(schema column.Schema, col string) bool {
	i := schema.Index(col)
	return i >= 0 && schema[i].Type == column.DateTime
}

// build grows the chain from the scan upwards through ops (top first) for
// as long as each operator can join it.
func (f *chainFinder) build(scan *check.Scan, ops []check.Node) *Chain {
	eval := f.timedScan(scan)
	var residual []check.Expr
	var top check.Node
	work := false
	for i := len(ops) - 1; i >= 0; i-- {
		switch x := ops[i].(type) {
		case *check.Filter:
			var keep []check.Expr
			for _, c := range conjuncts(x.Pred) {
				if invariant(c) {
					keep = append(keep, c)
				} else {
					residual = append(residual, c)
				}
			}
			if len(keep) > 0 {
				eval = &check.Filter{In: eval, Pred: andAll(keep)}
				work = true
			}
		case *check.Project:
			p, ok := extendProject(x, eval, residual)
			if !ok {
				return f.chain(scan, eval, top, residual, work)
			}
			eval, work = p, true
		}
		top = ops[i]
	}
	return f.chain(scan, eval, top, residual, work)
}

// chain assembles the result of build; nil when the chain does no work.
func (f *chainFinder) chain(scan *check.Scan, eval, top check.Node, residual []check.Expr, work bool) *Chain {
	if !work || top == nil || f.tops[top] {
		return nil
	}
	f.tops[top] = true
	for _, n := range chainNodes(top, scan) {
		f.seen[n] = true
	}
	return &Chain{Source: scan.Table, Eval: eval, top: top, residual: residual}
}

// chainNodes lists the operators from top down to the scan or to the first
// materialized input: what is below a Materialize may also be read
// through it by other parents, and is visited for them.
func chainNodes(top, scan check.Node) []check.Node {
	var out []check.Node
	for n := top; n != scan; n = check.Inputs(n)[0] {
		if _, ok := n.(*check.Materialize); ok {
			break
		}
		out = append(out, n)
	}
	return out
}

// timedScan is scan plus the HoistTime column, a copy of the time column:
// every column the scan reads (all of them when it names none) and the time.
func (f *chainFinder) timedScan(scan *check.Scan) check.Node {
	schema := scan.Table.Schema()
	cols := scan.Columns
	if cols == nil {
		cols = schema.Names()
	}
	read := append([]string(nil), cols...)
	if !contains(read, f.timeCol) {
		read = append(read, f.timeCol)
	}
	in := &check.Scan{Table: scan.Table, Columns: read}
	var items []check.Item
	for _, c := range cols {
		items = append(items, passItem(c, schema[schema.Index(c)].Type))
	}
	items = append(items, check.Item{Name: HoistTime, Expr: &check.ColRef{Name: f.timeCol, T: column.DateTime}})
	return &check.Project{In: in, Items: items}
}

// extendProject returns p over in, with HoistTime and the columns the
// deferred conjuncts read passed through; ok is false when p cannot join
// the chain: an item depends on the run, or redefines a column a deferred
// conjunct reads.
func extendProject(p *check.Project, in check.Node, residual []check.Expr) (check.Node, bool) {
	for _, it := range p.Items {
		if !invariant(it.Expr) {
			return nil, false
		}
	}
	items := append([]check.Item(nil), p.Items...)
	inSchema := in.Schema()
	for _, c := range append(exprCols(residual...), HoistTime) {
		if i := itemIndex(items, c); i >= 0 {
			if ref, ok := items[i].Expr.(*check.ColRef); !ok || ref.Name != c {
				return nil, false
			}
			continue
		}
		j := inSchema.Index(c)
		if j < 0 {
			return nil, false
		}
		items = append(items, passItem(c, inSchema[j].Type))
	}
	return &check.Project{In: in, Items: items}, true
}

func itemIndex(items []check.Item, name string) int {
	for i, it := range items {
		if it.Name == name {
			return i
		}
	}
	return -1
}

func passItem(name string, t column.Type) check.Item {
	return check.Item{Name: name, Expr: &check.ColRef{Name: name, T: t}}
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// conjuncts splits a predicate on its top-level ands. A where keeps a row
// when its predicate is true, and `a and b` is true exactly when both are
// (null and true is null), so filtering on each conjunct in turn keeps the
// same rows.
func conjuncts(e check.Expr) []check.Expr {
	if c, ok := e.(*check.Call); ok && c.Name == "and" && len(c.Args) == 2 {
		return append(conjuncts(c.Args[0]), conjuncts(c.Args[1])...)
	}
	return []check.Expr{e}
}

// andAll combines predicates with and, left to right.
func andAll(es []check.Expr) check.Expr {
	out := es[0]
	for _, e := range es[1:] {
		out = and(out, e)
	}
	return out
}

// invariant reports whether e's value for a row depends on nothing but the
// row: no now() or ago() (volatile), no sub-query, no row_number, prev or
// next.
func invariant(e check.Expr) bool {
	if hasSubquery(e) {
		return false
	}
	ok := true
	check.Walk(e, func(x check.Expr) bool {
		if c, isCall := x.(*check.Call); isCall && volatile[c.Name] {
			ok = false
		}
		return ok
	})
	return ok
}

// Replace returns a copy of root in which the top of every chain in with
// is replaced by a scan of its table (the chain's Eval result, windowed by
// the caller), followed by the chain's deferred conjuncts and a projection
// to the chain's original columns. Materialized inputs stay shared.
func Replace(root check.Node, with map[*Chain]table.Table) check.Node {
	byTop := map[check.Node]check.Node{}
	for c, t := range with {
		byTop[c.top] = c.replacement(t)
	}
	memo := map[check.Node]check.Node{}
	var walk func(check.Node) check.Node
	walk = func(n check.Node) check.Node {
		if r, ok := byTop[n]; ok {
			return r
		}
		if r, ok := memo[n]; ok {
			return r
		}
		var out check.Node
		if m, ok := n.(*check.Materialize); ok {
			out = &check.Materialize{ID: m.ID, In: walk(m.In), Let: m.Let}
		} else {
			out = withInputs(n, walk)
		}
		memo[n] = out
		return out
	}
	return walk(root)
}

// replacement reads t (Eval's result) in place of the chain.
func (c *Chain) replacement(t table.Table) check.Node {
	want := c.top.Schema()
	cols := want.Names()
	for _, r := range exprCols(c.residual...) {
		if !contains(cols, r) {
			cols = append(cols, r)
		}
	}
	var n check.Node = &check.Scan{Table: t, Columns: cols}
	for _, r := range c.residual {
		n = &check.Filter{In: n, Pred: r}
	}
	if len(cols) == len(want) {
		return n
	}
	items := make([]check.Item, len(want))
	for i, f := range want {
		items[i] = passItem(f.Name, f.Type)
	}
	return &check.Project{In: n, Items: items}
}
