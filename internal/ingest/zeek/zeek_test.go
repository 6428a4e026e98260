package zeek

import (
	"flag"
	"os"
	"runtime"
	"strings"
	"testing"

	"quarry/internal/ingest/source"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestGolden(t *testing.T) {
	in, _ := os.ReadFile("testdata/mixed.log")
	if c := (Family{}).Sniff(in); c < 90 {
		t.Errorf("sniff %d", c)
	}
	sink := source.NewSink(false)
	if err := (Family{}).Read(strings.NewReader(string(in)), "mixed.log", source.Options{}, sink); err != nil {
		t.Fatal(err)
	}
	got := sink.Dump()
	if *update {
		_ = os.WriteFile("testdata/mixed.log.golden", []byte(got), 0o644)
	}
	if want, _ := os.ReadFile("testdata/mixed.log.golden"); got != string(want) {
		t.Errorf("golden differs (go test -update):\n%s", got)
	}
}

func FuzzRead(f *testing.F) {
	in, _ := os.ReadFile("testdata/mixed.log")
	f.Add(string(in))
	f.Add("[1, {}, null]")
	f.Add("{\"a\":")
	f.Fuzz(func(t *testing.T, in string) {
		sink := source.NewSink(false)
		if err := (Family{}).Read(strings.NewReader(in), "fuzz", source.Options{}, sink); err != nil {
			t.Fatal(err)
		}
		if sink.Records() > len(in) {
			t.Fatal("more records than bytes")
		}
	})
}

func BenchmarkRead(b *testing.B) {
	in, _ := os.ReadFile("testdata/mixed.log")
	const n = 2000
	data := strings.Repeat(string(in)+"\n", n)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var before, after runtime.MemStats
	var records int
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sink := source.NewSink(false)
		_ = (Family{}).Read(strings.NewReader(data), "bench", source.Options{}, sink)
		records += sink.Records()
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(max(records, 1)), "allocs/record")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(max(records, 1)), "ns/record")
}
