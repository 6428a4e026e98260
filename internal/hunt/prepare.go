package hunt

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"quarry/internal/column"
	"quarry/internal/kql"
	"quarry/internal/rules"
	"quarry/internal/table"
)

// hunter holds the tables of one hunt and the rules planned over them.
type hunter struct {
	in      Input
	catalog *table.Set            // what rules compile against
	tables  map[string]*timeTable // materialized tables by name
	rules   []*planned
}

// planned is one rule ready to replay.
type planned struct {
	rule        *rules.Rule
	tables      []string // tables it reads
	readsAlerts bool     // it reads SecurityAlert
	prog        *kql.Program
	ticks       []time.Time
	run         RuleRun
}

// prepare finds the tables and columns every rule reads, loads each table
// once with those columns (reading each source once, for the rules and
// the views over it: loadShared), and builds the catalog the rules run
// against.
func prepare(ctx context.Context, in Input, rs []*rules.Rule) (*hunter, error) {
	full := CheckCatalog(in)
	h := &hunter{in: in, catalog: table.NewSet(), tables: map[string]*timeTable{}}
	for _, n := range full.Names() {
		t, _ := full.Lookup(n)
		h.catalog.Add(t)
	}
	need := map[string]map[string]bool{}
	for _, r := range rs {
		p, cols, err := probe(r, full, in.Functions)
		if err != nil {
			return nil, err
		}
		for name, cs := range cols {
			if need[name] == nil {
				need[name] = map[string]bool{}
			}
			for c := range cs {
				need[name][c] = true
			}
		}
		h.rules = append(h.rules, p)
	}
	load := h.load
	if sharing {
		load = h.loadShared
	}
	if err := load(ctx, full, need); err != nil {
		return nil, err
	}
	for _, p := range h.rules {
		p.run.Rows = h.rows(p.tables)
	}
	return h, nil
}

