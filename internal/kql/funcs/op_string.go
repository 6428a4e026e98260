package funcs

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"quarry/internal/column"
)

// String predicates (Q/datatypes-string-operators). Each has a negated form
// spelled with a leading '!'. Non-string operands are stringified first.
//
// Terms: a string is split into maximal runs of alphanumeric characters
// (Unicode letters and digits; '_' and every other character separate
// terms). has is true when the right side occurs in the left side starting
// at a term start and ending at a term end; a right side that itself begins
// (ends) with a non-alphanumeric character needs no boundary on that side,
// so a multi-term right side works as a phrase ("MFA Denied; user declined",
// " uid=0"). hasprefix needs only the start boundary, hassuffix only the end
// boundary. The scans do not allocate.

type strPred func(s, sub string) bool

var stringPreds = map[string]strPred{
	"=~":            strings.EqualFold,
	"has":           func(s, sub string) bool { return termMatch(s, sub, true, true, true) },
	"has_cs":        func(s, sub string) bool { return termMatch(s, sub, false, true, true) },
	"hasprefix":     func(s, sub string) bool { return termMatch(s, sub, true, true, false) },
	"hasprefix_cs":  func(s, sub string) bool { return termMatch(s, sub, false, true, false) },
	"hassuffix":     func(s, sub string) bool { return termMatch(s, sub, true, false, true) },
	"hassuffix_cs":  func(s, sub string) bool { return termMatch(s, sub, false, false, true) },
	"contains":      func(s, sub string) bool { return indexFold(s, sub, 0) >= 0 },
	"contains_cs":   strings.Contains,
	"startswith":    hasPrefixFold,
	"startswith_cs": strings.HasPrefix,
	"endswith":      hasSuffixFold,
	"endswith_cs":   strings.HasSuffix,
}

func init() {
	for name, p := range stringPreds {
		registerStringPred(name, p, false)
		neg := "!" + name
		if name == "=~" {
			neg = "!~"
		}
		registerStringPred(neg, p, true)
	}
	registerScalar(&Scalar{Name: "matches regex", Check: stringPredCheck("matches regex"), Eval: evalMatches})
}

// StringPredicate returns the plain function behind a string operator
// (has, !contains, startswith_cs, =~, ...) and whether the operator
// negates it, so that the executor can apply it to a string vector against
// a constant without boxing. The result of a string operator on two
// strings is never null.
func StringPredicate(op string) (pred func(s, sub string) bool, neg, ok bool) {
	switch {
	case op == "!~":
		op, neg = "=~", true
	case strings.HasPrefix(op, "!"):
		op, neg = op[1:], true
	}
	p, ok := stringPreds[op]
	return p, neg, ok
}

func registerStringPred(name string, p strPred, neg bool) {
	registerScalar(&Scalar{
		Name:  name,
		Check: stringPredCheck(name),
		Eval: pure(func(a []column.Value) column.Value {
			return boolOf(p(text(a[0]), text(a[1])) != neg)
		}),
	})
}

func stringPredCheck(op string) func([]Arg) (column.Type, error) {
	return func(args []Arg) (column.Type, error) {
		if len(args) != 2 {
			return column.Invalid, fmt.Errorf("operator '%s' expects 2 operands, got %d", op, len(args))
		}
		return column.Bool, nil
	}
}

func evalMatches(_ *Context, a []column.Value) (column.Value, error) {
	re, err := compileRegex(text(a[1]))
	if err != nil {
		return nullBool, err
	}
	return boolOf(re.MatchString(text(a[0]))), nil
}

// ---------------------------------------------------------------------------
// regex cache

var regexCache sync.Map // pattern -> *regexp.Regexp

const regexCacheMax = 4096

var regexCacheLen int64
var regexCacheMu sync.Mutex

// compileRegex compiles an RE2 pattern once and caches it.
func compileRegex(p string) (*regexp.Regexp, error) {
	if re, ok := regexCache.Load(p); ok {
		return re.(*regexp.Regexp), nil
	}
	re, err := regexp.Compile(p)
	if err != nil {
		return nil, fmt.Errorf("invalid regular expression %q: %v", p, strings.TrimPrefix(err.Error(), "error parsing regexp: "))
	}
	regexCacheMu.Lock()
	if regexCacheLen >= regexCacheMax {
		regexCache.Clear()
		regexCacheLen = 0
	}
	regexCacheLen++
	regexCacheMu.Unlock()
	regexCache.Store(p, re)
	return re, nil
}

