package check

import (
	"quarry/internal/column"
	"quarry/internal/kql/funcs"
	"quarry/internal/table"
)

// Node is a resolved tabular operator. Schema is derived from the node's
// fields and inputs, so rewriting an input (the planner prunes columns)
// updates every schema above it.
//
// Implementations: *Scan, *Values, *Range, *Filter, *Project, *Summarize,
// *Sort, *Top, *Take, *Sample, *Union, *Join, *MvExpand, *Parse,
// *Materialize, *MvApply, *ApplyRow, *MakeSeries.
type Node interface {
	Schema() column.Schema
}

// Item is one named output expression.
type Item struct {
	Name string
	Expr Expr
}

// Scan reads a catalog table. Columns, set by the planner, lists the
// columns to read (nil: all).
type Scan struct {
	Table   table.Table
	Columns []string
}

// Values is a constant table (datatable, getschema, print's input row).
type Values struct {
	Fields column.Schema
	Rows   [][]column.Value
}

// Range is range Name from From to To step Step.
type Range struct {
	Name           string
	From, To, Step Expr
	T              column.Type
}

// Filter keeps the rows for which Pred is true.
type Filter struct {
	In   Node
	Pred Expr
}

// Project computes its output columns, in order, from each input row. Every
// project-family operator and extend lower to it. Window is set when an item
// uses row_number/prev/next: the input must then be seen as one ordered
// stream.
type Project struct {
	In     Node
	Items  []Item
	Window bool
}

// Agg is one aggregate call of a summarize.
type Agg struct {
	Fn   *funcs.Aggregate
	Name string // function name as written
	Args []Expr
	Info []funcs.Arg
	Out  []column.Field
}

// Summarize groups by Keys and folds each group with Aggs. The output is
// the keys followed by every aggregate's output columns.
type Summarize struct {
	In   Node
	Keys []Item
	Aggs []Agg
	// Having, set by the planner (plan/having.go), is a predicate over the
	// output columns that a where after the summarize applies anyway: the
	// executor may drop the groups it rejects before computing the
	// aggregates it does not read. Nil when there is none.
	Having Expr
}

// SortKey is one key of sort or top.
type SortKey struct {
	Expr       Expr
	Desc       bool
	NullsFirst bool
}

// Sort orders all rows by Keys (stable).
type Sort struct {
	In   Node
	Keys []SortKey
}

// Top is sort by Keys | take N.
type Top struct {
	In   Node
	N    Expr
	Keys []SortKey
}

// Take keeps the first N rows it sees.
type Take struct {
	In Node
	N  Expr
}

// Sample keeps N rows chosen pseudo-randomly with a fixed seed.
type Sample struct {
	In Node
	N  Expr
}

// UnionLeg maps one union input to the union's columns: Cols[i] is the
// input column feeding output column i, or "" for a null.
type UnionLeg struct {
	In    Node
	Cols  []string
	Label string // value of the withsource column
}

// Union concatenates its legs. Source, when not empty, names the
// withsource column (the first output column).
type Union struct {
	Legs   []UnionLeg
	Fields column.Schema // output columns, without the withsource column
	Source string
}

// Rename maps an input column to an output name.
type Rename struct {
	From, To string
}

// Join kinds.
const (
	JoinInnerUnique = "innerunique"
	JoinInner       = "inner"
	JoinLeftOuter   = "leftouter"
	JoinRightOuter  = "rightouter"
	JoinFullOuter   = "fullouter"
	JoinLeftAnti    = "leftanti"
	JoinRightAnti   = "rightanti"
	JoinLeftSemi    = "leftsemi"
	JoinRightSemi   = "rightsemi"
)

// Join combines Left and Right on equal keys. The output holds LeftOut
// then RightOut (either may be empty for semi and anti kinds).
type Join struct {
	Left, Right         Node
	Kind                string
	LeftKeys, RightKeys []string
	LeftOut, RightOut   []Rename
	Lookup              bool
}

// MvItem is one expanded expression of mv-expand.
type MvItem struct {
	Name string
	Expr Expr
	To   column.Type // column.Dynamic unless "to typeof(T)"
}

// MvExpand expands arrays or bags into rows. Replaced input columns keep
// their position; new columns are appended, then the Index column.
type MvExpand struct {
	In    Node
	Items []MvItem
	Array bool   // kind=array: bags expand to [key, value] pairs (default: single-entry bags)
	Index string // with_itemindex column, "" when absent
	Limit int64  // maximum rows per input row
}

// ParsePart is one element of a parse pattern.
type ParsePart struct {
	Star   bool
	Lit    string
	Column string
	Type   column.Type
}

