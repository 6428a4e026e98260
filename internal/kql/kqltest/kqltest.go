// Package kqltest is quarry's script-driven KQL conformance suite.
//
// Cases live in testdata/*.test, one file per topic. Each case is a KQL
// query over inline data (datatable, print, range, let) and the result the
// public KQL documentation says it must produce:
//
//	# comment
//	=== innerunique removes left duplicates
//	now: 2024-01-01T00:00:00Z          (optional; pins now())
//	let X = datatable(Key:string, Value1:long)['a',1,'b',2];
//	X | where Value1 > 1
//	---- unordered                     (or "ordered", or "error")
//	Key:string, Value1:long
//	"b", 2
//
// An "ordered" case compares rows in order, an "unordered" case compares
// them as a multiset, and an "error" case is followed by one line: a
// substring the (lower-cased) error message must contain. Cells are rendered
// with column.Value.String and joined by ", "; the header is the result
// schema rendered as "name:type, name:type".
//
// This file holds the format (parsing, rendering, comparison); the test in
// kqltest_test.go runs every case through the kql facade, once with one
// worker and once with four, and requires identical renderings.
package kqltest

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"quarry/internal/column"
)

// DefaultNow is the value of now() for a case without a "now:" line.
var DefaultNow = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// Mode says how a case's result is compared.
type Mode int

// The comparison modes.
const (
	Ordered   Mode = iota // rows must match in order
	Unordered             // rows are compared as a multiset
	Error                 // the query must fail
)

func (m Mode) String() string {
	switch m {
	case Ordered:
		return "ordered"
	case Unordered:
		return "unordered"
	}
	return "error"
}

// Case is one conformance case.
type Case struct {
	File  string    // base name of the .test file
	Line  int       // line of the "===" header
	Name  string    // case name
	Now   time.Time // value of now()
	Query string    // KQL text
	Mode  Mode
	// Header is the expected schema line ("a:long, b:string"); Rows are the
	// expected rendered rows. Both are unused for Error cases.
	Header string
	Rows   []string
	// ErrSubstr is the lower-case substring an Error case's message must
	// contain.
	ErrSubstr string
}

// ParseError reports a malformed .test file.
type ParseError struct {
	File string
	Line int
	Msg  string
}

func (e *ParseError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// LoadDir parses every *.test file of dir, in name order.
func LoadDir(dir string) ([]Case, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.test"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var all []Case
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		cases, err := Parse(filepath.Base(f), data)
		if err != nil {
			return nil, err
		}
		all = append(all, cases...)
	}
	return all, nil
}

