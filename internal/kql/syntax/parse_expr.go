package syntax

import "strings"

// Binary operator precedence levels, loosest first.
const (
	precNone = iota
	precOr
	precAnd
	precEq // equality and every string/set predicate, in, between
	precRel
	precAdd
	precMul
	precUnary
)

// opKind says how the right-hand side of a binary operator is parsed.
type opKind int

const (
	opPlain   opKind = iota // X op Y
	opList                  // X in (a, b, ...)
	opBetween               // X between (lo .. hi)
)

// binop describes the binary operator at the current token.
type binop struct {
	op   Op
	prec int
	kind opKind
	n    int // tokens spanned by the operator
}

var symbolOps = map[TokenKind]binop{
	StarTok: {OpMul, precMul, opPlain, 1}, Slash: {OpDiv, precMul, opPlain, 1},
	Percent: {OpMod, precMul, opPlain, 1},
	Plus:    {OpAdd, precAdd, opPlain, 1}, Minus: {OpSub, precAdd, opPlain, 1},
	Less: {OpLT, precRel, opPlain, 1}, LessEq: {OpLE, precRel, opPlain, 1},
	Greater: {OpGT, precRel, opPlain, 1}, GreaterEq: {OpGE, precRel, opPlain, 1},
	EqEq: {OpEq, precEq, opPlain, 1}, NotEq: {OpNe, precEq, opPlain, 1},
	EqTilde: {OpEqTilde, precEq, opPlain, 1}, NotTilde: {OpNeTilde, precEq, opPlain, 1},
}

// stringOps are the word predicates that also have a '!' negated form.
var stringOps = map[string]bool{
	"has": true, "has_cs": true, "hasprefix": true, "hasprefix_cs": true,
	"hassuffix": true, "hassuffix_cs": true, "contains": true, "contains_cs": true,
	"startswith": true, "startswith_cs": true, "endswith": true, "endswith_cs": true,
}

// binaryOp returns the binary operator at the current token, if any.
func (p *parser) binaryOp() (binop, bool) {
	t := p.tok
	switch t.Kind {
	case IdentTok:
		return p.wordOp(t.Text, 0, "")
	case Bang:
		if p.peek(1).Kind == IdentTok && p.adjacent(1) {
			return p.wordOp(p.peek(1).Text, 1, "!")
		}
	case Colon:
		if p.colon > 0 {
			return binop{OpColon, precEq, opPlain, 1}, true
		}
	}
	b, ok := symbolOps[t.Kind]
	return b, ok
}

// wordOp recognizes word operators; off is the offset of the word token and
// neg is "!" for negated forms.
func (p *parser) wordOp(w string, off int, neg string) (binop, bool) {
	switch {
	case stringOps[w]:
		return binop{Op(neg + w), precEq, opPlain, off + 1}, true
	case w == "in":
		if p.peek(off+1).Kind == Tilde && p.adjacent(off+1) {
			return binop{Op(neg + "in~"), precEq, opList, off + 2}, true
		}
		return binop{Op(neg + "in"), precEq, opList, off + 1}, true
	case w == "between":
		return binop{Op(neg + "between"), precEq, opBetween, off + 1}, true
	case neg != "":
		return binop{}, false
	case w == "has_any" || w == "has_all":
		return binop{Op(w), precEq, opList, 1}, true
	case w == "matches" && p.peekWord(1, "regex"):
		return binop{OpMatchesRegex, precEq, opPlain, 2}, true
	case w == "and":
		return binop{OpAnd, precAnd, opPlain, 1}, true
	case w == "or":
		return binop{OpOr, precOr, opPlain, 1}, true
	}
	return binop{}, false
}

// expr parses a full scalar expression.
func (p *parser) expr() Expr { return p.binary(precOr) }

// binary parses operators of precedence >= min by precedence climbing.
func (p *parser) binary(min int) Expr {
	p.enter()
	defer p.leave()
	x := p.unary()
	for {
		b, ok := p.binaryOp()
		if !ok || b.prec < min {
			return x
		}
		for range b.n {
			p.next()
		}
		x = p.binaryRest(x, b)
	}
}

func (p *parser) binaryRest(x Expr, b binop) Expr {
	start := x.Start()
	switch b.kind {
	case opList:
		list := p.inList(b.op)
		return &InExpr{Span: p.span(start), Op: b.op, X: x, List: list}
	case opBetween:
		lo, hi := p.betweenRange()
		return &BetweenExpr{Span: p.span(start), Not: b.op[0] == '!', X: x, Lo: lo, Hi: hi}
	}
	if p.atExprEnd() {
		p.failExpected("an expression", "after '"+string(b.op)+"'")
	}
	y := p.binary(b.prec + 1)
	return &Binary{Span: p.span(start), Op: b.op, X: x, Y: y}
}

