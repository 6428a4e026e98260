package check

import (
	"fmt"
	"strings"

	"quarry/internal/column"
	"quarry/internal/kql/syntax"
)

// tabular checks a tabular expression.
func (c *checker) tabular(t syntax.TabularExpr, sc *scope) tab {
	switch x := t.(type) {
	case *syntax.Pipeline:
		return c.pipeline(x, sc)
	case *syntax.TableRef:
		return c.tableRef(x, sc)
	case *syntax.CallTabular:
		out, _ := c.tabularCall(x.Call, sc, true)
		return out
	case *syntax.DatatableExpr:
		return c.datatable(x, sc)
	case *syntax.PrintExpr:
		return c.print(x, sc)
	case *syntax.RangeExpr:
		return c.rangeExpr(x, sc)
	case *syntax.UnionOp:
		return c.union(x, nil, sc)
	case *syntax.ParenTabular:
		return c.tabular(x.X, sc)
	case *syntax.SearchOp:
		c.errorf(x.Pos, "operator 'search' is not supported yet")
	case *syntax.ExternalDataExpr:
		c.errorf(x.Pos, "operator 'externaldata' is not supported yet")
	case nil:
	default:
		c.errorf(t.Start(), "tabular expression %s is not supported yet", t.String())
	}
	return brokenTab()
}

// pipeline checks Source | Op | Op ... .
func (c *checker) pipeline(p *syntax.Pipeline, sc *scope) tab {
	if p.Source == nil {
		c.errorf(p.Pos, "a pipeline needs a source table")
		return brokenTab()
	}
	return c.ops(p.Ops, c.tabular(p.Source, sc), sc, true)
}

// ops applies pipeline operators to t. "as Name" (Q/as-operator) binds t to
// Name for the rest of the pipeline, including the sub-queries of its
// operators (a join's right side, union legs, in (...)): the scope is the
// pipeline's continuation. hint.materialized=true evaluates t once, for the
// continuation and every reference alike; it is ignored where the pipeline
// runs once per row (mv-apply), as caching would be wrong there.
func (c *checker) ops(ops []syntax.Operator, t tab, sc *scope, top bool) tab {
	for _, op := range ops {
		as, ok := op.(*syntax.AsOp)
		if !ok {
			t = c.op(op, t, sc)
			t.name = ""
			continue
		}
		if top && !t.broken && strings.EqualFold(paramText(syntax.LookupParam(as.Params, "hint.materialized")), "true") {
			c.nextMat++
			t.node = &Materialize{ID: c.nextMat, In: t.node}
		}
		t.name = as.Name.Name
		bound := t
		sc = newScope(sc)
		sc.bind(as.Name.Name, &binding{tab: &bound})
	}
	return t
}

// tableRef resolves a table name.
func (c *checker) tableRef(x *syntax.TableRef, sc *scope) tab {
	if t, ok := c.tableByName(x.Name, sc); ok {
		return t
	}
	c.errorf(x.Pos, "unknown table '%s'%s", x.Name, suggest(x.Name, c.tableNames(sc)))
	return brokenTab()
}

// datatable checks datatable(cols)[values] into a constant table.
func (c *checker) datatable(x *syntax.DatatableExpr, sc *scope) tab {
	fields, ok := c.columnDecls(x.Columns)
	if !ok {
		return brokenTab()
	}
	if len(fields) == 0 || len(x.Values)%len(fields) != 0 {
		c.errorf(x.Pos, "datatable has %d values, not a multiple of its %d columns", len(x.Values), len(fields))
		return brokenTab()
	}
	v := &Values{Fields: fields}
	for i := 0; i < len(x.Values); i += len(fields) {
		row := make([]column.Value, len(fields))
		for j, f := range fields {
			row[j] = c.constValue(x.Values[i+j], f.Type, sc)
		}
		v.Rows = append(v.Rows, row)
	}
	return tab{node: v, serialized: true}
}

// columnDecls converts declared columns into a schema.
func (c *checker) columnDecls(decls []*syntax.ColumnDecl) (column.Schema, bool) {
	var out column.Schema
	ok := true
	for _, d := range decls {
		t, known := column.ParseType(d.Type)
		if !known {
			c.errorf(d.Pos, "unknown type '%s'", d.Type)
			ok = false
		}
		if out.Index(d.Name.Name) >= 0 {
			c.errorf(d.Pos, "duplicate column '%s'", d.Name.Name)
			ok = false
		}
		out = append(out, column.Field{Name: d.Name.Name, Type: t})
	}
	return out, ok
}

// constValue checks a constant and converts it to type t.
func (c *checker) constValue(e syntax.Expr, t column.Type, sc *scope) column.Value {
	k, ok := c.expr(e, c.constRow(sc)).(*Const)
	if !ok {
		c.errorf(e.Start(), "expected a constant value")
		return column.NullOf(t)
	}
	v, ok := Convert(k.Val, t)
	if !ok {
		c.errorf(e.Start(), "value %s is not a %s", k.Val.String(), t)
		return column.NullOf(t)
	}
	return v
}

// print checks print [Name =] Expr, ... over a single empty row.
func (c *checker) print(x *syntax.PrintExpr, sc *scope) tab {
	one := tab{node: &Values{Rows: [][]column.Value{{}}}, serialized: true}
	r := rowOf(one, sc)
	p := &Project{In: one.node}
	for i, it := range x.Items {
		e := c.expr(it.Value, r)
		name := fmt.Sprintf("print_%d", i)
		if len(it.Names) > 0 {
			name = it.Names[0].Name
		}
		p.Items = append(p.Items, Item{Name: name, Expr: e})
	}
	return tab{node: p, serialized: true}
}

// rangeExpr checks range Name from A to B step S.
func (c *checker) rangeExpr(x *syntax.RangeExpr, sc *scope) tab {
	r := c.constRow(sc)
	from, to, step := c.expr(x.From, r), c.expr(x.To, r), c.expr(x.Step, r)
	t := from.Type()
	switch {
	case t == column.Invalid || to.Type() == column.Invalid || step.Type() == column.Invalid:
		return brokenTab()
	case t == column.Int:
		t = column.Long
	case t == column.Long || t == column.Real || t == column.DateTime || t == column.TimeSpan:
	default:
		c.errorf(x.From.Start(), "range needs numbers, datetimes or timespans, not %s", t)
		return brokenTab()
	}
	if to.Type().IsNumeric() && step.Type() == column.Real || to.Type() == column.Real {
		if t == column.Long {
			t = column.Real
		}
	}
	return tab{node: &Range{Name: x.Name.Name, From: from, To: to, Step: step, T: t}, serialized: true}
}
