package ingest

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math/bits"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"quarry/internal/column"
	"quarry/internal/ingest/source"
)

// This file is the JSON scanner the readers share. It works on a complete
// record held in a byte slice and never builds a tree: callers walk the
// top-level keys of an object, decode the values they want and skip the
// rest. Skipping validates numbers and literals, finds the end of strings
// without checking their escapes, and checks nested objects and arrays only
// for balance (strings and brackets), which is what keeps skipping at
// memory-scan speed; a value that is decoded is validated in full. The
// decoder stops walking a record once it has every key it reads
// (decodeCtx.walkObject).

// errEOF means the input ended inside a value. Splitters use it to ask for
// more data; decoders report it as a truncated record.
var errEOF = errors.New("unexpected end of JSON input")

// maxDepth bounds nesting so hostile input cannot exhaust the stack.
const maxDepth = 1000

// syntaxError is a JSON error at a byte offset of the record.
type syntaxError struct {
	msg string
	off int
}

func (e *syntaxError) Error() string { return e.msg + " at offset " + strconv.Itoa(e.off) }

func errAt(msg string, off int) error { return &syntaxError{msg: msg, off: off} }

// skipTable marks the bytes skipContainer must look at.
var skipTable = [256]bool{'"': true, '{': true, '}': true, '[': true, ']': true}

// isSpace reports JSON whitespace.
func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

// skipWS returns the index of the first non-whitespace byte at or after i.
func skipWS(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// skipString skips the string whose opening quote is at i. It returns the
// index after the closing quote and whether the string has escapes.
// Fast path: findQuote tests 8 bytes at a time for '"' or '\\'; a string
// without escapes (almost all of them) is skipped in that one pass.
func skipString(b []byte, i int) (int, bool, error) {
	j := findQuote(b, i+1)
	switch {
	case j >= len(b):
		return len(b), false, errEOF
	case b[j] == '"':
		return j + 1, false, nil
	}
	return skipEscaped(b, i)
}

const (
	swarLo = 0x0101010101010101
	swarHi = 0x8080808080808080
)

// findQuote returns the index of the first '"' or '\\' at or after j, or
// len(b). It compares a word of 8 bytes at a time (SWAR): a byte equal to
// c makes w^(c*swarLo) have a zero byte, which (x-swarLo)&^x&swarHi flags;
// the lowest flag is always exact.
func findQuote(b []byte, j int) int {
	for ; j+8 <= len(b); j += 8 {
		w := binary.LittleEndian.Uint64(b[j:])
		q := w ^ ('"' * swarLo)
		e := w ^ ('\\' * swarLo)
		if m := ((q - swarLo) &^ q) | ((e - swarLo) &^ e); m&swarHi != 0 {
			return j + bits.TrailingZeros64(m&swarHi)>>3
		}
	}
	for ; j < len(b); j++ {
		if b[j] == '"' || b[j] == '\\' {
			return j
		}
	}
	return len(b)
}

// skipEscaped is skipString for a string known to contain escapes.
func skipEscaped(b []byte, i int) (int, bool, error) {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '"':
			return j + 1, true, nil
		case '\\':
			j++
		}
	}
	return len(b), true, errEOF
}

// skipValue skips the JSON value starting at i (no leading whitespace).
func skipValue(b []byte, i int) (int, error) {
	if i >= len(b) {
		return i, errEOF
	}
	switch c := b[i]; {
	case c == '"':
		end, _, err := skipString(b, i)
		return end, err
	case c == '{' || c == '[':
		return skipContainer(b, i)
	case c == 't':
		return skipLiteral(b, i, "true")
	case c == 'f':
		return skipLiteral(b, i, "false")
	case c == 'n':
		return skipLiteral(b, i, "null")
	case c == '-' || (c >= '0' && c <= '9'):
		end := scanNumber(b, i)
		if _, _, _, ok := parseNumber(b[i:end]); !ok {
			return end, numberError(b, i, end)
		}
		return end, nil
	}
	return i, errAt("invalid character "+strconv.QuoteRune(rune(b[i]))+" looking for a value", i)
}

