package hunt

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"sync"

	"quarry/internal/column"
	"quarry/internal/table"
)

// sharedLoad loads a hunt's tables reading each table once. A source
// table that several readers need (the rules, and the views built from
// it) is scanned once into a store, with the union of the columns and
// fields they read; a derived table (a view) is built once, from its
// sources as the load serves them, with the columns the rules and the
// views over it read. What the views read is learnt before any data is,
// by building them from recorders (probeView). Every table the rules
// read then comes from those, as materialize would make it; the stores
// and builds are dropped with the load.
type sharedLoad struct {
	parts map[string]*part // by table name
	wg    sync.WaitGroup   // the stores' scans and the builds
}

// part is one table of a shared load.
type part struct {
	t     table.Table
	need  map[string]bool // the rules' columns; nil when no rule reads t
	d     table.Derived   // t, when derived
	views reads           // source: what the views read of it

	// derived: the columns to build (the rules' and the views'), grown
	// until the plan settles, what was probed, and what the last probe
	// read of each source
	want   reads
	probed string
	reads  map[string]*recorder

	store *store   // source with several readers
	built *pending // derived
}

// planLoad plans the shared load of the tables the rules read: need maps
// table names to the columns the rules read of them.
func planLoad(ctx context.Context, full table.Catalog, need map[string]map[string]bool) (*sharedLoad, error) {
	l := &sharedLoad{parts: map[string]*part{}}
	for _, name := range sortedNames(keysOf(need)) {
		if name == AlertTable {
			continue
		}
		t, ok := full.Lookup(name)
		if !ok {
			return nil, fmt.Errorf("table %s: not in the catalog", name)
		}
		p := l.part(t)
		p.need = need[name]
		if p.d != nil {
			cols, _ := huntColumns(t.Schema(), p.need)
			p.want.add(cols, nil)
		}
	}
	if err := l.probe(ctx); err != nil {
		return nil, err
	}
	if err := l.acyclic(); err != nil {
		return nil, err
	}
	l.gather()
	return l, nil
}

// part returns the part of t, added if new; nil when another table of
// the same name has it (then t is read as it is, unshared).
func (l *sharedLoad) part(t table.Table) *part {
	p := l.parts[t.Name()]
	if p == nil {
		p = &part{t: t}
		p.d, _ = t.(table.Derived)
		l.parts[t.Name()] = p
	}
	if !sameTable(p.t, t) {
		return nil
	}
	return p
}

// sameTable reports whether a and b are one table (false for tables of
// a type == cannot compare, rather than a panic).
func sameTable(a, b table.Table) bool {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	return va.Type() == vb.Type() && va.Comparable() && a == b
}

// sorted returns the parts in name order.
func (l *sharedLoad) sorted() []*part {
	out := make([]*part, 0, len(l.parts))
	for _, name := range sortedNames(keysOf(l.parts)) {
		out = append(out, l.parts[name])
	}
	return out
}

// probe builds every derived table from recorders until what they read
// settles: a view over another view makes that one build more columns,
// for which it may read more.
func (l *sharedLoad) probe(ctx context.Context) error {
	for changed := true; changed; {
		changed = false
		for _, p := range l.sorted() {
			if p.d == nil {
				continue
			}
			cols := p.buildColumns()
			key := fmt.Sprint(cols == nil, cols)
			if p.reads != nil && key == p.probed {
				continue
			}
			recs, err := probeView(ctx, p.d, cols)
			if err != nil {
				return err
			}
			p.reads, p.probed, changed = recs, key, true
			for _, r := range recs {
				if q := l.part(r.t); q != nil && q.d != nil {
					q.want.merge(&r.r)
				}
			}
		}
	}
	return nil
}

