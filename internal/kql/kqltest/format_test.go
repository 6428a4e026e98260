package kqltest

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseFormat(t *testing.T) {
	src := `# leading comment
=== first
now: 2020-02-03T04:05:06Z
print x = 1
---- ordered
x:long
1

=== second
datatable(a:string)["x, y"]
| where a != ""
---- unordered
a:string
"x, y"
=== third
print 1/0
---- error
division by zero
`
	cases, err := Parse("f.test", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 3 {
		t.Fatalf("got %d cases", len(cases))
	}
	c := cases[0]
	if c.Name != "first" || c.Line != 2 || c.Query != "print x = 1" || c.Mode != Ordered ||
		c.Header != "x:long" || len(c.Rows) != 1 || c.Rows[0] != "1" ||
		!c.Now.Equal(time.Date(2020, 2, 3, 4, 5, 6, 0, time.UTC)) {
		t.Errorf("first: %+v", c)
	}
	c = cases[1]
	if c.Query != "datatable(a:string)[\"x, y\"]\n| where a != \"\"" || c.Mode != Unordered ||
		!c.Now.Equal(DefaultNow) || c.Rows[0] != `"x, y"` {
		t.Errorf("second: %+v", c)
	}
	if c := cases[2]; c.Mode != Error || c.ErrSubstr != "division by zero" {
		t.Errorf("third: %+v", c)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"print 1\n", "f.test:1: text outside a case"},
		{"=== a\nprint 1\n", "f.test:1: case \"a\" has no '----'"},
		{"=== a\nprint 1\n---- sorted\n", "f.test:3: unknown result mode"},
		{"=== a\nprint 1\n---- ordered\n", "f.test:1: case \"a\" has no result header"},
		{"=== a\nprint 1\n---- ordered\nx:long\n1\n=== a\nprint 1\n---- ordered\nx:long\n", "f.test:6: duplicate case name"},
		{"=== a\nprint 1\n---- ordered\nx:integer\n", "f.test:4: bad header"},
		{"=== a\nprint 1\n---- error\none\ntwo\n", "f.test:5: error case \"a\" expects exactly one"},
		{"=== a\n---- ordered\n", "f.test:2: case \"a\" has an empty query"},
		{"=== a\nnow: yesterday\nprint 1\n---- ordered\n", "f.test:2: bad now"},
	} {
		_, err := Parse("f.test", []byte(tc.src))
		var pe *ParseError
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) = %v, want error containing %q", tc.src, err, tc.want)
		}
	}
}

func TestCompare(t *testing.T) {
	c := Case{Mode: Unordered, Header: "a:long", Rows: []string{"1", "2"}}
	if d := c.Compare("a:long", []string{"2", "1"}); d != "" {
		t.Errorf("unordered mismatch: %s", d)
	}
	c.Mode = Ordered
	d := c.Compare("a:long", []string{"2", "1"})
	if !strings.Contains(d, "+ 2") || !strings.Contains(d, "- 2") && !strings.Contains(d, "- 1") {
		t.Errorf("ordered diff: %s", d)
	}
	if d := c.Compare("a:int", []string{"1", "2"}); !strings.Contains(d, "header") {
		t.Errorf("header diff: %s", d)
	}
}

// TestTestdataParses checks every .test file is well formed, independently
// of the engine.
func TestTestdataParses(t *testing.T) {
	cases, err := LoadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d cases", len(cases))
}
