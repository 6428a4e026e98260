package funcs

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"quarry/internal/column"
)

// Dynamic (array and property bag) functions. Array parameters also accept
// a string holding a JSON array.

func init() {
	D, L, B := column.Dynamic, column.Long, column.Bool
	for _, s := range []*Scalar{
		scalar("array_length", L, pure(func(a []column.Value) column.Value {
			arr, ok := dynArray(a[0])
			if !ok {
				return nullLong
			}
			return column.LongValue(int64(len(arr)))
		}), kArr),
		scalar("array_index_of", L, pure(evalArrayIndexOf), kArr, kAny, kInts|kOpt, kInts|kOpt, kInts|kOpt),
		scalar("array_slice", D, pure(evalArraySlice), kArr, kInts, kInts),
		scalar("array_concat", D, pure(evalArrayConcat), kArr|kRest),
		scalar("array_reverse", D, pure(arrayMap(func(x []any) []any {
			out := make([]any, len(x))
			for i, v := range x {
				out[len(x)-1-i] = v
			}
			return out
		})), kArr),
		scalar("array_sort_asc", D, pure(arraySort(false)), kArr, kBool|kOpt),
		scalar("array_sort_desc", D, pure(arraySort(true)), kArr, kBool|kOpt),
		scalar("array_sum", column.Real, pure(evalArraySum), kArr),
		scalar("array_shift_left", D, pure(arrayShift(1)), kArr, kInts),
		scalar("array_shift_right", D, pure(arrayShift(-1)), kArr, kInts),
		scalar("strcat_array", column.String, pure(evalStrcatArray), kArr, kStr),
		scalar("set_has_element", B, pure(evalSetHas), kArr, kAny),
		scalar("set_union", D, pure(setCombine(setUnion)), kArr, kArr|kRest),
		scalar("set_intersect", D, pure(setCombine(setIntersect)), kArr, kArr|kRest),
		scalar("set_difference", D, pure(setCombine(setDifference)), kArr, kArr|kRest),
		scalar("jaccard_index", column.Real, pure(evalJaccard), kArr, kArr),
		scalar("pack_array", D, pure(evalPackArray), kAny|kRest),
		scalar("repeat", D, pure(evalRepeat), kAny, kInts),
		scalar("range", D, pure(evalRange), kNum|kDate|kSpan, kNum|kDate|kSpan, kNum|kSpan|kOpt),
		scalar("zip", D, pure(evalZip), kArr, kArr|kRest),
		scalar("bag_keys", D, pure(evalBagKeys), kDyn|kString),
		scalar("bag_merge", D, pure(evalBagMerge), kDyn|kString, kDyn|kString|kRest),
		scalar("bag_remove_keys", D, pure(evalBagRemoveKeys), kDyn|kString, kArr),
		scalar("bag_has_key", B, pure(evalBagHasKey), kDyn|kString, kStr),
		{Name: "extract_json", Check: sigFn("extract_json", extractJSONType, kStr, kStr, kAny|kOpt), Eval: evalExtractJSON},
	} {
		registerScalar(s)
	}
	registerScalar(&Scalar{Name: "bag_pack", Check: packCheck("bag_pack"), Eval: pure(evalPack)}, "pack")
	registerScalar(&Scalar{Name: "extractjson", Check: sigFn("extractjson", extractJSONType, kStr, kStr, kAny|kOpt), Eval: evalExtractJSON})
}

func arrayMap(f func([]any) []any) func([]column.Value) column.Value {
	return func(a []column.Value) column.Value {
		arr, ok := dynArray(a[0])
		if !ok {
			return nullDyn
		}
		return column.DynamicValue(f(arr))
	}
}

// dynKey is a set key for a dynamic element.
func dynKey(d any) string {
	if s, ok := d.(string); ok {
		return "s" + s
	}
	return column.FormatDynamic(d)
}

func evalArrayIndexOf(a []column.Value) column.Value {
	arr, ok := dynArray(a[0])
	if !ok {
		return nullLong
	}
	start, length, occ := int64(0), int64(-1), int64(1)
	if len(a) > 2 {
		start, _ = asLong(a[2])
	}
	if len(a) > 3 {
		length, _ = asLong(a[3])
	}
	if len(a) > 4 {
		occ, _ = asLong(a[4])
	}
	n := int64(len(arr))
	if start < 0 {
		start = max(start+n, 0)
	}
	end := n
	if length >= 0 && start+length < end {
		end = start + length
	}
	for i := start; i < end; i++ {
		if valuesEqualDyn(column.DynamicValue(arr[i]), a[1]) {
			if occ--; occ <= 0 {
				return column.LongValue(i)
			}
		}
	}
	return column.LongValue(-1)
}