// skipContainer skips an object or array, checking only that strings end
// and brackets balance. findBracket jumps 8 bytes at a time to the next
// byte that matters.
func skipContainer(b []byte, i int) (int, error) {
	depth := 0
	for j := i; j < len(b); j++ {
		j = findBracket(b, j)
		if j >= len(b) {
			break
		}
		switch b[j] {
		case '"':
			end, _, err := skipString(b, j)
			if err != nil {
				return end, err
			}
			j = end - 1
		case '{', '[':
			depth++
			if depth > maxDepth {
				return j, errAt("nesting too deep", j)
			}
		default:
			depth--
			if depth == 0 {
				return j + 1, nil
			}
		}
	}
	return len(b), errEOF
}

// findBracket returns the index of the first '"', '{', '}', '[' or ']' at
// or after j, or len(b). Setting bit 0x20 maps '[' to '{' and ']' to '}'
// (and no other byte onto them), so three SWAR compares find all five.
func findBracket(b []byte, j int) int {
	for ; j+8 <= len(b); j += 8 {
		w := binary.LittleEndian.Uint64(b[j:])
		q := w ^ ('"' * swarLo)
		o := (w | 0x20*swarLo) ^ ('{' * swarLo)
		c := (w | 0x20*swarLo) ^ ('}' * swarLo)
		if m := (((q - swarLo) &^ q) | ((o - swarLo) &^ o) | ((c - swarLo) &^ c)) & swarHi; m != 0 {
			return j + bits.TrailingZeros64(m)>>3
		}
	}
	for ; j < len(b); j++ {
		if skipTable[b[j]] {
			return j
		}
	}
	return len(b)
}

func skipLiteral(b []byte, i int, lit string) (int, error) {
	end := i + len(lit)
	if end > len(b) {
		if string(b[i:]) == lit[:len(b)-i] {
			return len(b), errEOF
		}
		return i, errAt("invalid literal", i)
	}
	if string(b[i:end]) != lit {
		return i, errAt("invalid literal", i)
	}
	return end, nil
}

// scanNumber returns the end of the number-like run starting at i.
func scanNumber(b []byte, i int) int {
	j := i
	for j < len(b) {
		c := b[j]
		if (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' {
			j++
			continue
		}
		break
	}
	return j
}

func numberError(b []byte, i, end int) error {
	if end == len(b) {
		return errEOF
	}
	return errAt("invalid number", i)
}

// parseNumber parses a JSON number. isInt is true when it has no fraction
// or exponent and fits an int64; f is always set. Fast path: integers and
// decimals of up to 15 significant digits are converted exactly without
// strconv (Clinger's fast path).
func parseNumber(raw []byte) (i int64, f float64, isInt, ok bool) {
	if !validNumber(raw) {
		return 0, 0, false, false
	}
	if n, ok := parseInt(raw); ok {
		return n, float64(n), true, true
	}
	if f, ok := fastFloat(raw); ok {
		return 0, f, false, true
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, 0, false, false
	}
	return 0, f, false, true
}

// validNumber checks the JSON number grammar.
func validNumber(b []byte) bool {
	i := 0
	if i < len(b) && b[i] == '-' {
		i++
	}
	start := i
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	if i == start || (b[start] == '0' && i-start > 1) {
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		s := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == s {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		s := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == s {
			return false
		}
	}
	return i == len(b)
}

// parseInt parses an optionally signed run of digits into an int64.
func parseInt(b []byte) (int64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 19 {
		return 0, false
	}
	var n uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	switch {
	case neg && n <= 1<<63:
		return -int64(n), true
	case !neg && n < 1<<63:
		return int64(n), true
	}
	return 0, false
}

var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// fastFloat converts d.ddd without exponent when the digits fit exactly in
// a float64 mantissa; the result is correctly rounded.
func fastFloat(b []byte) (float64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	var mant uint64
	digits, scale := 0, -1
	for k, c := range b {
		switch {
		case c == '.':
			scale = len(b) - k - 1
		case c >= '0' && c <= '9':
			mant = mant*10 + uint64(c-'0')
			digits++
		default:
			return 0, false
		}
	}
	if digits > 15 || scale < 0 || scale > 22 {
		return 0, false
	}
	f := float64(mant) / pow10[scale]
	if neg {
		f = -f
	}
	return f, true
}

// unescape appends the decoded content of a JSON string body (without the
// quotes) to dst. Invalid escapes fail; invalid UTF-8 is kept as is.
func unescape(dst, s []byte) ([]byte, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			dst = append(dst, c)
			continue
		}
		i++
		if i >= len(s) {
			return dst, false
		}
		switch s[i] {
		case '"', '\\', '/':
			dst = append(dst, s[i])
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			var ok bool
			dst, i, ok = unescapeU(dst, s, i)
			if !ok {
				return dst, false
			}
		default:
			return dst, false
		}
	}
	return dst, true
}

