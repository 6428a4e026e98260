package syntax

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Lexer splits KQL source text into tokens. Use NewLexer and call Next until
// it returns an EOF token. Comments and white space are skipped; adjacent
// string literals are merged into one StringTok.
type Lexer struct {
	src string
	pos int
}

// NewLexer returns a lexer over src.
func NewLexer(src string) *Lexer { return &Lexer{src: src} }

// Next returns the next token. After the end of input it keeps returning
// EOF.
func (l *Lexer) Next() Token {
	l.skipSpace()
	if l.pos >= len(l.src) {
		return Token{Kind: EOF, Pos: len(l.src), End: len(l.src)}
	}
	start := l.pos
	c := l.src[l.pos]
	switch {
	case isIdentStart(c) || isUnicodeLetter(l.src[l.pos:]):
		return l.word(start)
	case isDigit(c):
		return l.number(start)
	case c == '"' || c == '\'' || c == '@' || c == '`':
		return l.stringLit(start)
	}
	return l.punct(start)
}

// skipSpace skips white space and // comments.
func (l *Lexer) skipSpace() {
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			l.pos++
		case c == '/' && l.peekByte(1) == '/':
			for l.pos < len(l.src) && l.src[l.pos] != '\n' {
				l.pos++
			}
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(l.src[l.pos:])
			if r != '\u00a0' && r != '\ufeff' && r != '\u200b' {
				return
			}
			l.pos += n
		default:
			return
		}
	}
}

func (l *Lexer) peekByte(off int) byte {
	if l.pos+off < len(l.src) {
		return l.src[l.pos+off]
	}
	return 0
}

func (l *Lexer) tok(kind TokenKind, start int) Token {
	return Token{Kind: kind, Pos: start, End: l.pos, Text: l.src[start:l.pos]}
}

func (l *Lexer) illegal(start int, msg string) Token {
	if l.pos <= start {
		_, n := utf8.DecodeRuneInString(l.src[start:])
		l.pos = start + n
	}
	t := l.tok(Illegal, start)
	t.Err = msg
	return t
}

