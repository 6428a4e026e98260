package exec

import (
	"strconv"
	"testing"

	"quarry/internal/column"
	"quarry/internal/kql/check"
)

// partsOp emits fixed batches from worker 0.
type partsOp struct{ parts []*column.Batch }

func (o *partsOp) run(_ *runtime, out sink) error {
	for _, b := range o.parts {
		if err := out(0, b); err != nil {
			return err
		}
	}
	return nil
}

// benchJoinSides returns a left side of 2400 sign-ins (AccountKey, Src,
// TimeGenerated) in two parts and a right side of 600 of them, the shape
// of the rule pack's `join kind=inner ... on AccountKey, Src`.
func benchJoinSides() (schema column.Schema, ls, rs *joinSide) {
	schema = column.Schema{{Name: "AccountKey", Type: column.String}, {Name: "Src", Type: column.String},
		{Name: "TimeGenerated", Type: column.DateTime}}
	part := func(n, from int) *column.Batch {
		b := column.NewBatch(schema, n)
		for i := from; i < from+n; i++ {
			b.AppendRow([]column.Value{column.StringValue("user" + strconv.Itoa(i%300) + "@contoso.com"),
				column.StringValue("10.0." + strconv.Itoa(i%7) + "." + strconv.Itoa(i%50)), column.DateTimeTicks(int64(i))})
		}
		return b
	}
	return schema, newJoinSide(schema, []*column.Batch{part(1200, 0), part(1200, 1200)}), newJoinSide(schema, []*column.Batch{part(600, 5)})
}

// BenchmarkJoin compares the hashed join with the generic one (encoded
// keys in a map) on one string key and on two.
func BenchmarkJoin(b *testing.B) {
	schema, ls, rs := benchJoinSides()
	for _, keys := range [][]int{{1}, {0, 1}} {
		o := &joinOp{node: &check.Join{Kind: check.JoinInner}, lkeys: keys, rkeys: keys, lout: []int{0, 1, 2}, rout: []int{2},
			lSch: schema, rSch: schema, schema: append(append(column.Schema{}, schema...), schema[2])}
		name := strconv.Itoa(len(keys)) + "keys"
		b.Run(name+"/hashed", func(b *testing.B) {
			lk, rk, _ := joinKeyCols(ls, o.lkeys, rs, o.rkeys)
			for b.Loop() {
				o.runHashed(ls, rs, lk, rk)
			}
		})
		b.Run(name+"/generic", func(b *testing.B) {
			for b.Loop() {
				li, ri := o.match(ls, rs)
				o.output(ls, rs, li, ri)
			}
		})
	}
}

// BenchmarkFilter runs `where n > 10 and not(s == "7")` over a batch, with
// and without recycling.
func BenchmarkFilter(b *testing.B) {
	for _, recycle := range []bool{true, false} {
		b.Run(map[bool]string{true: "recycled", false: "generic"}[recycle], func(b *testing.B) {
			pred := &logicEval{and: true, generic: !recycle, args: []evaluator{
				&cmpConstEval{op: ">", x: &colEval{idx: 0}, k: column.LongValue(10)},
				&notEval{x: &cmpConstEval{op: "==", x: &colEval{idx: 1}, k: column.StringValue("7")}, recycle: recycle},
			}}
			schema := column.Schema{{Name: "n", Type: column.Long}, {Name: "s", Type: column.String}}
			in := column.NewBatch(schema, batchSize)
			for i := 0; i < batchSize; i++ {
				in.AppendRow([]column.Value{column.LongValue(int64(i)), column.StringValue(strconv.Itoa(i % 100))})
			}
			f := &filterOp{in: &partsOp{parts: []*column.Batch{in}}, pred: pred, recycle: recycle}
			rt := &runtime{}
			sink := func(int, *column.Batch) error { return nil }
			for b.Loop() {
				_ = f.run(rt, sink)
			}
		})
	}
}
