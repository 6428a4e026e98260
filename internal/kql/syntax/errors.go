package syntax

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Error is one syntax error.
type Error struct {
	Pos  int    // byte offset, 0-based
	Line int    // 1-based line
	Col  int    // 1-based column, counted in runes
	Msg  string // lower-case message
}

// Error returns "line:col: msg".
func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// ErrorList is a list of syntax errors sorted by position. It implements
// error.
type ErrorList []*Error

// Error returns the first error and the number of further errors.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0].Error(), len(l)-1)
}

// Err returns l as an error, or nil when l is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Render prints every error clang-style: "file:line:col: error: message",
// then the source line and a caret under the column.
func (l ErrorList) Render(filename, src string) string {
	var sb strings.Builder
	for _, e := range l {
		fmt.Fprintf(&sb, "%s:%d:%d: error: %s\n", filename, e.Line, e.Col, e.Msg)
		line := sourceLine(src, e.Pos)
		sb.WriteString(line)
		sb.WriteByte('\n')
		sb.WriteString(caretLine(line, e.Col))
		sb.WriteByte('\n')
	}
	return sb.String()
}

// sourceLine returns the line of src that contains offset pos, without its
// line terminator.
func sourceLine(src string, pos int) string {
	pos = min(max(pos, 0), len(src))
	start := strings.LastIndexByte(src[:pos], '\n') + 1
	end := strings.IndexByte(src[pos:], '\n')
	if end < 0 {
		end = len(src)
	} else {
		end += pos
	}
	return strings.TrimRight(src[start:end], "\r")
}

// caretLine returns spaces (tabs copied from line) up to column col and a
// caret.
func caretLine(line string, col int) string {
	var sb strings.Builder
	i := 1
	for _, r := range line {
		if i >= col {
			break
		}
		if r == '\t' {
			sb.WriteByte('\t')
		} else {
			sb.WriteByte(' ')
		}
		i++
	}
	for ; i < col; i++ {
		sb.WriteByte(' ')
	}
	sb.WriteByte('^')
	return sb.String()
}

// lineCol converts a byte offset into a 1-based line and rune column.
func lineCol(src string, pos int) (int, int) {
	pos = min(max(pos, 0), len(src))
	line := 1 + strings.Count(src[:pos], "\n")
	start := strings.LastIndexByte(src[:pos], '\n') + 1
	return line, 1 + utf8.RuneCountInString(src[start:pos])
}

// finish fills in line and column numbers, sorts by position and removes
// duplicate errors at the same offset (the first one wins).
func (l ErrorList) finish(src string) ErrorList {
	sort.SliceStable(l, func(i, j int) bool { return l[i].Pos < l[j].Pos })
	out := l[:0]
	for i, e := range l {
		if i > 0 && e.Pos == l[i-1].Pos {
			continue
		}
		e.Line, e.Col = lineCol(src, e.Pos)
		out = append(out, e)
	}
	return out
}
