package syntax

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the .golden files")

// inputFiles returns every golden-test input: testdata/*.kql and
// testdata/sentinel/*.kql.
func inputFiles(t testing.TB) []string {
	var files []string
	for _, pat := range []string{"testdata/*.kql", "testdata/sentinel/*.kql"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no test inputs")
	}
	return files
}

func readFile(t testing.TB, name string) string {
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func mustParse(t testing.TB, name, src string) *Query {
	q, err := Parse(src)
	if err != nil {
		t.Fatalf("%s", err.(ErrorList).Render(name, src))
	}
	return q
}

func TestGolden(t *testing.T) {
	for _, name := range inputFiles(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			q := mustParse(t, name, readFile(t, name))
			got := Format(q) + "\n"
			golden := strings.TrimSuffix(name, ".kql") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want := readFile(t, golden); got != want {
				t.Errorf("%s: format mismatch\n--- got\n%s\n--- want\n%s", name, got, want)
			}
		})
	}
}

// checkRoundTrip verifies the printer contract for a parsed query.
func checkRoundTrip(t testing.TB, q *Query) {
	t.Helper()
	out := Format(q)
	q2, err := Parse(out)
	if err != nil {
		t.Fatalf("formatted query does not parse:\n%s\n%s", out, err.(ErrorList).Render("formatted", out))
	}
	if out2 := Format(q2); out2 != out {
		t.Fatalf("format is not idempotent:\n--- first\n%s\n--- second\n%s", out, out2)
	}
	if d1, d2 := dumpTree(q), dumpTree(q2); d1 != d2 {
		t.Fatalf("re-parsed tree differs:\n%s\n--- original\n%s\n--- re-parsed\n%s", out, d1, d2)
	}
}

func TestRoundTrip(t *testing.T) {
	for _, name := range inputFiles(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			checkRoundTrip(t, mustParse(t, name, readFile(t, name)))
		})
	}
}

// TestSpans checks that every node's span lies inside its parent's span and
// that spans are well formed.
func TestSpans(t *testing.T) {
	for _, name := range inputFiles(t) {
		src := readFile(t, name)
		q := mustParse(t, name, src)
		checkSpans(t, name, src, q, Span{0, len(src)})
	}
}
