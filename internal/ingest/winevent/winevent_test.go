package winevent

import (
	"strings"
	"testing"

	"quarry/internal/ingest/source"
	"quarry/internal/ingest/source/sourcetest"
)

var fixture = sourcetest.Fixture{
	Family: Family{}, Input: "testdata/events.jsonl", Golden: "testdata/events.golden", MinSniff: 80,
}

func TestGolden(t *testing.T) { fixture.Test(t) }

func FuzzRead(f *testing.F) {
	fixture.FuzzRecords(f, `[{"EventID":"x"},{"EventID":4624,"TimeGenerated":1}]`)
}

// BenchmarkRead reads 10,000 copies of the sample's second line.
func BenchmarkRead(b *testing.B) {
	first := strings.SplitN(sourcetest.ReadFile(b, fixture.Input), "\n", 3)[1] + "\n"
	sourcetest.BenchRead(b, Family{}, strings.Repeat(first, 10_000), source.Options{})
}
