package ingest

import (
	"context"
	"maps"
	"strings"
	"testing"

	"quarry/internal/column"
	"quarry/internal/table"
)

func TestFirstTexts(t *testing.T) {
	cols := []string{"Type", "Category"}
	cases := []struct {
		name, content string
		want          map[string]string
	}{
		{"t.ndjson", "{\"Type\":\"\",\"x\":1}\n{\"Category\":\"SignInLogs\"}\n{\"Type\":\"SecurityEvent\",\"Category\":\"other\"}\n",
			map[string]string{"Type": "SecurityEvent", "Category": "SignInLogs"}},
		{"t.json", `[{"a":1},{"Type":"Syslog"}]`, map[string]string{"Type": "Syslog"}},
		{"t.json", `{"records":[{"Category":"NonInteractiveUserSignInLogs"}]}`, map[string]string{"Category": "NonInteractiveUserSignInLogs"}},
		{"t.csv", "x,Type\n1,\n2,\"Sig\"\"n\"\n3,Other\n", map[string]string{"Type": `Sig"n`}},
		{"t.csv", "x,y\n1,2\n", map[string]string{}},
		{"t.ndjson", "{\"Type\":\"a\\u0062\"}\n", map[string]string{"Type": "ab"}},
		{"t.ndjson", "{\"Type\":7}\n", map[string]string{"Type": "7"}},
		{"t.ndjson", "{\"Type\":[1,}\n{\"Type\":\"Later\"}\n", map[string]string{"Type": "Later"}},
	}
	for _, c := range cases {
		p := writeFile(t, c.name, []byte(c.content))
		got, err := FirstTexts(p, cols, 1<<20)
		if err != nil {
			t.Fatalf("%q: %v", c.content, err)
		}
		if !maps.Equal(got, c.want) {
			t.Errorf("%q: got %v, want %v", c.content, got, c.want)
		}
	}
}

func TestFirstTextsGzipAndBound(t *testing.T) {
	p := writeFile(t, "t.ndjson.gz", gzipped("{\"Type\":\"SigninLogs\"}\n"))
	if got, err := FirstTexts(p, []string{"Type"}, 1<<20); err != nil || got["Type"] != "SigninLogs" {
		t.Fatalf("gzip: %v, %v", got, err)
	}
	// A value past the first maxBytes is not looked for.
	filler := strings.Repeat("{\"a\":1}\n", (sniffSize+4096)/8)
	p = writeFile(t, "late.ndjson", []byte(filler+"{\"Type\":\"Late\"}\n"))
	if got, err := FirstTexts(p, []string{"Type"}, sniffSize); err != nil || len(got) != 0 {
		t.Fatalf("bounded read: %v, %v", got, err)
	}
	if got, _ := FirstTexts(p, []string{"Type"}, 1<<20); got["Type"] != "Late" {
		t.Fatalf("whole read: %v", got)
	}
	if _, err := FirstTexts(writeFile(t, "bin", []byte{0, 1, 2, 0xff}), []string{"Type"}, 1024); err == nil {
		t.Fatal("unrecognised file: no error")
	}
	p = writeFile(t, "empty.json", nil)
	if got, err := FirstTexts(p, []string{"Type"}, 1024); err != nil || len(got) != 0 {
		t.Fatalf("empty file: %v, %v", got, err)
	}
}

// FuzzFirstTexts checks FirstTexts against a scan of the same file: the
// first non-empty text of a string column Type, when the file parses.
func FuzzFirstTexts(f *testing.F) {
	for _, s := range []string{"{\"Type\":\"A\"}\n{\"Type\":\"B\"}\n", "Type,b\n,1\nx,2\n", `[{"Type":""},{"Type":"z"}]`, "{\"Type\":\"\\\"q\"}\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		p := writeFile(t, "in", in)
		got, err := FirstTexts(p, []string{"Type"}, 1<<20)
		if err != nil {
			return
		}
		// A file table has a Type column, its name, where records lack one.
		const name = "_no_such_type"
		ft, err := NewFileTable(name, []string{p}, Options{})
		if err != nil || ft.Schema().Index("Type") < 0 || ft.Schema()[ft.Schema().Index("Type")].Type != column.String {
			return
		}
		want := ""
		req := table.ScanRequest{Columns: []string{"Type"}, Workers: 1, BadRecord: func(table.BadRecord) error { return nil }}
		_ = ft.Scan(context.Background(), req, func(_ int, b *column.Batch) error {
			for i := 0; i < b.Len && want == ""; i++ {
				if s := b.Cols[0].Strs[i]; s != name {
					want = s
				}
			}
			return nil
		})
		if got["Type"] != want {
			t.Fatalf("FirstTexts %q, scan %q", got["Type"], want)
		}
	})
}
