package syntax

import "strings"

// opParser parses the rest of an operator whose keyword started at start.
type opParser func(p *parser, start int) Operator

var operators map[string]opParser

func init() {
	operators = map[string]opParser{
		"where": parseWhere, "filter": parseWhere,
		"extend": parseExtend, "project": parseProject,
		"project-away": parseProjectAway, "project-keep": parseProjectKeep,
		"project-rename": parseProjectRename, "project-reorder": parseProjectReorder,
		"summarize": parseSummarize, "sort": parseSort, "order": parseSort,
		"top": parseTop, "take": parseTake, "limit": parseTake,
		"distinct": parseDistinct, "count": parseCount, "union": parseUnionOp,
		"join": parseJoin, "lookup": parseLookup,
		"mv-expand": parseMvExpand, "mvexpand": parseMvExpand, "mv-apply": parseMvApply,
		"parse": parseParse, "parse-where": parseParse, "parse-kv": parseParseKv,
		"serialize": parseSerialize, "render": parseRender, "make-series": parseMakeSeries,
		"evaluate": parseEvaluate, "getschema": parseGetSchema, "sample": parseSample,
		"sample-distinct": parseSampleDistinct, "as": parseAs, "invoke": parseInvoke,
		"top-nested": parseTopNested, "top-hitters": parseTopHitters, "facet": parseFacet,
		"search": parseSearchOp, "fork": parseFork, "partition": parsePartition,
	}
}

// unsupportedOps are real KQL operators that quarry does not implement.
var unsupportedOps = map[string]bool{
	"scan": true, "find": true, "reduce": true, "consume": true, "project-smart": true,
	"execute-and-cache": true, "macro-expand": true, "make-graph": true,
	"graph-match": true, "graph-merge": true, "graph-to-table": true,
	"graph-shortest-paths": true, "assert-schema": true,
}

// operator parses one tabular operator (the part after '|').
func (p *parser) operator() Operator {
	if !p.is(IdentTok) {
		p.failExpected("a tabular operator", "after '|'")
	}
	start := p.tok.Pos
	name := p.operatorName()
	f, ok := operators[name]
	if !ok {
		if unsupportedOps[name] {
			p.fail(start, "the '"+name+"' operator is not supported")
		}
		p.fail(start, "unknown tabular operator '"+name+"'")
	}
	return f(p, start)
}

// operatorName reads an operator keyword, gluing dashed names such as
// project-away and mv-expand, and returns it in lower case.
func (p *parser) operatorName() string {
	name := p.tok.Text
	p.next()
	for p.is(Minus) && p.tok.Pos == p.lastEnd && p.peek(1).Kind == IdentTok && p.adjacent(1) {
		p.next()
		name += "-" + p.tok.Text
		p.next()
	}
	return strings.ToLower(name)
}

// atOpEnd reports whether the current token ends an operator.
func (p *parser) atOpEnd() bool {
	switch p.tok.Kind {
	case EOF, Pipe, Semicolon, RParen, RBrace:
		return true
	}
	return false
}

// params parses leading operator parameters Name=Value whose (lower-case)
// name is one of names or starts with "hint.".
func (p *parser) params(names ...string) []*Param {
	var out []*Param
	for p.is(IdentTok) {
		n := p.paramNameLen(names)
		if n == 0 || p.peek(n).Kind != AssignTok {
			break
		}
		start := p.tok.Pos
		var sb strings.Builder
		for range n {
			sb.WriteString(strings.ToLower(p.tok.Text))
			p.next()
		}
		name := sb.String()
		p.next() // =
		v := p.paramValue()
		out = append(out, &Param{Span: p.span(start), Name: name, Value: v})
	}
	return out
}

