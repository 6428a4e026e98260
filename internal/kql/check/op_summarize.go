package check

import (
	"strconv"
	"strings"

	"quarry/internal/column"
	"quarry/internal/kql/funcs"
	"quarry/internal/kql/syntax"
)

// aggSink collects the aggregate calls found inside summarize expressions
// (100.0 * countif(x) / count()) as hidden aggregate columns.
type aggSink struct {
	input *rowCtx
	aggs  []Agg
}

// hidden registers a single-output aggregate and returns a reference to it.
func (s *aggSink) hidden(a Agg) Expr {
	name := "__agg" + strconv.Itoa(len(s.aggs))
	a.Out = []column.Field{{Name: name, Type: a.Out[0].Type}}
	s.aggs = append(s.aggs, a)
	return &ColRef{Name: name, T: a.Out[0].Type}
}

// summarize checks summarize Aggs by Keys.
func (c *checker) summarize(x *syntax.SummarizeOp, in tab, sc *scope) tab {
	inRow := rowOf(in, sc)
	keys := c.groupKeys(x.By, inRow)
	c.starExclude = map[string]bool{}
	for _, k := range keys {
		if ref, ok := k.Expr.(*ColRef); ok && ref.Name == k.Name {
			c.starExclude[k.Name] = true
		}
	}
	defer func() { c.starExclude = nil }()
	taken := map[string]bool{}
	for _, k := range keys {
		taken[k.Name] = true
	}
	sink := &aggSink{input: inRow}
	var post []Item // output items after the keys, when expressions need a projection
	needPost := false
	for _, a := range x.Aggs {
		items, direct := c.aggItem(a, inRow, sink, keys, sc, taken)
		needPost = needPost || !direct
		post = append(post, items...)
	}
	node := &Summarize{In: in.node, Keys: keys, Aggs: sink.aggs}
	out := tab{node: node, broken: in.broken}
	if needPost {
		out.node = &Project{In: node, Items: append(keyItems(keys), post...)}
	}
	return out
}

// keyItems lists the key columns of a summarize as pass-through items.
func keyItems(keys []Item) []Item {
	out := make([]Item, len(keys))
	for i, k := range keys {
		out[i] = Item{Name: k.Name, Expr: &ColRef{Name: k.Name, T: k.Expr.Type()}}
	}
	return out
}

// groupKeys checks the by-expressions and names them.
func (c *checker) groupKeys(by []*syntax.Assign, r *rowCtx) []Item {
	gen := newNamer(r.schema)
	var out []Item
	for _, b := range by {
		e := c.expr(b.Value, r)
		names := c.assignNames(b, e, gen)
		if len(names) == 0 {
			continue
		}
		name := names[0]
		if itemIndex(out, name) >= 0 {
			name = uniqueName(name, func(s string) bool { return itemIndex(out, s) >= 0 })
		}
		out = append(out, Item{Name: name, Expr: e})
	}
	return out
}

// aggItem checks one aggregate item. A direct aggregate call adds its
// outputs; any other expression adds hidden aggregates and a computed item.
// It reports whether the item was direct.
func (c *checker) aggItem(a *syntax.Assign, inRow *rowCtx, sink *aggSink, keys []Item, sc *scope, taken map[string]bool) ([]Item, bool) {
	if call, ok := a.Value.(*syntax.Call); ok && c.isAggregateCall(call, sc) {
		agg, ok := c.aggregate(call, inRow)
		if !ok {
			return nil, true
		}
		c.renameOutputs(a, &agg)
		for i := range agg.Out {
			agg.Out[i].Name = uniqueName(agg.Out[i].Name, func(s string) bool { return taken[s] })
			taken[agg.Out[i].Name] = true
		}
		sink.aggs = append(sink.aggs, agg)
		var items []Item
		for _, f := range agg.Out {
			items = append(items, Item{Name: f.Name, Expr: &ColRef{Name: f.Name, T: f.Type}})
		}
		return items, true
	}
	r := &rowCtx{sc: sc, schema: itemSchema(keys), lenient: inRow.lenient, aggs: sink}
	e := c.expr(a.Value, r)
	var name string
	if len(a.Names) > 0 {
		name = a.Names[0].Name
	} else {
		name = newNamer(nil).name(e)
		if strings.HasPrefix(name, "__agg") {
			name = "Column1"
		}
	}
	name = uniqueName(name, func(s string) bool { return taken[s] })
	taken[name] = true
	return []Item{{Name: name, Expr: e}}, false
}

// isAggregateCall reports whether call names an aggregate (and not a user
// function of the same name).
func (c *checker) isAggregateCall(call *syntax.Call, sc *scope) bool {
	if b := sc.lookup(call.Name.Name); b != nil && b.fn != nil {
		return false
	}
	_, ok := funcs.LookupAggregate(call.Name.Name)
	return ok
}

// renameOutputs applies Name = Agg(...) or (A, B) = Agg(...) names.
func (c *checker) renameOutputs(a *syntax.Assign, agg *Agg) {
	if len(a.Names) == 0 {
		return
	}
	if len(a.Names) > len(agg.Out) {
		c.errorf(a.Pos, "%d names given for %d aggregate outputs", len(a.Names), len(agg.Out))
		return
	}
	for i, n := range a.Names {
		agg.Out[i].Name = n.Name
	}
}

// count checks the count operator: one row, one column Count.
func (c *checker) count(in tab) tab {
	fn, ok := funcs.LookupAggregate("count")
	if !ok {
		c.errorf(0, "internal: aggregate count is not registered")
		return brokenTab()
	}
	agg := Agg{Fn: fn, Name: "count", Out: []column.Field{{Name: "Count", Type: column.Long}}}
	return tab{node: &Summarize{In: in.node, Aggs: []Agg{agg}}, broken: in.broken}
}

// distinct checks distinct Cols or distinct *.
func (c *checker) distinct(x *syntax.DistinctOp, in tab, sc *scope) tab {
	r := rowOf(in, sc)
	var keys []Item
	for _, e := range x.Columns {
		if _, ok := e.(*syntax.Star); ok {
			keys = append(keys, passThrough(r.schema)...)
			continue
		}
		ce := c.expr(e, r)
		name := newNamer(r.schema).name(ce)
		keys = append(keys, Item{Name: name, Expr: ce})
	}
	return tab{node: &Summarize{In: in.node, Keys: keys}, broken: in.broken}
}
