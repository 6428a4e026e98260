package plan

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"quarry/internal/column"
	"quarry/internal/kql/check"
	"quarry/internal/kql/syntax"
	"quarry/internal/table"
)

func build(t *testing.T, src string) *Plan {
	t.Helper()
	schema := column.Schema{{Name: "A", Type: column.Long}, {Name: "B", Type: column.String}, {Name: "Type", Type: column.String}}
	cat := table.NewSet(table.NewMemory("T", schema))
	q, err := syntax.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	c, err := check.Check(q, src, cat, nil)
	if err != nil {
		t.Fatal(err)
	}
	return Build(c)
}

// findScan returns the scan at the bottom of a single-input chain.
func findScan(n check.Node) *check.Scan {
	for {
		if s, ok := n.(*check.Scan); ok {
			return s
		}
		in := check.Inputs(n)
		if len(in) == 0 {
			return nil
		}
		n = in[0]
	}
}

func TestProjectionPushdown(t *testing.T) {
	cases := map[string]string{
		`T | where A > 1 | project B`:      "A,B",
		`T | count`:                        "",
		`T | summarize count() by Type`:    "Type",
		`T | extend C = A * 2 | project C`: "A",
		`T`:                                "A,B,Type",
	}
	for src, want := range cases {
		s := findScan(build(t, src).Root)
		got := ""
		for i, c := range s.Schema() {
			if i > 0 {
				got += ","
			}
			got += c.Name
		}
		if got != want {
			t.Errorf("%s: scan reads %q, want %q", src, got, want)
		}
	}
}

func TestSortTakeBecomesTop(t *testing.T) {
	p := build(t, `T | sort by A | take 3`)
	if _, ok := p.Root.(*check.Top); !ok {
		t.Fatalf("root is %T, want *check.Top", p.Root)
	}
}

func TestFilterMovesBelowPassThroughProject(t *testing.T) {
	p := build(t, `T | extend C = A * 2 | where B == "x"`)
	proj, ok := p.Root.(*check.Project)
	if !ok {
		t.Fatalf("root is %T", p.Root)
	}
	if _, ok := proj.In.(*check.Filter); !ok {
		t.Fatalf("project input is %T, want the filter", proj.In)
	}
}

// TestSubqueryPlannedOnce checks that a sub-query is planned like a query
// (its scan pruned to the columns it uses) and only once per Plan.
func TestSubqueryPlannedOnce(t *testing.T) {
	p := build(t, `T | where B in (T | where A > 1 | project B)`)
	var sub check.Node
	var find func(e check.Expr)
	find = func(e check.Expr) {
		switch x := e.(type) {
		case *check.ListQuery:
			sub = x.Query
		case *check.Call:
			for _, a := range x.Args {
				find(a)
			}
		}
	}
	for n := p.Root; n != nil && sub == nil; {
		if f, ok := n.(*check.Filter); ok {
			find(f.Pred)
		}
		in := check.Inputs(n)
		if len(in) == 0 {
			break
		}
		n = in[0]
	}
	if sub == nil {
		t.Fatal("no sub-query found in the plan")
	}
	first := p.Subquery(sub)
	if first == sub {
		t.Fatal("Subquery returned the unplanned node")
	}
	if got := findScan(first).Schema(); len(got) != 2 || got[0].Name != "A" || got[1].Name != "B" {
		t.Errorf("the planned sub-query scans %v, want A and B", got)
	}
	if again := p.Subquery(sub); again != first {
		t.Error("the sub-query was planned twice")
	}
}

// TestHavingFromWhere checks which wheres after a summarize are copied
// onto it (plan/having.go), rewritten over its output.
func TestHavingFromWhere(t *testing.T) {
	cases := []struct{ src, want string }{
		{`T | summarize c = count(), l = make_list(B) by Type | where c > 2`, ">(c,2)"},
		{`T | summarize c = count(), l = make_list(B) by Type | extend r = c * 2 | where r > 4 and Type != "x"`, `and(>(*(c,2),4),!=(Type,"x"))`},
		{`T | summarize c = count() by Type | project-rename n = c | where n > 1`, ">(c,1)"},
		{`T | summarize c = count() by Type | extend c = c + 1 | extend d = c * 3 | where d > 9`, ">(*(+(c,1),3),9)"},
		// not rewritten: a sub-query, a window function between them, no summarize
		{`T | summarize c = count() by Type | where c > toscalar(T | count)`, ""},
		{`T | summarize c = count() by Type | serialize | extend r = row_number() | where r > 1`, ""},
		{`T | where A > 1`, ""},
	}
	for _, c := range cases {
		var got string
		var walk func(n check.Node)
		walk = func(n check.Node) {
			if s, ok := n.(*check.Summarize); ok && s.Having != nil {
				got = exprString(s.Having)
			}
			for _, in := range check.Inputs(n) {
				walk(in)
			}
		}
		walk(build(t, c.src).Root)
		if got != c.want {
			t.Errorf("%s: having %q, want %q", c.src, got, c.want)
		}
	}
}

// exprString renders an expression in prefix form: name(args).
func exprString(e check.Expr) string {
	switch x := e.(type) {
	case *check.ColRef:
		return x.Name
	case *check.Const:
		if x.Val.Type == column.String {
			return strconv.Quote(x.Val.S)
		}
		return x.Val.String()
	case *check.Call:
		parts := make([]string, len(x.Args))
		for i, a := range x.Args {
			parts[i] = exprString(a)
		}
		return x.Name + "(" + strings.Join(parts, ",") + ")"
	}
	return fmt.Sprintf("%T", e)
}
