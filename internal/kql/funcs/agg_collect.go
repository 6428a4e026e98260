package funcs

import (
	"fmt"

	"quarry/internal/column"
)

// Collecting aggregates: make_set(_if), make_list(_if), make_list_with_nulls,
// make_bag(_if), take_any(if), arg_max, arg_min, count_distinct(if).

const maxCollect = 1048576 // Kusto's default and maximum make_* size

func init() {
	D := column.Dynamic
	list := func(name, prefix string, set bool, pred int, nulls bool, def int64, params ...kind) aggregate {
		return aggregate{name, prefix, params, pred, constType(D), func(args []Arg) Accumulator {
			return &listAcc{set: set, pred: pred, nulls: nulls, max: maxSizeArg(args, pred, def)}
		}}
	}
	list("make_set", "set", true, -1, false, maxCollect, kAny, kInts|kOpt).register()
	list("makeset", "set", true, -1, false, 128, kAny, kInts|kOpt).register()
	list("make_set_if", "set", true, 1, false, maxCollect, kAny, kBool|kDyn, kInts|kOpt).register()
	list("make_list", "list", false, -1, false, maxCollect, kAny, kInts|kOpt).register()
	list("makelist", "list", false, -1, false, 128, kAny, kInts|kOpt).register()
	list("make_list_if", "list", false, 1, false, maxCollect, kAny, kBool|kDyn, kInts|kOpt).register()
	list("make_list_with_nulls", "list", false, -1, true, maxCollect, kAny, kInts|kOpt).register()
	bag := func(name string, pred int, params ...kind) aggregate {
		return aggregate{name, "bag", params, pred, constType(D), func(args []Arg) Accumulator {
			return &bagAcc{pred: pred, max: maxSizeArg(args, pred, maxCollect), bag: map[string]any{}}
		}}
	}
	bag("make_bag", -1, kDyn|kString, kInts|kOpt).register()
	bag("make_bag_if", 1, kDyn|kString, kBool|kDyn, kInts|kOpt).register()
	aggregate{"count_distinct", "count_distinct", []kind{kAny}, -1, constType(column.Long), func([]Arg) Accumulator {
		return &distinctAcc{pred: -1, seen: map[string]struct{}{}}
	}}.register()
	aggregate{"count_distinctif", "count_distinctif", []kind{kAny, kBool | kDyn}, 1, constType(column.Long), func([]Arg) Accumulator {
		return &distinctAcc{pred: 1, seen: map[string]struct{}{}}
	}}.register()
	registerAggregate(&Aggregate{Name: "take_any", Outputs: takeAnyOutputs("take_any", ""), New: newTakeAny(-1)})
	registerAggregate(&Aggregate{Name: "any", Outputs: takeAnyOutputs("any", "any_"), New: newTakeAny(-1)})
	registerAggregate(&Aggregate{Name: "take_anyif", Outputs: takeAnyIfOutputs, New: newTakeAny(1)})
	registerAggregate(&Aggregate{Name: "arg_max", Outputs: argOutputs("arg_max", "max"), New: newArg(1)}, "argmax")
	registerAggregate(&Aggregate{Name: "arg_min", Outputs: argOutputs("arg_min", "min"), New: newArg(-1)}, "argmin")
}

// maxSizeArg reads the optional constant maxSize argument that follows the
// value (and predicate) arguments.
func maxSizeArg(args []Arg, pred int, def int64) int {
	i := 1
	if pred >= 0 {
		i = pred + 1
	}
	if i < len(args) && args[i].Const != nil {
		if n, ok := asLong(*args[i].Const); ok && n > 0 {
			return int(min(n, maxCollect))
		}
	}
	return int(def)
}

// listAcc implements make_list and make_set (set dedups, and flattens a
// dynamic-array input into its elements).
type listAcc struct {
	set, nulls bool
	pred, max  int
	items      []any
	seen       map[string]struct{}
}

func (l *listAcc) Add(a []column.Value) {
	v := a[0]
	if (v.IsNull() && !l.nulls) || !passes(a, l.pred) {
		return
	}
	if arr, ok := v.D.([]any); ok && l.set && v.Type == column.Dynamic {
		for _, d := range arr {
			if d != nil {
				l.push(d)
			}
		}
		return
	}
	l.push(v.Payload())
}

