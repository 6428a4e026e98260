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
	// Q/mv-expand-operator: "The default limit is 2147483647", 128 for the
	// legacy mvexpand.
	limit := int64(math.MaxInt32)
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
	if name == "bag_unpack" {
		return c.bagUnpack(x, in, sc)
	}
	c.errorf(x.Call.Pos, "plugin '%s' is not supported yet", name)
	return brokenTab()
}

// convertFunc names the conversion function applied to a bag_unpack slot
// declared with type t ("" for dynamic: the slot is kept as it is).
var convertFunc = map[column.Type]string{
	column.Bool: "tobool", column.Int: "toint", column.Long: "tolong", column.Real: "toreal",
	column.Decimal: "todecimal", column.String: "tostring", column.DateTime: "todatetime",
	column.TimeSpan: "totimespan", column.GUID: "toguid",
}

// bagUnpack checks evaluate bag_unpack(Col [, Prefix] [, columnsConflict]
// [, ignoredProperties]) : ([*,] Name:type, ...) (Q/bag-unpack-plugin).
// quarry needs the output schema, because it fixes every output column
// before reading a row; with it the plugin is a projection: the input
// columns except Col when the schema starts with '*', then one column per
// declared name holding slot Name (Name without Prefix when it starts with
// Prefix) of Col, converted to the declared type.
func (c *checker) bagUnpack(x *syntax.EvaluateOp, in tab, sc *scope) tab {
	if x.Schema == nil {
		c.errorf(x.Call.Pos, "plugin 'bag_unpack' without an output schema is not supported yet: its columns would depend on the data, and quarry fixes every output column before reading rows; declare them: evaluate bag_unpack(col) : (*, Name:string, Age:long)")
		return brokenTab()
	}
	if in.broken {
		return in
	}
	var positional []syntax.Expr
	named := map[string]syntax.Expr{}
	for _, a := range x.Call.Args {
		if na, ok := a.(*syntax.NamedArg); ok {
			named[strings.ToLower(na.Name.Name)] = na.Value
			continue
		}
		positional = append(positional, a)
	}
	param := func(i int, name string) syntax.Expr {
		if v, ok := named[strings.ToLower(name)]; ok {
			delete(named, strings.ToLower(name))
			return v
		}
		if i < len(positional) {
			return positional[i]
		}
		return nil
	}
	colArg := param(0, "Column")
	id, ok := colArg.(*syntax.Ident)
	if !ok {
		if colArg == nil {
			c.errorf(x.Call.Pos, "bag_unpack() expects the column to unpack")
		} else {
			c.errorf(colArg.Start(), "bag_unpack() expects a column name as its first argument")
		}
		return brokenTab()
	}
	schema := in.node.Schema()
	ci := schema.Index(id.Name)
	if ci < 0 {
		c.errorf(id.Pos, "unknown column '%s'%s", id.Name, suggest(id.Name, schema.Names()))
		return brokenTab()
	}
	if t := schema[ci].Type; t != column.Dynamic && t != column.String {
		c.errorf(id.Pos, "bag_unpack() expects a dynamic column, '%s' is %s", id.Name, t)
		return brokenTab()
	}
	constStr := func(e syntax.Expr, what string) string {
		if e == nil {
			return ""
		}
		k, ok := c.expr(e, c.constRow(sc)).(*Const)
		if !ok || k.Val.Type != column.String {
			c.errorf(e.Start(), "bag_unpack() expects a constant string %s", what)
			return ""
		}
		return k.Val.S
	}
	prefix := constStr(param(1, "OutputColumnPrefix"), "prefix")
	conflict := strings.ToLower(constStr(param(2, "columnsConflict"), "for columnsConflict"))
	switch conflict {
	case "", "error", "replace_source", "keep_source":
	default:
		c.errorf(x.Call.Pos, "bag_unpack() columnsConflict must be 'error', 'replace_source' or 'keep_source', not '%s'", conflict)
	}
	ignored := map[string]bool{}
	if e := param(3, "ignoredProperties"); e != nil {
		k, ok := c.expr(e, c.constRow(sc)).(*Const)
		arr, isArr := []any(nil), false
		if ok && k.Val.Type == column.Dynamic {
			arr, isArr = k.Val.D.([]any)
		}
		if !isArr {
			c.errorf(e.Start(), "bag_unpack() expects a constant dynamic array for ignoredProperties")
		}
		for _, v := range arr {
			if s, ok := v.(string); ok {
				ignored[s] = true
			}
		}
	}
	if len(positional) > 4 {
		c.errorf(positional[4].Start(), "bag_unpack() takes at most 4 arguments")
	}
	for n := range named {
		c.errorf(x.Call.Pos, "bag_unpack() has no parameter '%s'", n)
	}
	decls, ok := c.columnDecls(x.Schema.Columns)
	if !ok {
		return brokenTab()
	}
	declared := map[string]bool{}
	for _, f := range decls {
		declared[f.Name] = true
	}
	var items []Item
	if x.Schema.Star {
		for i, f := range schema {
			if i == ci {
				continue
			}
			if declared[f.Name] {
				switch conflict {
				case "replace_source":
					continue
				case "keep_source":
					declared[f.Name] = false
				default:
					c.errorf(x.Schema.Pos, "bag_unpack() output column '%s' already exists in the input; use columnsConflict='replace_source' or 'keep_source'", f.Name)
					return brokenTab()
				}
			}
			items = append(items, Item{Name: f.Name, Expr: &ColRef{Name: f.Name, T: f.Type}})
		}
	}
	src := &ColRef{Name: schema[ci].Name, T: schema[ci].Type}
	for _, f := range decls {
		if !declared[f.Name] {
			continue // keep_source: the input column wins
		}
		slot := f.Name
		if prefix != "" && strings.HasPrefix(slot, prefix) {
			slot = slot[len(prefix):]
		}
		var e Expr = &Access{X: src, Key: slot}
		if ignored[slot] {
			e = &Const{Val: column.NullOf(f.Type)}
		} else if fn := convertFunc[f.Type]; fn != "" {
			e = c.apply(x.Schema.Pos, fn, []Expr{e})
		}
		items = append(items, Item{Name: f.Name, Expr: e})
	}
	in.node = &Project{In: in.node, Items: items}
	return in
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
