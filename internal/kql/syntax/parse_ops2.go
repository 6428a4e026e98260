package syntax

import "strings"

// parseUnionOp parses union as an operator: T | union [params] T2, ... .
func parseUnionOp(p *parser, start int) Operator {
	return p.union(start)
}

// union parses [params] Table, Table, ... after the union keyword.
func (p *parser) union(start int) *UnionOp {
	op := &UnionOp{Params: p.params("kind", "withsource", "source", "isfuzzy")}
	for {
		op.Tables = append(op.Tables, p.plainSource("in union"))
		if !p.got(Comma) {
			break
		}
	}
	op.Span = p.span(start)
	return op
}

func parseJoin(p *parser, start int) Operator {
	op := &JoinOp{Params: p.params("kind")}
	op.Right = p.plainSource("after 'join'")
	op.On = p.joinConditions("join")
	op.Span = p.span(start)
	return op
}

func parseLookup(p *parser, start int) Operator {
	op := &LookupOp{Params: p.params("kind")}
	op.Right = p.plainSource("after 'lookup'")
	op.On = p.joinConditions("lookup")
	op.Span = p.span(start)
	return op
}

// joinConditions parses on Cond, Cond and Cond ... and splits conjunctions.
func (p *parser) joinConditions(op string) []Expr {
	p.expectWord("on", "after the right side of the "+op)
	var conds []Expr
	for {
		conds = appendConjuncts(conds, p.expr())
		if !p.got(Comma) {
			return conds
		}
	}
}

func appendConjuncts(list []Expr, e Expr) []Expr {
	if b, ok := e.(*Binary); ok && b.Op == OpAnd {
		list = appendConjuncts(list, b.X)
		return appendConjuncts(list, b.Y)
	}
	return append(list, e)
}

func parseMvExpand(p *parser, start int) Operator {
	op := &MvExpandOp{Legacy: strings.EqualFold(p.src[start:p.lastEnd], "mvexpand")}
	op.Params = p.params("kind", "with_itemindex", "bagexpansion")
	op.Items = p.mvItems()
	if p.gotWord("limit") {
		op.Limit = p.expr()
	}
	op.Span = p.span(start)
	return op
}

func parseMvApply(p *parser, start int) Operator {
	op := &MvApplyOp{Params: p.params("kind", "with_itemindex", "context_id")}
	op.Items = p.mvItems()
	if p.gotWord("limit") {
		op.Limit = p.expr()
	}
	p.expectWord("on", "before the mv-apply sub-query")
	op.Sub = p.subPipeline("after 'on'")
	op.Span = p.span(start)
	return op
}

// mvItems parses [Name =] Expr [to typeof(T)], ... .
func (p *parser) mvItems() []*MvItem {
	var items []*MvItem
	for {
		start := p.tok.Pos
		it := &MvItem{Assign: p.assign()}
		if p.gotWord("to") {
			if !p.isWord("typeof") || p.peek(1).Kind != LParen {
				p.failExpected("'typeof(...)'", "after 'to'")
			}
			it.ToType = p.typeOf().(*TypeOf).Type
		}
		it.Span = p.span(start)
		items = append(items, it)
		if !p.got(Comma) {
			return items
		}
	}
}

func parseParse(p *parser, start int) Operator {
	op := &ParseOp{Where: strings.EqualFold(p.src[start:p.lastEnd], "parse-where")}
	op.Params = p.params("kind", "flags")
	op.Source = p.expr()
	p.expectWord("with", "after the parse source expression")
	for !p.atOpEnd() {
		op.Pattern = append(op.Pattern, p.parsePart())
	}
	if len(op.Pattern) == 0 {
		p.failExpected("a parse pattern", "after 'with'")
	}
	op.Span = p.span(start)
	return op
}

// parsePart parses one element of a parse pattern.
func (p *parser) parsePart() *ParsePart {
	start := p.tok.Pos
	switch {
	case p.is(StarTok):
		p.next()
		return &ParsePart{Span: p.span(start), Star: true}
	case p.is(StringTok):
		lit := p.primary().(*Literal)
		return &ParsePart{Span: p.span(start), Lit: lit}
	case p.nameLen() > 0:
		part := &ParsePart{Column: p.name()}
		if p.got(Colon) {
			part.Type = p.scalarType()
		}
		part.Span = p.span(start)
		return part
	}
	p.failExpected("a string, a column name or '*'", "in the parse pattern")
	return nil
}

func parseParseKv(p *parser, start int) Operator {
	op := &ParseKvOp{Source: p.expr()}
	p.expectWord("as", "after the parse-kv source expression")
	op.Columns = p.columnDecls("after 'as'")
	if p.gotWord("with") {
		op.With = p.withProps()
	}
	op.Span = p.span(start)
	return op
}

