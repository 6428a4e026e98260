package syntax

// exprOrTabular parses either a scalar expression or a tabular expression.
// A name or call followed by '|' becomes a pipeline source.
func (p *parser) exprOrTabular() Node {
	p.enter()
	defer p.leave()
	if p.atTabularKeyword() {
		return p.pipelineRest(p.keywordSource())
	}
	e := p.expr()
	if p.is(Pipe) {
		return p.pipelineRest(p.toSource(e))
	}
	if sq, ok := e.(*Subquery); ok {
		return sq.Query // a parenthesized tabular expression
	}
	return e
}

// tabular parses an expression that must be tabular.
func (p *parser) tabular() TabularExpr {
	return p.asTabular(p.exprOrTabular())
}

// asTabular converts the result of exprOrTabular into a tabular expression.
func (p *parser) asTabular(n Node) TabularExpr {
	if t, ok := n.(TabularExpr); ok {
		return t
	}
	return p.toSource(n.(Expr))
}

// toSource converts an expression used as a table into a pipeline source.
func (p *parser) toSource(e Expr) TabularExpr {
	switch x := e.(type) {
	case *Ident:
		return &TableRef{Span: x.Span, Name: x.Name}
	case *Call:
		return &CallTabular{Span: x.Span, Call: x}
	case *Subquery:
		return x.Query
	case *Member:
		if c, ok := x.X.(*Call); ok && (c.Name.Name == "database" || c.Name.Name == "cluster") {
			p.fail(e.Start(), "cross-database and cross-cluster references are not supported")
		}
	}
	p.fail(e.Start(), "expected a table name or a tabular expression but found an expression")
	return nil
}

// atTabularKeyword reports whether the current token starts a tabular
// expression that is not an expression: datatable, print, range, union,
// externaldata, search (and unsupported find/evaluate sources).
func (p *parser) atTabularKeyword() bool {
	if !p.is(IdentTok) {
		return false
	}
	next := p.peek(1)
	switch p.tok.Text {
	case "datatable", "externaldata", "external_data":
		return next.Kind == LParen || next.Kind == LBracket
	case "range":
		return next.Kind == IdentTok && p.peekWord(2, "from")
	case "print":
		return !startsBinaryOrEnd(next)
	case "search":
		return !startsBinaryOrEnd(next) || (next.Kind == IdentTok && next.Text == "in" && p.peek(2).Kind == LParen)
	case "union", "find":
		return !startsBinaryOrEnd(next)
	}
	return false
}

// startsBinaryOrEnd reports whether t cannot start an operand, so that a
// preceding keyword is a plain name.
func startsBinaryOrEnd(t Token) bool {
	switch t.Kind {
	case EOF, Pipe, Semicolon, Comma, RParen, RBracket, RBrace, Dot, EqEq, NotEq,
		EqTilde, NotTilde, Less, LessEq, Greater, GreaterEq, Plus, Slash, Percent,
		AssignTok:
		return true
	case IdentTok:
		_, ok := binopWord(t.Text)
		return ok
	}
	return false
}

// binopWord reports whether w is a binary operator word.
func binopWord(w string) (string, bool) {
	switch w {
	case "and", "or", "in", "between", "has_any", "has_all", "matches":
		return w, true
	}
	return w, stringOps[w]
}

// keywordSource parses a source introduced by a keyword.
func (p *parser) keywordSource() TabularExpr {
	start := p.tok.Pos
	kw := p.tok.Text
	p.next()
	switch kw {
	case "datatable":
		return p.datatable(start)
	case "externaldata", "external_data":
		return p.externalData(start)
	case "range":
		return p.rangeSource(start)
	case "print":
		items := p.printItems()
		return &PrintExpr{Span: p.span(start), Items: items}
	case "union":
		return p.union(start)
	case "search":
		return p.search(start)
	}
	p.fail(start, "the '"+kw+"' operator is not supported")
	return nil
}

func (p *parser) printItems() []*Assign {
	items := p.assignList()
	if len(items) == 0 {
		p.failExpected("an expression", "after 'print'")
	}
	return items
}

// pipelineRest parses the '| op' sequence after a source. With no operators
// it returns the source itself.
func (p *parser) pipelineRest(src TabularExpr) TabularExpr {
	if !p.is(Pipe) {
		return src
	}
	pl := &Pipeline{Source: src}
	for p.got(Pipe) {
		if op := p.safeOperator(); op != nil {
			pl.Ops = append(pl.Ops, op)
		}
	}
	pl.Span = p.span(src.Start())
	return pl
}

// safeOperator parses one operator, recovering at the next '|' or ';' on
// error.
func (p *parser) safeOperator() Operator {
	var op Operator
	p.recovering(false, func() { op = p.operator() })
	return op
}

// subPipeline parses ( op | op ... ): a pipeline without a source, used by
// mv-apply, facet, fork and partition.
func (p *parser) subPipeline(context string) *Pipeline {
	start := p.tok.Pos
	p.expect(LParen, context)
	p.enter()
	defer p.leave()
	p.got(Pipe)
	pl := &Pipeline{}
	if op := p.safeOperator(); op != nil {
		pl.Ops = append(pl.Ops, op)
	}
	for p.got(Pipe) {
		if op := p.safeOperator(); op != nil {
			pl.Ops = append(pl.Ops, op)
		}
	}
	p.expect(RParen, "to close the sub-query")
	pl.Span = p.span(start)
	return pl
}

