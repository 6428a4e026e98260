package funcs

import (
	"fmt"
	"sync/atomic"

	"quarry/internal/column"
)

// Collecting aggregates: make_set(_if), make_list(_if), make_list_with_nulls,
// make_bag(_if), take_any(if), arg_max, arg_min, count_distinct(if).

const maxCollect = 1048576 // Kusto's default and maximum make_* size

func init() {
	D := column.Dynamic
	list := func(name, prefix string, set bool, pred int, nulls bool, def int64, params ...kind) aggregate {
		return aggregate{name, prefix, params, pred, constType(D), func(args []Arg) Accumulator {
			return &listAcc{set: set, pred: int8(pred), nulls: nulls, max: int32(maxSizeArg(args, pred, def))}
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

// listInline is the number of items a make_list or make_set holds inside
// its accumulator before it allocates.
const listInline = 2

// smallSet is the size up to which a make_set of strings finds duplicates
// by scanning its items; past it (or on its first non-string item) it
// indexes them in maps.
const smallSet = 8

// listAcc implements make_list and make_set (set dedups, and flattens a
// dynamic-array input into its elements). Its first items live in inline.
// A set's duplicates are found by dynKey equality: strings by their text
// (strs), other items by their JSON (others); no JSON text starts like a
// string's dynKey ("s..."), so the two never meet.
type listAcc struct {
	items      []any
	inline     [listInline]any
	strs       map[string]struct{} // a set's string items, once indexed
	others     map[string]struct{} // the dynKey of its other items
	res        result1
	max        int32
	pred       int8
	set, nulls bool
}

func (l *listAcc) Add(a []column.Value) {
	v := a[0]
	if (v.IsNull() && !l.nulls) || !passes(a, int(l.pred)) {
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
	if v.Type == column.String && l.set {
		if !l.Full() && !l.hasString(v.S) {
			l.appendItem(v.S) // boxed only when new
		}
		return
	}
	l.push(payload(v))
}

func (l *listAcc) push(d any) {
	if !l.Full() && !(l.set && l.has(d)) {
		l.appendItem(d)
	}
}

// has reports whether the set holds d, recording d when it does not.
func (l *listAcc) has(d any) bool {
	if s, ok := d.(string); ok {
		return l.hasString(s)
	}
	l.index()
	k := dynKey(d)
	if _, ok := l.others[k]; ok {
		return true
	}
	l.addOther(k)
	return false
}

// hasString reports whether the set holds s, recording s when it does not.
func (l *listAcc) hasString(s string) bool {
	if l.strs == nil {
		if len(l.items) < smallSet {
			return scanString(l.items, s) // every item is a string
		}
		l.index()
	}
	if _, ok := l.strs[s]; ok {
		return true
	}
	l.strs[s] = struct{}{}
	return false
}

// scanString reports whether the string s is among items.
func scanString(items []any, s string) bool {
	for _, d := range items {
		if x, ok := d.(string); ok && x == s {
			return true
		}
	}
	return false
}

// index builds the maps of a set's items (once).
func (l *listAcc) index() {
	if l.strs != nil {
		return
	}
	l.strs = make(map[string]struct{}, 2*len(l.items))
	for _, d := range l.items {
		if s, ok := d.(string); ok {
			l.strs[s] = struct{}{}
		} else {
			l.addOther(dynKey(d))
		}
	}
}

func (l *listAcc) addOther(k string) {
	if l.others == nil {
		l.others = map[string]struct{}{}
	}
	l.others[k] = struct{}{}
}

// appendItem appends d: in inline first, then in a slice grown to at
// least 8 items, doubling, and never past the maximum size.
func (l *listAcc) appendItem(d any) {
	if l.items == nil {
		l.items = l.inline[:0]
	}
	if n := len(l.items); n == cap(l.items) {
		items := make([]any, n, min(max(2*n, 8), int(l.max)))
		copy(items, l.items)
		l.items = items
	}
	l.items = append(l.items, d)
}

// Full reports whether the list holds its maximum size: push, and so
// Add, ignores every further value.
func (l *listAcc) Full() bool { return len(l.items) >= int(l.max) }

func (l *listAcc) Merge(o Accumulator) {
	for _, d := range o.(*listAcc).items {
		l.push(d)
	}
}

// Result returns the items as a dynamic array: the accumulator's own
// slice, capped at its length (later appends cannot reach it), but for
// items held inline, which are copied so that the result does not keep the
// accumulator alive.
func (l *listAcc) Result() []column.Value {
	n := len(l.items)
	out := l.items[:n:n]
	switch {
	case n == 0:
		out = []any{}
	case &l.items[0] == &l.inline[0]:
		out = append([]any(nil), out...)
	}
	return l.res.set(column.DynamicValue(out))
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

// rowShape is what take_any and arg_max keep of a row: the indexes of the
// arguments they output (dedupe, or only the first for take_anyif) and
// those columns' types. It is built for arguments of the given names and
// types.
type rowShape struct {
	names    []string
	argTypes []column.Type
	keep     []int
	types    []column.Type
}

func newRowShape(args []Arg, firstOnly bool) *rowShape {
	s := &rowShape{names: make([]string, len(args)), argTypes: make([]column.Type, len(args))}
	for i, a := range args {
		s.names[i], s.argTypes[i] = a.Name, a.Type
	}
	s.keep = dedupe(args, 0)
	if firstOnly {
		s.keep = []int{0}
	}
	s.types = make([]column.Type, len(s.keep))
	for i, k := range s.keep {
		s.types[i] = args[k].Type
	}
	return s
}

// fits reports whether the shape was built for args' names and types.
func (s *rowShape) fits(args []Arg) bool {
	if len(args) != len(s.names) {
		return false
	}
	for i, a := range args {
		if a.Name != s.names[i] || a.Type != s.argTypes[i] {
			return false
		}
	}
	return true
}

// nulls returns a row of nulls of the shape's types.
func (s *rowShape) nulls() []column.Value {
	out := make([]column.Value, len(s.types))
	for i, t := range s.types {
		out[i] = column.NullOf(t)
	}
	return out
}

// shapeCache gives the accumulators of one aggregate the same rowShape
// while their arguments stay the same: a summarize builds one accumulator
// per group, all from the same arguments. Accumulators are built
// concurrently; a miss only costs building a shape.
type shapeCache struct {
	firstOnly bool
	last      atomic.Pointer[rowShape]
}

func (c *shapeCache) get(args []Arg) *rowShape {
	if s := c.last.Load(); s != nil && s.fits(args) {
		return s
	}
	s := newRowShape(args, c.firstOnly)
	c.last.Store(s)
	return s
}

// newTakeAny builds take_any(if) accumulators: takeAny1 for a single
// output column (take_anyif, and take_any of one argument), else
// takeAnyAcc.
func newTakeAny(pred int) func([]Arg) Accumulator {
	cache := &shapeCache{firstOnly: pred >= 0}
	return func(args []Arg) Accumulator {
		if len(args) == 1 || (pred >= 0 && len(args) > pred) {
			return &takeAny1{t: args[0].Type, pred: int8(pred)}
		}
		return &takeAnyAcc{shape: cache.get(args), pred: int8(pred)}
	}
}

// takeAny1 is take_any of one column: it keeps the first non-empty value,
// or the first value if all are empty (Kusto tries to return a non-null,
// non-empty value for a single column). The kept value is Result's.
type takeAny1 struct {
	v    result1
	t    column.Type
	pred int8
	has  bool // a value is kept
	good bool // and it is not empty
}

func (t *takeAny1) Add(a []column.Value) {
	if t.good || !passes(a, int(t.pred)) || (t.has && isEmpty(a[0])) {
		return
	}
	t.v[0], t.has, t.good = a[0], true, !isEmpty(a[0])
}

func (t *takeAny1) Merge(o Accumulator) {
	x := o.(*takeAny1)
	if !t.good && x.has && (!t.has || x.good) {
		t.v[0], t.has, t.good = x.v[0], true, x.good
	}
}

func (t *takeAny1) Result() []column.Value {
	if !t.has {
		return t.v.set(column.NullOf(t.t))
	}
	return t.v[:]
}

// takeAnyAcc keeps the first row whose first value is non-empty, as
// takeAny1 does for one column.
type takeAnyAcc struct {
	shape *rowShape
	row   []column.Value // nil until a row is kept
	pred  int8
	good  bool
}

func (t *takeAnyAcc) Add(a []column.Value) {
	if t.good || !passes(a, int(t.pred)) || (t.row != nil && isEmpty(a[0])) {
		return
	}
	t.row = keepRow(t.row, t.shape.keep, a)
	t.good = !isEmpty(a[0])
}

// keepRow copies the kept arguments of a into row (allocated on first use).
func keepRow(row []column.Value, keep []int, a []column.Value) []column.Value {
	if row == nil {
		row = make([]column.Value, len(keep))
	}
	for i, k := range keep {
		row[i] = a[k]
	}
	return row
}

func (t *takeAnyAcc) Merge(o Accumulator) {
	x := o.(*takeAnyAcc)
	if !t.good && x.row != nil && (t.row == nil || x.good) {
		t.row, t.good = append(t.row[:0], x.row...), x.good
	}
}

// Result returns the kept row itself (see result1).
func (t *takeAnyAcc) Result() []column.Value {
	if t.row == nil {
		return t.shape.nulls()
	}
	return t.row
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
// null handling example: Banana | (null) | Yellow). The key is row[0]: the
// first argument is always output.
type argAcc struct {
	shape *rowShape
	row   []column.Value // nil until a row is kept
	sign  int8
}

func newArg(sign int8) func([]Arg) Accumulator {
	cache := &shapeCache{}
	return func(args []Arg) Accumulator {
		return &argAcc{sign: sign, shape: cache.get(args)}
	}
}

// better reports whether a row with key k replaces the current one.
func (g *argAcc) better(k column.Value) bool {
	switch {
	case g.row == nil:
		return true
	case k.IsNull():
		return false
	case g.row[0].IsNull():
		return true
	}
	c, ok := compareValues(k, g.row[0])
	return ok && c*int(g.sign) > 0
}

func (g *argAcc) Add(a []column.Value) {
	if g.better(a[0]) {
		g.row = keepRow(g.row, g.shape.keep, a)
	}
}

func (g *argAcc) Merge(o Accumulator) {
	x := o.(*argAcc)
	if x.row != nil && g.better(x.row[0]) {
		g.row = append(g.row[:0], x.row...)
	}
}

// Result returns the kept row itself (see result1).
func (g *argAcc) Result() []column.Value {
	if g.row == nil {
		return g.shape.nulls()
	}
	return g.row
}