// unescapeU decodes \uXXXX (i at the 'u'), joining surrogate pairs.
func unescapeU(dst, s []byte, i int) ([]byte, int, bool) {
	r, ok := hex4(s, i+1)
	if !ok {
		return dst, i, false
	}
	i += 4
	if utf16.IsSurrogate(r) {
		if i+6 < len(s) && s[i+1] == '\\' && s[i+2] == 'u' {
			if r2, ok := hex4(s, i+3); ok {
				if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
					return utf8.AppendRune(dst, d), i + 6, true
				}
			}
		}
		r = utf8.RuneError
	}
	return utf8.AppendRune(dst, r), i, true
}

func hex4(s []byte, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range s[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// stringBody returns the decoded body of the string at i and the index after
// it. Without escapes the result aliases b; otherwise it is built in scratch.
func stringBody(b []byte, i int, scratch []byte) (body []byte, end int, newScratch []byte, err error) {
	end, esc, err := skipString(b, i)
	if err != nil {
		return nil, end, scratch, err
	}
	raw := b[i+1 : end-1]
	if !esc {
		return raw, end, scratch, nil
	}
	out, ok := unescape(scratch[:0], raw)
	if !ok {
		return nil, end, out, errAt("invalid escape in string", i)
	}
	return out, end, out, nil
}

// parseAny materializes the JSON value at i as a dynamic value: nil, bool,
// int64 (integers that fit), float64, string, []any or map[string]any.
func parseAny(b []byte, i, depth int) (any, int, error) {
	if i >= len(b) {
		return nil, i, errEOF
	}
	if depth > maxDepth {
		return nil, i, errAt("nesting too deep", i)
	}
	switch c := b[i]; {
	case c == '{':
		return parseObject(b, i, depth)
	case c == '[':
		return parseArray(b, i, depth)
	case c == '"':
		body, end, _, err := stringBody(b, i, nil)
		return string(body), end, err
	case c == '-' || (c >= '0' && c <= '9'):
		end := scanNumber(b, i)
		n, f, isInt, ok := parseNumber(b[i:end])
		if !ok {
			return nil, end, numberError(b, i, end)
		}
		if isInt {
			return n, end, nil
		}
		return f, end, nil
	}
	end, err := skipValue(b, i)
	if err != nil {
		return nil, end, err
	}
	switch b[i] {
	case 't':
		return true, end, nil
	case 'f':
		return false, end, nil
	}
	return nil, end, nil
}

func parseObject(b []byte, i, depth int) (any, int, error) {
	m := map[string]any{}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		return m, i + 1, nil
	}
	for {
		if i >= len(b) {
			return nil, i, errEOF
		}
		if b[i] != '"' {
			return nil, i, errAt("expected string key", i)
		}
		key, end, _, err := stringBody(b, i, nil)
		if err != nil {
			return nil, end, err
		}
		i, err = expectColon(b, end)
		if err != nil {
			return nil, i, err
		}
		var v any
		v, i, err = parseAny(b, i, depth+1)
		if err != nil {
			return nil, i, err
		}
		m[string(key)] = v
		var done bool
		i, done, err = nextMember(b, i, '}')
		if err != nil || done {
			return m, i, err
		}
	}
}

func parseArray(b []byte, i, depth int) (any, int, error) {
	a := []any{}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == ']' {
		return a, i + 1, nil
	}
	for {
		v, end, err := parseAny(b, i, depth+1)
		if err != nil {
			return nil, end, err
		}
		a = append(a, v)
		var done bool
		i, done, err = nextMember(b, end, ']')
		if err != nil || done {
			return a, i, err
		}
	}
}

// expectColon skips whitespace, a colon and whitespace after a key.
func expectColon(b []byte, i int) (int, error) {
	i = skipWS(b, i)
	if i >= len(b) {
		return i, errEOF
	}
	if b[i] != ':' {
		return i, errAt("expected ':' after object key", i)
	}
	return skipWS(b, i+1), nil
}

// nextMember skips whitespace and then a comma (returning the start of the
// next member) or the closing bracket (done).
func nextMember(b []byte, i int, closer byte) (int, bool, error) {
	i = skipWS(b, i)
	if i >= len(b) {
		return i, false, errEOF
	}
	switch b[i] {
	case ',':
		return skipWS(b, i+1), false, nil
	case closer:
		return i + 1, true, nil
	}
	return i, false, errAt("expected ',' or '"+string(closer)+"'", i)
}

// checkValue validates the JSON value at b[i] fully, without allocating,
// and returns the index after it.
func checkValue(b []byte, i, depth int) (int, error) {
	if i >= len(b) {
		return i, errEOF
	}
	if depth > maxDepth {
		return i, errAt("nesting too deep", i)
	}
	switch b[i] {
	case '{':
		return checkObject(b, i, depth)
	case '[':
		return checkArray(b, i, depth)
	case '"':
		return checkString(b, i)
	}
	return skipValue(b, i)
}

// checkString skips a string and validates its escapes.
func checkString(b []byte, i int) (int, error) {
	end, esc, err := skipString(b, i)
	if err != nil || !esc {
		return end, err
	}
	raw := b[i+1 : end-1]
	for k := 0; k < len(raw); k++ {
		if raw[k] != '\\' {
			continue
		}
		k++
		switch {
		case k < len(raw) && bytes.IndexByte([]byte(`"\\/bfnrt`), raw[k]) >= 0:
		case k < len(raw) && raw[k] == 'u':
			if _, ok := hex4(raw, k+1); !ok {
				return end, errAt("invalid escape in string", i)
			}
			k += 4
		default:
			return end, errAt("invalid escape in string", i)
		}
	}
	return end, nil
}

func checkObject(b []byte, i, depth int) (int, error) {
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		return i + 1, nil
	}
	for {
		if i >= len(b) {
			return i, errEOF
		}
		if b[i] != '"' {
			return i, errAt("expected string key", i)
		}
		end, err := checkString(b, i)
		if err != nil {
			return end, err
		}
		if i, err = expectColon(b, end); err != nil {
			return i, err
		}
		if i, err = checkValue(b, i, depth+1); err != nil {
			return i, err
		}
		var done bool
		if i, done, err = nextMember(b, i, '}'); err != nil || done {
			return i, err
		}
	}
}

