package funcs

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"quarry/internal/column"
)

// percentile(X, p), percentiles(X, p1, p2, ...) and percentiles_array(X,
// p1, ...). quarry keeps every value and computes the exact nearest-rank
// percentile (the method Kusto's estimate targets: Q/percentiles-aggfunction
// "nearest-rank percentile"; Kusto itself uses a T-Digest estimate, so on
// large inputs results can differ slightly). The result has the input's type.
// Output names: percentile_X_95, percentile_X_99_9.

func init() {
	registerAggregate(&Aggregate{Name: "percentile", Outputs: pctOutputs("percentile", false), New: newPct})
	registerAggregate(&Aggregate{Name: "percentiles", Outputs: pctOutputs("percentiles", false), New: newPct})
	registerAggregate(&Aggregate{Name: "percentiles_array", Outputs: pctOutputs("percentiles_array", true), New: newPctArray})
}

// pctArgs reads the constant percentile arguments (a dynamic array of them
// is flattened), with their output name suffixes.
func pctArgs(args []Arg) ([]float64, []string, error) {
	ps, err := appendPcts(nil, args)
	if err != nil {
		return nil, nil, err
	}
	names := make([]string, len(ps))
	for i, f := range ps {
		names[i] = strings.ReplaceAll(strconv.FormatFloat(f, 'f', -1, 64), ".", "_")
	}
	return ps, names, nil
}

// appendPcts appends the constant percentile arguments to ps.
func appendPcts(ps []float64, args []Arg) ([]float64, error) {
	for _, a := range args[1:] {
		if a.Const == nil {
			return nil, fmt.Errorf("percentile arguments must be constants")
		}
		var err error
		if arr, ok := dynArray(*a.Const); ok {
			for _, d := range arr {
				if ps, err = appendPct(ps, column.DynamicValue(d)); err != nil {
					return nil, err
				}
			}
		} else if ps, err = appendPct(ps, *a.Const); err != nil {
			return nil, err
		}
	}
	return ps, nil
}

// appendPct checks one percentile and appends it to ps.
func appendPct(ps []float64, v column.Value) ([]float64, error) {
	f, ok := asReal(v)
	if !ok || f < 0 || f > 100 {
		return nil, fmt.Errorf("percentile must be a number between 0 and 100, got %s", v.Text())
	}
	return append(ps, f), nil
}

func pctOutputs(name string, array bool) func([]Arg) ([]column.Field, error) {
	return func(args []Arg) ([]column.Field, error) {
		if len(args) < 2 || name == "percentile" && len(args) != 2 {
			if name == "percentile" {
				return nil, arityError(name, 2, 2, len(args))
			}
			return nil, arityError(name, 2, -1, len(args))
		}
		t := args[0].Type
		if !t.IsNumeric() && t != column.DateTime && t != column.TimeSpan && t != column.Dynamic && t != column.Invalid {
			return nil, fmt.Errorf("function '%s' expects numeric, datetime or timespan values, got %s", name, t)
		}
		_, names, err := pctArgs(args)
		if err != nil {
			return nil, err
		}
		if array {
			return []column.Field{{Name: "percentiles_" + args[0].Name, Type: column.Dynamic}}, nil
		}
		out := make([]column.Field, len(names))
		for i, n := range names {
			out[i] = column.Field{Name: "percentile_" + args[0].Name + "_" + n, Type: pctType(t)}
		}
		return out, nil
	}
}

func pctType(t column.Type) column.Type {
	if t == column.Dynamic || t == column.Invalid {
		return column.Real
	}
	return t
}

// pctAcc keeps a group's values. A single percentile (ps) is held in p1,
// and its result in res.
type pctAcc struct {
	vals  []column.Value
	ps    []float64
	p1    [1]float64
	res   result1
	t     column.Type
	array bool
}

func newPct(args []Arg) Accumulator {
	p := &pctAcc{t: pctType(args[0].Type)}
	p.ps, _ = appendPcts(p.p1[:0], args)
	return p
}

func newPctArray(args []Arg) Accumulator {
	a := newPct(args).(*pctAcc)
	a.array = true
	return a
}

func (p *pctAcc) Add(a []column.Value) {
	v := a[0]
	if v.IsNull() {
		return
	}
	if v.Type != p.t {
		f, ok := asReal(v)
		if !ok || math.IsNaN(f) {
			return
		}
		v = column.Value{Type: p.t, F: f, I: int64(f)}
	}
	p.vals = append(p.vals, v)
}

func (p *pctAcc) Merge(o Accumulator) { p.vals = append(p.vals, o.(*pctAcc).vals...) }

func (p *pctAcc) Result() []column.Value {
	sort.Slice(p.vals, func(i, j int) bool {
		c, _ := compareValues(p.vals[i], p.vals[j])
		return c < 0
	})
	if len(p.ps) == 1 && !p.array {
		return p.res.set(nearestRank(p.vals, p.ps[0], p.t))
	}
	out := make([]column.Value, len(p.ps))
	for i, q := range p.ps {
		out[i] = nearestRank(p.vals, q, p.t)
	}
	if p.array {
		arr := make([]any, len(out))
		for i, v := range out {
			arr[i] = v.Payload()
		}
		return []column.Value{column.DynamicValue(arr)}
	}
	return out
}

// nearestRank returns the value at rank ceil(q/100 * n) (1-based) of the
// sorted values; q = 0 gives the minimum.
func nearestRank(sorted []column.Value, q float64, t column.Type) column.Value {
	n := len(sorted)
	if n == 0 {
		return column.NullOf(t)
	}
	r := int(math.Ceil(q / 100 * float64(n)))
	r = max(1, min(r, n))
	return sorted[r-1]
}
