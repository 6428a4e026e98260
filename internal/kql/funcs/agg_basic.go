package funcs

import (
	"fmt"
	"math"

	"quarry/internal/column"
)

// Basic aggregates: count, countif, sum(if), avg(if), min/max(if),
// stdev/stdevp/variance/variancep (+if). Nulls are skipped (count(X)
// excepted, see countAcc). On an empty group count-like aggregates, sum,
// stdev and variance give 0; min and max give null; avg gives NaN
// (Q/summarize-operator, "Default values of aggregations" and its example).

// aggregate describes one aggregate's signature for registration.
type aggregate struct {
	name   string
	prefix string // default output name prefix ("count" -> count_X)
	params []kind
	pred   int // index of the predicate argument of an *if variant, or -1
	out    func(args []Arg) column.Type
	acc    func(args []Arg) Accumulator
}

// register adds the aggregate under name and aliases.
func (g aggregate) register(aliases ...string) {
	registerAggregate(&Aggregate{
		Name: g.name,
		Outputs: func(args []Arg) ([]column.Field, error) {
			if err := checkArgs(g.name, args, g.params); err != nil {
				return nil, err
			}
			if g.pred >= 0 && g.pred < len(args) {
				if t := args[g.pred].Type; t != column.Bool && t != column.Dynamic && t != column.Invalid {
					return nil, fmt.Errorf("function '%s' expects a bool predicate as argument %d, got %s", g.name, g.pred+1, t)
				}
			}
			t := g.out(args)
			if t == column.Invalid && len(args) > 0 && args[0].Type != column.Invalid {
				return nil, fmt.Errorf("function '%s' cannot aggregate values of type %s", g.name, args[0].Type)
			}
			return []column.Field{{Name: aggName(g.prefix, args), Type: t}}, nil
		},
		New: g.acc,
	}, aliases...)
}

// aggName builds Kusto's default output name: prefix_Column, or prefix_
// when the first argument is not a column.
func aggName(prefix string, args []Arg) string {
	if len(args) == 0 {
		return prefix + "_"
	}
	return prefix + "_" + args[0].Name
}

func constType(t column.Type) func([]Arg) column.Type {
	return func([]Arg) column.Type { return t }
}

func init() {
	L := column.Long
	aggregate{"count", "count", []kind{kAny | kOpt}, -1, constType(L), func(args []Arg) Accumulator {
		return newCount(false)
	}}.register()
	aggregate{"countif", "countif", []kind{kBool | kDyn}, 0, constType(L), func([]Arg) Accumulator {
		return newCount(true)
	}}.register()
	aggregate{"sum", "sum", []kind{kNum | kSpan | kBool}, -1, sumType, newSum(-1)}.register()
	aggregate{"sumif", "sumif", []kind{kNum | kSpan | kBool, kBool | kDyn}, 1, sumType, newSum(1)}.register()
	aggregate{"avg", "avg", []kind{kNum | kSpan | kDate | kBool}, -1, avgType, newAvg(-1)}.register()
	aggregate{"avgif", "avgif", []kind{kNum | kSpan | kDate | kBool, kBool | kDyn}, 1, avgType, newAvg(1)}.register()
	aggregate{"min", "min", []kind{kAny}, -1, firstType, newExtreme(-1, -1)}.register()
	aggregate{"max", "max", []kind{kAny}, -1, firstType, newExtreme(1, -1)}.register()
	aggregate{"minif", "minif", []kind{kAny, kBool | kDyn}, 1, firstType, newExtreme(-1, 1)}.register()
	aggregate{"maxif", "maxif", []kind{kAny, kBool | kDyn}, 1, firstType, newExtreme(1, 1)}.register()
	for _, v := range []struct {
		name       string
		sample, sd bool
	}{{"stdev", true, true}, {"stdevp", false, true}, {"variance", true, false}, {"variancep", false, false}} {
		v := v
		aggregate{v.name, v.name, []kind{kNum}, -1, constType(column.Real), func([]Arg) Accumulator {
			return &momentAcc{pred: -1, sample: v.sample, sd: v.sd}
		}}.register()
		aggregate{v.name + "if", v.name + "if", []kind{kNum, kBool | kDyn}, 1, constType(column.Real), func([]Arg) Accumulator {
			return &momentAcc{pred: 1, sample: v.sample, sd: v.sd}
		}}.register()
	}
}