func checkArray(b []byte, i, depth int) (int, error) {
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == ']' {
		return i + 1, nil
	}
	for {
		end, err := checkValue(b, i, depth+1)
		if err != nil {
			return end, err
		}
		var done bool
		if i, done, err = nextMember(b, end, ']'); err != nil || done {
			return i, err
		}
	}
}

// Fields: values inside a JSON column, extracted without building the
// column's object. lookupField and walkField implement Field's meaning;
// setField and setFieldText store the result in a column builder.

// lookupField returns the value at keys inside the JSON value v (validated,
// no surrounding whitespace), and whether it is there. Each key selects an
// object member; a repeated key's last occurrence wins, as parseObject
// keeps it. buf is scratch for unescaping keys.
func lookupField(v []byte, keys []string, buf []byte) ([]byte, bool, []byte) {
	for _, want := range keys {
		if len(v) == 0 || v[0] != '{' {
			return nil, false, buf
		}
		var found []byte
		ok := false
		i := skipWS(v, 1)
		for i < len(v) && v[i] == '"' {
			end, esc, _ := skipString(v, i)
			key := v[i+1 : end-1]
			if esc {
				buf, _ = unescape(buf[:0], key)
				key = buf
			}
			i, _ = expectColon(v, end)
			vend, _ := skipValue(v, i)
			if string(key) == want {
				found, ok = v[i:vend], true
			}
			i, _, _ = nextMember(v, vend, '}')
		}
		if !ok {
			return nil, false, buf
		}
		v = found
	}
	return v, true, buf
}

