package exec

import (
	"reflect"
	"sync"

	"quarry/internal/column"
	"quarry/internal/kql/check"
	"quarry/internal/table"
)

// Shared scans (a fast path of the executor).
//
// A query often aggregates one table twice: join.kql summarizes the
// failures and the successes of SigninLogs and joins them; each side is
// `SigninLogs | where ... | summarize ...`. Run as written, the table is
// read and decoded twice. When two or more summarize operators of one run
// each sit on a chain of streaming operators (where, extend/project
// without window functions, parse, mv-expand) over a scan of the same
// table, the executor reads the table once instead: one scan of the union
// of their columns feeds every batch to each summarize's chain (each gets
// a batch of its own scan's columns, sharing the vectors, which no
// operator modifies), all summarizes fold in the scanning workers, and
// each result is kept until its operator runs and replays it. Every
// summarize computes exactly what it would alone, so results do not
// change; memory is that of the summarize results, which a join would
// collect anyway.
//
// Tables held in memory (table.Resident) are scanned by each summarize on
// its own: nothing is decoded, so sharing saves nothing, and a tree with
// shared scans is built again at every run (reuse.go).
//
// Chains whose expressions use sub-queries (toscalar, in (T)) are left
// alone (a sub-query may itself wait on a materialized result that waits on
// the shared scan), and so are operators inside mv-apply sub-queries
// (run per row on a copy of the runtime) and inside toscalar.

// sharedGroup is the set of summarizes fed by one shared scan.
type sharedGroup struct {
	table   table.Table
	cols    []string // union of the members' columns, in table order
	schema  column.Schema
	members []*sharedMember

	once    sync.Once
	ready   sync.WaitGroup // one Done per member, when its sink is known
	done    chan struct{}  // closed when the scan has finished
	scanErr error
}

// sharedMember is one summarize of a group.
type sharedMember struct {
	g      *sharedGroup
	node   *check.Summarize
	scan   *check.Scan
	idx    []int // positions of the member's scan columns in the group's batches
	schema column.Schema

	op       operator // the summarize, built over a sharedSourceOp
	buildErr error
	built    sync.Once
	register sync.Once
	sink     sink
	result   *column.Batch
	err      error
}

// findSharedScans returns the members of every group of two or more
// summarizes over the same table in root's tree, keyed by their nodes.
func findSharedScans(root check.Node) map[*check.Summarize]*sharedMember {
	byTable := map[table.Table][]*sharedMember{}
	var order []table.Table
	seen := map[check.Node]bool{}
	var walk func(n check.Node)
	walk = func(n check.Node) {
		if n == nil || seen[n] {
			return
		}
		seen[n] = true
		if s, ok := n.(*check.Summarize); ok {
			if sc := streamingScan(s); sc != nil && reflect.TypeOf(sc.Table).Comparable() && !table.IsResident(sc.Table) {
				if _, known := byTable[sc.Table]; !known {
					order = append(order, sc.Table)
				}
				byTable[sc.Table] = append(byTable[sc.Table], &sharedMember{node: s, scan: sc})
				return // the chain below holds no other summarize
			}
		}
		for _, in := range check.Inputs(n) { // not mv-apply's Sub, nor sub-queries
			walk(in)
		}
	}
	walk(root)
	var out map[*check.Summarize]*sharedMember
	for _, t := range order {
		ms := byTable[t]
		if len(ms) < 2 {
			continue
		}
		g := &sharedGroup{table: t, members: ms}
		need := map[string]bool{}
		all := false
		for _, m := range ms {
			if m.scan.Columns == nil {
				all = true
			}
			for _, c := range m.scan.Columns {
				need[c] = true
			}
		}
		for _, f := range t.Schema() {
			if all || need[f.Name] {
				g.cols = append(g.cols, f.Name)
				g.schema = append(g.schema, f)
			}
		}
		if out == nil {
			out = map[*check.Summarize]*sharedMember{}
		}
		for _, m := range ms {
			m.g = g
			m.schema = m.scan.Schema()
			for _, f := range m.schema {
				m.idx = append(m.idx, g.schema.Index(f.Name))
			}
			out[m.node] = m
		}
	}
	return out
}

// streamingScan returns the scan below s when only streaming operators
// without sub-queries lie between them, or nil.
func streamingScan(s *check.Summarize) *check.Scan {
	if usesSubquery(check.NodeExprs(s)) {
		return nil
	}
	n := s.In
	for {
		switch x := n.(type) {
		case *check.Scan:
			return x
		case *check.Filter, *check.Parse, *check.MvExpand:
		case *check.Project:
			if x.Window {
				return nil
			}
		default:
			return nil
		}
		if usesSubquery(check.NodeExprs(n)) {
			return nil
		}
		n = check.Inputs(n)[0]
	}
}

// usesSubquery reports whether an expression holds toscalar or a tabular
// in-list.
func usesSubquery(es []check.Expr) bool {
	found := false
	for _, e := range es {
		check.Walk(e, func(x check.Expr) bool {
			switch x.(type) {
			case *check.ScalarQuery, *check.ListQuery:
				found = true
			}
			return !found
		})
	}
	return found
}

// sharedAggOp replays the result of a member's summarize, computing the
// whole group on first use.
type sharedAggOp struct{ m *sharedMember }

// sharedSourceOp stands for a member's scan: it hands its sink to the
// group and returns when the shared scan is over.
type sharedSourceOp struct{ m *sharedMember }

func (rt *runtime) buildSharedAgg(m *sharedMember) (operator, error) {
	m.built.Do(func() { m.op, m.buildErr = rt.buildSummarize(m.node) })
	if m.buildErr != nil {
		return nil, m.buildErr
	}
	return &sharedAggOp{m: m}, nil
}

func (o *sharedAggOp) run(rt *runtime, out sink) error {
	g := o.m.g
	g.once.Do(func() { g.compute(rt) })
	if o.m.err != nil {
		return o.m.err
	}
	return emitChunks(o.m.result, out)
}

// compute runs every member's summarize concurrently; their sources wait
// for the one scan that feeds them all.
func (g *sharedGroup) compute(rt *runtime) {
	g.done = make(chan struct{})
	g.ready.Add(len(g.members))
	var wg sync.WaitGroup
	for _, m := range g.members {
		if m.op == nil { // never built: nothing will consume it
			m.register.Do(g.ready.Done)
			continue
		}
		wg.Go(func() {
			m.result, m.err = rt.collect(m.op, m.node.Schema())
			m.register.Do(g.ready.Done) // returned without reaching its source
		})
	}
	g.ready.Wait()
	req := table.ScanRequest{Columns: g.cols, Workers: rt.workers, BadRecord: rt.badRecord}
	g.scanErr = g.table.Scan(rt.ctx, req, func(w int, b *column.Batch) error {
		if b.Len == 0 {
			return nil
		}
		for _, m := range g.members {
			if m.sink == nil {
				continue
			}
			sub := &column.Batch{Schema: m.schema, Cols: make([]*column.Vector, len(m.idx)), Len: b.Len}
			for i, j := range m.idx {
				sub.Cols[i] = b.Cols[j]
			}
			if err := m.sink(w, sub); err != nil {
				return err
			}
		}
		return nil
	})
	close(g.done)
	wg.Wait()
}

func (o *sharedSourceOp) run(_ *runtime, out sink) error {
	m := o.m
	m.register.Do(func() {
		m.sink = out
		m.g.ready.Done()
	})
	<-m.g.done
	return m.g.scanErr
}