func valuesEqualDyn(x, y column.Value) bool {
	if x.IsNull() || y.IsNull() {
		return x.IsNull() && y.IsNull()
	}
	return valuesEqual(x, y)
}

// array_slice(arr, start, end): inclusive end; negative indexes count from
// the end.
func evalArraySlice(a []column.Value) column.Value {
	arr, ok := dynArray(a[0])
	s, ok1 := asLong(a[1])
	e, ok2 := asLong(a[2])
	if !ok || !ok1 || !ok2 {
		return nullDyn
	}
	n := int64(len(arr))
	if s < 0 {
		s += n
	}
	if e < 0 {
		e += n
	}
	s, e = max(s, 0), min(e, n-1)
	if s > e {
		return column.DynamicValue([]any{})
	}
	return column.DynamicValue(append([]any{}, arr[s:e+1]...))
}

func evalArrayConcat(a []column.Value) column.Value {
	out := []any{}
	for _, v := range a {
		arr, ok := dynArray(v)
		if !ok {
			return nullDyn
		}
		out = append(out, arr...)
	}
	return column.DynamicValue(out)
}

// arraySort sorts an array; nulls go last unless nulls_last is false.
func arraySort(desc bool) func([]column.Value) column.Value {
	return func(a []column.Value) column.Value {
		arr, ok := dynArray(a[0])
		if !ok {
			return nullDyn
		}
		nullsLast := true
		if len(a) > 1 && !a[1].IsNull() {
			nullsLast = a[1].Bool()
		}
		var vals, nulls []any
		for _, d := range arr {
			if d == nil {
				nulls = append(nulls, d)
			} else {
				vals = append(vals, d)
			}
		}
		sort.SliceStable(vals, func(i, j int) bool {
			c, _ := compareValues(column.DynamicValue(vals[i]), column.DynamicValue(vals[j]))
			if desc {
				return c > 0
			}
			return c < 0
		})
		if nullsLast {
			return column.DynamicValue(append(append([]any{}, vals...), nulls...))
		}
		return column.DynamicValue(append(append([]any{}, nulls...), vals...))
	}
}

func evalArraySum(a []column.Value) column.Value {
	arr, ok := dynArray(a[0])
	if !ok {
		return nullReal
	}
	sum := 0.0
	for _, d := range arr {
		f, ok := asReal(column.DynamicValue(d))
		if !ok {
			return nullReal
		}
		sum += f
	}
	return column.RealValue(sum)
}

func arrayShift(dir int64) func([]column.Value) column.Value {
	return func(a []column.Value) column.Value {
		arr, ok := dynArray(a[0])
		k, ok2 := asLong(a[1])
		if !ok || !ok2 {
			return nullDyn
		}
		k *= dir
		n := int64(len(arr))
		out := make([]any, n)
		for i := range out {
			if j := int64(i) + k; j >= 0 && j < n {
				out[i] = arr[j]
			}
		}
		return column.DynamicValue(out)
	}
}

func evalStrcatArray(a []column.Value) column.Value {
	arr, ok := dynArray(a[0])
	if !ok {
		return emptyStr
	}
	parts := make([]string, len(arr))
	for i, d := range arr {
		parts[i] = dynText(d)
	}
	return column.StringValue(strings.Join(parts, text(a[1])))
}

func evalSetHas(a []column.Value) column.Value {
	arr, ok := dynArray(a[0])
	if !ok {
		return nullBool
	}
	for _, d := range arr {
		if valuesEqualDyn(column.DynamicValue(d), a[1]) {
			return boolTrue
		}
	}
	return boolFals
}

func setCombine(f func([][]any) []any) func([]column.Value) column.Value {
	return func(a []column.Value) column.Value {
		arrs := make([][]any, len(a))
		for i, v := range a {
			arr, ok := dynArray(v)
			if !ok {
				return nullDyn
			}
			arrs[i] = arr
		}
		return column.DynamicValue(f(arrs))
	}
}

func distinct(arr []any, keep func(any) bool) []any {
	seen := map[string]bool{}
	out := []any{}
	for _, d := range arr {
		k := dynKey(d)
		if seen[k] || !keep(d) {
			continue
		}
		seen[k] = true
		out = append(out, d)
	}
	return out
}

func keySet(arr []any) map[string]bool {
	m := make(map[string]bool, len(arr))
	for _, d := range arr {
		m[dynKey(d)] = true
	}
	return m
}

