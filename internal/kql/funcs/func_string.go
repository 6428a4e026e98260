package funcs

import (
	"encoding/base64"
	"encoding/csv"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"quarry/internal/column"
)

// String functions. Every string parameter accepts any scalar and
// stringifies it, as Kusto does.

func init() {
	S, L, D := column.String, column.Long, column.Dynamic
	for _, s := range []*Scalar{
		scalar("strcat", S, pure(evalStrcat), kStr|kRest),
		scalar("strcat_delim", S, pure(evalStrcatDelim), kStr, kStr, kStr|kRest),
		scalar("strlen", L, pure(func(a []column.Value) column.Value {
			return column.LongValue(int64(utf8.RuneCountInString(text(a[0]))))
		}), kStr),
		scalar("string_size", L, pure(func(a []column.Value) column.Value { return column.LongValue(int64(len(text(a[0])))) }), kStr),
		scalar("substring", S, pure(evalSubstring), kStr, kInts, kInts|kOpt),
		scalar("tolower", S, pure(func(a []column.Value) column.Value { return column.StringValue(strings.ToLower(text(a[0]))) }), kStr),
		scalar("toupper", S, pure(func(a []column.Value) column.Value { return column.StringValue(strings.ToUpper(text(a[0]))) }), kStr),
		{Name: "trim", Check: sig("trim", S, kStr, kStr), Eval: trimEval("^(?:%s)+|(?:%s)+$")},
		{Name: "trim_start", Check: sig("trim_start", S, kStr, kStr), Eval: trimEval("^(?:%s)+")},
		{Name: "trim_end", Check: sig("trim_end", S, kStr, kStr), Eval: trimEval("(?:%s)+$")},
		scalar("split", D, pure(evalSplit), kStr, kStr, kInts|kOpt),
		scalar("replace_string", S, pure(func(a []column.Value) column.Value {
			return column.StringValue(strings.ReplaceAll(text(a[0]), text(a[1]), text(a[2])))
		}), kStr, kStr, kStr),
		{Name: "replace_regex", Check: sig("replace_regex", S, kStr, kStr, kStr), Eval: func(_ *Context, a []column.Value) (column.Value, error) {
			return replaceRegex(text(a[0]), text(a[1]), text(a[2]))
		}},
		{Name: "replace", Check: sig("replace", S, kStr, kStr, kStr), Eval: func(_ *Context, a []column.Value) (column.Value, error) {
			return replaceRegex(text(a[2]), text(a[0]), text(a[1]))
		}},
		{Name: "extract", Check: sigFn("extract", extractType, kStr, kInts, kStr, kAny|kOpt), Eval: evalExtract},
		{Name: "extract_all", Check: sig("extract_all", D, kStr, kAny, kStr|kOpt), Eval: evalExtractAll},
		scalar("indexof", L, pure(evalIndexOf), kStr, kStr, kInts|kOpt, kInts|kOpt, kInts|kOpt),
		{Name: "countof", Check: sig("countof", L, kStr, kStr, kStr|kOpt), Eval: evalCountOf},
		scalar("reverse", S, pure(evalReverse), kStr),
		scalar("strrep", S, pure(evalStrrep), kStr, kInts, kStr|kOpt),
		scalar("strcmp", column.Int, pure(func(a []column.Value) column.Value {
			return column.IntValue(int64(strings.Compare(text(a[0]), text(a[1]))))
		}), kStr, kStr),
		scalar("translate", S, pure(evalTranslate), kStr, kStr, kStr),
		scalar("parse_url", D, pure(evalParseURL), kStr),
		scalar("parse_urlquery", D, pure(evalParseURLQuery), kStr),
		scalar("parse_csv", D, pure(evalParseCSV), kStr),
		scalar("url_encode", S, pure(func(a []column.Value) column.Value { return column.StringValue(urlEncode(text(a[0]))) }), kStr),
		scalar("url_encode_component", S, pure(func(a []column.Value) column.Value { return column.StringValue(urlEncode(text(a[0]))) }), kStr),
		scalar("url_decode", S, pure(evalURLDecode), kStr),
		scalar("base64_encode_tostring", S, pure(func(a []column.Value) column.Value {
			return column.StringValue(base64.StdEncoding.EncodeToString([]byte(text(a[0]))))
		}), kStr),
		scalar("base64_decode_tostring", S, pure(evalB64Decode), kStr),
		scalar("isascii", column.Bool, pure(func(a []column.Value) column.Value { return boolOf(isASCII(text(a[0]))) }), kStr),
		scalar("isutf8", column.Bool, pure(func(a []column.Value) column.Value { return boolOf(utf8.ValidString(text(a[0]))) }), kStr),
	} {
		registerScalar(s)
	}
	registerScalar(scalar("base64_encodestring", S, pure(func(a []column.Value) column.Value {
		return column.StringValue(base64.StdEncoding.EncodeToString([]byte(text(a[0]))))
	}), kStr))
	registerScalar(scalar("base64_decodestring", S, pure(evalB64Decode), kStr))
}