// load materializes the tables the rules read, all at once: a view's
// row-by-row build leaves a core free that another table's decoding uses.
// Each table is read on its own, so a view scans its sources again when
// the rules read them too; loadShared, the default, reads each once.
func (h *hunter) load(ctx context.Context, full table.Catalog, need map[string]map[string]bool) error {
	var names []string
	for _, name := range sortedNames(keysOf(need)) {
		if name != AlertTable {
			names = append(names, name)
		}
	}
	loaded := make([]*timeTable, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() { loaded[i], errs[i] = materialize(ctx, full, name, need[name]) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for i, name := range names {
		h.tables[name] = loaded[i]
		h.catalog.Add(loaded[i])
	}
	return nil
}

// keysOf returns the keys of m as a set.
func keysOf[V any](m map[string]V) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}

func (h *hunter) rows(names []string) int {
	n := 0
	for _, name := range names {
		if t := h.tables[name]; t != nil {
			n += t.Len()
		}
	}
	return n
}

// compile compiles p against the hunt's catalog.
func (h *hunter) compile(p *planned) error {
	prog, err := kql.CompileWith(p.rule.QueryText(), h.catalog, kql.Env{Functions: h.in.Functions})
	if err != nil {
		return &RuleError{Rule: p.rule, Query: p.rule.QueryText(), Err: err}
	}
	p.prog = prog
	return nil
}

// probe compiles r over stand-in tables and runs it once over no rows to
// learn which tables and columns it reads.
func probe(r *rules.Rule, cat table.Catalog, fns map[string]string) (*planned, map[string]map[string]bool, error) {
	probes := table.NewSet()
	var all []*probeTable
	for _, n := range cat.Names() {
		t, _ := cat.Lookup(n)
		p := &probeTable{name: n, schema: t.Schema(), cols: map[string]bool{}}
		probes.Add(p)
		all = append(all, p)
	}
	prog, err := kql.CompileWith(r.QueryText(), probes, kql.Env{Functions: fns})
	if err != nil {
		return nil, nil, &RuleError{Rule: r, Query: r.QueryText(), Err: err}
	}
	if _, err := prog.Run(context.Background(), kql.Options{Now: time.Unix(0, 0).UTC(), Workers: 1}); err != nil {
		return nil, nil, &RuleError{Rule: r, Query: r.QueryText(), Err: err}
	}
	p := &planned{rule: r, run: RuleRun{Rule: r}}
	cols := map[string]map[string]bool{}
	for _, t := range all {
		if !t.used {
			continue
		}
		cols[t.name] = t.cols
		p.tables = append(p.tables, t.name)
		p.readsAlerts = p.readsAlerts || t.name == AlertTable
	}
	p.run.Tables = p.tables
	return p, cols, nil
}

// materialize scans table name once with the needed columns (plus
// TimeGenerated) into a time-sorted in-memory table.
func materialize(ctx context.Context, cat table.Catalog, name string, need map[string]bool) (*timeTable, error) {
	t, ok := cat.Lookup(name)
	if !ok {
		return nil, fmt.Errorf("table %s: not in the catalog", name)
	}
	cols, fields := huntColumns(t.Schema(), need)
	return fill(ctx, t, name, cols, fields)
}

// fill scans t once for cols into a time-sorted in-memory table called
// name with schema fields.
func fill(ctx context.Context, t table.Table, name string, cols []string, fields column.Schema) (*timeTable, error) {
	var (
		mu      sync.Mutex
		batches []*column.Batch
	)
	// Decoded on every CPU, received in the file's order (rows with equal
	// times keep it through the time sort).
	req := table.ScanRequest{Columns: cols, Workers: runtime.NumCPU(), Ordered: true, Transient: true}
	err := t.Scan(ctx, req, func(_ int, b *column.Batch) error {
		mu.Lock()
		defer mu.Unlock()
		batches = append(batches, b)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	return newTimeTable(name, fields, batches), nil
}

// huntColumns returns the columns of schema a hunt keeps for the rules'
// columns need, plus TimeGenerated, in schema's order, and their schema.
// cols is nil when there are none: the scan reads every column, and the
// hunt's table keeps none of them, only the number of rows.
func huntColumns(schema column.Schema, need map[string]bool) (cols []string, fields column.Schema) {
	for _, f := range schema {
		if need[f.Name] || f.Name == TimeColumn {
			cols = append(cols, f.Name)
			fields = append(fields, f)
		}
	}
	return cols, fields
}

// RuleError is a rule whose query does not compile or run; it carries the
// query text for positioned messages.
type RuleError struct {
	Rule  *rules.Rule
	Query string
	Err   error
}

// Error names the rule and its source.
func (e *RuleError) Error() string {
	return fmt.Sprintf("rule %s (%s): %s", e.Rule.ID, e.Rule.Source, strings.TrimSpace(e.Err.Error()))
}

// Unwrap returns the query error.
func (e *RuleError) Unwrap() error { return e.Err }

// CheckCatalog returns cat extended with an empty table for every Log
// Analytics table quarry knows the schema of and cat lacks, and with the
// SecurityAlert table: what rules are type-checked against, so that a rule
// over a table the input does not have is valid and finds nothing.
func CheckCatalog(in Input) *table.Set {
	out := table.NewSet()
	for _, n := range table.KnownTables() {
		if _, isFunction := in.Functions[n]; isFunction {
			continue
		}
		s, _ := table.KnownSchema(n)
		out.Add(table.NewMemory(n, s))
	}
	out.Add(table.NewMemory(AlertTable, alertSchema))
	if in.Catalog != nil {
		for _, n := range in.Catalog.Names() {
			t, _ := in.Catalog.Lookup(n)
			out.Add(t)
		}
	}
	return out
}

// Check type-checks every rule against the input's tables (CheckCatalog)
// and returns one error listing the rules that fail.
func Check(in Input, rs []*rules.Rule) error {
	cat := CheckCatalog(in)
	var msgs []string
	for _, r := range rs {
		if _, err := kql.CompileWith(r.QueryText(), cat, kql.Env{Functions: in.Functions}); err != nil {
			msgs = append(msgs, (&RuleError{Rule: r, Query: r.QueryText(), Err: err}).Error())
		}
	}
	if len(msgs) > 0 {
		return fmt.Errorf("%s", strings.Join(msgs, "\n"))
	}
	return nil
}

// hoisting enables hoistAll; only tests turn it off (export_test.go).
var hoisting = true

// hoistAll computes once, over the whole table, each part of the rules'
// queries that reads a loaded table through where/extend/project operators
// independent of the tick (kql.Prefix); every tick then reads the rows of
// its window from the result instead of recomputing them. Consecutive
// windows of an hourly rule with a one-day lookback overlap 23 hours out
// of 24, so this saves most of the per-row work of a replay. The prefixes
// of all the rules are computed on up to opt.Workers goroutines, one
// prefix each (a rule may have several: the account-takeover rule, alone
// in its phase, has four).
func (h *hunter) hoistAll(ctx context.Context, ps []*planned, opt Options) error {
	if !hoisting {
		return nil
	}
	var hs []hoisted
	for _, p := range ps {
		for _, x := range p.prog.Prefixes(TimeColumn, h.loaded) {
			hs = append(hs, hoisted{rule: p, prefix: x})
		}
	}
	sem := make(chan struct{}, max(opt.Workers, 1))
	var wg sync.WaitGroup
	for i := range hs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			hs[i].took = timed(opt.Clock, func() { hs[i].result, hs[i].err = hs[i].evaluate(ctx) })
		}()
	}
	wg.Wait()
	results := map[*planned]map[*kql.Prefix]table.Table{}
	var errs []error
	for _, x := range hs {
		x.rule.run.Hoisting += x.took
		if x.err != nil {
			errs = append(errs, x.err)
			continue
		}
		if results[x.rule] == nil {
			results[x.rule] = map[*kql.Prefix]table.Table{}
		}
		results[x.rule][x.prefix] = x.result
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	for p, r := range results {
		p.prog = p.prog.WithPrefixes(r)
	}
	return nil
}

// hoisted is one prefix of a rule's query and its result.
type hoisted struct {
	rule   *planned
	prefix *kql.Prefix
	result table.Table
	err    error
	took   time.Duration
}

// evaluate computes the prefix over its whole table.
func (x *hoisted) evaluate(ctx context.Context) (table.Table, error) {
	schema, parts, err := x.prefix.Evaluate(ctx)
	if err != nil {
		return nil, &RuleError{Rule: x.rule.rule, Query: x.rule.rule.QueryText(), Err: err}
	}
	return newTimeTableOn(x.prefix.Table().Name(), kql.HoistTime, schema, parts), nil
}

// loaded reports whether t is one of the hunt's time-sorted input tables
// (not the alert table of the second phase, which is rebuilt between
// phases).
func (h *hunter) loaded(t table.Table) bool {
	tt, ok := t.(*timeTable)
	return ok && tt.times != nil && h.tables[tt.name] == tt
}
