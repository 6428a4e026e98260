package hunt_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"quarry/internal/demo"
	"quarry/internal/hunt"
	"quarry/internal/ingest/load"
	"quarry/internal/rules"
)

// BenchmarkRulePack hunts the demo's sign-in log (default configuration:
// 2,000 employees, one week) with all built-in rules, the workload of
// `quarry hunt --format json signinlogs.ndjson`. Loading the file is not
// timed; the views are built once per run, as in the command.
func BenchmarkRulePack(b *testing.B) {
	dir := b.TempDir()
	if _, err := demo.Generate(demo.DefaultConfig(), dir); err != nil {
		b.Fatal(err)
	}
	rs, err := rules.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, "signinlogs.ndjson")
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		in, err := load.Paths([]string{path}, load.Options{Year: 2026})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		_, err = hunt.Run(context.Background(), hunt.Input{Catalog: in.Catalog, Functions: in.Functions}, rs,
			hunt.Options{Now: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), Workers: 1})
		if err != nil {
			b.Fatal(err)
		}
	}
}
