package syntax

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// stringLit lexes one string literal at start and every string literal that
// follows it separated only by white space and comments, and returns them
// as one StringTok whose Str is the concatenation.
func (l *Lexer) stringLit(start int) Token {
	l.pos = start
	var sb strings.Builder
	first := true
	tok := Token{Kind: StringTok, Pos: start}
	for {
		part, ok := l.oneString()
		if !ok {
			return l.illegal(start, part.Err)
		}
		sb.WriteString(part.Str)
		if first {
			tok.Verbatim, tok.Obfuscated = part.Verbatim, part.Obfuscated
			first = false
		}
		tok.End = l.pos
		save := l.pos
		l.skipSpace()
		if l.pos >= len(l.src) || !l.atStringStart() {
			l.pos = save
			break
		}
	}
	tok.Text = l.src[start:tok.End]
	tok.Str = sb.String()
	if tok.Verbatim && strings.ContainsAny(tok.Str, "\r\n") {
		tok.Verbatim = false
	}
	return tok
}

func (l *Lexer) atStringStart() bool {
	c := l.src[l.pos]
	if c == 'h' || c == 'H' {
		return l.isStringStart(l.pos + 1)
	}
	if c == '`' {
		return strings.HasPrefix(l.src[l.pos:], "```")
	}
	return l.isStringStart(l.pos)
}

// oneString lexes a single string literal. On failure it returns a token
// whose Err describes the problem.
func (l *Lexer) oneString() (Token, bool) {
	var t Token
	if c := l.src[l.pos]; c == 'h' || c == 'H' {
		t.Obfuscated = true
		l.pos++
	}
	switch {
	case strings.HasPrefix(l.src[l.pos:], "```"):
		return l.fencedString(t)
	case l.src[l.pos] == '@' && l.isStringStart(l.pos):
		t.Verbatim = true
		l.pos++
		return l.verbatimString(t)
	case l.src[l.pos] == '"' || l.src[l.pos] == '\'':
		return l.quotedString(t)
	}
	if l.src[l.pos] == '@' {
		l.pos++
		t.Err = "'@' must start a verbatim string literal such as @\"...\""
		return t, false
	}
	t.Err = "unexpected character"
	return t, false
}

func (l *Lexer) fencedString(t Token) (Token, bool) {
	l.pos += 3
	end := strings.Index(l.src[l.pos:], "```")
	if end < 0 {
		l.pos = len(l.src)
		t.Err = "unterminated multi-line string literal (missing closing ```)"
		return t, false
	}
	t.Str = l.src[l.pos : l.pos+end]
	l.pos += end + 3
	return t, true
}

func (l *Lexer) verbatimString(t Token) (Token, bool) {
	q := l.src[l.pos]
	l.pos++
	var sb strings.Builder
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == q && l.peekByte(1) == q:
			sb.WriteByte(q)
			l.pos += 2
		case c == q:
			l.pos++
			t.Str = sb.String()
			return t, true
		case c == '\n':
			t.Err = "unterminated string literal"
			return t, false
		default:
			sb.WriteByte(c)
			l.pos++
		}
	}
	t.Err = "unterminated string literal"
	return t, false
}

func (l *Lexer) quotedString(t Token) (Token, bool) {
	q := l.src[l.pos]
	l.pos++
	var sb strings.Builder
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == q:
			l.pos++
			t.Str = sb.String()
			return t, true
		case c == '\n':
			t.Err = "unterminated string literal (a newline is not allowed; use a ``` multi-line literal)"
			return t, false
		case c == '\\':
			l.escape(&sb)
		default:
			sb.WriteByte(c)
			l.pos++
		}
	}
	t.Err = "unterminated string literal"
	return t, false
}

// escape decodes one backslash escape. Unknown escapes keep the backslash.
func (l *Lexer) escape(sb *strings.Builder) {
	e := l.peekByte(1)
	l.pos += 2
	switch e {
	case 'n':
		sb.WriteByte('\n')
	case 't':
		sb.WriteByte('\t')
	case 'r':
		sb.WriteByte('\r')
	case '0':
		sb.WriteByte(0)
	case '\\', '"', '\'':
		sb.WriteByte(e)
	case 'u':
		if l.pos+4 <= len(l.src) {
			if v, err := strconv.ParseUint(l.src[l.pos:l.pos+4], 16, 32); err == nil {
				sb.WriteRune(rune(v))
				l.pos += 4
				return
			}
		}
		sb.WriteString(`\u`)
	case 0:
		sb.WriteByte('\\')
		l.pos--
	default:
		sb.WriteByte('\\')
		if e >= utf8.RuneSelf || e == '\n' {
			l.pos-- // leave multi-byte runes and newlines to the main loop
		} else {
			sb.WriteByte(e)
		}
	}
}

// quoteString returns s as a canonical KQL string literal: double-quoted,
// or single-quoted when s contains '"' but no '\”.
func quoteString(s string) string {
	q := '"'
	if strings.ContainsRune(s, '"') && !strings.ContainsRune(s, '\'') {
		q = '\''
	}
	var sb strings.Builder
	sb.Grow(len(s) + 2)
	sb.WriteRune(q)
	for _, r := range s {
		switch r {
		case q:
			sb.WriteByte('\\')
			sb.WriteRune(q)
		case '\\':
			sb.WriteString(`\\`)
		case '\n':
			sb.WriteString(`\n`)
		case '\t':
			sb.WriteString(`\t`)
		case '\r':
			sb.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f || r == utf8.RuneError {
				sb.WriteString(`\u`)
				sb.WriteString(hex4(r))
				continue
			}
			sb.WriteRune(r)
		}
	}
	sb.WriteRune(q)
	return sb.String()
}

func hex4(r rune) string {
	s := strconv.FormatInt(int64(r), 16)
	return strings.Repeat("0", 4-len(s)) + s
}
