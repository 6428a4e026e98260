package syntax

// dynamicLit parses dynamic(value): a JSON-like value whose scalars are KQL
// literals (single-quoted strings, datetime(...), timespans are allowed).
func (p *parser) dynamicLit() Expr {
	start := p.tok.Pos
	p.next()
	p.next() // (
	if p.isWord("null") && p.peek(1).Kind == RParen {
		p.next()
		p.next()
		return &Literal{Span: p.span(start), Kind: LitDynamic, Null: true, Text: "dynamic(null)"}
	}
	v := p.dynValue()
	p.expect(RParen, "to close the dynamic literal")
	return &Literal{Span: p.span(start), Kind: LitDynamic, Dyn: v}
}

// dynValue parses one value inside dynamic(...).
func (p *parser) dynValue() *DynValue {
	p.enter()
	defer p.leave()
	start := p.tok.Pos
	switch p.tok.Kind {
	case LBracket:
		return p.dynArray()
	case LBrace:
		return p.dynObject()
	}
	lit := p.dynScalar()
	return &DynValue{Span: p.span(start), Kind: DynScalar, Scalar: lit}
}

func (p *parser) dynArray() *DynValue {
	start := p.tok.Pos
	p.next()
	v := &DynValue{Kind: DynArray, Elems: []*DynValue{}}
	for !p.is(RBracket) {
		v.Elems = append(v.Elems, p.dynValue())
		if !p.got(Comma) {
			break
		}
	}
	p.expect(RBracket, "to close the dynamic array")
	v.Span = p.span(start)
	return v
}

func (p *parser) dynObject() *DynValue {
	start := p.tok.Pos
	p.next()
	v := &DynValue{Kind: DynObject, Keys: []string{}, Values: []*DynValue{}}
	for !p.is(RBrace) {
		switch p.tok.Kind {
		case StringTok:
			v.Keys = append(v.Keys, p.tok.Str)
		case IdentTok:
			v.Keys = append(v.Keys, p.tok.Text)
		default:
			p.failExpected("a property name", "in the dynamic object")
		}
		p.next()
		p.expect(Colon, "after the property name")
		v.Values = append(v.Values, p.dynValue())
		if !p.got(Comma) {
			break
		}
	}
	p.expect(RBrace, "to close the dynamic object")
	v.Span = p.span(start)
	return v
}

// dynScalar parses a scalar inside dynamic(...): null, true, false, a
// (signed) number, a string, a timespan, or a typed literal.
func (p *parser) dynScalar() *Literal {
	start := p.tok.Pos
	if p.isWord("null") {
		p.next()
		return &Literal{Span: p.span(start), Kind: LitNull}
	}
	if p.is(Minus) || p.is(Plus) {
		return p.signedNumber()
	}
	switch p.tok.Kind {
	case LongTok, RealTok, SpanTok, StringTok, TypedTok:
		return p.primary().(*Literal)
	case IdentTok:
		if e, ok := p.identOrCall().(*Literal); ok {
			return e
		}
		p.fail(start, "expected a literal value in the dynamic literal")
	}
	p.failExpected("a literal value", "in the dynamic literal")
	return nil
}

// signedNumber parses -1, +2.5 or -5m inside dynamic(...) as one literal.
func (p *parser) signedNumber() *Literal {
	start := p.tok.Pos
	sign := p.tok.Text
	p.next()
	switch p.tok.Kind {
	case LongTok, RealTok, SpanTok:
	default:
		p.failExpected("a number", "after '"+sign+"'")
	}
	lit := p.primary().(*Literal)
	lit.Span = p.span(start)
	if sign == "-" {
		lit.Int, lit.Real, lit.Dur = -lit.Int, -lit.Real, -lit.Dur
	}
	lit.Text = sign + lit.Text
	return lit
}
