package check

import (
	"math"

	"quarry/internal/column"
	"quarry/internal/kql/syntax"
)

// mvApply checks mv-apply [with_itemindex=I] Items [limit N] on (Sub)
// (Q/mv-apply-operator). Each input row is expanded like mv-expand (an
// item named like an input column replaces it, others are appended); Sub
// runs over that row's expansion; the result is the union of the
// sub-results, each completed with the row's other input columns.
func (c *checker) mvApply(x *syntax.MvApplyOp, in tab, sc *scope) tab {
	if kind := syntax.LookupParam(x.Params, "kind"); kind != nil {
		c.errorf(x.Pos, "mv-apply does not support kind=; use an inner mv-expand")
	}
	row := &ApplyRow{Fields: in.node.Schema()}
	exp := c.expansion(tab{node: row, broken: in.broken}, sc, x.Params, x.Items, x.Limit, math.MaxInt32)
	sub := tab{node: exp, broken: in.broken, serialized: true} // "order is preserved"
	if x.Sub != nil {
		sub = c.ops(x.Sub.Ops, sub, sc, false)
	}
	apply := &MvApply{In: in.node, Row: row, Sub: sub.node}
	for _, f := range row.Fields {
		if !exp.replaces(f.Name) {
			apply.Outer = append(apply.Outer, f.Name)
		}
	}
	return tab{node: apply, broken: in.broken || sub.broken}
}

// replaces reports whether an item of m replaces the input column name.
func (m *MvExpand) replaces(name string) bool {
	for _, it := range m.Items {
		if it.Name == name {
			return true
		}
	}
	return false
}

// ApplyRow is the leaf of an mv-apply subquery: at run time it yields the
// one input row being applied.
type ApplyRow struct {
	Fields column.Schema
}

// Schema implements Node.
func (n *ApplyRow) Schema() column.Schema { return n.Fields }

// MvApply runs Sub once per input row, with Row standing for that row.
// Outer lists the input columns that complete every sub-result row: they
// come first, in input order (a same-named Sub column takes their place),
// followed by Sub's other columns.
type MvApply struct {
	In    Node
	Row   *ApplyRow
	Sub   Node
	Outer []string
}

// Schema implements Node.
func (n *MvApply) Schema() column.Schema {
	in, sub := n.In.Schema(), n.Sub.Schema()
	var out column.Schema
	for _, name := range n.Outer {
		if i := sub.Index(name); i >= 0 {
			out = append(out, sub[i])
		} else {
			out = append(out, in[in.Index(name)])
		}
	}
	for _, f := range sub {
		if out.Index(f.Name) < 0 {
			out = append(out, f)
		}
	}
	return out
}