func (l *listAcc) push(d any) {
	if len(l.items) >= l.max {
		return
	}
	if l.set {
		if l.seen == nil {
			l.seen = map[string]struct{}{}
		}
		k := dynKey(d)
		if _, ok := l.seen[k]; ok {
			return
		}
		l.seen[k] = struct{}{}
	}
	l.items = append(l.items, d)
}

// Full reports whether the list holds its maximum size: push, and so
// Add, ignores every further value.
func (l *listAcc) Full() bool { return len(l.items) >= l.max }

func (l *listAcc) Merge(o Accumulator) {
	for _, d := range o.(*listAcc).items {
		l.push(d)
	}
}

func (l *listAcc) Result() []column.Value {
	out := make([]any, len(l.items))
	copy(out, l.items)
	return []column.Value{column.DynamicValue(out)}
}

// bagAcc implements make_bag: the union of property bags; on duplicate
// keys one value is kept (the first).
type bagAcc struct {
	pred, max int
	bag       map[string]any
}

func (b *bagAcc) Add(a []column.Value) {
	if a[0].IsNull() || !passes(a, b.pred) {
		return
	}
	if m, ok := dynBag(a[0]); ok {
		b.put(m)
	}
}

func (b *bagAcc) put(m map[string]any) {
	for k, v := range m {
		if _, dup := b.bag[k]; !dup && len(b.bag) < b.max {
			b.bag[k] = v
		}
	}
}

func (b *bagAcc) Merge(o Accumulator) { b.put(o.(*bagAcc).bag) }

func (b *bagAcc) Result() []column.Value {
	out := make(map[string]any, len(b.bag))
	for k, v := range b.bag {
		out[k] = v
	}
	return []column.Value{column.DynamicValue(out)}
}

// distinctAcc implements count_distinct (exact).
type distinctAcc struct {
	pred int
	seen map[string]struct{}
}

// valueKey is an exact, type-tagged key for a scalar value.
func valueKey(v column.Value) string {
	return string(rune('a'+v.Type)) + v.Text()
}

func (d *distinctAcc) Add(a []column.Value) {
	if isEmpty(a[0]) || !passes(a, d.pred) {
		return
	}
	d.seen[valueKey(a[0])] = struct{}{}
}

func (d *distinctAcc) Merge(o Accumulator) {
	for k := range o.(*distinctAcc).seen {
		d.seen[k] = struct{}{}
	}
}

func (d *distinctAcc) Result() []column.Value {
	return []column.Value{column.LongValue(int64(len(d.seen)))}
}

// ---------------------------------------------------------------------------
// take_any

// takeAnyOutputs: take_any(A, B) outputs columns A and B (the legacy any()
// prefixes them with any_). Unnamed expressions get prefix + index names.
func takeAnyOutputs(name, prefix string) func([]Arg) ([]column.Field, error) {
	return func(args []Arg) ([]column.Field, error) {
		if len(args) == 0 {
			return nil, arityError(name, 1, -1, 0)
		}
		return namedFields(args, prefix, dedupe(args, 0)), nil
	}
}

func takeAnyIfOutputs(args []Arg) ([]column.Field, error) {
	if len(args) != 2 {
		return nil, arityError("take_anyif", 2, 2, len(args))
	}
	return namedFields(args[:1], "", []int{0}), nil
}

func namedFields(args []Arg, prefix string, keep []int) []column.Field {
	out := make([]column.Field, len(keep))
	for i, k := range keep {
		n := args[k].Name
		if n == "" {
			n = fmt.Sprintf("Column%d", i+1)
		}
		out[i] = column.Field{Name: prefix + n, Type: args[k].Type}
	}
	return out
}

// dedupe returns the indexes of args to output, dropping later arguments
// that name a column already output (arg_max(T, *) lists T once).
func dedupe(args []Arg, from int) []int {
	seen := map[string]bool{}
	var keep []int
	for i := from; i < len(args); i++ {
		if n := args[i].Name; n != "" {
			if seen[n] {
				continue
			}
			seen[n] = true
		}
		keep = append(keep, i)
	}
	return keep
}