func parseMakeSeries(p *parser, start int) Operator {
	op := &MakeSeriesOp{Params: p.params("kind")}
	for {
		op.Aggs = append(op.Aggs, p.seriesAgg())
		if !p.got(Comma) {
			break
		}
	}
	p.expectWord("on", "after the make-series aggregations")
	op.Axis = p.binary(precAdd)
	p.seriesRange(op)
	if p.gotWord("by") {
		op.By = p.assignList()
	}
	op.Span = p.span(start)
	return op
}

func (p *parser) seriesAgg() *SeriesAgg {
	start := p.tok.Pos
	a := &SeriesAgg{Assign: p.assign()}
	if p.isWord("default") && p.peek(1).Kind == AssignTok {
		p.next()
		p.next()
		a.Default = p.expr()
	}
	a.Span = p.span(start)
	return a
}

// seriesRange parses from/to/step or in range(from, to, step).
func (p *parser) seriesRange(op *MakeSeriesOp) {
	if p.gotWord("in") {
		if !p.isWord("range") || p.peek(1).Kind != LParen {
			p.failExpected("'range(...)'", "after 'in'")
		}
		p.next()
		p.next()
		op.InRange = true
		op.From = p.expr()
		p.expect(Comma, "after the start of the range")
		op.To = p.expr()
		p.expect(Comma, "after the end of the range")
		op.Step = p.expr()
		p.expect(RParen, "to close range(...)")
		return
	}
	if p.gotWord("from") {
		op.From = p.expr()
	}
	if p.gotWord("to") {
		op.To = p.expr()
	}
	p.expectWord("step", "in make-series")
	op.Step = p.expr()
}

func parseTopNested(p *parser, start int) Operator {
	op := &TopNestedOp{}
	for {
		op.Levels = append(op.Levels, p.topNestedLevel())
		if !p.got(Comma) {
			break
		}
	}
	op.Span = p.span(start)
	return op
}

func (p *parser) topNestedLevel() *TopNestedLevel {
	start := p.tok.Pos
	l := &TopNestedLevel{}
	if !p.isWord("of") {
		l.Count = p.expr()
	}
	p.expectWord("of", "in top-nested")
	l.Of = p.assign()
	if p.isWord("with") && p.peekWord(1, "others") {
		p.next()
		p.next()
		p.expect(AssignTok, "after 'with others'")
		l.Others = p.expr()
	}
	p.expectWord("by", "in top-nested")
	l.By = p.assign()
	if p.isWord("asc") || p.isWord("desc") {
		l.Order = strings.ToLower(p.tok.Text)
		p.next()
	}
	l.Span = p.span(start)
	return l
}

func parseTopHitters(p *parser, start int) Operator {
	op := &TopHittersOp{Count: p.expr()}
	p.expectWord("of", "after the number of values in top-hitters")
	op.Of = p.expr()
	if p.gotWord("by") {
		op.By = p.expr()
	}
	op.Span = p.span(start)
	return op
}

func parseFacet(p *parser, start int) Operator {
	p.expectWord("by", "after 'facet'")
	op := &FacetOp{Columns: p.patternList()}
	if p.gotWord("with") {
		if p.is(LParen) {
			op.With = p.subPipeline("after 'with'")
		} else {
			ws := p.tok.Pos
			o := p.operator()
			op.With = &Pipeline{Span: p.span(ws), Ops: []Operator{o}}
		}
	}
	op.Span = p.span(start)
	return op
}

func parseSearchOp(p *parser, start int) Operator {
	return p.search(start)
}

// search parses [kind=...] [in (T, ...)] Predicate after 'search'.
func (p *parser) search(start int) *SearchOp {
	op := &SearchOp{Params: p.params("kind")}
	if p.isWord("in") && p.peek(1).Kind == LParen {
		p.next()
		p.next()
		for !p.is(RParen) {
			op.Tables = append(op.Tables, p.plainSource("in the search table list"))
			if !p.got(Comma) {
				break
			}
		}
		p.expect(RParen, "to close the search table list")
	}
	p.colon++
	defer func() { p.colon-- }()
	op.Pred = p.expr()
	op.Span = p.span(start)
	return op
}

func parseFork(p *parser, start int) Operator {
	op := &ForkOp{}
	for p.is(LParen) || (p.nameLen() > 0 && p.peek(p.nameLen()).Kind == AssignTok) {
		bs := p.tok.Pos
		b := &ForkBranch{}
		if !p.is(LParen) {
			b.Name = p.name()
			p.next()
		}
		b.Sub = p.subPipeline("in fork")
		b.Span = p.span(bs)
		op.Branches = append(op.Branches, b)
	}
	if len(op.Branches) == 0 {
		p.failExpected("'('", "after 'fork'")
	}
	op.Span = p.span(start)
	return op
}

func parsePartition(p *parser, start int) Operator {
	op := &PartitionOp{Params: p.params()}
	p.expectWord("by", "after 'partition'")
	op.By = p.name()
	if p.is(LBrace) {
		p.fail(p.tok.Pos, "partition with a {...} sub-query is not supported; use (...)")
	}
	op.Sub = p.subPipeline("after the partition column")
	op.Span = p.span(start)
	return op
}