// Parse parses the text of one .test file named file.
func Parse(file string, data []byte) ([]Case, error) {
	const (
		outside = iota
		query
		expect
	)
	var (
		cases []Case
		cur   *Case
		state = outside
		names = map[string]int{}
		qbuf  []string
		gotHd bool
		lineN int
	)
	fail := func(line int, format string, args ...any) error {
		return &ParseError{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	finish := func() error {
		if cur == nil {
			return nil
		}
		switch state {
		case query:
			return fail(cur.Line, "case %q has no '----' result line", cur.Name)
		case expect:
			if cur.Mode == Error && cur.ErrSubstr == "" {
				return fail(cur.Line, "error case %q has no expected message", cur.Name)
			}
			if cur.Mode != Error && !gotHd {
				return fail(cur.Line, "case %q has no result header", cur.Name)
			}
		}
		cases = append(cases, *cur)
		cur = nil
		return nil
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		lineN++
		raw := strings.TrimRight(sc.Text(), " \t\r")
		switch {
		case strings.HasPrefix(raw, "==="):
			if err := finish(); err != nil {
				return nil, err
			}
			name := strings.TrimSpace(strings.TrimPrefix(raw, "==="))
			if name == "" {
				return nil, fail(lineN, "case without a name")
			}
			if prev, dup := names[name]; dup {
				return nil, fail(lineN, "duplicate case name %q (first at line %d)", name, prev)
			}
			names[name] = lineN
			cur = &Case{File: file, Line: lineN, Name: name, Now: DefaultNow}
			state, qbuf, gotHd = query, nil, false
			continue
		case strings.HasPrefix(raw, "#"):
			continue
		}
		switch state {
		case outside:
			if raw != "" {
				return nil, fail(lineN, "text outside a case: %q", raw)
			}
		case query:
			if strings.HasPrefix(raw, "----") {
				mode := strings.TrimSpace(strings.TrimPrefix(raw, "----"))
				switch mode {
				case "ordered":
					cur.Mode = Ordered
				case "unordered":
					cur.Mode = Unordered
				case "error":
					cur.Mode = Error
				default:
					return nil, fail(lineN, "unknown result mode %q (want ordered, unordered or error)", mode)
				}
				cur.Query = strings.TrimSpace(strings.Join(qbuf, "\n"))
				if cur.Query == "" {
					return nil, fail(lineN, "case %q has an empty query", cur.Name)
				}
				state = expect
				continue
			}
			if len(qbuf) == 0 && strings.HasPrefix(raw, "now:") {
				t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(strings.TrimPrefix(raw, "now:")))
				if err != nil {
					return nil, fail(lineN, "bad now: %v", err)
				}
				cur.Now = t.UTC()
				continue
			}
			if len(qbuf) == 0 && raw == "" {
				continue
			}
			qbuf = append(qbuf, raw)
		case expect:
			if raw == "" {
				continue
			}
			if strings.HasPrefix(raw, "----") {
				return nil, fail(lineN, "second '----' line in case %q", cur.Name)
			}
			switch {
			case cur.Mode == Error:
				if cur.ErrSubstr != "" {
					return nil, fail(lineN, "error case %q expects exactly one message line", cur.Name)
				}
				cur.ErrSubstr = strings.TrimSpace(raw)
			case !gotHd:
				if err := checkHeader(raw); err != nil {
					return nil, fail(lineN, "bad header: %v", err)
				}
				cur.Header, gotHd = raw, true
			default:
				cur.Rows = append(cur.Rows, strings.TrimSpace(raw))
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fail(lineN, "%v", err)
	}
	if err := finish(); err != nil {
		return nil, err
	}
	return cases, nil
}

func checkHeader(h string) error {
	for _, f := range strings.Split(h, ", ") {
		name, typ, ok := strings.Cut(f, ":")
		if !ok || name == "" {
			return fmt.Errorf("field %q is not name:type", f)
		}
		if t, ok := column.ParseType(typ); !ok || t.String() != typ {
			return fmt.Errorf("field %q: %q is not a canonical type name", f, typ)
		}
	}
	return nil
}

// RenderHeader renders a schema as "name:type, name:type".
func RenderHeader(s column.Schema) string { return s.String() }

// RenderRows renders every row of b, cells joined by ", ".
func RenderRows(b *column.Batch) []string {
	if b == nil {
		return nil
	}
	rows := make([]string, b.Len)
	cells := make([]string, len(b.Cols))
	for i := 0; i < b.Len; i++ {
		for c, v := range b.Cols {
			cells[c] = v.Value(i).String()
		}
		rows[i] = strings.Join(cells, ", ")
	}
	return rows
}

// Compare checks a rendered result against the case and returns "" when it
// matches, else a readable report of the difference.
func (c *Case) Compare(header string, rows []string) string {
	var b strings.Builder
	if header != c.Header {
		fmt.Fprintf(&b, "header:\n  want: %s\n  got:  %s\n", c.Header, header)
	}
	want, got := c.Rows, rows
	if c.Mode == Unordered {
		want, got = sorted(want), sorted(got)
	}
	if !slices.Equal(want, got) {
		fmt.Fprintf(&b, "rows (%s; want %d, got %d):\n", c.Mode, len(c.Rows), len(rows))
		b.WriteString(diffLines(want, got))
	}
	if b.Len() == 0 {
		return ""
	}
	return b.String()
}

// Format renders a whole result as it would be written in a .test file.
func Format(header string, rows []string) string {
	var b strings.Builder
	b.WriteString(header)
	b.WriteByte('\n')
	for _, r := range rows {
		b.WriteString(r)
		b.WriteByte('\n')
	}
	return b.String()
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	sort.Strings(out)
	return out
}

// diffLines renders a line diff of want and got ("-" missing, "+" extra,
// " " common) computed from their longest common subsequence.
func diffLines(want, got []string) string {
	n, m := len(want), len(got)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if want[i] == got[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var b strings.Builder
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && want[i] == got[j]:
			b.WriteString("    " + want[i] + "\n")
			i, j = i+1, j+1
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			b.WriteString("  + " + got[j] + "\n")
			j++
		default:
			b.WriteString("  - " + want[i] + "\n")
			i++
		}
	}
	return b.String()
}
