package check

import (
	"strings"

	"quarry/internal/column"
	"quarry/internal/kql/syntax"
)

// op checks one pipeline operator applied to in.
func (c *checker) op(op syntax.Operator, in tab, sc *scope) tab {
	switch x := op.(type) {
	case *syntax.WhereOp:
		return c.where(x, in, sc)
	case *syntax.ExtendOp:
		return c.extend(x.Items, in, sc, false)
	case *syntax.ProjectOp:
		return c.project(x, in, sc)
	case *syntax.ProjectAwayOp:
		return c.projectAway(x, in)
	case *syntax.ProjectKeepOp:
		return c.projectKeep(x, in)
	case *syntax.ProjectRenameOp:
		return c.projectRename(x, in)
	case *syntax.ProjectReorderOp:
		return c.projectReorder(x, in)
	case *syntax.SummarizeOp:
		return c.summarize(x, in, sc)
	case *syntax.SortOp:
		return c.sort(x, in, sc)
	case *syntax.TopOp:
		return c.top(x, in, sc)
	case *syntax.TakeOp:
		return c.take(x.Count, in, sc)
	case *syntax.SampleOp:
		return c.sample(x, in, sc)
	case *syntax.DistinctOp:
		return c.distinct(x, in, sc)
	case *syntax.CountOp:
		return c.count(in)
	case *syntax.UnionOp:
		return c.union(x, &in, sc)
	case *syntax.JoinOp:
		return c.join(x.Pos, x.Params, x.Right, x.On, in, sc, false)
	case *syntax.LookupOp:
		return c.join(x.Pos, x.Params, x.Right, x.On, in, sc, true)
	case *syntax.MvExpandOp:
		return c.mvExpand(x, in, sc)
	case *syntax.ParseOp:
		return c.parse(x, in, sc)
	case *syntax.MvApplyOp:
		return c.mvApply(x, in, sc)
	case *syntax.MakeSeriesOp:
		return c.makeSeries(x, in, sc)
	case *syntax.SerializeOp:
		in.serialized = true
		if len(x.Items) == 0 {
			return in
		}
		return c.extend(x.Items, in, sc, true)
	case *syntax.GetSchemaOp:
		return c.getschema(in)
	case *syntax.EvaluateOp:
		return c.evaluate(x, in, sc)
	case *syntax.InvokeOp:
		return c.invoke(x, in, sc)
	case *syntax.RenderOp:
		c.errorf(x.Pos, "render must be the last operator of the query")
		return in
	}
	c.errorf(op.Start(), "operator '%s' is not supported yet", opName(op))
	in.broken = true
	return in
}

// opName is the KQL spelling of an operator, for messages.
func opName(op syntax.Operator) string {
	switch op.(type) {
	case *syntax.MakeSeriesOp:
		return "make-series"
	case *syntax.MvApplyOp:
		return "mv-apply"
	case *syntax.ParseKvOp:
		return "parse-kv"
	case *syntax.SampleDistinctOp:
		return "sample-distinct"
	case *syntax.TopNestedOp:
		return "top-nested"
	case *syntax.TopHittersOp:
		return "top-hitters"
	case *syntax.FacetOp:
		return "facet"
	case *syntax.SearchOp:
		return "search"
	case *syntax.ForkOp:
		return "fork"
	case *syntax.PartitionOp:
		return "partition"
	}
	return op.String()
}

// where checks where Pred.
func (c *checker) where(x *syntax.WhereOp, in tab, sc *scope) tab {
	pred := c.expr(x.Pred, rowOf(in, sc))
	if t := pred.Type(); t != column.Bool && t != column.Invalid && t != column.Dynamic {
		c.errorf(x.Pred.Start(), "where needs a bool predicate, not %s", t)
	}
	in.node = &Filter{In: in.node, Pred: pred}
	return in
}

// passThrough lists every column of s as an item.
func passThrough(s column.Schema) []Item {
	out := make([]Item, len(s))
	for i, f := range s {
		out[i] = Item{Name: f.Name, Expr: &ColRef{Name: f.Name, T: f.Type}}
	}
	return out
}