// ---------------------------------------------------------------------------
// term and case-insensitive scanning

// isTermRune reports whether r belongs to a term.
func isTermRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// termBefore reports whether the character ending at byte i of s is a term
// character.
func termBefore(s string, i int) bool {
	if i <= 0 {
		return false
	}
	if c := s[i-1]; c < utf8.RuneSelf {
		return isTermRune(rune(c))
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return isTermRune(r)
}

// termAt reports whether the character starting at byte i of s is a term
// character.
func termAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	if c := s[i]; c < utf8.RuneSelf {
		return isTermRune(rune(c))
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isTermRune(r)
}

// termMatch finds sub in s (case-folded when fold) at a position that starts
// at a term boundary (when start) and ends at one (when end).
func termMatch(s, sub string, fold, start, end bool) bool {
	if sub == "" {
		return true
	}
	needStart := start && termAt(sub, 0)
	needEnd := end && termBefore(sub, len(sub))
	for i := 0; i <= len(s); {
		j, n := findFrom(s, sub, i, fold)
		if j < 0 {
			return false
		}
		if (!needStart || !termBefore(s, j)) && (!needEnd || !termAt(s, j+n)) {
			return true
		}
		i = j + 1
		for i < len(s) && !utf8.RuneStart(s[i]) {
			i++
		}
	}
	return false
}

// findFrom returns the byte offset and matched length of the first
// occurrence of sub in s at or after from.
func findFrom(s, sub string, from int, fold bool) (int, int) {
	if !fold {
		k := strings.Index(s[from:], sub)
		if k < 0 {
			return -1, 0
		}
		return from + k, len(sub)
	}
	return indexFoldLen(s, sub, from)
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 32
	}
	return c
}

// indexFold returns the offset of the first case-insensitive occurrence of
// sub in s at or after from, or -1.
func indexFold(s, sub string, from int) int {
	i, _ := indexFoldLen(s, sub, from)
	return i
}

func indexFoldLen(s, sub string, from int) (int, int) {
	if sub == "" {
		return from, 0
	}
	c0 := sub[0]
	ascii := c0 < utf8.RuneSelf
	l0 := lowerASCII(c0)
	for i := from; i < len(s); i++ {
		c := s[i]
		if ascii && lowerASCII(c) != l0 && c < utf8.RuneSelf {
			continue
		}
		if !utf8.RuneStart(c) {
			continue
		}
		if n, ok := prefixFold(s[i:], sub); ok {
			return i, n
		}
	}
	return -1, 0
}

// prefixFold reports whether s starts with p ignoring case, and how many
// bytes of s the match spans.
func prefixFold(s, p string) (int, bool) {
	i, j := 0, 0
	for j < len(p) {
		if i >= len(s) {
			return 0, false
		}
		a, b := s[i], p[j]
		if a < utf8.RuneSelf && b < utf8.RuneSelf {
			if lowerASCII(a) != lowerASCII(b) {
				return 0, false
			}
			i++
			j++
			continue
		}
		ra, na := utf8.DecodeRuneInString(s[i:])
		rb, nb := utf8.DecodeRuneInString(p[j:])
		if !equalFoldRune(ra, rb) {
			return 0, false
		}
		i += na
		j += nb
	}
	return i, true
}

func equalFoldRune(a, b rune) bool {
	if a == b {
		return true
	}
	for r := unicode.SimpleFold(a); r != a; r = unicode.SimpleFold(r) {
		if r == b {
			return true
		}
	}
	return false
}

func hasPrefixFold(s, p string) bool {
	_, ok := prefixFold(s, p)
	return ok
}

func hasSuffixFold(s, p string) bool {
	if len(p) <= len(s) && strings.EqualFold(s[len(s)-len(p):], p) {
		return true
	}
	if isASCII(s) && isASCII(p) {
		return false
	}
	return strings.HasSuffix(strings.ToLower(s), strings.ToLower(p))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