// atExprEnd reports whether the current token cannot start an expression.
func (p *parser) atExprEnd() bool {
	switch p.tok.Kind {
	case EOF, Pipe, Semicolon, RParen, RBracket, RBrace, Comma:
		return true
	}
	return false
}

// inList parses the right side of in, !in, in~, has_any, ...: a
// parenthesized list whose elements may be tabular, or a single operand.
func (p *parser) inList(op Op) []Expr {
	if !p.is(LParen) {
		if p.atExprEnd() {
			p.failExpected("'('", "after '"+string(op)+"'")
		}
		return []Expr{p.unary()}
	}
	p.next()
	var list []Expr
	for !p.is(RParen) {
		list = append(list, p.argValue())
		if !p.got(Comma) {
			break
		}
	}
	p.expect(RParen, "to close the list of '"+string(op)+"'")
	return list
}

func (p *parser) betweenRange() (Expr, Expr) {
	p.expect(LParen, "after 'between'")
	lo := p.expr()
	p.expect(DotDot, "between the bounds of 'between'")
	hi := p.expr()
	p.expect(RParen, "to close 'between'")
	return lo, hi
}

// unary parses prefix '-' and '+' and postfix access.
func (p *parser) unary() Expr {
	start := p.tok.Pos
	switch p.tok.Kind {
	case Minus, Plus:
		op := OpNeg
		if p.tok.Kind == Plus {
			op = OpPos
		}
		p.next()
		p.enter()
		defer p.leave()
		x := p.unary()
		return &Unary{Span: p.span(start), Op: op, X: x}
	case Bang:
		p.fail(start, "'!' is not an operator on its own; use not(...) or a negated operator such as !has")
	}
	return p.postfix(p.primary())
}

// postfix parses member access x.a, element access x[i] and x.[i].
func (p *parser) postfix(x Expr) Expr {
	for {
		switch {
		case p.is(Dot) && p.peek(1).Kind == LBracket:
			p.next()
		case p.is(Dot):
			p.next()
			x = p.member(x)
			continue
		case p.is(LBracket):
		default:
			return x
		}
		p.next()
		idx := p.expr()
		p.expect(RBracket, "to close the element access")
		x = &Index{Span: p.span(x.Start()), X: x, Index: idx}
	}
}

func (p *parser) member(x Expr) Expr {
	if p.tok.Kind != IdentTok {
		p.failExpected("a property name", "after '.'")
	}
	name := &Ident{Span: Span{p.tok.Pos, p.tok.End}, Name: p.tok.Text}
	p.next()
	return &Member{Span: p.span(x.Start()), X: x, Name: name}
}

// primary parses literals, names, calls, parenthesized expressions and '*'.
func (p *parser) primary() Expr {
	t := p.tok
	switch t.Kind {
	case LongTok, RealTok:
		return p.numberLit()
	case SpanTok:
		return p.spanLit()
	case StringTok:
		p.next()
		return &Literal{Span: Span{t.Pos, t.End}, Kind: LitString, Str: t.Str,
			Verbatim: t.Verbatim, Obfuscated: t.Obfuscated}
	case TypedTok:
		return p.typedTokLit()
	case IdentTok:
		return p.identOrCall()
	case LBracket:
		return p.bracketName()
	case LParen:
		return p.parenExpr()
	case StarTok:
		p.next()
		return &Star{Span: Span{t.Pos, t.End}}
	}
	p.failExpected("an expression", "")
	return nil
}

func (p *parser) numberLit() Expr {
	t := p.tok
	lit, msg := parseNumber(t.Text, t.Kind)
	if msg != "" {
		p.fail(t.Pos, msg)
	}
	p.next()
	lit.Span = Span{t.Pos, t.End}
	return lit
}

func (p *parser) spanLit() Expr {
	t := p.tok
	d, ok := parseSpanShort(t.Text)
	if !ok {
		p.fail(t.Pos, "timespan literal '"+t.Text+"' is out of range")
	}
	p.next()
	return &Literal{Span: Span{t.Pos, t.End}, Kind: LitTimeSpan, Text: t.Text, Dur: d}
}

func (p *parser) typedTokLit() Expr {
	t := p.tok
	lit, msg := typedLiteral(t.Text)
	if msg != "" {
		p.fail(t.Pos, msg)
	}
	p.next()
	lit.Span = Span{t.Pos, t.End}
	return lit
}

// bracketName parses ['name'] or ["name"].
func (p *parser) bracketName() *Ident {
	start := p.tok.Pos
	p.next()
	if !p.is(StringTok) {
		p.failExpected("a quoted name", "after '['")
	}
	name := p.tok.Str
	p.next()
	p.expect(RBracket, "to close the quoted name")
	return &Ident{Span: p.span(start), Name: name}
}

