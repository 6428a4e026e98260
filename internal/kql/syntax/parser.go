package syntax

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// maxDepth bounds the nesting of expressions and tabular expressions so that
// hostile input cannot overflow the stack.
const maxDepth = 500

// maxErrors bounds the number of errors collected before parsing stops.
const maxErrors = 50

// Parse parses a whole query. It returns the (possibly partial) tree and,
// when the text has syntax errors, an ErrorList sorted by position.
func Parse(src string) (q *Query, err error) {
	p := &parser{src: src}
	defer func() {
		if r := recover(); r != nil {
			p.internalError(r)
		}
		if q == nil {
			q = &Query{}
		}
		err = p.result()
	}()
	p.init()
	q = p.query()
	return q, nil
}

// ParseExpr parses a single scalar expression.
func ParseExpr(src string) (e Expr, err error) {
	p := &parser{src: src}
	defer func() {
		if r := recover(); r != nil {
			p.internalError(r)
		}
		err = p.result()
	}()
	p.init()
	e = p.expr()
	if !p.is(EOF) {
		p.errorf(p.tok.Pos, "unexpected %s after the end of the expression", p.tok.describe())
	}
	return e, nil
}

// parser holds the parsing state. Tokens are read ahead into a slice so that
// the parser can look ahead freely.
type parser struct {
	src     string
	toks    []Token
	i       int
	tok     Token // toks[i]
	lastEnd int   // end offset of the last consumed token
	errs    ErrorList
	depth   int
	colon   int // > 0 while parsing a search predicate (Col:"term")
}

// bailout unwinds the parser to the nearest recovery point after an error.
type bailout struct{}

// stopParsing unwinds the whole parse after too many errors.
type stopParsing struct{}

// init reads all tokens of the source text.
func (p *parser) init() {
	p.toks = make([]Token, 0, len(p.src)/4+4)
	if !utf8.ValidString(p.src) {
		p.invalidUTF8()
	}
	lx := NewLexer(p.src)
	for {
		t := lx.Next()
		if t.Kind == Illegal {
			p.errs = append(p.errs, &Error{Pos: t.Pos, Msg: t.Err})
		}
		p.toks = append(p.toks, t)
		if t.Kind == EOF {
			break
		}
	}
	p.tok = p.toks[0]
}

func (p *parser) invalidUTF8() {
	for i, r := range p.src {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(p.src[i:]); n == 1 {
				p.errs = append(p.errs, &Error{Pos: i, Msg: "invalid UTF-8 encoding"})
				return
			}
		}
	}
}

// result finishes the error list.
func (p *parser) result() error {
	if len(p.errs) == 0 {
		return nil
	}
	return p.errs.finish(p.src)
}

// internalError converts a panic into an error unless it is one of the
// parser's own unwinding signals.
func (p *parser) internalError(r any) {
	switch r.(type) {
	case bailout, stopParsing:
		if len(p.errs) == 0 {
			p.errs = append(p.errs, &Error{Pos: p.tok.Pos, Msg: "syntax error"})
		}
		return
	}
	p.errs = append(p.errs, &Error{Pos: p.tok.Pos, Msg: fmt.Sprintf("internal parser error: %v", r)})
}

// ---------------------------------------------------------------------------
// Token access

func (p *parser) next() {
	p.lastEnd = p.tok.End
	if p.i < len(p.toks)-1 {
		p.i++
	}
	p.tok = p.toks[p.i]
}

// peek returns the token n positions ahead of the current one.
func (p *parser) peek(n int) Token {
	if p.i+n < len(p.toks) {
		return p.toks[p.i+n]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) is(k TokenKind) bool { return p.tok.Kind == k }

// isWord reports whether the current token is the identifier w, ignoring
// case.
func (p *parser) isWord(w string) bool {
	return p.tok.Kind == IdentTok && strings.EqualFold(p.tok.Text, w)
}

// peekWord reports whether the token n ahead is the identifier w.
func (p *parser) peekWord(n int, w string) bool {
	t := p.peek(n)
	return t.Kind == IdentTok && strings.EqualFold(t.Text, w)
}

// adjacent reports whether the token n ahead directly follows the token
// before it, with no space in between.
func (p *parser) adjacent(n int) bool {
	return p.peek(n).Pos == p.peek(n-1).End
}

// got consumes the current token if it has kind k.
func (p *parser) got(k TokenKind) bool {
	if p.tok.Kind == k {
		p.next()
		return true
	}
	return false
}

// gotWord consumes the current token if it is the identifier w.
func (p *parser) gotWord(w string) bool {
	if p.isWord(w) {
		p.next()
		return true
	}
	return false
}

// expect consumes a token of kind k or reports "expected <k> <context> but
// found <tok>" and bails out.
func (p *parser) expect(k TokenKind, context string) Token {
	t := p.tok
	if t.Kind != k {
		p.failExpected("'"+k.String()+"'", context)
	}
	p.next()
	return t
}

// expectWord consumes the keyword w or fails.
func (p *parser) expectWord(w, context string) {
	if !p.gotWord(w) {
		p.failExpected("'"+w+"'", context)
	}
}

// failExpected reports "expected what context but found tok" and bails out.
func (p *parser) failExpected(what, context string) {
	msg := "expected " + what
	if context != "" {
		msg += " " + context
	}
	p.fail(p.tok.Pos, msg+" but found "+p.tok.describe())
}

// errorf records an error.
func (p *parser) errorf(pos int, format string, args ...any) {
	if p.tok.Kind == Illegal && pos == p.tok.Pos {
		return // the lexer already reported it
	}
	p.errs = append(p.errs, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
	if len(p.errs) >= maxErrors {
		panic(stopParsing{})
	}
}

// fail records an error and unwinds to the nearest recovery point.
func (p *parser) fail(pos int, msg string) {
	p.errorf(pos, "%s", msg)
	panic(bailout{})
}

// enter guards recursion depth; pair with leave.
func (p *parser) enter() {
	p.depth++
	if p.depth > maxDepth {
		p.depth = 0
		p.errorf(p.tok.Pos, "expression nested too deeply")
		panic(stopParsing{})
	}
}

func (p *parser) leave() { p.depth-- }

// span returns the span from start to the end of the last consumed token.
func (p *parser) span(start int) Span {
	end := p.lastEnd
	if end < start {
		end = start
	}
	return Span{Pos: start, EndPos: end}
}

// ---------------------------------------------------------------------------
// Error recovery

// sync skips tokens up to the next '|' (unless stmtOnly) or ';' at nesting
// depth zero, or an unmatched closing bracket, or the end of input.
func (p *parser) sync(stmtOnly bool) {
	depth := 0
	for !p.is(EOF) {
		switch p.tok.Kind {
		case LParen, LBracket, LBrace:
			depth++
		case RParen, RBracket, RBrace:
			if depth == 0 {
				return
			}
			depth--
		case Pipe:
			if depth == 0 && !stmtOnly {
				return
			}
		case Semicolon:
			if depth == 0 {
				return
			}
		}
		p.next()
	}
}

// recovering runs f; when f bails out it syncs and reports false.
func (p *parser) recovering(stmtOnly bool, f func()) (ok bool) {
	depth := p.depth
	defer func() {
		if r := recover(); r != nil {
			if _, isBail := r.(bailout); !isBail {
				panic(r)
			}
			p.depth = depth
			p.sync(stmtOnly)
			ok = false
		}
	}()
	f()
	return true
}
