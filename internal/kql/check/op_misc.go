package check

import (
	"math"
	"strings"

	"quarry/internal/column"
	"quarry/internal/kql/syntax"
)

// mvExpand checks mv-expand / mvexpand.
func (c *checker) mvExpand(x *syntax.MvExpandOp, in tab, sc *scope) tab {
	kind := strings.ToLower(paramText(syntax.LookupParam(x.Params, "kind")))
	if kind == "" {
		kind = strings.ToLower(paramText(syntax.LookupParam(x.Params, "bagexpansion")))
	}
	limit := int64(math.MaxInt64)
	if x.Legacy {
		limit = 128
	}
	m := c.expansion(in, sc, x.Params, x.Items, x.Limit, limit)
	m.Array = kind == "array"
	in.node = m
	in.serialized = false
	return in
}

// expansion checks the items, with_itemindex and limit shared by mv-expand
// and mv-apply, expanding the rows of in.
func (c *checker) expansion(in tab, sc *scope, params []*syntax.Param, items []*syntax.MvItem, limit syntax.Expr, defLimit int64) *MvExpand {
	r := rowOf(in, sc)
	m := &MvExpand{In: in.node, Limit: defLimit}
	if idx := syntax.LookupParam(params, "with_itemindex"); idx != nil {
		m.Index = paramText(idx)
	}
	if limit != nil {
		m.Limit = c.constInt(limit, c.constRow(sc), m.Limit)
	}
	gen := newNamer(r.schema)
	for _, it := range items {
		e := c.expr(it.Assign.Value, r)
		names := c.assignNames(it.Assign, e, gen)
		if len(names) == 0 {
			continue
		}
		to := column.Dynamic
		if it.ToType != "" {
			if t, ok := column.ParseType(it.ToType); ok {
				to = t
			}
		}
		m.Items = append(m.Items, MvItem{Name: names[0], Expr: e, To: to})
	}
	return m
}

// parse checks parse / parse-where.
func (c *checker) parse(x *syntax.ParseOp, in tab, sc *scope) tab {
	kind := strings.ToLower(paramText(syntax.LookupParam(x.Params, "kind")))
	if kind == "" {
		kind = "simple"
	}
	if kind != "simple" && kind != "relaxed" && kind != "regex" {
		c.errorf(x.Pos, "unknown parse kind '%s'", kind)
		return brokenTab()
	}
	p := &Parse{In: in.node, Kind: kind, Where: x.Where, Source: c.expr(x.Source, rowOf(in, sc))}
	p.Flags = paramText(syntax.LookupParam(x.Params, "flags"))
	for _, part := range x.Pattern {
		p.Pattern = append(p.Pattern, c.parsePart(part))
	}
	in.node = p
	return in
}

// parsePart converts one pattern element.
func (c *checker) parsePart(part *syntax.ParsePart) ParsePart {
	switch {
	case part.Star:
		return ParsePart{Star: true}
	case part.Lit != nil:
		return ParsePart{Lit: part.Lit.Str}
	}
	t := column.String
	if part.Type != "" {
		if pt, ok := column.ParseType(part.Type); ok {
			t = pt
		} else {
			c.errorf(part.Pos, "unknown type '%s'", part.Type)
		}
	}
	return ParsePart{Column: part.Column.Name, Type: t}
}

// dotnetTypes maps KQL types to the DataType column of getschema.
var dotnetTypes = map[column.Type]string{
	column.Bool: "System.SByte", column.Int: "System.Int32", column.Long: "System.Int64",
	column.Real: "System.Double", column.Decimal: "System.Data.SqlTypes.SqlDecimal",
	column.String: "System.String", column.DateTime: "System.DateTime",
	column.TimeSpan: "System.TimeSpan", column.Dynamic: "System.Object", column.GUID: "System.Guid",
}

// getschema describes the input's columns as a constant table.
func (c *checker) getschema(in tab) tab {
	v := &Values{Fields: column.Schema{
		{Name: "ColumnName", Type: column.String}, {Name: "ColumnOrdinal", Type: column.Int},
		{Name: "DataType", Type: column.String}, {Name: "ColumnType", Type: column.String},
	}}
	for i, f := range in.node.Schema() {
		v.Rows = append(v.Rows, []column.Value{
			column.StringValue(f.Name), column.IntValue(int64(i)),
			column.StringValue(dotnetTypes[f.Type]), column.StringValue(f.Type.String()),
		})
	}
	return tab{node: v, serialized: true, broken: in.broken}
}

// evaluate checks evaluate plugin(...).
func (c *checker) evaluate(x *syntax.EvaluateOp, in tab, sc *scope) tab {
	name := strings.ToLower(x.Call.Name.Name)
	c.errorf(x.Call.Pos, "plugin '%s' is not supported yet", name)
	return brokenTab()
}

// invoke checks T | invoke f(args): the input is f's first argument.
func (c *checker) invoke(x *syntax.InvokeOp, in tab, sc *scope) tab {
	b := sc.lookup(x.Call.Name.Name)
	if b == nil || b.fn == nil || len(b.fn.Params) == 0 {
		c.errorf(x.Call.Pos, "unknown tabular function '%s'", x.Call.Name.Name)
		return brokenTab()
	}
	inner := newScope(sc)
	name := "__invoke_input"
	inner.bind(name, &binding{tab: &in})
	args := append([]syntax.Expr{&syntax.Ident{Span: x.Call.Span, Name: name}}, x.Call.Args...)
	return c.inlineTabular(x.Call.Pos, b, args, inner)
}
