package syntax

// query parses statements followed by the query's tabular expression.
func (p *parser) query() *Query {
	q := &Query{}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(stopParsing); !ok {
				panic(r)
			}
		}
		q.Span = Span{Pos: 0, EndPos: p.lastEnd}
	}()
	q.Stmts = p.statements()
	if p.is(EOF) {
		return q
	}
	if !p.recovering(false, func() { q.Body = p.body() }) {
		for p.got(Pipe) {
			p.safeOperator() // report errors in the remaining operators too
		}
	}
	for !p.is(EOF) {
		p.queryTail()
	}
	return q
}

// statements parses let/set/declare statements, each ending with ';'.
func (p *parser) statements() []Stmt {
	var stmts []Stmt
	for p.atStatement() {
		var s Stmt
		if p.recovering(true, func() { s = p.statement() }) {
			stmts = append(stmts, s)
		}
		if !p.got(Semicolon) {
			if p.is(EOF) || p.is(RBrace) {
				p.errorf(p.tok.Pos, "expected ';' after the statement but found %s", p.tok.describe())
				break
			}
			p.errorf(p.tok.Pos, "expected ';' after the statement but found %s", p.tok.describe())
			p.sync(true)
			p.got(Semicolon)
		}
	}
	return stmts
}

// atStatement reports whether a let, set, declare (or unsupported alias,
// restrict, pattern) statement starts here.
func (p *parser) atStatement() bool {
	if !p.is(IdentTok) {
		return false
	}
	switch p.tok.Text {
	case "let", "declare", "alias", "restrict", "pattern":
		return p.peek(1).Kind == IdentTok || p.peek(1).Kind == LBracket
	case "set":
		return p.peek(1).Kind == IdentTok && p.peek(2).Kind != Pipe
	}
	return false
}

func (p *parser) statement() Stmt {
	start := p.tok.Pos
	switch p.tok.Text {
	case "let":
		return p.letStmt(start)
	case "set":
		return p.setStmt(start)
	case "declare":
		return p.declareStmt(start)
	}
	p.fail(start, "the '"+p.tok.Text+"' statement is not supported")
	return nil
}

// queryTail handles text after the query body: a ';' followed by more
// text, or stray tokens.
func (p *parser) queryTail() {
	if p.got(Semicolon) {
		if !p.is(EOF) {
			p.errorf(p.tok.Pos, "unexpected %s after the end of the query; only one tabular statement is supported", p.tok.describe())
			p.skipToEOF()
		}
		return
	}
	p.errorf(p.tok.Pos, "unexpected %s after the end of the query", p.tok.describe())
	p.skipToEOF()
}

func (p *parser) skipToEOF() {
	for !p.is(EOF) {
		p.next()
	}
}

// body parses the query's tabular expression. A missing source (the text
// starts with '|') is reported and the operators are still parsed.
func (p *parser) body() TabularExpr {
	if p.is(Pipe) {
		p.errorf(p.tok.Pos, "expected a table name or tabular expression before '|'")
		start := p.tok.Pos
		pl := &Pipeline{}
		for p.got(Pipe) {
			if op := p.safeOperator(); op != nil {
				pl.Ops = append(pl.Ops, op)
			}
		}
		pl.Span = p.span(start)
		return pl
	}
	return p.tabular()
}

// letStmt parses let Name = Value.
func (p *parser) letStmt(start int) Stmt {
	p.next()
	name := p.name()
	p.expect(AssignTok, "after the name in the let statement")
	v := p.letValue()
	return &LetStmt{Span: p.span(start), Name: name, Value: v}
}

// letValue parses a function definition, a tabular or a scalar expression.
func (p *parser) letValue() Node {
	if p.isWord("view") && p.peek(1).Kind == LParen {
		start := p.tok.Pos
		p.next()
		f := p.funcDef(start)
		f.View = true
		return f
	}
	if p.looksLikeFuncDef() {
		return p.funcDef(p.tok.Pos)
	}
	return p.exprOrTabular()
}

// looksLikeFuncDef reports whether '(' starts a parameter list: "() {" or
// "(name:".
func (p *parser) looksLikeFuncDef() bool {
	if !p.is(LParen) {
		return false
	}
	if p.peek(1).Kind == RParen {
		return p.peek(2).Kind == LBrace
	}
	if p.peek(1).Kind == IdentTok {
		return p.peek(2).Kind == Colon
	}
	return p.peek(1).Kind == LBracket && p.peek(2).Kind == StringTok &&
		p.peek(3).Kind == RBracket && p.peek(4).Kind == Colon
}

// funcDef parses (Params) { Stmts; Body }.
func (p *parser) funcDef(start int) *FuncDef {
	f := &FuncDef{Params: p.funcParams("in the function definition")}
	p.expect(LBrace, "to start the function body")
	p.enter()
	defer p.leave()
	f.Stmts = p.statements()
	if p.is(RBrace) {
		p.failExpected("an expression", "in the function body")
	}
	p.recovering(true, func() {
		n := p.exprOrTabular()
		if p.is(Pipe) {
			n = p.pipelineRest(p.asTabular(n))
		}
		f.Body = n
	})
	p.got(Semicolon)
	p.expect(RBrace, "to close the function body")
	f.Span = p.span(start)
	return f
}

// funcParams parses (Name:Type [= Default], ...).
func (p *parser) funcParams(context string) []*FuncParam {
	p.expect(LParen, context)
	var params []*FuncParam
	for !p.is(RParen) {
		params = append(params, p.funcParam())
		if !p.got(Comma) {
			break
		}
	}
	p.expect(RParen, "to close the parameter list")
	return params
}

func (p *parser) funcParam() *FuncParam {
	start := p.tok.Pos
	fp := &FuncParam{Name: p.name()}
	p.expect(Colon, "after the parameter name '"+fp.Name.Name+"'")
	fp.Type = p.paramType()
	if p.got(AssignTok) {
		fp.Default = p.expr()
	}
	fp.Span = p.span(start)
	return fp
}

// paramType parses a scalar type name or a tabular schema (*), (a:t, *).
func (p *parser) paramType() *ParamType {
	start := p.tok.Pos
	if !p.is(LParen) {
		return &ParamType{Scalar: p.scalarType(), Span: p.span(start)}
	}
	p.next()
	t := &ParamType{Tabular: true}
	for !p.is(RParen) {
		if p.got(StarTok) {
			t.Star = true
		} else {
			t.Columns = append(t.Columns, p.columnDecl())
		}
		if !p.got(Comma) {
			break
		}
	}
	p.expect(RParen, "to close the tabular parameter schema")
	t.Span = p.span(start)
	return t
}

// setStmt parses set Name [= Value].
func (p *parser) setStmt(start int) Stmt {
	p.next()
	s := &SetStmt{Name: p.tok.Text}
	p.next()
	for p.is(Dot) && p.peek(1).Kind == IdentTok {
		p.next()
		s.Name += "." + p.tok.Text
		p.next()
	}
	if p.got(AssignTok) {
		s.Value = p.expr()
	}
	s.Span = p.span(start)
	return s
}

// declareStmt parses declare query_parameters(...).
func (p *parser) declareStmt(start int) Stmt {
	p.next()
	if !p.isWord("query_parameters") {
		p.fail(p.tok.Pos, "only 'declare query_parameters(...)' is supported")
	}
	p.next()
	params := p.funcParams("after 'query_parameters'")
	return &DeclareStmt{Span: p.span(start), Params: params}
}
