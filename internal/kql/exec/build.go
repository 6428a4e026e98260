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
}

func (rt *runtime) buildMaterialize(x *check.Materialize) (operator, error) {
	in, err := rt.build(x.In)
	if err != nil {
		return nil, err
	}
	return &materializeOp{id: x.ID, in: in, schema: x.Schema()}, nil
}

func (o *materializeOp) run(rt *runtime, out sink) error {
	rt.mu.Lock()
	ob, ok := rt.mats[o.id]
	if !ok {
		ob = &onceBatch{}
		rt.mats[o.id] = ob
	}
	rt.mu.Unlock()
	ob.once.Do(func() { ob.batch, ob.err = rt.collect(o.in, o.schema) })
	if ob.err != nil {
		return ob.err
	}
	return emitChunks(ob.batch, out)
}