// buildColumns returns the columns to build a derived table with, sorted
// (nil: all of them).
func (p *part) buildColumns() []string {
	if p.want.all {
		return nil
	}
	out := []string{}
	for c := range p.want.cols {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// acyclic fails when derived tables read each other in a cycle: their
// builds would wait for each other forever.
func (l *sharedLoad) acyclic() error {
	state := map[*part]int{} // 1: being visited, 2: done
	var visit func(p *part) error
	visit = func(p *part) error {
		switch state[p] {
		case 1:
			return fmt.Errorf("table %s: derived from itself", p.t.Name())
		case 2:
			return nil
		}
		state[p] = 1
		for _, r := range p.reads {
			if q := l.part(r.t); q != nil && q.d != nil {
				if err := visit(q); err != nil {
					return err
				}
			}
		}
		state[p] = 2
		return nil
	}
	for _, p := range l.sorted() {
		if err := visit(p); err != nil {
			return err
		}
	}
	return nil
}

// gather adds up what the derived tables' builds read of each source.
func (l *sharedLoad) gather() {
	for _, p := range l.sorted() {
		for _, r := range p.reads {
			if q := l.part(r.t); q != nil && q.d == nil {
				q.views.merge(&r.r)
			}
		}
	}
}

// readers returns the number of scans of a source table: the rules' and
// the views'.
func (p *part) readers() int {
	n := p.views.scans
	if p.need != nil {
		n++
	}
	return n
}

// storeColumns returns the columns a source's store holds: the rules'
// (all when they read none; see huntColumns) and the views'.
func (p *part) storeColumns() []string {
	var r reads
	r.merge(&p.views)
	if p.need != nil {
		cols, _ := huntColumns(p.t.Schema(), p.need)
		r.add(cols, nil)
	}
	return r.columns(p.t.Schema())
}

// start runs the builds of the derived tables and the scans of the
// sources with several readers, in the background (l.wg); a source read
// once is read by its reader, as it would be without sharing.
func (l *sharedLoad) start(ctx context.Context) {
	stores := 0
	for _, p := range l.parts {
		switch {
		case p.d != nil:
			p.built = &pending{d: p.d, cols: p.buildColumns(), done: make(chan struct{})}
		case p.readers() > 1:
			p.store = newStore(p.t, p.storeColumns(), p.views.fieldList())
			stores++
		}
	}
	for _, p := range l.parts {
		switch {
		case p.built != nil:
			l.wg.Go(func() { p.built.run(ctx, l.with, stores+1) })
		case p.store != nil:
			l.wg.Go(func() { p.store.load(ctx) })
		}
	}
}

// with is what a derived table's build reads for its source t: t's
// store or build, or t itself when the load does not share it.
func (l *sharedLoad) with(t table.Table) table.Table {
	p := l.parts[t.Name()]
	switch {
	case p == nil || !sameTable(p.t, t):
		return t
	case p.built != nil:
		return p.built
	case p.store != nil && !p.store.tainted():
		return p.store.table()
	}
	return t
}

// huntTable returns the hunt's table name, as materialize would make it.
func (l *sharedLoad) huntTable(ctx context.Context, full table.Catalog, name string) (*timeTable, error) {
	p := l.parts[name]
	switch {
	case p.built != nil:
		t, err := p.built.wait(ctx)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", name, err)
		}
		cols, fields := huntColumns(p.t.Schema(), p.need) // the build may hold them in any order
		return fill(ctx, t, name, cols, fields)
	case p.store != nil:
		tt, err := p.store.huntTable(ctx, name, p.need)
		if !errors.Is(err, errTainted) {
			return tt, err
		}
	}
	return materialize(ctx, full, name, p.need)
}

// names returns the tables the rules read, sorted.
func (l *sharedLoad) names() []string {
	var out []string
	for _, p := range l.sorted() {
		if p.need != nil {
			out = append(out, p.t.Name())
		}
	}
	return out
}

// loadShared is load reading every table once (sharedLoad).
func (h *hunter) loadShared(ctx context.Context, full table.Catalog, need map[string]map[string]bool) error {
	l, err := planLoad(ctx, full, need)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	l.start(ctx)
	names := l.names()
	loaded := make([]*timeTable, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() {
			if loaded[i], errs[i] = l.huntTable(ctx, full, name); errs[i] != nil {
				cancel()
			}
		})
	}
	wg.Wait()
	cancel() // what is still running has no reader left
	l.wg.Wait()
	if err := firstError(errs); err != nil {
		return err
	}
	for i, name := range names {
		h.tables[name] = loaded[i]
		h.catalog.Add(loaded[i])
	}
	return nil
}

// firstError returns the first of errs that is not a cancellation (which
// another error may have caused), else any.
func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
	}
	return errors.Join(errs...)
}

// pending is a derived table built once for a hunt, from its sources as
// the load serves them (sharedLoad.with); scans wait for the build.
type pending struct {
	d    table.Derived
	cols []string // nil: all
	done chan struct{}
	t    table.Table
	err  error
}

// run builds the table. A build that meets a tainted store runs again,
// then reading that source itself (with does), up to tries times.
func (b *pending) run(ctx context.Context, with func(table.Table) table.Table, tries int) {
	defer close(b.done)
	for range tries {
		b.t, b.err = b.d.BuildWith(ctx, with, b.cols)
		if !errors.Is(b.err, errTainted) {
			return
		}
	}
}

// wait returns the built table.
func (b *pending) wait(ctx context.Context) (table.Table, error) {
	select {
	case <-b.done:
		return b.t, b.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Name returns the derived table's name.
func (b *pending) Name() string { return b.d.Name() }

// Schema returns the derived table's columns.
func (b *pending) Schema() column.Schema { return b.d.Schema() }

// Scan waits for the build and scans it, or scans the derived table
// itself for columns the build lacks.
func (b *pending) Scan(ctx context.Context, req table.ScanRequest, emit func(int, *column.Batch) error) error {
	t, err := b.wait(ctx)
	if err != nil {
		return err
	}
	if req.Columns == nil {
		req.Columns = b.Schema().Names()
	}
	if _, _, err := project(t.Schema(), req.Columns); err != nil {
		return b.d.Scan(ctx, req, emit)
	}
	return t.Scan(ctx, req, emit)
}
