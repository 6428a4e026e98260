package load

import (
	"quarry/internal/ingest"
	"quarry/internal/table"
)

// finish builds the catalog: family tables, generic file tables, then the
// normalized views over both.
func (l *loader) finish() (*Result, error) {
	cat := table.NewSet()
	for _, t := range l.sink.Tables() {
		cat.Add(t)
	}
	for _, name := range sortedKeys(l.generic) {
		t, err := ingest.NewFileTable(name, l.generic[name], ingest.Options{Strict: l.opt.Strict})
		if err != nil {
			return nil, err
		}
		if parsed, ok := cat.Lookup(name); ok {
			cat.Add(mergeTables(name, parsed, t))
			continue
		}
		cat.Add(t)
	}
	sources := table.NewSet()
	for _, n := range cat.Names() {
		t, _ := cat.Lookup(n)
		sources.Add(t)
	}
	addViews(cat, sources)
	return &Result{Catalog: cat, Functions: viewFunctions(), Files: l.reports, BadRecords: l.sink.BadRecords()}, nil
}
