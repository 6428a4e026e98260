package check

import (
	"quarry/internal/column"
	"quarry/internal/kql/syntax"
)

// sortKeys checks sort keys: desc by default; nulls first for asc and last
// for desc unless stated.
func (c *checker) sortKeys(keys []*syntax.SortKey, r *rowCtx) []SortKey {
	out := make([]SortKey, 0, len(keys))
	for _, k := range keys {
		sk := SortKey{Expr: c.expr(k.Expr, r), Desc: k.Order != "asc"}
		switch k.Nulls {
		case "first":
			sk.NullsFirst = true
		case "last":
			sk.NullsFirst = false
		default:
			sk.NullsFirst = !sk.Desc
		}
		out = append(out, sk)
	}
	return out
}

// sort checks sort/order by; the output is serialized.
func (c *checker) sort(x *syntax.SortOp, in tab, sc *scope) tab {
	keys := c.sortKeys(x.Keys, rowOf(in, sc))
	return tab{node: &Sort{In: in.node, Keys: keys}, serialized: true, broken: in.broken}
}

// top checks top N by keys.
func (c *checker) top(x *syntax.TopOp, in tab, sc *scope) tab {
	n := c.countExpr(x.Count, sc)
	keys := c.sortKeys(x.Keys, rowOf(in, sc))
	return tab{node: &Top{In: in.node, N: n, Keys: keys}, serialized: true, broken: in.broken}
}

// take checks take/limit N.
func (c *checker) take(count syntax.Expr, in tab, sc *scope) tab {
	n := c.countExpr(count, sc)
	return tab{node: &Take{In: in.node, N: n}, serialized: in.serialized, broken: in.broken}
}

// sample checks sample N.
func (c *checker) sample(x *syntax.SampleOp, in tab, sc *scope) tab {
	n := c.countExpr(x.Count, sc)
	return tab{node: &Sample{In: in.node, N: n}, broken: in.broken}
}

// countExpr checks a row-count argument (a constant or scalar expression
// without columns).
func (c *checker) countExpr(e syntax.Expr, sc *scope) Expr {
	x := c.expr(e, c.constRow(sc))
	if t := x.Type(); !t.IsInteger() && t != column.Invalid && t != column.Real && t != column.Dynamic {
		c.errorf(e.Start(), "expected an integer row count, not %s", t)
	}
	return x
}
