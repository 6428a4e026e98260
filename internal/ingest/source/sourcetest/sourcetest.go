// Package sourcetest holds the test helpers the log-source family packages
// share: reading input with a fresh sink, golden-file checks (rewritten
// with go test -update), fuzz targets and read benchmarks.
//
// Only tests import it; importing it registers the -update flag.
package sourcetest

import (
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"quarry/internal/ingest/source"
)

var update = flag.Bool("update", false, "rewrite golden files")

// ReadFile returns the content of file (a path under testdata), failing tb
// when it cannot be read.
func ReadFile(tb testing.TB, file string) string {
	tb.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// Read reads in with fam into a fresh non-strict sink, naming the input
// file, and fails tb when Read returns an error.
func Read(tb testing.TB, fam source.Family, in, file string, opt source.Options) *source.Sink {
	tb.Helper()
	sink := source.NewSink(false)
	if err := fam.Read(strings.NewReader(in), file, opt, sink); err != nil {
		tb.Fatal(err)
	}
	return sink
}

// Golden compares got with the content of file; with -update it first
// rewrites file with got.
func Golden(tb testing.TB, file, got string) {
	tb.Helper()
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	if want := ReadFile(tb, file); got != want {
		tb.Errorf("%s differs (run go test -update):\n%s", file, got)
	}
}

// Fixture is a family's sample input and the golden Dump of reading it.
type Fixture struct {
	Family   source.Family
	Input    string         // path of the sample input, under testdata
	Golden   string         // path of the golden Dump of Input
	Name     string         // file name given to Read; "" means the base name of Input
	MinSniff int            // least confidence Sniff must give Input (0: any)
	Options  source.Options // options given to Read
}

// Test checks that the family sniffs Input with at least MinSniff, reads
// it and compares the sink's Dump with Golden.
func (fx Fixture) Test(t *testing.T) {
	t.Helper()
	in := ReadFile(t, fx.Input)
	if c := fx.Family.Sniff([]byte(in)); c < fx.MinSniff {
		t.Errorf("sniff %d", c)
	}
	name := fx.Name
	if name == "" {
		name = filepath.Base(fx.Input)
	}
	Golden(t, fx.Golden, Read(t, fx.Family, in, name, fx.Options).Dump())
}

// JSONSeeds are malformed-JSON fuzz seeds for families that read JSON
// records: an array holding non-objects and a cut-off object.
var JSONSeeds = []string{"[1, {}, null]", "{\"a\":"}

// FuzzRecords adds Input and then seeds to f's seed corpus and fuzzes the
// family's Read: it must not fail (the sink is not strict) nor count more
// records than the input has bytes.
func (fx Fixture) FuzzRecords(f *testing.F, seeds ...string) {
	f.Add(ReadFile(f, fx.Input))
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		sink := Read(t, fx.Family, in, "fuzz", fx.Options)
		if sink.Records() > len(in) {
			t.Fatal("more records than bytes")
		}
	})
}

// Bench benchmarks the family reading copies of Input, each followed by a
// newline (see BenchRead).
func (fx Fixture) Bench(b *testing.B, copies int) {
	BenchRead(b, fx.Family, strings.Repeat(ReadFile(b, fx.Input)+"\n", copies), fx.Options)
}

// FuzzLines fuzzes a line-oriented fam's Read with f's seed corpus: Read
// must not fail, and the rows of table plus the bad records must not
// outnumber the input lines.
func FuzzLines(f *testing.F, fam source.Family, table string, opt source.Options) {
	f.Fuzz(func(t *testing.T, in string) {
		sink := Read(t, fam, in, "fuzz", opt)
		b, _ := sink.Builder(table)
		if lines := strings.Count(in, "\n") + 1; b.Len()+sink.BadCount() > lines {
			t.Fatalf("%d rows + %d bad from %d lines", b.Len(), sink.BadCount(), lines)
		}
	})
}

// BenchRead benchmarks fam reading in, each time into a fresh sink, and
// reports bytes per second, allocations per record and ns per record.
func BenchRead(b *testing.B, fam source.Family, in string, opt source.Options) {
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	var before, after runtime.MemStats
	var records int
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sink := source.NewSink(false)
		_ = fam.Read(strings.NewReader(in), "bench", opt, sink)
		records += sink.Records()
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(max(records, 1)), "allocs/record")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(max(records, 1)), "ns/record")
}