// takeAnyAcc keeps the first row whose first value is non-empty (Kusto
// tries to return a non-null, non-empty value for a single column).
type takeAnyAcc struct {
	pred  int
	keep  []int
	types []column.Type
	row   []column.Value
	good  bool
}

func newTakeAny(pred int) func([]Arg) Accumulator {
	return func(args []Arg) Accumulator {
		keep := dedupe(args, 0)
		if pred >= 0 {
			keep = []int{0}
		}
		types := make([]column.Type, len(keep))
		for i, k := range keep {
			types[i] = args[k].Type
		}
		return &takeAnyAcc{pred: pred, keep: keep, types: types}
	}
}

func (t *takeAnyAcc) Add(a []column.Value) {
	if t.good || !passes(a, t.pred) {
		return
	}
	if t.row != nil && isEmpty(a[0]) {
		return
	}
	t.row = t.row[:0]
	for _, k := range t.keep {
		t.row = append(t.row, a[k])
	}
	t.good = !isEmpty(a[0])
}

func (t *takeAnyAcc) Merge(o Accumulator) {
	x := o.(*takeAnyAcc)
	if !t.good && x.row != nil && (t.row == nil || x.good) {
		t.row, t.good = append([]column.Value(nil), x.row...), x.good
	}
}

func (t *takeAnyAcc) Result() []column.Value {
	if t.row == nil {
		out := make([]column.Value, len(t.types))
		for i, ty := range t.types {
			out[i] = column.NullOf(ty)
		}
		return out
	}
	return append([]column.Value(nil), t.row...)
}

// ---------------------------------------------------------------------------
// arg_max / arg_min

// argOutputs: arg_max(ExprToMaximize, ExprToReturn...) outputs the
// maximized expression (named after its column, or max_ / min_ when it is
// not a column) followed by the returned columns; with * the executor
// passes every input column and the maximized column appears once.
func argOutputs(name, prefix string) func([]Arg) ([]column.Field, error) {
	return func(args []Arg) ([]column.Field, error) {
		if len(args) < 2 {
			return nil, arityError(name, 2, -1, len(args))
		}
		keep := dedupe(args, 0)
		out := make([]column.Field, len(keep))
		for i, k := range keep {
			n := args[k].Name
			if n == "" {
				if k == 0 {
					n = prefix + "_"
				} else {
					n = fmt.Sprintf("%s_arg%d", prefix, k)
				}
			}
			out[i] = column.Field{Name: n, Type: args[k].Type}
		}
		return out, nil
	}
}

// argAcc keeps the row with the extreme first value; ties keep the first
// row seen. Null keys never win against a non-null key, but a group whose
// keys are all null still returns its first row (Q/arg-max-aggregation-function,
// null handling example: Banana | (null) | Yellow).
type argAcc struct {
	sign   int
	keep   []int
	types  []column.Type
	key    column.Value
	row    []column.Value
	hasKey bool // key is non-null
}

func newArg(sign int) func([]Arg) Accumulator {
	return func(args []Arg) Accumulator {
		keep := dedupe(args, 0)
		types := make([]column.Type, len(keep))
		for i, k := range keep {
			types[i] = args[k].Type
		}
		return &argAcc{sign: sign, keep: keep, types: types}
	}
}

// better reports whether a row with key k replaces the current one.
func (g *argAcc) better(k column.Value) bool {
	switch {
	case g.row == nil:
		return true
	case k.IsNull():
		return false
	case !g.hasKey:
		return true
	}
	c, ok := compareValues(k, g.key)
	return ok && c*g.sign > 0
}

func (g *argAcc) Add(a []column.Value) {
	if !g.better(a[0]) {
		return
	}
	g.key, g.hasKey = a[0], !a[0].IsNull()
	g.row = g.row[:0]
	for _, k := range g.keep {
		g.row = append(g.row, a[k])
	}
}

func (g *argAcc) Merge(o Accumulator) {
	x := o.(*argAcc)
	if x.row != nil && g.better(x.key) {
		g.key, g.hasKey, g.row = x.key, x.hasKey, append([]column.Value(nil), x.row...)
	}
}

func (g *argAcc) Result() []column.Value {
	if g.row == nil {
		out := make([]column.Value, len(g.types))
		for i, t := range g.types {
			out[i] = column.NullOf(t)
		}
		return out
	}
	return append([]column.Value(nil), g.row...)
}
