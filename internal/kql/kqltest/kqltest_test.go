package kqltest

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"testing"

	"quarry/internal/kql"
)

// -kqltest.file (or $KQLTEST_FILE) limits the run to some files: a
// comma-separated list of names with or without ".test" ("join,nulls").
var fileFilter = flag.String("kqltest.file", os.Getenv("KQLTEST_FILE"), "comma-separated .test files to run (default all)")

func wantFile(name string) bool {
	if *fileFilter == "" {
		return true
	}
	for _, f := range strings.Split(*fileFilter, ",") {
		f = strings.TrimSpace(f)
		if f == name || f+".test" == name {
			return true
		}
	}
	return false
}

// outcome is one run of a case: a rendered result or an error.
type outcome struct {
	header string
	rows   []string
	err    error
}

func run(c *Case, workers int) (out outcome) {
	defer func() {
		if r := recover(); r != nil {
			out = outcome{err: fmt.Errorf("panic: %v\n%s", r, debug.Stack())}
		}
	}()
	prog, err := kql.Compile(c.Query, nil)
	if err != nil {
		return outcome{err: err}
	}
	res, err := prog.Run(context.Background(), kql.Options{Now: c.Now, Workers: workers})
	if err != nil {
		return outcome{err: err}
	}
	return outcome{header: RenderHeader(res.Schema), rows: RenderRows(res.Batch)}
}

func TestConformance(t *testing.T) {
	cases, err := LoadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no cases in testdata")
	}
	byFile := map[string][]*Case{}
	var files []string
	for i := range cases {
		c := &cases[i]
		if !wantFile(c.File) {
			continue
		}
		if byFile[c.File] == nil {
			files = append(files, c.File)
		}
		byFile[c.File] = append(byFile[c.File], c)
	}
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			for _, c := range byFile[f] {
				t.Run(c.Name, func(t *testing.T) { runCase(t, c) })
			}
		})
	}
}

func runCase(t *testing.T, c *Case) {
	t.Helper()
	where := fmt.Sprintf("%s:%d", c.File, c.Line)
	query := "query:\n" + indent(c.Query)
	one := run(c, 1)
	if c.Mode == Error {
		if one.err == nil {
			t.Fatalf("%s: want an error containing %q, got a result\n%s\ngot:\n%s",
				where, c.ErrSubstr, query, indent(Format(one.header, one.rows)))
		}
		if !strings.Contains(strings.ToLower(one.err.Error()), strings.ToLower(c.ErrSubstr)) {
			t.Fatalf("%s: error does not contain %q\n%s\ngot error: %v", where, c.ErrSubstr, query, one.err)
		}
		return
	}
	if one.err != nil {
		t.Fatalf("%s: unexpected error: %v\n%s", where, one.err, query)
	}
	if d := c.Compare(one.header, one.rows); d != "" {
		t.Fatalf("%s: result mismatch (Workers: 1)\n%s\n%s\nwant:\n%s\ngot:\n%s", where, query, d,
			indent(Format(c.Header, c.Rows)), indent(Format(one.header, one.rows)))
	}
	// Parallelism must not change the result; for ordered cases not even the
	// row order.
	four := run(c, 4)
	if four.err != nil {
		t.Fatalf("%s: Workers: 4 failed where Workers: 1 succeeded: %v\n%s", where, four.err, query)
	}
	if d := c.Compare(four.header, four.rows); d != "" {
		t.Fatalf("%s: result mismatch with Workers: 4 (Workers: 1 matched)\n%s\n%s", where, query, d)
	}
}

func indent(s string) string {
	s = strings.TrimRight(s, "\n")
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}
