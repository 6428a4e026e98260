package exec

import (
	"fmt"

	"quarry/internal/column"
	"quarry/internal/kql/check"
)

// rangeOp generates range Name from From to To step Step.
type rangeOp struct {
	node           *check.Range
	from, to, step evaluator
}

func (rt *runtime) buildRange(x *check.Range) (operator, error) {
	evs, err := rt.compileAll([]check.Expr{x.From, x.To, x.Step}, nil)
	if err != nil {
		return nil, err
	}
	return &rangeOp{node: x, from: evs[0], to: evs[1], step: evs[2]}, nil
}

// maxRangeRows bounds the size of a generated range.
const maxRangeRows = 100_000_000

func (o *rangeOp) run(rt *runtime, out sink) error {
	one := &column.Batch{Len: 1}
	var vals [3]column.Value
	for i, ev := range []evaluator{o.from, o.to, o.step} {
		op, err := ev.eval(rt, one)
		if err != nil {
			return err
		}
		vals[i] = op.at(0)
	}
	if vals[0].IsNull() || vals[1].IsNull() || vals[2].IsNull() {
		return nil
	}
	if o.node.T == column.Real {
		return o.runReal(vals, out)
	}
	return o.runInts(vals, out)
}

func (o *rangeOp) runInts(vals [3]column.Value, out sink) error {
	from, to, step := vals[0].I, vals[1].I, vals[2].I
	if step == 0 {
		return fmt.Errorf("range: step must not be zero")
	}
	schema := o.node.Schema()
	b := column.NewBatch(schema, batchSize)
	n := 0
	for v := from; (step > 0 && v <= to) || (step < 0 && v >= to); v += step {
		if n++; n > maxRangeRows {
			return fmt.Errorf("range: more than %d rows", maxRangeRows)
		}
		b.Cols[0].Ints = append(b.Cols[0].Ints, v)
		if b.Len++; b.Len == batchSize {
			if err := out(0, b); err != nil {
				return err
			}
			b = column.NewBatch(schema, batchSize)
		}
	}
	return emitChunks(b, out)
}

func (o *rangeOp) runReal(vals [3]column.Value, out sink) error {
	f := func(v column.Value) float64 {
		if v.Type.UsesReals() {
			return v.F
		}
		return float64(v.I)
	}
	from, to, step := f(vals[0]), f(vals[1]), f(vals[2])
	if step == 0 {
		return fmt.Errorf("range: step must not be zero")
	}
	b := column.NewBatch(o.node.Schema(), 0)
	for i := 0; ; i++ {
		v := from + float64(i)*step
		if (step > 0 && v > to) || (step < 0 && v < to) || i > maxRangeRows {
			break
		}
		b.Cols[0].Reals = append(b.Cols[0].Reals, v)
		b.Len++
	}
	return emitChunks(b, out)
}