func setUnion(arrs [][]any) []any {
	var all []any
	for _, a := range arrs {
		all = append(all, a...)
	}
	return distinct(all, func(any) bool { return true })
}

func setIntersect(arrs [][]any) []any {
	sets := make([]map[string]bool, len(arrs))
	for i, a := range arrs {
		sets[i] = keySet(a)
	}
	return distinct(arrs[0], func(d any) bool {
		for _, s := range sets[1:] {
			if !s[dynKey(d)] {
				return false
			}
		}
		return true
	})
}

func setDifference(arrs [][]any) []any {
	other := map[string]bool{}
	for _, a := range arrs[1:] {
		for k := range keySet(a) {
			other[k] = true
		}
	}
	return distinct(arrs[0], func(d any) bool { return !other[dynKey(d)] })
}

func evalJaccard(a []column.Value) column.Value {
	x, ok1 := dynArray(a[0])
	y, ok2 := dynArray(a[1])
	if !ok1 || !ok2 {
		return nullReal
	}
	u := setUnion([][]any{x, y})
	if len(u) == 0 {
		return column.RealValue(0)
	}
	i := setIntersect([][]any{x, y})
	return column.RealValue(float64(len(i)) / float64(len(u)))
}

func evalPackArray(a []column.Value) column.Value {
	out := make([]any, len(a))
	for i, v := range a {
		out[i] = v.Payload()
	}
	return column.DynamicValue(out)
}

func evalRepeat(a []column.Value) column.Value {
	n, ok := asLong(a[1])
	if !ok || n < 0 {
		return nullDyn
	}
	n = min(n, 1<<20)
	out := make([]any, n)
	for i := range out {
		out[i] = a[0].Payload()
	}
	return column.DynamicValue(out)
}

// range(start, stop[, step]) builds an array (at most 1M elements).
func evalRange(a []column.Value) column.Value {
	var step column.Value
	if len(a) > 2 {
		step = a[2]
	} else if a[0].Type == column.DateTime || a[0].Type == column.TimeSpan {
		step = column.TimeSpanTicks(column.TicksPerHour)
	} else {
		step = column.LongValue(1)
	}
	out := []any{}
	cur := a[0]
	for i := 0; i < 1<<20; i++ {
		c, ok := compareValues(cur, a[1])
		if !ok || c > 0 {
			break
		}
		out = append(out, cur.Payload())
		next := arith("+", cur, step)
		if next.IsNull() {
			break
		}
		if c2, _ := compareValues(next, cur); c2 <= 0 {
			break
		}
		cur = next
	}
	return column.DynamicValue(out)
}

// zip(arr1, arr2, ...) -> [[a1, b1], [a2, b2], ...], padded with null.
func evalZip(a []column.Value) column.Value {
	arrs := make([][]any, len(a))
	n := 0
	for i, v := range a {
		arr, ok := dynArray(v)
		if !ok {
			return nullDyn
		}
		arrs[i], n = arr, max(n, len(arr))
	}
	out := make([]any, n)
	for i := range out {
		row := make([]any, len(arrs))
		for j, arr := range arrs {
			if i < len(arr) {
				row[j] = arr[i]
			}
		}
		out[i] = row
	}
	return column.DynamicValue(out)
}

func packCheck(name string) func([]Arg) (column.Type, error) {
	return func(args []Arg) (column.Type, error) {
		if len(args)%2 != 0 {
			return column.Invalid, fmt.Errorf("function '%s' expects key/value pairs (an even number of arguments), got %d", name, len(args))
		}
		return column.Dynamic, nil
	}
}

func evalPack(a []column.Value) column.Value {
	m := make(map[string]any, len(a)/2)
	for i := 0; i+1 < len(a); i += 2 {
		k := a[i].S
		if a[i].Type != column.String {
			k = text(a[i])
		}
		m[k] = payload(a[i+1])
	}
	return column.DynamicValue(m)
}

// payload is v.Payload(), with a datetime's text built in one allocation
// (appendDateTime).
func payload(v column.Value) any {
	if v.Type == column.DateTime && !v.Null {
		var buf [40]byte
		return string(appendDateTime(buf[:0], v.I))
	}
	return v.Payload()
}

func evalBagKeys(a []column.Value) column.Value {
	m, ok := dynBag(a[0])
	if !ok {
		return nullDyn
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]any, len(keys))
	for i, k := range keys {
		out[i] = k
	}
	return column.DynamicValue(out)
}