// Parse extracts columns from Source by a pattern. Where drops rows that
// do not match (parse-where).
type Parse struct {
	In      Node
	Kind    string // "simple", "relaxed" or "regex"
	Flags   string
	Source  Expr
	Pattern []ParsePart
	Where   bool
}

// Materialize caches its input's result for the duration of one run; every
// reference to the same materialized expression shares ID.
type Materialize struct {
	ID int
	In Node
	// Let names the let binding when the checker added the Materialize
	// because the binding is referenced more than once (letcache.go);
	// empty for materialize() and hint.materialized.
	Let string
}

// Schema implements Node.
func (n *Scan) Schema() column.Schema {
	all := n.Table.Schema()
	if n.Columns == nil {
		return all
	}
	out := make(column.Schema, 0, len(n.Columns))
	for _, c := range n.Columns {
		if i := all.Index(c); i >= 0 {
			out = append(out, all[i])
		}
	}
	return out
}

// Schema implements Node.
func (n *Values) Schema() column.Schema { return n.Fields }

// Schema implements Node.
func (n *Range) Schema() column.Schema { return column.Schema{{Name: n.Name, Type: n.T}} }

// Schema implements Node.
func (n *Filter) Schema() column.Schema { return n.In.Schema() }

// Schema implements Node.
func (n *Project) Schema() column.Schema { return itemSchema(n.Items) }

// Schema implements Node.
func (n *Summarize) Schema() column.Schema {
	out := itemSchema(n.Keys)
	for _, a := range n.Aggs {
		out = append(out, a.Out...)
	}
	return out
}

// Schema implements Node.
func (n *Sort) Schema() column.Schema { return n.In.Schema() }

// Schema implements Node.
func (n *Top) Schema() column.Schema { return n.In.Schema() }

// Schema implements Node.
func (n *Take) Schema() column.Schema { return n.In.Schema() }

// Schema implements Node.
func (n *Sample) Schema() column.Schema { return n.In.Schema() }

// Schema implements Node.
func (n *Union) Schema() column.Schema {
	if n.Source == "" {
		return n.Fields
	}
	return append(column.Schema{{Name: n.Source, Type: column.String}}, n.Fields...)
}

// Schema implements Node.
func (n *Join) Schema() column.Schema {
	var out column.Schema
	ls, rs := n.Left.Schema(), n.Right.Schema()
	for _, r := range n.LeftOut {
		out = append(out, column.Field{Name: r.To, Type: ls[ls.Index(r.From)].Type})
	}
	for _, r := range n.RightOut {
		out = append(out, column.Field{Name: r.To, Type: rs[rs.Index(r.From)].Type})
	}
	return out
}

// Schema implements Node.
func (n *MvExpand) Schema() column.Schema {
	out := append(column.Schema(nil), n.In.Schema()...)
	for _, it := range n.Items {
		if i := out.Index(it.Name); i >= 0 {
			out[i].Type = it.To
		} else {
			out = append(out, column.Field{Name: it.Name, Type: it.To})
		}
	}
	if n.Index != "" {
		out = append(out, column.Field{Name: n.Index, Type: column.Long})
	}
	return out
}

// Schema implements Node.
func (n *Parse) Schema() column.Schema {
	out := append(column.Schema(nil), n.In.Schema()...)
	for _, p := range n.Pattern {
		if p.Column == "" {
			continue
		}
		if i := out.Index(p.Column); i >= 0 {
			out[i].Type = p.Type
		} else {
			out = append(out, column.Field{Name: p.Column, Type: p.Type})
		}
	}
	return out
}

// Schema implements Node.
func (n *Materialize) Schema() column.Schema { return n.In.Schema() }

// Schema implements Node.

func itemSchema(items []Item) column.Schema {
	out := make(column.Schema, len(items))
	for i, it := range items {
		out[i] = column.Field{Name: it.Name, Type: it.Expr.Type()}
	}
	return out
}

// Inputs returns the direct tabular inputs of n.
func Inputs(n Node) []Node {
	switch x := n.(type) {
	case *Filter:
		return []Node{x.In}
	case *Project:
		return []Node{x.In}
	case *Summarize:
		return []Node{x.In}
	case *Sort:
		return []Node{x.In}
	case *Top:
		return []Node{x.In}
	case *Take:
		return []Node{x.In}
	case *Sample:
		return []Node{x.In}
	case *MvExpand:
		return []Node{x.In}
	case *Parse:
		return []Node{x.In}
	case *Materialize:
		return []Node{x.In}
	case *MvApply:
		return []Node{x.In}
	case *MakeSeries:
		return []Node{x.In}
	case *Join:
		return []Node{x.Left, x.Right}
	case *Union:
		out := make([]Node, len(x.Legs))
		for i, l := range x.Legs {
			out[i] = l.In
		}
		return out
	}
	return nil
}
