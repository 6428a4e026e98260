package cloudtrail

import (
	"testing"

	"quarry/internal/ingest/source/sourcetest"
)

var fixture = sourcetest.Fixture{
	Family: Family{}, Input: "testdata/records.json", Golden: "testdata/records.json.golden", MinSniff: 90,
}

func TestGolden(t *testing.T) { fixture.Test(t) }

func FuzzRead(f *testing.F) { fixture.FuzzRecords(f, sourcetest.JSONSeeds...) }

func BenchmarkRead(b *testing.B) { fixture.Bench(b, 2000) }