func evalStrcat(a []column.Value) column.Value {
	if len(a) == 1 {
		return column.StringValue(text(a[0]))
	}
	var b strings.Builder
	for _, v := range a {
		b.WriteString(text(v))
	}
	return column.StringValue(b.String())
}

func evalStrcatDelim(a []column.Value) column.Value {
	parts := make([]string, len(a)-1)
	for i, v := range a[1:] {
		parts[i] = text(v)
	}
	return column.StringValue(strings.Join(parts, text(a[0])))
}

// substring(source, start[, length]) counts Unicode characters, 0-based; a
// start past the end gives "", a negative start is clamped to 0.
func evalSubstring(a []column.Value) column.Value {
	s := text(a[0])
	start, ok := asLong(a[1])
	if !ok {
		return emptyStr
	}
	if isASCII(s) {
		n := int64(len(s))
		lo, hi := clampRange(start, n, a)
		return column.StringValue(s[lo:hi])
	}
	r := []rune(s)
	lo, hi := clampRange(start, int64(len(r)), a)
	return column.StringValue(string(r[lo:hi]))
}

func clampRange(start, n int64, a []column.Value) (int64, int64) {
	if start < 0 {
		start = 0
	}
	if start > n {
		start = n
	}
	end := n
	if len(a) > 2 && !a[2].IsNull() {
		if l, ok := asLong(a[2]); ok {
			if l < 0 {
				l = 0
			}
			if start+l < end {
				end = start + l
			}
		}
	}
	return start, end
}

// trimEval builds trim/trim_start/trim_end: remove leading/trailing matches
// of a regex (Q/trim-function).
func trimEval(layout string) func(*Context, []column.Value) (column.Value, error) {
	return func(_ *Context, a []column.Value) (column.Value, error) {
		p := text(a[0])
		if _, err := compileRegex(p); err != nil {
			return emptyStr, err
		}
		re, err := compileRegex(strings.ReplaceAll(layout, "%s", p))
		if err != nil {
			return emptyStr, err
		}
		return column.StringValue(re.ReplaceAllString(text(a[1]), "")), nil
	}
}

// split(source, delimiter[, index]) returns a dynamic array of strings;
// with an index, an array holding only that element (empty when out of
// range). An empty delimiter is an error in Kusto; quarry returns the whole
// string as one element.
func evalSplit(a []column.Value) column.Value {
	s, d := text(a[0]), text(a[1])
	var parts []string
	if d == "" {
		parts = []string{s}
	} else {
		parts = strings.Split(s, d)
	}
	if len(a) > 2 && !a[2].IsNull() {
		i, _ := asLong(a[2])
		if i < 0 || i >= int64(len(parts)) {
			return column.DynamicValue([]any{})
		}
		return column.DynamicValue([]any{parts[i]})
	}
	out := make([]any, len(parts))
	for i, p := range parts {
		out[i] = p
	}
	return column.DynamicValue(out)
}

var backref = regexp.MustCompile(`\\(\d)`)

// replaceRegex replaces all matches of pattern in s; the rewrite refers to
// capture groups as \1..\9 (Kusto's syntax), converted to Go's ${1}.
func replaceRegex(s, pattern, rewrite string) (column.Value, error) {
	re, err := compileRegex(pattern)
	if err != nil {
		return emptyStr, err
	}
	rw := strings.ReplaceAll(rewrite, "$", "$$")
	rw = backref.ReplaceAllString(rw, "$${$1}")
	return column.StringValue(re.ReplaceAllString(s, rw)), nil
}

