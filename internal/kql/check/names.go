package check

import (
	"strconv"
	"strings"

	"quarry/internal/column"
)

// namer generates Kusto's default names for unnamed expressions: the name
// of the only column the expression refers to, else Column1, Column2, ...
type namer struct {
	taken column.Schema
	n     int
}

func newNamer(taken column.Schema) *namer { return &namer{taken: taken} }

// name derives a name for the checked expression e.
func (g *namer) name(e Expr) string {
	if col := derivedName(e); col != "" {
		return col
	}
	return g.fresh()
}

// fresh returns the next ColumnN not used by the input.
func (g *namer) fresh() string {
	for {
		g.n++
		name := "Column" + strconv.Itoa(g.n)
		if g.taken.Index(name) < 0 {
			return name
		}
	}
}

// derivedName is the column name an unnamed expression gets, or "": a
// column reference keeps its name, X.a.b becomes X_a_b, and a function
// call is named after the one argument that refers to columns
// (bin(TimeGenerated, 1h) and tolower(X) are named TimeGenerated and X).
// Operator expressions (x > 0, a + b) get no name: the summarize page names
// countif(x > 0) "countif_" (Q/summarize-operator, default values example),
// as Kusto.Language's GetExpressionResultName does for every non-call,
// non-path expression.
func derivedName(e Expr) string {
	if path := accessPath(e); path != "" {
		return path
	}
	switch x := e.(type) {
	case *ColRef:
		return x.Name
	case *Call:
		if x.Op {
			return ""
		}
		var only Expr
		for _, a := range x.Args {
			if len(Columns(a)) == 0 {
				continue
			}
			if only != nil {
				return ""
			}
			only = a
		}
		if only == nil {
			return ""
		}
		return derivedName(only)
	case *Const:
		return ""
	}
	return singleColumn(e)
}

// accessPath renders X.a["b"] as X_a_b, or "" when e is not such a path.
func accessPath(e Expr) string {
	a, ok := e.(*Access)
	if !ok {
		return ""
	}
	key := a.Key
	if a.Idx != nil {
		k, isConst := a.Idx.(*Const)
		if !isConst || !k.Val.Type.IsInteger() {
			return ""
		}
		key = strconv.FormatInt(k.Val.I, 10)
	}
	var base string
	switch x := a.X.(type) {
	case *ColRef:
		base = x.Name
	case *Access:
		base = accessPath(x)
	}
	if base == "" {
		return ""
	}
	return strings.ReplaceAll(base+"_"+key, "-", "_")
}

// uniqueName returns name, or name with the smallest numeric suffix that
// makes it unique among taken.
func uniqueName(name string, taken func(string) bool) string {
	if !taken(name) {
		return name
	}
	for i := 1; ; i++ {
		cand := name + strconv.Itoa(i)
		if !taken(cand) {
			return cand
		}
	}
}

// matchWildcard reports whether name matches a pattern with '*' wildcards.
func matchWildcard(pattern, name string) bool {
	if !strings.Contains(pattern, "*") {
		return pattern == name
	}
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(name, parts[0]) {
		return false
	}
	rest := name[len(parts[0]):]
	for i, p := range parts[1:] {
		if i == len(parts)-2 {
			return strings.HasSuffix(rest, p) && len(rest) >= len(p)
		}
		j := strings.Index(rest, p)
		if j < 0 {
			return false
		}
		rest = rest[j+len(p):]
	}
	return true
}
