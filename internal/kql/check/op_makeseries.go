package check

import (
	"strings"

	"quarry/internal/column"
	"quarry/internal/kql/syntax"
)

// SeriesAgg is one aggregate of make-series: its output column Name, the
// type T of the array elements, and the Default for bins without rows.
type SeriesAgg struct {
	Name    string
	T       column.Type
	Default column.Value
}

// MakeSeries is make-series (Q/make-series-operator). In is a Summarize
// grouping by Keys and then by the binned axis (column Bin), with one
// aggregate per Aggs entry in order. The executor arranges each key
// group's bins into arrays from From (the first bin with data when nil)
// up to To (exclusive; the end of the last bin with data when nil).
// Legacy is the "in range(start, stop, step)" form: bins come from bin()
// and stop is inclusive.
type MakeSeries struct {
	In             Node
	Keys           []string
	Bin            string
	Aggs           []SeriesAgg
	Axis           string
	AxisType       column.Type
	From, To, Step Expr // From and To are nil when absent
	Legacy         bool
	NonEmpty       bool // kind=nonempty: empty input still yields a row
}

// Schema implements Node: the by columns, one dynamic array per aggregate,
// then the axis array.
func (n *MakeSeries) Schema() column.Schema {
	in := n.In.Schema()
	var out column.Schema
	for _, k := range n.Keys {
		out = append(out, in[in.Index(k)])
	}
	for _, a := range n.Aggs {
		out = append(out, column.Field{Name: a.Name, Type: column.Dynamic})
	}
	return append(out, column.Field{Name: n.Axis, Type: column.Dynamic})
}

// seriesBin is the hidden key column holding the binned axis.
const seriesBin = "__series_bin"

// makeSeries checks make-series.
func (c *checker) makeSeries(x *syntax.MakeSeriesOp, in tab, sc *scope) tab {
	inRow := rowOf(in, sc)
	axis := c.expr(x.Axis, inRow)
	ms := &MakeSeries{Axis: derivedName(axis), AxisType: axis.Type(), Legacy: x.InRange, Bin: seriesBin}
	ms.NonEmpty = strings.EqualFold(paramText(syntax.LookupParam(x.Params, "kind")), "nonempty")
	if !c.seriesAxis(x, ms, axis, sc) {
		return brokenTab()
	}
	keys := c.groupKeys(x.By, inRow)
	taken := map[string]bool{ms.Axis: true}
	for _, k := range keys {
		ms.Keys = append(ms.Keys, k.Name)
		taken[k.Name] = true
	}
	sum := &Summarize{In: c.seriesRange(x, ms, axis, in.node), Keys: append(keys, Item{Name: seriesBin, Expr: c.seriesBinExpr(x, ms, axis)})}
	for _, sa := range x.Aggs {
		agg, out, ok := c.seriesAgg(sa, inRow, sc, taken)
		if !ok {
			return brokenTab()
		}
		sum.Aggs = append(sum.Aggs, agg)
		ms.Aggs = append(ms.Aggs, out)
	}
	ms.In = sum
	return tab{node: ms, broken: in.broken}
}

// seriesAxis checks the axis type and the from/to/step expressions.
func (c *checker) seriesAxis(x *syntax.MakeSeriesOp, ms *MakeSeries, axis Expr, sc *scope) bool {
	switch t := axis.Type(); {
	case t == column.Invalid:
		return false
	case t != column.DateTime && t != column.TimeSpan && !t.IsNumeric():
		c.errorf(x.Axis.Start(), "make-series needs a datetime, timespan or numeric axis, not %s", t)
		return false
	case ms.Axis == "":
		c.errorf(x.Axis.Start(), "the make-series axis must be a column")
		return false
	}
	r := c.constRow(sc)
	if x.From != nil {
		ms.From = c.expr(x.From, r)
	}
	if x.To != nil {
		ms.To = c.expr(x.To, r)
	}
	ms.Step = c.expr(x.Step, r)
	for _, e := range []Expr{ms.From, ms.To, ms.Step} {
		if e != nil && e.Type() == column.Invalid {
			return false
		}
	}
	return true
}

// seriesRange keeps the rows whose axis value lies in [from, to) (the main
// syntax: "end ... The high bound non-inclusive value") or [start, stop]
// (the range() syntax: "The stop value is inclusive").
func (c *checker) seriesRange(x *syntax.MakeSeriesOp, ms *MakeSeries, axis Expr, in Node) Node {
	var pred Expr
	add := func(op string, bound Expr) {
		term := asOp(c.apply(x.Pos, op, []Expr{axis, bound}))
		if pred == nil {
			pred = term
		} else {
			pred = asOp(c.apply(x.Pos, "and", []Expr{pred, term}))
		}
	}
	if ms.From != nil {
		add(">=", ms.From)
	}
	if ms.To != nil && ms.Legacy {
		add("<=", ms.To)
	} else if ms.To != nil {
		add("<", ms.To)
	}
	if pred == nil {
		return in
	}
	return &Filter{In: in, Pred: pred}
}

// seriesBinExpr is the bin of a row: bin_at(Axis, step, from) when from is
// given (main syntax), else bin(Axis, step).
func (c *checker) seriesBinExpr(x *syntax.MakeSeriesOp, ms *MakeSeries, axis Expr) Expr {
	if ms.From != nil && !ms.Legacy {
		return c.apply(x.Pos, "bin_at", []Expr{axis, ms.Step, ms.From})
	}
	return c.apply(x.Pos, "bin", []Expr{axis, ms.Step})
}

// seriesAgg checks one [Name =] Agg(...) [default = v] item.
func (c *checker) seriesAgg(sa *syntax.SeriesAgg, inRow *rowCtx, sc *scope, taken map[string]bool) (Agg, SeriesAgg, bool) {
	call, ok := sa.Assign.Value.(*syntax.Call)
	if !ok || !c.isAggregateCall(call, sc) {
		c.errorf(sa.Pos, "make-series needs an aggregation function call")
		return Agg{}, SeriesAgg{}, false
	}
	agg, ok := c.aggregate(call, inRow)
	if !ok {
		return Agg{}, SeriesAgg{}, false
	}
	if len(agg.Out) != 1 {
		c.errorf(sa.Pos, "aggregate '%s' returns several columns and cannot be used in make-series", call.Name.Name)
		return Agg{}, SeriesAgg{}, false
	}
	name := agg.Out[0].Name
	if len(sa.Assign.Names) > 0 {
		name = sa.Assign.Names[0].Name
	}
	name = uniqueName(name, func(s string) bool { return taken[s] })
	taken[name] = true
	t := agg.Out[0].Type
	agg.Out[0].Name = "__series_agg" + name
	out := SeriesAgg{Name: name, T: t, Default: column.NullOf(t)}
	// "Default is 0" (Q/make-series-operator, DefaultValue).
	if v, ok := Convert(column.LongValue(0), t); ok {
		out.Default = v
	}
	if sa.Default != nil {
		out.Default = c.constValue(sa.Default, t, sc)
	}
	return agg, out, true
}