// extractType: extract returns string unless a typeof(T) 4th argument asks
// for T (the checker passes typeof(T) as an Arg of type T).
func extractType(args []Arg) column.Type {
	if len(args) > 3 {
		return typeofArg(args[3])
	}
	return column.String
}

// typeofArg returns the type named by a typeof(T) argument: its Type, or a
// constant type name.
func typeofArg(a Arg) column.Type {
	if a.Const != nil && a.Const.Type == column.String {
		if t, ok := column.ParseType(a.Const.S); ok {
			return t
		}
	}
	if a.Type == column.Invalid {
		return column.String
	}
	return a.Type
}

func evalExtract(_ *Context, a []column.Value) (column.Value, error) {
	re, err := compileRegex(text(a[0]))
	if err != nil {
		return emptyStr, err
	}
	g, _ := asLong(a[1])
	m := re.FindStringSubmatch(text(a[2]))
	out := ""
	if m != nil && g >= 0 && g < int64(len(m)) {
		out = m[g]
	}
	if len(a) > 3 {
		t := a[3].Type
		if a[3].Type == column.String {
			if pt, ok := column.ParseType(a[3].S); ok {
				t = pt
			}
		}
		if m == nil {
			return column.NullOf(t), nil
		}
		return convertTo(column.StringValue(out), t), nil
	}
	return column.StringValue(out), nil
}

// extract_all(regex, [groups,] source): all matches; one group -> array of
// strings, several -> array of arrays; no groups -> whole matches.
func evalExtractAll(_ *Context, a []column.Value) (column.Value, error) {
	re, err := compileRegex(text(a[0]))
	if err != nil {
		return nullDyn, err
	}
	src := a[len(a)-1]
	var groups []int64
	if len(a) == 3 {
		if arr, ok := dynArray(a[1]); ok {
			for _, g := range arr {
				if n, ok := asLong(column.DynamicValue(g)); ok {
					groups = append(groups, n)
				}
			}
		}
	}
	ms := re.FindAllStringSubmatch(text(src), -1)
	if ms == nil {
		return nullDyn, nil
	}
	if groups == nil {
		for i := 1; i < re.NumSubexp()+1; i++ {
			groups = append(groups, int64(i))
		}
		if len(groups) == 0 {
			groups = []int64{0}
		}
	}
	out := make([]any, 0, len(ms))
	for _, m := range ms {
		out = append(out, pickGroups(m, groups))
	}
	return column.DynamicValue(out), nil
}

func pickGroups(m []string, groups []int64) any {
	get := func(g int64) any {
		if g >= 0 && g < int64(len(m)) {
			return m[g]
		}
		return ""
	}
	if len(groups) == 1 {
		return get(groups[0])
	}
	row := make([]any, len(groups))
	for i, g := range groups {
		row[i] = get(g)
	}
	return row
}

// indexof(source, lookup[, start[, length[, occurrence]]]): 0-based
// character index of the n-th occurrence, -1 when absent; null for a
// negative start or occurrence < 1... (Q/indexof-function).
func evalIndexOf(a []column.Value) column.Value {
	s, sub := []rune(text(a[0])), text(a[1])
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
	if start < 0 {
		start += int64(len(s))
		if start < 0 {
			start = 0
		}
	}
	if start > int64(len(s)) || length < -1 || occ <= 0 {
		return nullLong
	}
	end := int64(len(s))
	if length >= 0 && start+length < end {
		end = start + length
	}
	hay := string(s[start:end])
	pos := 0
	for ; occ > 0; occ-- {
		k := strings.Index(hay[pos:], sub)
		if k < 0 {
			return column.LongValue(-1)
		}
		pos += k
		if occ > 1 {
			pos++
		}
	}
	return column.LongValue(start + int64(utf8.RuneCountInString(hay[:pos])))
}