// passes reports whether the row's predicate (if any) is true.
func passes(args []column.Value, pred int) bool {
	return pred < 0 || truthy(args[pred])
}

// result1 holds the one output value of a single-column aggregate inside
// its accumulator, so that Result need not allocate. Result's slice is
// the accumulator's own storage: summarize reads it at once (render),
// before any further Add or Merge.
type result1 [1]column.Value

// set stores v and returns it as Result's slice.
func (r *result1) set(v column.Value) []column.Value {
	r[0] = v
	return r[:]
}

// countAcc implements count(), count(X) and countif(p). count(X) counts
// every row, nulls included: the summarize page's example
// "The standard count function includes null values in its count" gives
// count(y) = 2 over one null and one non-null y (Q/summarize-operator).
// The null-values page lists count() among aggregates that ignore nulls,
// but count() has no argument to ignore; see kqltest/FINDINGS.md.
type countAcc struct {
	n    result1 // a long: the count so far
	pred bool
}

func newCount(pred bool) *countAcc {
	c := &countAcc{pred: pred}
	c.n[0].Type = column.Long
	return c
}

func (c *countAcc) Add(a []column.Value) {
	if !c.pred || truthy(a[0]) {
		c.n[0].I++
	}
}

func (c *countAcc) Merge(o Accumulator) { c.n[0].I += o.(*countAcc).n[0].I }

func (c *countAcc) Result() []column.Value { return c.n[:] }

// sumType: int/long/bool -> long, real/dynamic -> real, decimal, timespan.
func sumType(args []Arg) column.Type {
	switch t := args[0].Type; t {
	case column.Int, column.Long, column.Bool:
		return column.Long
	case column.Decimal, column.TimeSpan, column.Real:
		return t
	case column.Invalid:
		return column.Invalid
	}
	return column.Real
}

// sumAcc keeps its running sum in its result value: in I for long and
// timespan sums, in F for the others.
type sumAcc struct {
	sum  result1
	pred int8
}

func newSum(pred int8) func([]Arg) Accumulator {
	return func(args []Arg) Accumulator {
		s := &sumAcc{pred: pred}
		s.sum[0].Type = sumType(args)
		return s
	}
}

func (s *sumAcc) Add(a []column.Value) {
	v := a[0]
	if v.IsNull() || !passes(a, int(s.pred)) {
		return
	}
	sum := &s.sum[0]
	switch sum.Type {
	case column.Long, column.TimeSpan:
		if n, ok := asLong(v); ok {
			sum.I += n
		}
	default:
		if f, ok := asReal(v); ok {
			sum.F += f
		}
	}
}

func (s *sumAcc) Merge(o Accumulator) {
	x := &o.(*sumAcc).sum[0]
	s.sum[0].I += x.I
	s.sum[0].F += x.F
}

func (s *sumAcc) Result() []column.Value { return s.sum[:] }

// avgType: numbers -> real; timespan and datetime keep their type.
func avgType(args []Arg) column.Type {
	switch t := args[0].Type; t {
	case column.TimeSpan, column.DateTime, column.Invalid:
		return t
	}
	return column.Real
}

type avgAcc struct {
	n    int64
	sum  float64
	base int64 // first datetime seen, to keep precision
	res  result1
	t    column.Type
	pred int8
}

func newAvg(pred int8) func([]Arg) Accumulator {
	return func(args []Arg) Accumulator { return &avgAcc{t: avgType(args), pred: pred} }
}

