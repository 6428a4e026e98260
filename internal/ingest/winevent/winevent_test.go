package winevent

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
	in, _ := os.ReadFile("testdata/events.jsonl")
	if c := (Family{}).Sniff(in); c < 80 {
		t.Errorf("sniff %d", c)
	}
	sink := source.NewSink(false)
	if err := (Family{}).Read(strings.NewReader(string(in)), "events.jsonl", source.Options{}, sink); err != nil {
		t.Fatal(err)
	}
	got := sink.Dump()
	if *update {
		_ = os.WriteFile("testdata/events.golden", []byte(got), 0o644)
	}
	if want, _ := os.ReadFile("testdata/events.golden"); got != string(want) {
		t.Errorf("golden differs (go test -update):\n%s", got)
	}
}

func FuzzRead(f *testing.F) {
	in, _ := os.ReadFile("testdata/events.jsonl")
	f.Add(string(in))
	f.Add(`[{"EventID":"x"},{"EventID":4624,"TimeGenerated":1}]`)
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
	line, _ := os.ReadFile("testdata/events.jsonl")
	first := strings.SplitN(string(line), "\n", 3)[1] + "\n"
	const n = 10_000
	in := strings.Repeat(first, n)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = (Family{}).Read(strings.NewReader(in), "bench", source.Options{}, source.NewSink(false))
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(b.N)/n, "allocs/record")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/record")
}