// bag_merge: on a key collision the first bag wins.
func evalBagMerge(a []column.Value) column.Value {
	out := map[string]any{}
	for i := len(a) - 1; i >= 0; i-- {
		m, ok := dynBag(a[i])
		if !ok {
			continue
		}
		for k, v := range m {
			out[k] = v
		}
	}
	return column.DynamicValue(out)
}

func evalBagRemoveKeys(a []column.Value) column.Value {
	m, ok := dynBag(a[0])
	keys, ok2 := dynArray(a[1])
	if !ok || !ok2 {
		return nullDyn
	}
	drop := map[string]bool{}
	for _, k := range keys {
		drop[dynText(k)] = true
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		if !drop[k] {
			out[k] = v
		}
	}
	return column.DynamicValue(out)
}

// bag_has_key(bag, key): key may be a JSONPath ("$.a.b").
func evalBagHasKey(a []column.Value) column.Value {
	m, ok := dynBag(a[0])
	if !ok {
		return nullBool
	}
	k := text(a[1])
	if strings.HasPrefix(k, "$") {
		_, found := jsonPath(m, k)
		return boolOf(found)
	}
	_, found := m[k]
	return boolOf(found)
}

func extractJSONType(args []Arg) column.Type {
	if len(args) > 2 {
		return typeofArg(args[2])
	}
	return column.String
}

// extract_json(jsonPath, jsonText[, typeof(T)]) (Q/extractjson-function):
// without a type the result is a string (JSON text for objects/arrays).
func evalExtractJSON(_ *Context, a []column.Value) (column.Value, error) {
	doc := a[1]
	var root any
	if doc.Type == column.Dynamic {
		root = doc.D
	} else {
		d, ok := parseJSON(text(doc))
		if !ok {
			return extractJSONResult(nil, false, a), nil
		}
		root = d
	}
	v, found := jsonPath(root, text(a[0]))
	return extractJSONResult(v, found, a), nil
}

func extractJSONResult(v any, found bool, a []column.Value) column.Value {
	t := column.String
	if len(a) > 2 {
		t = a[2].Type
		if a[2].Type == column.String {
			if pt, ok := column.ParseType(a[2].S); ok {
				t = pt
			}
		}
	}
	if !found {
		return column.NullOf(t)
	}
	return convertTo(column.DynamicValue(v), t)
}

// jsonPath navigates $.a.b[0]['c'] paths; ok is false when a step is
// missing.
func jsonPath(root any, path string) (any, bool) {
	p := strings.TrimSpace(path)
	if !strings.HasPrefix(p, "$") {
		return nil, false
	}
	p = p[1:]
	cur := root
	for p != "" {
		var key string
		var idx int
		isIdx := false
		switch {
		case p[0] == '.':
			end := strings.IndexAny(p[1:], ".[")
			if end < 0 {
				end = len(p) - 1
			}
			key, p = p[1:1+end], p[1+end:]
		case p[0] == '[':
			end := strings.IndexByte(p, ']')
			if end < 0 {
				return nil, false
			}
			inner := strings.TrimSpace(p[1:end])
			p = p[end+1:]
			if n, err := strconv.Atoi(inner); err == nil {
				idx, isIdx = n, true
			} else {
				key = strings.Trim(inner, `'"`)
			}
		default:
			return nil, false
		}
		var ok bool
		if cur, ok = stepJSON(cur, key, idx, isIdx); !ok {
			return nil, false
		}
	}
	return cur, true
}

func stepJSON(cur any, key string, idx int, isIdx bool) (any, bool) {
	if isIdx {
		arr, ok := cur.([]any)
		if idx < 0 {
			idx += len(arr)
		}
		if !ok || idx < 0 || idx >= len(arr) {
			return nil, false
		}
		return arr[idx], true
	}
	m, ok := cur.(map[string]any)
	if !ok {
		return nil, false
	}
	v, ok := m[key]
	return v, ok
}

// appendDateTime appends column.FormatDateTime(ticks) to b, without
// allocating: "2021-01-02T03:04:05Z", with the fraction's trailing zeros
// trimmed.
func appendDateTime(b []byte, ticks int64) []byte {
	b = column.TicksToTime(ticks).AppendFormat(b, "2006-01-02T15:04:05")
	if frac := ticks % column.TicksPerSecond; frac != 0 {
		if frac < 0 {
			frac += column.TicksPerSecond
		}
		var digits [8]byte // 1 and the 7 digits of the fraction
		f := strconv.AppendInt(digits[:0], frac+column.TicksPerSecond, 10)[1:]
		b = append(append(b, '.'), bytes.TrimRight(f, "0")...)
	}
	return append(b, 'Z')
}