// countof(source, search[, kind]): "normal" counts overlapping occurrences
// (countof("aaaa", "aa") == 3); "regex" counts regex matches.
func evalCountOf(_ *Context, a []column.Value) (column.Value, error) {
	s, sub := text(a[0]), text(a[1])
	if len(a) > 2 && strings.EqualFold(text(a[2]), "regex") {
		re, err := compileRegex(sub)
		if err != nil {
			return nullLong, err
		}
		return column.LongValue(int64(len(re.FindAllStringIndex(s, -1)))), nil
	}
	if sub == "" {
		return column.LongValue(0), nil
	}
	n := int64(0)
	for i := 0; ; {
		k := strings.Index(s[i:], sub)
		if k < 0 {
			break
		}
		n++
		i += k + 1
	}
	return column.LongValue(n), nil
}

func evalReverse(a []column.Value) column.Value {
	r := []rune(text(a[0]))
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return column.StringValue(string(r))
}

func evalStrrep(a []column.Value) column.Value {
	n, _ := asLong(a[1])
	if n <= 0 {
		return emptyStr
	}
	if n > 1<<16 {
		n = 1 << 16
	}
	parts := make([]string, n)
	for i := range parts {
		parts[i] = text(a[0])
	}
	d := ""
	if len(a) > 2 {
		d = text(a[2])
	}
	return column.StringValue(strings.Join(parts, d))
}

// translate(searchList, replacementList, source): replace each character of
// searchList by the character at the same index in replacementList (the
// last one when shorter; deleted when replacementList is empty).
func evalTranslate(a []column.Value) column.Value {
	from, to := []rune(text(a[0])), []rune(text(a[1]))
	m := make(map[rune]int, len(from))
	for i, r := range from {
		m[r] = i
	}
	var b strings.Builder
	for _, r := range text(a[2]) {
		i, ok := m[r]
		switch {
		case !ok:
			b.WriteRune(r)
		case len(to) == 0:
		case i < len(to):
			b.WriteRune(to[i])
		default:
			b.WriteRune(to[len(to)-1])
		}
	}
	return column.StringValue(b.String())
}

// parse_url returns {Scheme, Host, Port, Path, Username, Password, Query
// Parameters, Fragment} (Q/parse-url-function); invalid -> empty bag.
func evalParseURL(a []column.Value) column.Value {
	u, err := url.Parse(text(a[0]))
	if err != nil || u.Scheme == "" {
		return column.DynamicValue(map[string]any{})
	}
	pw, _ := u.User.Password()
	return column.DynamicValue(map[string]any{
		"Scheme":           u.Scheme,
		"Host":             u.Hostname(),
		"Port":             u.Port(),
		"Path":             u.EscapedPath(),
		"Username":         u.User.Username(),
		"Password":         pw,
		"Query Parameters": queryBag(u.RawQuery),
		"Fragment":         u.Fragment,
	})
}

func queryBag(q string) map[string]any {
	out := map[string]any{}
	vals, _ := url.ParseQuery(q)
	for k, v := range vals {
		out[k] = v[len(v)-1]
	}
	return out
}

func evalParseURLQuery(a []column.Value) column.Value {
	return column.DynamicValue(map[string]any{"Query Parameters": queryBag(strings.TrimPrefix(text(a[0]), "?"))})
}

func evalParseCSV(a []column.Value) column.Value {
	r := csv.NewReader(strings.NewReader(text(a[0])))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	rec, err := r.Read()
	if err != nil {
		return column.DynamicValue([]any{})
	}
	out := make([]any, len(rec))
	for i, f := range rec {
		out[i] = f
	}
	return column.DynamicValue(out)
}

// urlEncode mimics .NET's HttpUtility.UrlEncode (which Kusto uses):
// spaces become '+', other reserved bytes %xx with lower-case hex.
func urlEncode(s string) string {
	e := url.QueryEscape(s)
	var b strings.Builder
	for i := 0; i < len(e); i++ {
		if e[i] == '%' && i+2 < len(e) {
			b.WriteByte('%')
			b.WriteString(strings.ToLower(e[i+1 : i+3]))
			i += 2
			continue
		}
		b.WriteByte(e[i])
	}
	return b.String()
}

func evalURLDecode(a []column.Value) column.Value {
	s, err := url.QueryUnescape(text(a[0]))
	if err != nil {
		return emptyStr
	}
	return column.StringValue(s)
}

func evalB64Decode(a []column.Value) column.Value {
	s := strings.TrimSpace(text(a[0]))
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		b, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
	}
	if err != nil || !utf8.Valid(b) {
		return emptyStr
	}
	return column.StringValue(string(b))
}