// paramNameLen returns the token count of a parameter name at the current
// token (kind, hint.strategy), or 0.
func (p *parser) paramNameLen(names []string) int {
	w := strings.ToLower(p.tok.Text)
	if w != "hint" {
		if contains(names, w) {
			return 1
		}
		return 0
	}
	n := 1
	for p.peek(n).Kind == Dot && p.peek(n+1).Kind == IdentTok {
		n += 2
	}
	if n == 1 {
		return 0
	}
	return n
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// paramValue parses a parameter value: a bare word (an *Ident), a bool, a
// number, a string, or another literal.
func (p *parser) paramValue() Expr {
	switch p.tok.Kind {
	case IdentTok:
		t := p.tok
		p.next()
		if w := strings.ToLower(t.Text); w == "true" || w == "false" {
			return &Literal{Span: Span{t.Pos, t.End}, Kind: LitBool, Bool: w == "true"}
		}
		return &Ident{Span: Span{t.Pos, t.End}, Name: t.Text}
	case LongTok, RealTok, SpanTok, StringTok, TypedTok:
		return p.primary()
	case LBracket:
		return p.bracketName()
	}
	p.failExpected("a parameter value", "")
	return nil
}

// assignList parses a comma-separated list of assignments up to the end of
// the operator or the keyword 'by'. A trailing comma before 'by' is
// accepted.
func (p *parser) assignList() []*Assign {
	var list []*Assign
	for !p.atOpEnd() && !p.isWord("by") {
		list = append(list, p.assign())
		if !p.got(Comma) {
			break
		}
		if p.atOpEnd() {
			p.failExpected("an expression", "")
		}
	}
	return list
}

// assign parses Name = expr, (A, B) = expr, or an unnamed expression.
func (p *parser) assign() *Assign {
	start := p.tok.Pos
	if n := p.tupleLen(); n > 0 {
		a := &Assign{Tuple: true}
		p.next()
		for !p.is(RParen) {
			a.Names = append(a.Names, p.name())
			p.got(Comma)
		}
		p.next() // )
		p.next() // =
		a.Value = p.expr()
		a.Span = p.span(start)
		return a
	}
	if n := p.nameLen(); n > 0 && p.peek(n).Kind == AssignTok {
		name := p.name()
		p.next()
		v := p.expr()
		return &Assign{Span: p.span(start), Names: []*Ident{name}, Value: v}
	}
	v := p.expr()
	return &Assign{Span: p.span(start), Value: v}
}

// tupleLen reports the token count of "(A, B, ...)" when it is followed by
// '=' (a tuple assignment), or 0.
func (p *parser) tupleLen() int {
	if !p.is(LParen) {
		return 0
	}
	n := 1
	for {
		t := p.peek(n)
		switch {
		case t.Kind == IdentTok:
			n++
		case t.Kind == LBracket && p.peek(n+1).Kind == StringTok && p.peek(n+2).Kind == RBracket:
			n += 3
		default:
			return 0
		}
		switch p.peek(n).Kind {
		case Comma:
			n++
		case RParen:
			if p.peek(n+1).Kind == AssignTok {
				return n + 2
			}
			return 0
		default:
			return 0
		}
	}
}

// exprList parses a comma-separated list of expressions.
func (p *parser) exprList() []Expr {
	var list []Expr
	for {
		list = append(list, p.expr())
		if !p.got(Comma) {
			return list
		}
	}
}

// patternList parses a comma-separated list of (wildcard) column names.
func (p *parser) patternList() []*Ident {
	var list []*Ident
	for {
		list = append(list, p.patternName())
		if !p.got(Comma) {
			return list
		}
	}
}

// sortKeys parses Expr [asc|desc] [nulls first|last], ... .
func (p *parser) sortKeys() []*SortKey {
	var keys []*SortKey
	for {
		start := p.tok.Pos
		k := &SortKey{Expr: p.expr()}
		if p.isWord("asc") || p.isWord("desc") {
			k.Order = strings.ToLower(p.tok.Text)
			p.next()
		}
		if p.gotWord("nulls") {
			if !p.isWord("first") && !p.isWord("last") {
				p.failExpected("'first' or 'last'", "after 'nulls'")
			}
			k.Nulls = strings.ToLower(p.tok.Text)
			p.next()
		}
		k.Span = p.span(start)
		keys = append(keys, k)
		if !p.got(Comma) {
			return keys
		}
	}
}

// ---------------------------------------------------------------------------
// Simple operators

func parseWhere(p *parser, start int) Operator {
	pred := p.expr()
	return &WhereOp{Span: p.span(start), Pred: pred}
}

func parseExtend(p *parser, start int) Operator {
	items := p.assignList()
	if len(items) == 0 {
		p.failExpected("an expression", "after 'extend'")
	}
	return &ExtendOp{Span: p.span(start), Items: items}
}

func parseProject(p *parser, start int) Operator {
	items := p.assignList()
	if len(items) == 0 {
		p.failExpected("a column", "after 'project'")
	}
	return &ProjectOp{Span: p.span(start), Items: items}
}

func parseProjectAway(p *parser, start int) Operator {
	cols := p.patternList()
	return &ProjectAwayOp{Span: p.span(start), Columns: cols}
}

func parseProjectKeep(p *parser, start int) Operator {
	cols := p.patternList()
	return &ProjectKeepOp{Span: p.span(start), Columns: cols}
}

func parseProjectRename(p *parser, start int) Operator {
	op := &ProjectRenameOp{}
	for {
		rs := p.tok.Pos
		nw := p.name()
		p.expect(AssignTok, "after the new column name in project-rename")
		old := p.name()
		op.Renames = append(op.Renames, &Rename{Span: p.span(rs), New: nw, Old: old})
		if !p.got(Comma) {
			break
		}
	}
	op.Span = p.span(start)
	return op
}

func parseProjectReorder(p *parser, start int) Operator {
	op := &ProjectReorderOp{}
	for {
		cs := p.tok.Pos
		c := &ReorderCol{Name: p.patternName()}
		c.Order = p.reorderOrder()
		c.Span = p.span(cs)
		op.Columns = append(op.Columns, c)
		if !p.got(Comma) {
			break
		}
	}
	op.Span = p.span(start)
	return op
}

// reorderOrder parses an optional asc, desc, granny-asc or granny-desc.
func (p *parser) reorderOrder() string {
	switch {
	case p.isWord("asc"), p.isWord("desc"):
		o := strings.ToLower(p.tok.Text)
		p.next()
		return o
	case p.isWord("granny") && p.peek(1).Kind == Minus:
		p.next()
		p.next()
		if !p.isWord("asc") && !p.isWord("desc") {
			p.failExpected("'asc' or 'desc'", "after 'granny-'")
		}
		o := "granny-" + strings.ToLower(p.tok.Text)
		p.next()
		return o
	}
	return ""
}

func parseSummarize(p *parser, start int) Operator {
	op := &SummarizeOp{Params: p.params()}
	op.Aggs = p.assignList()
	if p.gotWord("by") {
		op.By = p.assignList()
		if len(op.By) == 0 {
			p.failExpected("a group-by expression", "after 'by'")
		}
	}
	if len(op.Aggs) == 0 && len(op.By) == 0 {
		p.failExpected("an aggregation or 'by'", "after 'summarize'")
	}
	if !p.atOpEnd() {
		p.failExpected("',' or 'by'", "in summarize")
	}
	op.Span = p.span(start)
	return op
}

func parseSort(p *parser, start int) Operator {
	kw := strings.ToLower(p.src[start:p.lastEnd])
	p.expectWord("by", "after '"+kw+"'")
	keys := p.sortKeys()
	return &SortOp{Span: p.span(start), Keyword: kw, Keys: keys}
}

func parseTop(p *parser, start int) Operator {
	n := p.expr()
	p.expectWord("by", "after the number of rows in top")
	keys := p.sortKeys()
	return &TopOp{Span: p.span(start), Count: n, Keys: keys}
}

func parseTake(p *parser, start int) Operator {
	kw := strings.ToLower(p.src[start:p.lastEnd])
	n := p.expr()
	return &TakeOp{Span: p.span(start), Keyword: kw, Count: n}
}

func parseDistinct(p *parser, start int) Operator {
	op := &DistinctOp{Params: p.params()}
	op.Columns = p.exprList()
	op.Span = p.span(start)
	return op
}

func parseCount(p *parser, start int) Operator {
	return &CountOp{Span: p.span(start)}
}

func parseGetSchema(p *parser, start int) Operator {
	return &GetSchemaOp{Span: p.span(start)}
}

func parseSerialize(p *parser, start int) Operator {
	items := p.assignList()
	return &SerializeOp{Span: p.span(start), Items: items}
}

func parseSample(p *parser, start int) Operator {
	n := p.expr()
	return &SampleOp{Span: p.span(start), Count: n}
}

func parseSampleDistinct(p *parser, start int) Operator {
	n := p.expr()
	p.expectWord("of", "after the number of values in sample-distinct")
	of := p.expr()
	return &SampleDistinctOp{Span: p.span(start), Count: n, Of: of}
}

func parseAs(p *parser, start int) Operator {
	params := p.params()
	name := p.name()
	return &AsOp{Span: p.span(start), Params: params, Name: name}
}

func parseInvoke(p *parser, start int) Operator {
	if !p.is(IdentTok) || p.peek(1).Kind != LParen {
		p.failExpected("a function call", "after 'invoke'")
	}
	c := p.call()
	return &InvokeOp{Span: p.span(start), Call: c}
}

func parseEvaluate(p *parser, start int) Operator {
	params := p.params()
	if !p.is(IdentTok) || p.peek(1).Kind != LParen {
		p.failExpected("a plugin call", "after 'evaluate'")
	}
	c := p.call()
	op := &EvaluateOp{Params: params, Call: c}
	if p.got(Colon) {
		op.Schema = p.outputSchema()
	}
	op.Span = p.span(start)
	return op
}

// outputSchema parses a plugin output schema ( [*,] Name:type, ... ); the
// '*' may only come first.
func (p *parser) outputSchema() *OutputSchema {
	start := p.tok.Pos
	p.expect(LParen, "to start the output schema")
	s := &OutputSchema{}
	if p.got(StarTok) {
		s.Star = true
		if !p.got(Comma) {
			p.expect(RParen, "to close the output schema")
			s.Span = p.span(start)
			return s
		}
	}
	for !p.is(RParen) {
		if p.is(StarTok) {
			p.errorf(p.tok.Pos, "'*' must come first in the output schema")
			p.next()
		} else {
			s.Columns = append(s.Columns, p.columnDecl())
		}
		if !p.got(Comma) {
			break
		}
	}
	p.expect(RParen, "to close the output schema")
	s.Span = p.span(start)
	return s
}

func parseRender(p *parser, start int) Operator {
	if !p.is(IdentTok) {
		p.failExpected("a chart type", "after 'render'")
	}
	op := &RenderOp{Chart: strings.ToLower(p.tok.Text)}
	p.next()
	if p.gotWord("with") {
		op.With = p.withProps()
	}
	op.Span = p.span(start)
	return op
}