// itemIndex finds the item called name.
func itemIndex(items []Item, name string) int {
	for i, it := range items {
		if it.Name == name {
			return i
		}
	}
	return -1
}

// extend checks extend (or serialize) items: computed columns are appended;
// a same-named input column is removed first ("Column names noted by extend
// that already exist in the input are removed and appended as their new
// calculated values", Q/extend-operator). Later items may refer to earlier
// ones.
func (c *checker) extend(items []*syntax.Assign, in tab, sc *scope, serialize bool) tab {
	out := passThrough(in.node.Schema())
	var window bool
	defined := map[string]Expr{}
	gen := newNamer(in.node.Schema())
	for _, a := range items {
		r := &rowCtx{sc: sc, schema: itemSchema(out), lenient: in.broken, serialized: in.serialized || serialize, window: &window}
		e := substitute(c.expr(a.Value, r), defined)
		for _, name := range c.assignNames(a, e, gen) {
			if i := itemIndex(out, name); i >= 0 {
				out = append(out[:i], out[i+1:]...)
			}
			out = append(out, Item{Name: name, Expr: e})
			defined[name] = e
		}
	}
	in.node = &Project{In: in.node, Items: out, Window: window}
	return in
}

// assignNames returns the output names of one assignment item.
func (c *checker) assignNames(a *syntax.Assign, e Expr, gen *namer) []string {
	if a.Tuple {
		c.errorf(a.Pos, "tuple assignment (A, B) = ... is not supported yet")
		return nil
	}
	if len(a.Names) > 0 {
		return []string{a.Names[0].Name}
	}
	if call, ok := a.Value.(*syntax.Call); ok && strings.EqualFold(call.Name.Name, "column_ifexists") && len(call.Args) > 0 {
		if lit, ok := call.Args[0].(*syntax.Literal); ok && lit.Kind == syntax.LitString {
			return []string{lit.Str}
		}
	}
	return []string{gen.name(e)}
}

// project checks project items: the output is exactly the items.
func (c *checker) project(x *syntax.ProjectOp, in tab, sc *scope) tab {
	var out []Item
	var window bool
	defined := map[string]Expr{}
	gen := newNamer(in.node.Schema())
	inSchema := in.node.Schema()
	for _, a := range x.Items {
		schema := append(append(column.Schema(nil), inSchema...), itemSchema(out)...)
		r := &rowCtx{sc: sc, schema: dedupe(schema), lenient: in.broken, serialized: in.serialized, window: &window}
		e := substitute(c.expr(a.Value, r), defined)
		for _, name := range c.assignNames(a, e, gen) {
			if i := itemIndex(out, name); i >= 0 && len(a.Names) > 0 {
				c.errorf(a.Pos, "duplicate column '%s' in project", name)
				continue
			} else if i >= 0 {
				name = uniqueName(name, func(s string) bool { return itemIndex(out, s) >= 0 })
			}
			out = append(out, Item{Name: name, Expr: e})
			defined[name] = e
		}
	}
	in.node = &Project{In: in.node, Items: out, Window: window}
	return in
}

// dedupe keeps the last field of each name (later definitions win).
func dedupe(s column.Schema) column.Schema {
	out := column.Schema{}
	for _, f := range s {
		if i := out.Index(f.Name); i >= 0 {
			out[i] = f
			continue
		}
		out = append(out, f)
	}
	return out
}

// substitute replaces references to columns defined earlier in the same
// operator by their defining expressions.
func substitute(e Expr, defined map[string]Expr) Expr {
	if len(defined) == 0 {
		return e
	}
	switch x := e.(type) {
	case *ColRef:
		if d, ok := defined[x.Name]; ok {
			return d
		}
	case *Call:
		cp := *x
		cp.Args = make([]Expr, len(x.Args))
		for i, a := range x.Args {
			cp.Args[i] = substitute(a, defined)
		}
		return &cp
	case *Access:
		cp := *x
		cp.X = substitute(x.X, defined)
		if x.Idx != nil {
			cp.Idx = substitute(x.Idx, defined)
		}
		return &cp
	case *PrevNext:
		cp := *x
		cp.X = substitute(x.X, defined)
		return &cp
	}
	return e
}
