package check

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"quarry/internal/column"
	"quarry/internal/kql/syntax"
	"quarry/internal/table"
)

// Query is a checked query: the resolved root operator and the trailing
// render hint, if any.
type Query struct {
	Root   Node
	Render *Render
}

// Render is the visualisation hint of a trailing render operator.
type Render struct {
	Chart string
	With  map[string]string
}

// maxInlineDepth bounds user-function inlining (recursion guard).
const maxInlineDepth = 64

// checker holds the state of one Check call.
type checker struct {
	cat     table.Catalog
	src     string
	errs    syntax.ErrorList
	nextMat int
	depth   int
	probe   int // recursion guard of isTabularFunc
	subq    int // nesting depth of toscalar / in-list sub-queries
	// starExclude lists the by-columns of the summarize being checked; '*'
	// in arg_max(x, *) does not repeat them.
	starExclude map[string]bool
	// uses counts the references to each tabular let; cacheLets lists the
	// lets referenced more than once by a first pass (see letcache.go).
	uses      map[*syntax.LetStmt]int
	cacheLets map[*syntax.LetStmt]bool
}

// tab is a checked tabular expression together with facts the next
// operator needs.
type tab struct {
	node       Node
	serialized bool // row order is meaningful (after sort, serialize, ...)
	broken     bool // an error was reported; suppress follow-up errors
	// name is the name bound by a trailing "as Name" (Q/as-operator), used
	// as the union withsource= label; any later operator clears it.
	name string
}

// Check resolves and types q against cat (nil means no tables). prelude
// holds let statements (for example extra functions supplied by the
// caller) visible to the query as if written before it. src is the query
// text, used to turn offsets into lines and columns. The error, when not
// nil, is a syntax.ErrorList.
func Check(q *syntax.Query, src string, cat table.Catalog, prelude []*syntax.LetStmt) (*Query, error) {
	res, c, err := check(q, src, cat, prelude, nil)
	if err != nil {
		return nil, err
	}
	if again := c.sharedLets(); again != nil {
		// Second pass: the lets used more than once are wrapped in a
		// Materialize so that one run evaluates each of them once.
		res, _, err = check(q, src, cat, prelude, again)
	}
	return res, err
}

// check runs one checking pass; cacheLets lists the tabular lets whose
// value is cached per run (letcache.go).
func check(q *syntax.Query, src string, cat table.Catalog, prelude []*syntax.LetStmt, cacheLets map[*syntax.LetStmt]bool) (*Query, *checker, error) {
	c := &checker{cat: cat, src: src, uses: map[*syntax.LetStmt]int{}, cacheLets: cacheLets}
	root := newScope(nil)
	for _, l := range prelude {
		c.let(l, root)
	}
	sc := root
	for _, st := range q.Stmts {
		sc = c.stmt(st, sc)
	}
	if q.Body == nil {
		c.errorf(q.End(), "the query has no tabular expression to run")
		return nil, c, c.result()
	}
	body, render := c.splitRender(q.Body)
	t := c.tabular(body, sc)
	if err := c.result(); err != nil {
		return nil, c, err
	}
	return &Query{Root: t.node, Render: render}, c, nil
}

// result returns the collected errors as a sorted syntax.ErrorList, or nil.
func (c *checker) result() error {
	if len(c.errs) == 0 {
		return nil
	}
	sort.SliceStable(c.errs, func(i, j int) bool { return c.errs[i].Pos < c.errs[j].Pos })
	out := c.errs[:0]
	for i, e := range c.errs {
		if i > 0 && e.Pos == c.errs[i-1].Pos && e.Msg == c.errs[i-1].Msg {
			continue
		}
		out = append(out, e)
	}
	return out
}

// errorf records an error at byte offset pos.
func (c *checker) errorf(pos int, format string, args ...any) {
	line, col := lineCol(c.src, pos)
	c.errs = append(c.errs, &syntax.Error{Pos: pos, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

// lineCol converts a byte offset into a 1-based line and rune column.
func lineCol(src string, pos int) (int, int) {
	pos = min(max(pos, 0), len(src))
	line := 1 + strings.Count(src[:pos], "\n")
	start := strings.LastIndexByte(src[:pos], '\n') + 1
	return line, 1 + utf8.RuneCountInString(src[start:pos])
}

// stmt checks one statement and returns the scope that follows it.
func (c *checker) stmt(st syntax.Stmt, sc *scope) *scope {
	switch s := st.(type) {
	case *syntax.LetStmt:
		inner := newScope(sc)
		c.let(s, inner)
		return inner
	case *syntax.SetStmt:
		return sc
	case *syntax.DeclareStmt:
		inner := newScope(sc)
		for _, p := range s.Params {
			c.declareParam(p, inner)
		}
		return inner
	}
	c.errorf(st.Start(), "statement %s is not supported yet", st.String())
	return sc
}

// declareParam binds a query parameter to its default (or a typed null).
func (c *checker) declareParam(p *syntax.FuncParam, sc *scope) {
	if p.Default != nil {
		sc.bind(p.Name.Name, &binding{expr: c.expr(p.Default, c.constRow(sc))})
		return
	}
	t, _ := column.ParseType(p.Type.Scalar)
	sc.bind(p.Name.Name, &binding{expr: &Const{Val: column.NullOf(t)}})
}

// splitRender removes a trailing render operator from the query body.
func (c *checker) splitRender(body syntax.TabularExpr) (syntax.TabularExpr, *Render) {
	p, ok := body.(*syntax.Pipeline)
	if !ok || len(p.Ops) == 0 {
		return body, nil
	}
	r, ok := p.Ops[len(p.Ops)-1].(*syntax.RenderOp)
	if !ok {
		return body, nil
	}
	cp := *p
	cp.Ops = p.Ops[:len(p.Ops)-1]
	hint := &Render{Chart: r.Chart, With: map[string]string{}}
	for _, w := range r.With {
		hint.With[w.Name] = paramText(w.Value)
	}
	if len(cp.Ops) == 0 && cp.Source != nil {
		return cp.Source, hint
	}
	return &cp, hint
}

// paramText renders an operator parameter value as plain text.
func paramText(e syntax.Expr) string {
	switch v := e.(type) {
	case *syntax.Literal:
		switch {
		case v.Kind == syntax.LitString:
			return v.Str
		case v.Kind == syntax.LitBool && v.Text == "":
			return strconv.FormatBool(v.Bool)
		}
		return v.Text
	case *syntax.Ident:
		return v.Name
	case nil:
		return ""
	}
	return e.String()
}
