package syntax

import (
	"strings"
)

// Format prints q as canonical KQL: statements one per line ending with
// ';', then the query with one operator per line. Comments are not kept.
func Format(q *Query) string {
	if q == nil {
		return ""
	}
	pr := &printer{}
	pr.query(q)
	return pr.sb.String()
}

// printer accumulates canonical KQL text.
type printer struct {
	sb     strings.Builder
	level  int // indentation level of multi-line tabular expressions
	inline int // > 0 while printing tabular expressions on one line
}

func (pr *printer) w(parts ...string) {
	for _, s := range parts {
		pr.sb.WriteString(s)
	}
}

// newline starts a new line at the current indentation, or writes a space
// in inline mode.
func (pr *printer) newline() {
	if pr.inline > 0 {
		pr.sb.WriteByte(' ')
		return
	}
	pr.sb.WriteByte('\n')
	for range pr.level {
		pr.sb.WriteString("    ")
	}
}

func (pr *printer) query(q *Query) {
	for i, s := range q.Stmts {
		if i > 0 {
			pr.w("\n")
		}
		pr.stmt(s)
		pr.w(";")
	}
	if q.Body != nil {
		if len(q.Stmts) > 0 {
			pr.w("\n")
		}
		pr.tabular(q.Body)
	}
}

// node prints any node.
func (pr *printer) node(n Node) {
	switch x := n.(type) {
	case nil:
	case *Query:
		pr.query(x)
	case Stmt:
		pr.stmt(x)
	case TabularExpr:
		pr.tabular(x)
	case Operator:
		pr.op(x)
	case Expr:
		pr.expr(x, precOr)
	case *FuncDef:
		pr.funcDef(x)
	default:
		pr.part(n)
	}
}

// part prints the helper nodes that are neither expressions nor operators.
func (pr *printer) part(n Node) {
	switch x := n.(type) {
	case *Assign:
		pr.assign(x)
	case *SortKey:
		pr.sortKey(x)
	case *Param:
		pr.param(x)
	case *ColumnDecl:
		pr.columnDecl(x)
	case *FuncParam:
		pr.funcParam(x)
	case *ParamType:
		pr.paramType(x)
	case *MvItem:
		pr.mvItem(x)
	case *ParsePart:
		pr.parsePart(x)
	case *Rename:
		pr.w(identText(x.New.Name), " = ", identText(x.Old.Name))
	case *ReorderCol:
		pr.reorderCol(x)
	case *SeriesAgg:
		pr.seriesAgg(x)
	case *TopNestedLevel:
		pr.topNestedLevel(x)
	case *ForkBranch:
		pr.forkBranch(x)
	case *DynValue:
		pr.dyn(x)
	}
}

// ---------------------------------------------------------------------------
// Statements

func (pr *printer) stmt(s Stmt) {
	switch x := s.(type) {
	case *LetStmt:
		pr.w("let ", identText(x.Name.Name), " = ")
		pr.letValue(x.Value)
	case *SetStmt:
		pr.w("set ", x.Name)
		if x.Value != nil {
			pr.w(" = ")
			pr.expr(x.Value, precOr)
		}
	case *DeclareStmt:
		pr.w("declare query_parameters")
		pr.funcParams(x.Params)
	}
}

func (pr *printer) letValue(v Node) {
	switch x := v.(type) {
	case *FuncDef:
		pr.funcDef(x)
	case TabularExpr:
		pr.level++
		pr.tabular(x)
		pr.level--
	case Expr:
		pr.expr(x, precOr)
	}
}

func (pr *printer) funcDef(f *FuncDef) {
	if f.View {
		pr.w("view ")
	}
	pr.funcParams(f.Params)
	pr.w(" {")
	pr.level++
	for _, s := range f.Stmts {
		pr.newline()
		pr.stmt(s)
		pr.w(";")
	}
	pr.newline()
	switch b := f.Body.(type) {
	case TabularExpr:
		pr.tabular(b)
	case Expr:
		pr.expr(b, precOr)
	}
	pr.level--
	pr.newline()
	pr.w("}")
}

func (pr *printer) funcParams(ps []*FuncParam) {
	pr.w("(")
	for i, fp := range ps {
		if i > 0 {
			pr.w(", ")
		}
		pr.funcParam(fp)
	}
	pr.w(")")
}

func (pr *printer) funcParam(fp *FuncParam) {
	pr.w(identText(fp.Name.Name), ":")
	pr.paramType(fp.Type)
	if fp.Default != nil {
		pr.w(" = ")
		pr.expr(fp.Default, precOr)
	}
}

func (pr *printer) paramType(t *ParamType) {
	if t == nil {
		return
	}
	if !t.Tabular {
		pr.w(t.Scalar)
		return
	}
	pr.w("(")
	for i, c := range t.Columns {
		if i > 0 {
			pr.w(", ")
		}
		pr.columnDecl(c)
	}
	if t.Star {
		if len(t.Columns) > 0 {
			pr.w(", ")
		}
		pr.w("*")
	}
	pr.w(")")
}

func (pr *printer) columnDecl(c *ColumnDecl) {
	pr.w(identText(c.Name.Name), ":", c.Type)
}

