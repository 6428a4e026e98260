package exec

import (
	"quarry/internal/column"
	"quarry/internal/kql/check"
)

// unionOp runs its legs one after the other, mapping each leg's batches
// to the union's columns.
type unionOp struct {
	legs   []unionLeg
	schema column.Schema
	source bool
}

type unionLeg struct {
	in    operator
	cols  []int // input column per output column, -1 for null
	label string
}

func (rt *runtime) buildUnion(x *check.Union) (operator, error) {
	o := &unionOp{schema: x.Schema(), source: x.Source != ""}
	for _, l := range x.Legs {
		in, err := rt.build(l.In)
		if err != nil {
			return nil, err
		}
		s := l.In.Schema()
		leg := unionLeg{in: in, label: l.Label}
		for _, c := range l.Cols {
			leg.cols = append(leg.cols, indexOrMinus(s, c))
		}
		o.legs = append(o.legs, leg)
	}
	return o, nil
}

func indexOrMinus(s column.Schema, name string) int {
	if name == "" {
		return -1
	}
	return s.Index(name)
}

func (o *unionOp) run(rt *runtime, out sink) error {
	fields := o.schema
	if o.source {
		fields = fields[1:]
	}
	for _, l := range o.legs {
		err := l.in.run(rt, func(w int, b *column.Batch) error {
			mb := &column.Batch{Schema: o.schema, Len: b.Len}
			if o.source {
				mb.Cols = append(mb.Cols, column.Constant(column.StringValue(l.label), b.Len))
			}
			for i, c := range l.cols {
				if c < 0 {
					mb.Cols = append(mb.Cols, nullVector(fields[i].Type, b.Len))
				} else {
					mb.Cols = append(mb.Cols, conform(b.Cols[c], fields[i].Type))
				}
			}
			return out(w, mb)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