func isIdentStart(c byte) bool {
	return c == '_' || c == '$' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

func isIdentPart(c byte) bool {
	return c == '_' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || isDigit(c)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isUnicodeLetter reports whether s starts with a non-ASCII letter.
func isUnicodeLetter(s string) bool {
	if s == "" || s[0] < utf8.RuneSelf {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

// identRuneLen returns the byte length of the identifier character at the
// start of s ('$', ASCII letters, digits, '_', non-ASCII letters and
// digits), or 0.
func identRuneLen(s string) int {
	if s == "" {
		return 0
	}
	if s[0] < utf8.RuneSelf {
		if isIdentPart(s[0]) || s[0] == '$' {
			return 1
		}
		return 0
	}
	r, n := utf8.DecodeRuneInString(s)
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return n
	}
	return 0
}

// word lexes an identifier, an obfuscated string (h"..."), or a typed
// literal whose content is not tokenizable (datetime(...), guid(...)).
func (l *Lexer) word(start int) Token {
	c := l.src[start]
	if (c == 'h' || c == 'H') && l.isStringStart(start+1) {
		l.pos++
		return l.stringLit(start)
	}
	l.pos += identRuneLen(l.src[l.pos:])
	for l.pos < len(l.src) {
		n := identRuneLen(l.src[l.pos:])
		if n == 0 || l.src[l.pos] == '$' {
			break
		}
		l.pos += n
	}
	word := l.src[start:l.pos]
	switch strings.ToLower(word) {
	case "datetime", "date", "timespan", "time", "guid":
		if t, ok := l.typedLiteral(start); ok {
			return t
		}
	}
	return l.tok(IdentTok, start)
}

func (l *Lexer) isStringStart(i int) bool {
	if i >= len(l.src) {
		return false
	}
	switch l.src[i] {
	case '"', '\'':
		return true
	case '@':
		return i+1 < len(l.src) && (l.src[i+1] == '"' || l.src[i+1] == '\'')
	}
	return false
}

// typedLiteral lexes the parenthesized part of datetime(...) and friends up
// to the closing parenthesis. It reports false (consuming nothing) when the
// word is not followed by '('.
func (l *Lexer) typedLiteral(start int) (Token, bool) {
	i := l.pos
	for i < len(l.src) && (l.src[i] == ' ' || l.src[i] == '\t') {
		i++
	}
	if i >= len(l.src) || l.src[i] != '(' {
		return Token{}, false
	}
	end := strings.IndexAny(l.src[i:], ")\n")
	if end < 0 || l.src[i+end] != ')' {
		l.pos = i + 1
		return l.illegal(start, "expected ')' to close the "+strings.ToLower(l.src[start:l.pos-1])+" literal"), true
	}
	l.pos = i + end + 1
	return l.tok(TypedTok, start), true
}

// number lexes a long, real, hex or timespan literal.
func (l *Lexer) number(start int) Token {
	if l.src[l.pos] == '0' && (l.peekByte(1) == 'x' || l.peekByte(1) == 'X') && isHexDigit(l.peekByte(2)) {
		l.pos += 2
		for l.pos < len(l.src) && isHexDigit(l.src[l.pos]) {
			l.pos++
		}
		return l.numberEnd(start, LongTok)
	}
	kind := LongTok
	l.digits()
	if l.peekByte(0) == '.' && isDigit(l.peekByte(1)) {
		l.pos++
		l.digits()
		kind = RealTok
	}
	if c := l.peekByte(0); c == 'e' || c == 'E' {
		if isDigit(l.peekByte(1)) || ((l.peekByte(1) == '+' || l.peekByte(1) == '-') && isDigit(l.peekByte(2))) {
			l.pos += 2
			l.digits()
			kind = RealTok
		}
	}
	return l.numberEnd(start, kind)
}

// numberEnd lexes an optional timespan unit suffix after a number.
func (l *Lexer) numberEnd(start int, kind TokenKind) Token {
	if l.pos >= len(l.src) || !isIdentPart(l.src[l.pos]) {
		return l.tok(kind, start)
	}
	sfx := l.pos
	for l.pos < len(l.src) && isIdentPart(l.src[l.pos]) {
		l.pos++
	}
	if kind == LongTok && strings.HasPrefix(strings.ToLower(l.src[start:sfx]), "0x") {
		return l.illegal(start, "invalid hexadecimal number")
	}
	if _, ok := spanUnits[strings.ToLower(l.src[sfx:l.pos])]; !ok {
		return l.illegal(start, "invalid number suffix '"+l.src[sfx:l.pos]+"'")
	}
	return l.tok(SpanTok, start)
}

func (l *Lexer) digits() {
	for l.pos < len(l.src) && isDigit(l.src[l.pos]) {
		l.pos++
	}
}

func isHexDigit(c byte) bool {
	return isDigit(c) || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

// punct lexes operators and punctuation.
func (l *Lexer) punct(start int) Token {
	c := l.src[l.pos]
	two := ""
	if l.pos+1 < len(l.src) {
		two = l.src[l.pos : l.pos+2]
	}
	if k, ok := twoCharTokens[two]; ok {
		l.pos += 2
		return l.tok(k, start)
	}
	if k, ok := oneCharTokens[c]; ok {
		l.pos++
		return l.tok(k, start)
	}
	return l.illegal(start, "unexpected character")
}

var twoCharTokens = map[string]TokenKind{
	"==": EqEq, "!=": NotEq, "<>": NotEq, "=~": EqTilde, "!~": NotTilde,
	"<=": LessEq, ">=": GreaterEq, "..": DotDot, "=>": Arrow,
}

var oneCharTokens = map[byte]TokenKind{
	'|': Pipe, ';': Semicolon, ',': Comma, '(': LParen, ')': RParen,
	'[': LBracket, ']': RBracket, '{': LBrace, '}': RBrace, '.': Dot,
	':': Colon, '=': AssignTok, '<': Less, '>': Greater, '+': Plus, '-': Minus,
	'*': StarTok, '/': Slash, '%': Percent, '!': Bang, '~': Tilde, '?': Question,
}
