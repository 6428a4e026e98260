package exec

import (
	"fmt"

	"quarry/internal/column"
	"quarry/internal/kql/check"
	"quarry/internal/table"
)

// build compiles a plan node into an operator.
func (rt *runtime) build(n check.Node) (operator, error) {
	switch x := n.(type) {
	case *check.Scan:
		if m := rt.sharedScans[x]; m != nil {
			return &sharedSourceOp{m: m}, nil
		}
		return &scanOp{t: x.Table, cols: x.Columns, schema: x.Schema()}, nil
	case *check.Values:
		return &valuesOp{node: x}, nil
	case *check.Range:
		return rt.buildRange(x)
	case *check.Filter:
		return rt.buildFilter(x)
	case *check.Project:
		return rt.buildProject(x)
	case *check.Summarize:
		if m := rt.shared[x]; m != nil {
			return rt.buildSharedAgg(m)
		}
		return rt.buildSummarize(x)
	case *check.Sort:
		return rt.buildSort(x.In, x.Keys, nil)
	case *check.Top:
		return rt.buildSort(x.In, x.Keys, x.N)
	case *check.Take:
		return rt.buildTake(x)
	case *check.Sample:
		return rt.buildSample(x)
	case *check.Union:
		return rt.buildUnion(x)
	case *check.Join:
		return rt.buildJoin(x)
	case *check.MvExpand:
		return rt.buildMvExpand(x)
	case *check.Parse:
		return rt.buildParse(x)
	case *check.Materialize:
		return rt.buildMaterialize(x)
	case *check.MvApply:
		return rt.buildMvApply(x)
	case *check.MakeSeries:
		return rt.buildMakeSeries(x)
	case *check.ApplyRow:
		if rt.applyRow == nil {
			return nil, fmt.Errorf("internal error: mv-apply row source outside mv-apply")
		}
		return rt.applyRow, nil
	}
	return nil, fmt.Errorf("internal error: operator %T cannot be executed", n)
}

// scanOp reads a table; emit is called from the table's workers.
type scanOp struct {
	t      table.Table
	cols   []string
	schema column.Schema
}

func (o *scanOp) run(rt *runtime, out sink) error {
	req := table.ScanRequest{Columns: o.cols, Workers: rt.workers, BadRecord: rt.badRecord}
	return o.t.Scan(rt.ctx, req, func(w int, b *column.Batch) error {
		if b.Len == 0 {
			return nil
		}
		return out(w, b)
	})
}

// valuesOp emits a constant table.
type valuesOp struct{ node *check.Values }

func (o *valuesOp) run(rt *runtime, out sink) error {
	b := column.NewBatch(o.node.Fields, len(o.node.Rows))
	for _, row := range o.node.Rows {
		for c, v := range row {
			appendValue(b.Cols[c], v)
		}
		b.Len++
	}
	return emitChunks(b, out)
}

// materializeOp replays a result computed once per run.
type materializeOp struct {
	id     int
	in     operator
	schema column.Schema
	// parallel: the input has no meaningful row order (it comes out of a
	// summarize), so the replay is spread over the workers (replay.go).
	parallel bool
}

func (rt *runtime) buildMaterialize(x *check.Materialize) (operator, error) {
	in, err := rt.build(x.In)
	if err != nil {
		return nil, err
	}
	return &materializeOp{id: x.ID, in: in, schema: x.Schema(), parallel: unordered(x.In)}, nil
}

func (o *materializeOp) run(rt *runtime, out sink) error {
	rt.mu.Lock()
	ob, ok := rt.mats[o.id]
	if !ok {
		ob = &onceBatch{}
		rt.mats[o.id] = ob
	}
	rt.mu.Unlock()
	// The result is kept as the batches the input emitted, not
	// concatenated: a cached let of millions of rows is neither copied nor
	// held twice.
	ob.once.Do(func() { ob.parts, ob.err = rt.collectParts(o.in) })
	if ob.err != nil {
		return ob.err
	}
	if o.parallel && rt.workers > 1 {
		return replayParallel(rt, ob.parts, out)
	}
	for _, b := range ob.parts {
		if err := emitChunks(b, out); err != nil {
			return err
		}
	}
	return nil
}