// parenExpr parses ( expr ) or a parenthesized tabular expression, which
// becomes a *Subquery.
func (p *parser) parenExpr() Expr {
	start := p.tok.Pos
	p.next()
	p.enter()
	defer p.leave()
	n := p.exprOrTabular()
	p.expect(RParen, "to close the parenthesis")
	if t, ok := n.(TabularExpr); ok {
		return &Subquery{Span: p.span(start), Query: &ParenTabular{Span: p.span(start), X: t}}
	}
	return n.(Expr)
}

// identOrCall parses a name, a bool literal, a typed literal such as
// int(null) or dynamic([...]), typeof(T), or a function call.
func (p *parser) identOrCall() Expr {
	t := p.tok
	lower := strings.ToLower(t.Text)
	if p.peek(1).Kind != LParen {
		p.next()
		if lower == "true" || lower == "false" {
			return &Literal{Span: Span{t.Pos, t.End}, Kind: LitBool, Bool: lower == "true"}
		}
		return &Ident{Span: Span{t.Pos, t.End}, Name: t.Text}
	}
	switch lower {
	case "typeof":
		return p.typeOf()
	case "dynamic":
		return p.dynamicLit()
	case "bool", "boolean", "int", "long", "real", "double", "decimal", "string":
		return p.valueLit()
	}
	return p.call()
}

// call parses Name(args).
func (p *parser) call() *Call {
	t := p.tok
	name := &Ident{Span: Span{t.Pos, t.End}, Name: t.Text}
	p.next()
	p.next() // (
	p.enter()
	defer p.leave()
	var args []Expr
	for !p.is(RParen) && !p.isWord("by") {
		args = append(args, p.arg())
		if !p.got(Comma) {
			break
		}
	}
	p.expect(RParen, "to close the call to '"+t.Text+"'")
	return &Call{Span: p.span(t.Pos), Name: name, Args: args}
}

// arg parses one call argument: name = value, or a scalar or tabular value.
func (p *parser) arg() Expr {
	if n := p.nameLen(); n > 0 && p.peek(n).Kind == AssignTok {
		start := p.tok.Pos
		name := p.name()
		p.next() // =
		v := p.argValue()
		return &NamedArg{Span: p.span(start), Name: name, Value: v}
	}
	return p.argValue()
}

// argValue parses a scalar expression or a tabular expression; the latter
// is wrapped in a *Subquery.
func (p *parser) argValue() Expr {
	start := p.tok.Pos
	n := p.exprOrTabular()
	if t, ok := n.(TabularExpr); ok {
		return &Subquery{Span: p.span(start), Query: t}
	}
	return n.(Expr)
}

// nameLen returns the number of tokens of the name at the current token:
// 1 for an identifier, 3 for ['quoted'], 0 otherwise.
func (p *parser) nameLen() int {
	switch {
	case p.is(IdentTok):
		return 1
	case p.is(LBracket) && p.peek(1).Kind == StringTok && p.peek(2).Kind == RBracket:
		return 3
	}
	return 0
}

// name parses an identifier or a bracketed name.
func (p *parser) name() *Ident {
	if p.is(LBracket) {
		return p.bracketName()
	}
	if !p.is(IdentTok) {
		p.failExpected("a name", "")
	}
	t := p.tok
	p.next()
	return &Ident{Span: Span{t.Pos, t.End}, Name: t.Text}
}

func (p *parser) typeOf() Expr {
	start := p.tok.Pos
	p.next()
	p.next() // (
	typ := p.scalarType()
	p.expect(RParen, "to close typeof")
	return &TypeOf{Span: p.span(start), Type: typ}
}

// scalarType parses a scalar type name and returns its canonical spelling.
func (p *parser) scalarType() string {
	if p.is(IdentTok) {
		if t, ok := CanonicalType(p.tok.Text); ok {
			p.next()
			return t
		}
	}
	p.failExpected("a type name", "")
	return ""
}

// valueLit parses int(5), long(null), real(nan), bool(true), decimal(1.5),
// string(null).
func (p *parser) valueLit() Expr {
	start := p.tok.Pos
	typ := scalarTypes[strings.ToLower(p.tok.Text)]
	p.next()
	p.next() // (
	inner := p.valueLitInner(typ)
	p.expect(RParen, "to close the "+typ+" literal")
	lit, msg := valueLiteral(typ, inner)
	if msg != "" {
		p.fail(start, msg)
	}
	lit.Span = p.span(start)
	return lit
}

// valueLitInner collects the text inside a typed literal: null, a signed
// number, nan, inf, true or false.
func (p *parser) valueLitInner(typ string) string {
	sign := ""
	if p.is(Minus) || p.is(Plus) {
		sign = p.tok.Text
		p.next()
	}
	switch p.tok.Kind {
	case LongTok, RealTok, IdentTok:
		text := sign + p.tok.Text
		p.next()
		return text
	}
	p.failExpected("a literal value", "inside "+typ+"(...)")
	return ""
}
