package check

import (
	"quarry/internal/column"
	"quarry/internal/kql/funcs"
)

// Expr is a resolved, typed scalar expression.
//
// Implementations: *ColRef, *Const, *Call, *Access, *ScalarQuery,
// *ListQuery, *RowNumber, *PrevNext, *PackAll.
type Expr interface {
	// Type is the KQL type of the expression's values.
	Type() column.Type
}

// ColRef reads the column called Name of the input row.
type ColRef struct {
	Name string
	T    column.Type
}

// Const is a constant value.
type Const struct {
	Val column.Value
}

// Call applies a scalar function or operator (registered in funcs under
// Name, for example "==", "and", "strlen") to its arguments. Op is set when
// the call was written as an operator (a > 0, x has "y", -x, x in (...),
// x between (a .. b)): such expressions give no derived column name.
type Call struct {
	Name string
	Fn   *funcs.Scalar
	Args []Expr
	T    column.Type
	Op   bool
}

// Access is dynamic member or element access: X.Key, X["Key"] or X[Idx].
// Idx is nil for member access. A string X is parsed as JSON first.
type Access struct {
	X   Expr
	Key string
	Idx Expr
}

// ScalarQuery is toscalar(Query): the first column of the first row of the
// query result, or null of T when the result is empty.
type ScalarQuery struct {
	Query Node
	T     column.Type
}

// ListQuery is a tabular expression used as a list (x in (T)): the values
// of the first column of the result, as a dynamic array.
type ListQuery struct {
	Query Node
}

// RowNumber is row_number([Start [, Restart]]) over serialized input.
type RowNumber struct {
	Start   int64
	Restart Expr // nil when absent; a bool expression restarting the count
}

// PrevNext is prev(X, Offset, Default) (Next false) or next(...) over
// serialized input.
type PrevNext struct {
	Next    bool
	X       Expr
	Offset  int64
	Default Expr // nil means null
}

// PackAll is pack_all(): a property bag of the row's columns.
type PackAll struct {
	Cols     []*ColRef
	SkipNull bool
}

// Type implements Expr.
func (e *ColRef) Type() column.Type { return e.T }

// Type implements Expr.
func (e *Const) Type() column.Type { return e.Val.Type }

// Type implements Expr.
func (e *Call) Type() column.Type { return e.T }

// Type implements Expr.
func (e *Access) Type() column.Type { return column.Dynamic }

// Type implements Expr.
func (e *ScalarQuery) Type() column.Type { return e.T }

// Type implements Expr.
func (e *ListQuery) Type() column.Type { return column.Dynamic }

// Type implements Expr.
func (e *RowNumber) Type() column.Type { return column.Long }

// Type implements Expr.
func (e *PrevNext) Type() column.Type { return e.X.Type() }

// Type implements Expr.
func (e *PackAll) Type() column.Type { return column.Dynamic }

// Walk calls f on e and every sub-expression (not descending into
// sub-queries). f returning false stops the descent below that node.
func Walk(e Expr, f func(Expr) bool) {
	if e == nil || !f(e) {
		return
	}
	switch x := e.(type) {
	case *Call:
		for _, a := range x.Args {
			Walk(a, f)
		}
	case *Access:
		Walk(x.X, f)
		Walk(x.Idx, f)
	case *RowNumber:
		Walk(x.Restart, f)
	case *PrevNext:
		Walk(x.X, f)
		Walk(x.Default, f)
	case *PackAll:
		for _, c := range x.Cols {
			Walk(c, f)
		}
	}
}

// Columns returns the distinct column names e reads, in first-use order.
func Columns(e Expr) []string {
	var out []string
	seen := map[string]bool{}
	Walk(e, func(x Expr) bool {
		if c, ok := x.(*ColRef); ok && !seen[c.Name] {
			seen[c.Name] = true
			out = append(out, c.Name)
		}
		return true
	})
	return out
}

// HasWindow reports whether e uses row_number, prev or next.
func HasWindow(e Expr) bool {
	found := false
	Walk(e, func(x Expr) bool {
		switch x.(type) {
		case *RowNumber, *PrevNext:
			found = true
		}
		return !found
	})
	return found
}
