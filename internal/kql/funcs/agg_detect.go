package funcs

import (
	"math"
	"sort"

	"quarry/internal/column"
)

// Detection aggregates (quarry extensions, not in Kusto):
//
//   - mad(X): the median absolute deviation of X, median(|X - median(X)|),
//     unscaled. With the median it gives the robust modified z-score of
//     Iglewicz and Hoaglin, 0.6745 * (x - median) / MAD, which outliers do
//     not inflate the way they inflate a standard deviation.
//   - madif(X, predicate): mad over the rows where predicate is true.
//
// Both keep at most madLimit values per group (a deterministic stride
// sample beyond that), so memory stays bounded over long windows; a
// baseline of hourly sums over 14 days holds 336 values per entity.

const madLimit = 1 << 16

func init() {
	R := column.Real
	aggregate{"mad", "mad", []kind{kNum}, -1, constType(R), func([]Arg) Accumulator { return &madAcc{pred: -1} }}.register()
	aggregate{"madif", "madif", []kind{kNum, kBool | kDyn}, 1, constType(R), func([]Arg) Accumulator { return &madAcc{pred: 1} }}.register()
}

// madAcc collects the values of one group.
type madAcc struct {
	pred   int
	vals   []float64
	seen   int // values offered (for the stride sample)
	stride int
	res    result1
}

func (a *madAcc) Add(args []column.Value) {
	if a.pred >= 0 && !truthy(args[a.pred]) {
		return
	}
	f, ok := asReal(args[0])
	if !ok || args[0].IsNull() || math.IsNaN(f) {
		return
	}
	a.push(f)
}

// push keeps every value up to madLimit, then every stride-th one.
func (a *madAcc) push(f float64) {
	a.seen++
	if a.stride == 0 {
		a.stride = 1
	}
	if a.seen%a.stride != 0 {
		return
	}
	a.vals = append(a.vals, f)
	if len(a.vals) >= madLimit {
		kept := a.vals[:0]
		for i := 0; i < len(a.vals); i += 2 {
			kept = append(kept, a.vals[i])
		}
		a.vals = kept
		a.stride *= 2
	}
}

func (a *madAcc) Merge(other Accumulator) {
	for _, f := range other.(*madAcc).vals {
		a.push(f)
	}
}

func (a *madAcc) Result() []column.Value {
	if len(a.vals) == 0 {
		return a.res.set(column.NullOf(column.Real))
	}
	return a.res.set(column.RealValue(medianAbsDev(a.vals)))
}

// medianAbsDev returns median(|x - median(xs)|); xs is reordered.
func medianAbsDev(xs []float64) float64 {
	m := sortedMedian(xs)
	dev := make([]float64, len(xs))
	for i, x := range xs {
		dev[i] = math.Abs(x - m)
	}
	return sortedMedian(dev)
}

// sortedMedian sorts xs and returns its median (the mean of the two middle
// values for an even count).
func sortedMedian(xs []float64) float64 {
	sort.Float64s(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}
