package entra

import (
	"testing"

	"quarry/internal/ingest/source/sourcetest"
)

var fixture = sourcetest.Fixture{
	Family: Family{}, Input: "testdata/signins.jsonl", Golden: "testdata/signins.jsonl.golden", MinSniff: 90,
}

func TestGolden(t *testing.T) { fixture.Test(t) }

func FuzzRead(f *testing.F) { fixture.FuzzRecords(f, sourcetest.JSONSeeds...) }

func BenchmarkRead(b *testing.B) { fixture.Bench(b, 2000) }
