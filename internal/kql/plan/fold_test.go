package plan

import (
	"testing"

	"quarry/internal/kql/check"
)

// filters returns the predicates of the filters in a single-input chain.
func filters(n check.Node) []check.Expr {
	var out []check.Expr
	for n != nil {
		if f, ok := n.(*check.Filter); ok {
			out = append(out, f.Pred)
		}
		in := check.Inputs(n)
		if len(in) == 0 {
			break
		}
		n = in[0]
	}
	return out
}

// calls returns the names of the calls in e, outermost first.
func calls(e check.Expr) []string {
	var out []string
	check.Walk(e, func(x check.Expr) bool {
		if c, ok := x.(*check.Call); ok {
			out = append(out, c.Name)
		}
		return true
	})
	return out
}

func TestFoldDropsDefaultParameterFilters(t *testing.T) {
	const view = `let f = (s:datetime=datetime(null), u:string="*") { T | where (isnull(s) or A > 0) and (u == "*" or B has u) };`
	if fs := filters(build(t, view+` f()`).Root); len(fs) != 0 {
		t.Errorf("f(): %d filters left, want none", len(fs))
	}
	fs := filters(build(t, view+` f(u="x")`).Root)
	if len(fs) != 1 {
		t.Fatalf("f(u=\"x\"): %d filters, want 1", len(fs))
	}
	if got := calls(fs[0]); len(got) != 1 || got[0] != "has" {
		t.Errorf("f(u=\"x\"): predicate calls %v, want [has]", got)
	}
}

func TestFoldConstants(t *testing.T) {
	cases := map[string]int{ // query -> filters left
		`T | where 1 + 1 == 2`:                             0,
		`T | where true and A > 1`:                         1,
		`T | where false or A > 1`:                         1,
		`T | where A > 1 or strlen("ab") == 2`:             0,
		`T | where now() > datetime(2020-01-01)`:           1, // bound per run: not folded
		`T | where ago(1d) < datetime(2020-01-01)`:         1,
		`T | where isnull(int(null)) and B == "x"`:         1,
		`T | where A > 1 and tolower("X") == "x" and true`: 1,
	}
	for src, want := range cases {
		if got := len(filters(build(t, src).Root)); got != want {
			t.Errorf("%s: %d filters, want %d", src, got, want)
		}
	}
	p := build(t, `T | extend C = strcat("a", "b"), D = A + 1`)
	pr, ok := p.Root.(*check.Project)
	if !ok {
		t.Fatalf("root is %T, want a project", p.Root)
	}
	if _, ok := pr.Items[len(pr.Items)-2].Expr.(*check.Const); !ok {
		t.Errorf("strcat of constants not folded: %T", pr.Items[len(pr.Items)-2].Expr)
	}
}