func (pr *printer) columnDecls(cols []*ColumnDecl) {
	pr.w("(")
	for i, c := range cols {
		if i > 0 {
			pr.w(", ")
		}
		pr.columnDecl(c)
	}
	pr.w(")")
}

// ---------------------------------------------------------------------------
// Tabular expressions

func (pr *printer) tabular(t TabularExpr) {
	switch x := t.(type) {
	case *Pipeline:
		pr.pipeline(x)
	case *TableRef:
		pr.w(tableText(x.Name))
	case *CallTabular:
		pr.call(x.Call)
	case *ParenTabular:
		pr.paren(x)
	case *DatatableExpr:
		pr.w("datatable")
		pr.columnDecls(x.Columns)
		pr.w(" [")
		pr.exprs(x.Values)
		pr.w("]")
	case *PrintExpr:
		pr.w("print ")
		pr.assigns(x.Items)
	case *RangeExpr:
		pr.w("range ", identText(x.Name.Name), " from ")
		pr.expr(x.From, precOr)
		pr.w(" to ")
		pr.expr(x.To, precOr)
		pr.w(" step ")
		pr.expr(x.Step, precOr)
	case *UnionOp:
		pr.union(x)
	case *SearchOp:
		pr.search(x)
	case *ExternalDataExpr:
		pr.externalData(x)
	}
}

// pipeline prints Source | op | op; a pipeline without a source starts
// with its first operator.
func (pr *printer) pipeline(p *Pipeline) {
	if p.Source != nil {
		pr.tabular(p.Source)
	}
	for i, op := range p.Ops {
		if i > 0 || p.Source != nil {
			pr.newline()
			pr.w("| ")
		}
		pr.op(op)
	}
}

// paren prints ( X ), on several lines when X is a multi-operator
// pipeline.
func (pr *printer) paren(x *ParenTabular) {
	if _, ok := x.X.(*Pipeline); !ok || pr.inline > 0 {
		pr.w("(")
		pr.tabular(x.X)
		pr.w(")")
		return
	}
	pr.subBlock(func() { pr.tabular(x.X) })
}

// subBlock prints "(" body ")" with the body indented on its own lines.
func (pr *printer) subBlock(body func()) {
	if pr.inline > 0 {
		pr.w("(")
		body()
		pr.w(")")
		return
	}
	pr.w("(")
	pr.level++
	pr.newline()
	body()
	pr.level--
	pr.newline()
	pr.w(")")
}

func (pr *printer) union(x *UnionOp) {
	pr.w("union ")
	pr.params(x.Params)
	for i, t := range x.Tables {
		if i > 0 {
			pr.w(", ")
		}
		pr.tabular(t)
	}
}

func (pr *printer) search(x *SearchOp) {
	pr.w("search ")
	pr.params(x.Params)
	if len(x.Tables) > 0 {
		pr.w("in (")
		for i, t := range x.Tables {
			if i > 0 {
				pr.w(", ")
			}
			pr.tabular(t)
		}
		pr.w(") ")
	}
	pr.expr(x.Pred, precOr)
}

func (pr *printer) externalData(x *ExternalDataExpr) {
	pr.w("externaldata")
	pr.columnDecls(x.Columns)
	pr.w(" [")
	pr.exprs(x.URIs)
	pr.w("]")
	if x.With != nil {
		pr.w(" with ")
		pr.withProps(x.With)
	}
}

// ---------------------------------------------------------------------------
// Shared pieces

// params prints "name=value " for each parameter.
func (pr *printer) params(ps []*Param) {
	for _, p := range ps {
		pr.param(p)
		pr.w(" ")
	}
}

func (pr *printer) param(p *Param) {
	if p.Name != "" {
		pr.w(p.Name, "=")
	}
	pr.expr(p.Value, precOr)
}

func (pr *printer) withProps(ps []*Param) {
	pr.w("(")
	for i, p := range ps {
		if i > 0 {
			pr.w(", ")
		}
		pr.param(p)
	}
	pr.w(")")
}

func (pr *printer) assigns(list []*Assign) {
	for i, a := range list {
		if i > 0 {
			pr.w(", ")
		}
		pr.assign(a)
	}
}

func (pr *printer) assign(a *Assign) {
	switch {
	case a.Tuple:
		pr.w("(")
		for i, n := range a.Names {
			if i > 0 {
				pr.w(", ")
			}
			pr.w(identText(n.Name))
		}
		pr.w(") = ")
	case len(a.Names) > 0:
		pr.w(identText(a.Names[0].Name), " = ")
	}
	pr.expr(a.Value, precOr)
}

func (pr *printer) exprs(list []Expr) {
	for i, e := range list {
		if i > 0 {
			pr.w(", ")
		}
		pr.expr(e, precOr)
	}
}

func (pr *printer) sortKey(k *SortKey) {
	pr.expr(k.Expr, precOr)
	if k.Order != "" {
		pr.w(" ", k.Order)
	}
	if k.Nulls != "" {
		pr.w(" nulls ", k.Nulls)
	}
}

func (pr *printer) sortKeys(keys []*SortKey) {
	for i, k := range keys {
		if i > 0 {
			pr.w(", ")
		}
		pr.sortKey(k)
	}
}

func (pr *printer) patterns(list []*Ident) {
	for i, id := range list {
		if i > 0 {
			pr.w(", ")
		}
		pr.w(patternText(id.Name))
	}
}