// walkField finds the field at keys in text, a JSON object or array with
// optional surrounding space, as a string column or a JSON string holds
// it; ok is false when text is not one valid JSON value or has no such
// field.
func walkField(text []byte, keys []string, buf []byte) ([]byte, bool, []byte) {
	t := bytes.TrimSpace(text)
	if len(t) == 0 || (t[0] != '{' && t[0] != '[') {
		return nil, false, buf
	}
	if end, err := checkValue(t, 0, 0); err != nil || end != len(t) {
		return nil, false, buf
	}
	return lookupField(t, keys, buf)
}

// setField decodes the field at keys inside the JSON value at b[i] into c
// and returns the index after the value. The value is validated as fully
// as setJSON validates it for a dynamic or string column, so a record is
// bad exactly when it would be bad with the column itself requested.
func setField(c *colBuilder, b []byte, i int, keys []string, d *decodeCtx) (int, error) {
	if i >= len(b) {
		return i, errEOF
	}
	var leaf []byte
	var ok bool
	switch b[i] {
	case '"':
		body, end, scratch, err := stringBody(b, i, d.scratch)
		d.scratch = scratch
		if err != nil {
			return end, err
		}
		leaf, ok, d.keybuf = walkField(body, keys, d.keybuf)
		appendLeaf(c, leaf, ok, d)
		return end, nil
	case '{', '[':
		end, err := checkValue(b, i, 0)
		if err != nil {
			return end, err
		}
		leaf, ok, d.keybuf = lookupField(b[i:end], keys, d.keybuf)
		appendLeaf(c, leaf, ok, d)
		return end, nil
	}
	end, err := skipValue(b, i)
	appendLeaf(c, nil, false, d)
	return end, err
}

// setFieldText stores the field at keys inside text (a CSV cell).
func (d *decodeCtx) setFieldText(c *colBuilder, text []byte, keys []string) {
	leaf, ok, buf := walkField(text, keys, d.keybuf)
	d.keybuf = buf
	appendLeaf(c, leaf, ok, d)
}

// appendLeaf stores a field's value (leaf, a valid JSON value, when ok):
// for a string field its text as source.Text renders the decoded value
// ("" for a missing field or null), for a real field its number (null for
// anything else).
func appendLeaf(c *colBuilder, leaf []byte, ok bool, d *decodeCtx) {
	if c.typ == column.Real {
		if ok && len(leaf) > 0 && (leaf[0] == '-' || leaf[0] >= '0' && leaf[0] <= '9') {
			if _, f, _, valid := parseNumber(leaf); valid {
				c.appendReal(f)
				return
			}
		}
		c.appendNull()
		return
	}
	if !ok {
		c.appendStr(nil)
		return
	}
	switch leaf[0] {
	case '"':
		var body []byte
		body, _, d.leafbuf, _ = stringBody(leaf, 0, d.leafbuf)
		c.appendStr(body)
	case 'n':
		c.appendStr(nil)
	default:
		v, _, _ := parseAny(leaf, 0, 0)
		c.appendStr([]byte(source.Text(v)))
	}
}

// FieldText returns the text of the field at keys inside text, the JSON
// text of an object (a string column holding JSON, as Log Analytics keeps
// some objects): what a String field of FileTable.ScanFields holds for a
// cell with that text. It builds no tree; a string value without escapes
// is returned as a substring of text.
func FieldText(text string, keys ...string) string {
	b := unsafe.Slice(unsafe.StringData(text), len(text)) // read only
	leaf, ok, _ := walkField(b, keys, nil)
	if !ok {
		return ""
	}
	switch leaf[0] {
	case '"':
		end, esc, _ := skipString(leaf, 0)
		if !esc {
			off := cap(b) - cap(leaf) // leaf is a subslice of b
			return text[off+1 : off+end-1]
		}
		body, _ := unescape(nil, leaf[1:end-1])
		return string(body)
	case 'n':
		return ""
	}
	v, _, _ := parseAny(leaf, 0, 0)
	return source.Text(v)
}

// FieldReal is FieldText for a Real field: the number at keys, if any.
func FieldReal(text string, keys ...string) (float64, bool) {
	b := unsafe.Slice(unsafe.StringData(text), len(text)) // read only
	leaf, ok, _ := walkField(b, keys, nil)
	if !ok || len(leaf) == 0 || (leaf[0] != '-' && (leaf[0] < '0' || leaf[0] > '9')) {
		return 0, false
	}
	_, f, _, valid := parseNumber(leaf)
	return f, valid
}