// parenTabular parses ( tabular ).
func (p *parser) parenTabular(context string) *ParenTabular {
	start := p.tok.Pos
	p.expect(LParen, context)
	t := p.tabular()
	p.expect(RParen, "to close the parenthesized tabular expression")
	return &ParenTabular{Span: p.span(start), X: t}
}

// plainSource parses a table operand without a pipeline: a name, a
// wildcard name, a call, or a parenthesized tabular expression.
func (p *parser) plainSource(context string) TabularExpr {
	switch {
	case p.is(LParen):
		return p.parenTabular(context)
	case p.is(IdentTok) && p.peek(1).Kind == LParen:
		c := p.call()
		return &CallTabular{Span: c.Span, Call: c}
	case p.is(IdentTok) || p.is(StarTok) || p.is(LBracket):
		id := p.patternName()
		return &TableRef{Span: id.Span, Name: id.Name}
	}
	p.failExpected("a table", context)
	return nil
}

// patternName parses a name that may contain '*' wildcards (Security*,
// *1), or a bracketed name.
func (p *parser) patternName() *Ident {
	if p.is(LBracket) {
		return p.bracketName()
	}
	if !p.is(IdentTok) && !p.is(StarTok) {
		p.failExpected("a column name", "")
	}
	start := p.tok.Pos
	text := p.tok.Text
	p.next()
	for p.tok.Pos == p.lastEnd && (p.is(IdentTok) || p.is(StarTok) || p.is(LongTok)) {
		text += p.tok.Text
		p.next()
	}
	return &Ident{Span: p.span(start), Name: text}
}

// datatable parses datatable(Columns)[Values].
func (p *parser) datatable(start int) TabularExpr {
	cols := p.columnDecls("after 'datatable'")
	p.expect(LBracket, "before the datatable values")
	var vals []Expr
	for !p.is(RBracket) {
		vals = append(vals, p.expr())
		if !p.got(Comma) {
			break
		}
	}
	p.expect(RBracket, "to close the datatable values")
	return &DatatableExpr{Span: p.span(start), Columns: cols, Values: vals}
}

// externalData parses externaldata(Columns)[URIs] [with (Props)].
func (p *parser) externalData(start int) TabularExpr {
	cols := p.columnDecls("after 'externaldata'")
	p.expect(LBracket, "before the externaldata URIs")
	var uris []Expr
	for !p.is(RBracket) {
		uris = append(uris, p.expr())
		if !p.got(Comma) {
			break
		}
	}
	p.expect(RBracket, "to close the externaldata URIs")
	x := &ExternalDataExpr{Columns: cols, URIs: uris}
	if p.gotWord("with") {
		x.With = p.withProps()
	}
	x.Span = p.span(start)
	return x
}

// rangeSource parses range Name from From to To step Step.
func (p *parser) rangeSource(start int) TabularExpr {
	r := &RangeExpr{Name: p.name()}
	p.expectWord("from", "after the range column name")
	r.From = p.expr()
	p.expectWord("to", "after the start of the range")
	r.To = p.expr()
	p.expectWord("step", "after the end of the range")
	r.Step = p.expr()
	r.Span = p.span(start)
	return r
}

// columnDecls parses (Name:type, ...).
func (p *parser) columnDecls(context string) []*ColumnDecl {
	p.expect(LParen, context)
	var cols []*ColumnDecl
	for !p.is(RParen) {
		cols = append(cols, p.columnDecl())
		if !p.got(Comma) {
			break
		}
	}
	p.expect(RParen, "to close the column list")
	return cols
}

func (p *parser) columnDecl() *ColumnDecl {
	start := p.tok.Pos
	name := p.name()
	p.expect(Colon, "after the column name '"+name.Name+"'")
	typ := p.scalarType()
	return &ColumnDecl{Span: p.span(start), Name: name, Type: typ}
}

// withProps parses ( name = value, ... ) after 'with'. A bare value after a
// comma continues the previous property's list (ycolumns=a, b) and is
// stored with an empty Name.
func (p *parser) withProps() []*Param {
	p.expect(LParen, "after 'with'")
	var props []*Param
	for !p.is(RParen) {
		start := p.tok.Pos
		if p.is(IdentTok) && p.peek(1).Kind == AssignTok {
			name := p.tok.Text
			p.next()
			p.next()
			v := p.propValue()
			props = append(props, &Param{Span: p.span(start), Name: name, Value: v})
		} else {
			v := p.propValue()
			props = append(props, &Param{Span: p.span(start), Value: v})
		}
		if !p.got(Comma) {
			break
		}
	}
	p.expect(RParen, "to close the with(...) properties")
	return props
}

// propValue parses the value of a with(...) property.
func (p *parser) propValue() Expr {
	return p.expr()
}