func (s *avgAcc) Add(a []column.Value) {
	v := a[0]
	if v.IsNull() || !passes(a, int(s.pred)) {
		return
	}
	var f float64
	switch v.Type {
	case column.DateTime:
		if s.n == 0 {
			s.base = v.I
		}
		f = float64(v.I - s.base)
	case column.TimeSpan:
		f = float64(v.I)
	default:
		var ok bool
		if f, ok = asReal(v); !ok {
			return
		}
	}
	s.n++
	s.sum += f
}

func (s *avgAcc) Merge(o Accumulator) {
	x := o.(*avgAcc)
	if x.n == 0 {
		return
	}
	if s.n == 0 {
		s.n, s.sum, s.base = x.n, x.sum, x.base
		return
	}
	s.sum += x.sum + float64(x.base-s.base)*float64(x.n)
	s.n += x.n
}

// Result is sum/count. With no values a real average is NaN, "due to
// dividing by 0" (Q/summarize-operator, default values example); datetime
// and timespan averages have no NaN and are null.
func (s *avgAcc) Result() []column.Value {
	if s.n == 0 {
		if s.t == column.Real {
			return s.res.set(column.RealValue(math.NaN()))
		}
		return s.res.set(column.NullOf(s.t))
	}
	m := s.sum / float64(s.n)
	switch s.t {
	case column.DateTime:
		return s.res.set(column.DateTimeTicks(s.base + int64(math.Round(m))))
	case column.TimeSpan:
		return s.res.set(column.TimeSpanTicks(int64(math.Round(m))))
	}
	return s.res.set(column.RealValue(m))
}

// extremeAcc implements min/max(if); sign 1 keeps the largest value. The
// best value so far is Result's value.
type extremeAcc struct {
	best  result1
	t     column.Type
	sign  int8
	pred  int8
	found bool
}

func newExtreme(sign, pred int8) func([]Arg) Accumulator {
	return func(args []Arg) Accumulator { return &extremeAcc{t: args[0].Type, sign: sign, pred: pred} }
}

func (e *extremeAcc) Add(a []column.Value) {
	v := a[0]
	if v.IsNull() || !passes(a, int(e.pred)) || (v.Type == column.String && v.S == "") {
		return
	}
	e.offer(v)
}

func (e *extremeAcc) offer(v column.Value) {
	if !e.found {
		e.best[0], e.found = v, true
		return
	}
	if c, ok := compareValues(v, e.best[0]); ok && c*int(e.sign) > 0 {
		e.best[0] = v
	}
}

func (e *extremeAcc) Merge(o Accumulator) {
	if x := o.(*extremeAcc); x.found {
		e.offer(x.best[0])
	}
}

func (e *extremeAcc) Result() []column.Value {
	if !e.found {
		return e.best.set(column.NullOf(e.t))
	}
	return e.best[:]
}

// momentAcc computes variance/stdev with Welford's algorithm and Chan's
// parallel merge.
type momentAcc struct {
	n          float64
	mean, m2   float64
	res        result1
	pred       int8
	sample, sd bool
}

func (m *momentAcc) Add(a []column.Value) {
	if a[0].IsNull() || !passes(a, int(m.pred)) {
		return
	}
	x, ok := asReal(a[0])
	if !ok {
		return
	}
	m.n++
	d := x - m.mean
	m.mean += d / m.n
	m.m2 += d * (x - m.mean)
}

func (m *momentAcc) Merge(o Accumulator) {
	x := o.(*momentAcc)
	if x.n == 0 {
		return
	}
	n := m.n + x.n
	d := x.mean - m.mean
	m.m2 += x.m2 + d*d*m.n*x.n/n
	m.mean += d * x.n / n
	m.n = n
}

func (m *momentAcc) Result() []column.Value {
	v := 0.0
	switch {
	case m.sample && m.n > 1:
		v = m.m2 / (m.n - 1)
	case !m.sample && m.n > 0:
		v = m.m2 / m.n
	}
	if m.sd {
		v = math.Sqrt(v)
	}
	return m.res.set(column.RealValue(v))
}
