package exec

import (
	"context"
	"errors"
	"fmt"
	goruntime "runtime"
	"sync"
	"time"

	"quarry/internal/column"
	"quarry/internal/kql/check"
	"quarry/internal/kql/funcs"
	"quarry/internal/kql/plan"
	"quarry/internal/table"
)

// Options configure one run.
type Options struct {
	Now       time.Time
	Workers   int
	BadRecord func(table.BadRecord) error
}

// batchSize is the number of rows per batch produced by the engine's own
// sources (datatable, range, blocking operators).
const batchSize = 4096

// sink receives output batches; it may be called concurrently by
// different workers (never twice at once for the same worker).
type sink func(worker int, b *column.Batch) error

// operator is a compiled plan node.
type operator interface {
	run(rt *runtime, out sink) error
}

// runtime is the state shared by the operators of one run.
type runtime struct {
	ctx       context.Context
	plan      *plan.Plan // the plan being run (its sub-queries are planned once)
	fctx      *funcs.Context
	workers   int
	badRecord func(table.BadRecord) error

	mu      *sync.Mutex // guards mats and scalars
	mats    map[int]*onceBatch
	scalars map[check.Expr]*onceValue
	// applyRow is the current input row of the mv-apply subquery being
	// built or run with this runtime (see op_mvapply.go); nil elsewhere.
	applyRow *applyRowOp
	// building is the tree being built (reuse.go); subOps the operators
	// of the running tree's sub-queries (builtTree.subOps).
	building *builtTree
	subOps   map[check.Expr]operator
	// shared lists the summarizes that share one scan of their table
	// (sharedscan.go), by node; sharedScans their scans.
	shared      map[*check.Summarize]*sharedMember
	sharedScans map[*check.Scan]*sharedMember
}

// onceBatch caches a materialized result.
type onceBatch struct {
	once  sync.Once
	parts []*column.Batch
	err   error
}

// onceValue caches the value of a sub-query expression.
type onceValue struct {
	once sync.Once
	val  column.Value
	err  error
	// A tabular in-list's value is its first column (list; nil for a
	// result without columns), boxed into val's dynamic array only when a
	// caller asks for it (boxed): the hash path of `x in (T)` reads the
	// column itself (inQueryEval).
	list  *column.Vector
	n     int // rows of list
	boxed sync.Once
}

// Run executes p and returns every result row in one batch.
func Run(ctx context.Context, p *plan.Plan, opt Options) (*column.Batch, error) {
	parts, err := RunParts(ctx, p, opt)
	if err != nil {
		return nil, err
	}
	return concat(p.Root.Schema(), parts), nil
}

// RunParts executes p and returns its non-empty result batches in the
// order Run concatenates them, without the copy into one batch: for a
// result that is kept (a hunt's hoisted prefix), not rendered.
func RunParts(ctx context.Context, p *plan.Plan, opt Options) (parts []*column.Batch, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: %v", r)
		}
	}()
	workers := opt.Workers
	if workers <= 0 {
		workers = goruntime.NumCPU()
	}
	rt := &runtime{
		ctx: ctx, plan: p, fctx: &funcs.Context{Now: opt.Now}, workers: workers, badRecord: opt.BadRecord,
		mu: &sync.Mutex{}, mats: map[int]*onceBatch{}, scalars: map[check.Expr]*onceValue{},
	}
	rt.shared = findSharedScans(p.Root)
	if rt.shared != nil {
		rt.sharedScans = map[*check.Scan]*sharedMember{}
		for _, m := range rt.shared {
			rt.sharedScans[m.scan] = m
		}
	}
	tree, err := rt.tree(p)
	if err != nil {
		return nil, err
	}
	rt.subOps = tree.subOps
	parts, err = rt.collectParts(tree.op)
	if err == nil && tree.reusable {
		p.Built.Put(tree)
	}
	return parts, err
}

// collect runs op and concatenates its output into one batch. Batches
// from worker 0 come first, in arrival order, then those of worker 1, ...
func (rt *runtime) collect(op operator, schema column.Schema) (*column.Batch, error) {
	all, err := rt.collectParts(op)
	if err != nil {
		return nil, err
	}
	return concat(schema, all), nil
}

// collectParts runs op and returns its non-empty output batches in the
// order collect concatenates them.
func (rt *runtime) collectParts(op operator) ([]*column.Batch, error) {
	parts := make([][]*column.Batch, rt.workers)
	var mu sync.Mutex
	err := op.run(rt, func(w int, b *column.Batch) error {
		if b.Len == 0 {
			return nil
		}
		mu.Lock()
		if w >= len(parts) {
			parts = append(parts, make([][]*column.Batch, w+1-len(parts))...)
		}
		parts[w] = append(parts[w], b)
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	var all []*column.Batch
	for _, p := range parts {
		all = append(all, p...)
	}
	return all, nil
}

// errStopped is returned by sinks that need no more input (take).
type stopError struct{}

func (*stopError) Error() string { return "stop" }

// isStop reports whether err is the stop signal s.
func isStop(err error, s *stopError) bool {
	var target *stopError
	return errors.As(err, &target) && target == s
}
