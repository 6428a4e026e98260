package syntax

import "fmt"

// TokenKind classifies a token.
type TokenKind int

// Token kinds.
const (
	EOF       TokenKind = iota // end of input
	Illegal                    // a character or literal the lexer cannot read; Err says why
	IdentTok                   // name, keyword, $left; bracketed names are separate '[' STRING ']' tokens
	LongTok                    // 42, 0x2A
	RealTok                    // 1.5, 1e3
	SpanTok                    // 5m, 1.5h, 10microsecond
	StringTok                  // one or more adjacent string literals, already concatenated
	TypedTok                   // datetime(...), date(...), timespan(...), time(...), guid(...)

	Pipe      // |
	Semicolon // ;
	Comma     // ,
	LParen    // (
	RParen    // )
	LBracket  // [
	RBracket  // ]
	LBrace    // {
	RBrace    // }
	Dot       // .
	DotDot    // ..
	Colon     // :
	AssignTok // =
	EqEq      // ==
	NotEq     // != or <>
	EqTilde   // =~
	NotTilde  // !~
	Less      // <
	LessEq    // <=
	Greater   // >
	GreaterEq // >=
	Plus      // +
	Minus     // -
	StarTok   // *
	Slash     // /
	Percent   // %
	Bang      // !
	Tilde     // ~
	Arrow     // =>
	Question  // ?
)

var tokenNames = [...]string{
	EOF: "end of input", Illegal: "illegal token", IdentTok: "identifier",
	LongTok: "number", RealTok: "number", SpanTok: "timespan literal",
	StringTok: "string literal", TypedTok: "literal",
	Pipe: "|", Semicolon: ";", Comma: ",", LParen: "(", RParen: ")",
	LBracket: "[", RBracket: "]", LBrace: "{", RBrace: "}", Dot: ".",
	DotDot: "..", Colon: ":", AssignTok: "=", EqEq: "==", NotEq: "!=",
	EqTilde: "=~", NotTilde: "!~", Less: "<", LessEq: "<=", Greater: ">",
	GreaterEq: ">=", Plus: "+", Minus: "-", StarTok: "*", Slash: "/",
	Percent: "%", Bang: "!", Tilde: "~", Arrow: "=>", Question: "?",
}

// String returns the kind's spelling (for punctuation) or description.
func (k TokenKind) String() string {
	if k >= 0 && int(k) < len(tokenNames) {
		return tokenNames[k]
	}
	return fmt.Sprintf("token(%d)", int(k))
}

// Token is one lexical token.
type Token struct {
	Kind TokenKind
	Pos  int    // byte offset of the first byte
	End  int    // byte offset just past the last byte
	Text string // source text of the token

	// For StringTok: the decoded value and the spelling flags. Verbatim is
	// set only when the value can be printed back as a verbatim literal.
	Str        string
	Verbatim   bool
	Obfuscated bool

	// For Illegal: what is wrong.
	Err string
}

// describe renders the token for error messages: 'by', end of input,
// string "abc".
func (t Token) describe() string {
	switch t.Kind {
	case EOF:
		return "end of input"
	case StringTok:
		s := t.Str
		if len(s) > 20 {
			s = s[:20] + "..."
		}
		return fmt.Sprintf("string %q", s)
	case Illegal:
		return fmt.Sprintf("%q", t.Text)
	}
	text := t.Text
	if len(text) > 30 {
		text = text[:30] + "..."
	}
	return "'" + text + "'"
}
