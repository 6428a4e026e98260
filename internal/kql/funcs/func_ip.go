package funcs

import (
	"encoding/binary"
	"net/netip"
	"strconv"
	"strings"

	"quarry/internal/column"
)

// IP address functions. Addresses may carry a CIDR suffix ("10.1.2.3/24"),
// which masks them. Invalid input gives null.

func init() {
	B, L, S := column.Bool, column.Long, column.String
	for _, s := range []*Scalar{
		scalar("ipv4_is_private", B, pure(evalIPv4Private), kStr),
		scalar("ipv4_is_in_range", B, pure(inRange(4)), kStr, kStr),
		scalar("ipv4_is_in_any_range", B, pure(inAnyRange(4)), kStr, kAny|kRest),
		scalar("ipv6_is_in_range", B, pure(inRange(6)), kStr, kStr),
		scalar("ipv6_is_in_any_range", B, pure(inAnyRange(6)), kStr, kAny|kRest),
		scalar("ipv4_is_match", B, pure(ipMatch(4)), kStr, kStr, kInts|kOpt),
		scalar("ipv6_is_match", B, pure(ipMatch(6)), kStr, kStr, kInts|kOpt),
		scalar("ipv4_compare", L, pure(ipCompare(4)), kStr, kStr, kInts|kOpt),
		scalar("ipv6_compare", L, pure(ipCompare(6)), kStr, kStr, kInts|kOpt),
		scalar("parse_ipv4", L, pure(evalParseIPv4), kStr),
		scalar("parse_ipv4_mask", L, pure(evalParseIPv4Mask), kStr, kInts),
		scalar("parse_ipv6", S, pure(evalParseIPv6), kStr),
		scalar("parse_ipv6_mask", S, pure(evalParseIPv6Mask), kStr, kInts),
		scalar("format_ipv4", S, pure(formatIPv4(false)), kStr|kInts, kInts|kOpt),
		scalar("format_ipv4_mask", S, pure(formatIPv4(true)), kStr|kInts, kInts|kOpt),
		scalar("has_ipv4", B, pure(evalHasIPv4(false)), kStr, kStr),
		scalar("has_ipv4_prefix", B, pure(evalHasIPv4(true)), kStr, kStr),
		scalar("has_any_ipv4", B, pure(evalHasAnyIPv4(false)), kStr, kAny|kRest),
		scalar("has_any_ipv4_prefix", B, pure(evalHasAnyIPv4(true)), kStr, kAny|kRest),
	} {
		registerScalar(s)
	}
}

// parsePrefix parses "addr[/bits]"; v is 4 for IPv4-only, 6 to accept
// both (IPv4 addresses are mapped into IPv6).
func parsePrefix(s string, v int) (netip.Prefix, bool) {
	s = strings.TrimSpace(s)
	addrPart, bitsPart, hasBits := strings.Cut(s, "/")
	a, err := netip.ParseAddr(addrPart)
	if err != nil || a.Zone() != "" {
		return netip.Prefix{}, false
	}
	if v == 4 && !a.Is4() {
		return netip.Prefix{}, false
	}
	extra := 0
	if v == 6 && a.Is4() {
		a, extra = netip.AddrFrom16(a.As16()), 96
	}
	bits := a.BitLen()
	if hasBits {
		n, err := strconv.Atoi(bitsPart)
		if err != nil || n < 0 || n+extra > a.BitLen() {
			return netip.Prefix{}, false
		}
		bits = n + extra
	}
	p, err := a.Prefix(bits)
	return p, err == nil
}

func withBits(p netip.Prefix, a []column.Value, i, v int) (netip.Prefix, bool) {
	if len(a) <= i || a[i].IsNull() {
		return p, true
	}
	n, ok := asLong(a[i])
	if !ok || n < 0 {
		return p, false
	}
	if v == 6 && p.Addr().Is4In6() && n <= 32 && p.Bits() >= 96 {
		n += 96
	}
	if int(n) > p.Bits() {
		n = int64(p.Bits())
	}
	q, err := p.Addr().Prefix(int(n))
	return q, err == nil
}

var privateV4 = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
}

func evalIPv4Private(a []column.Value) column.Value {
	p, ok := parsePrefix(text(a[0]), 4)
	if !ok {
		return nullBool
	}
	for _, r := range privateV4 {
		if r.Contains(p.Addr()) {
			return boolTrue
		}
	}
	return boolFals
}

// contains reports whether range r contains address (prefix) p.
func prefixContains(r, p netip.Prefix) bool {
	return r.Contains(p.Masked().Addr()) && p.Bits() >= r.Bits()
}

func inRange(v int) func([]column.Value) column.Value {
	return func(a []column.Value) column.Value {
		p, ok1 := parsePrefix(text(a[0]), v)
		r, ok2 := parsePrefix(text(a[1]), v)
		if !ok1 || !ok2 {
			return nullBool
		}
		return boolOf(prefixContains(r, p))
	}
}

func inAnyRange(v int) func([]column.Value) column.Value {
	return func(a []column.Value) column.Value {
		p, ok := parsePrefix(text(a[0]), v)
		if !ok {
			return nullBool
		}
		found := eachElem(a[1:], func(e column.Value) bool {
			r, ok := parsePrefix(text(e), v)
			return ok && prefixContains(r, p)
		})
		return boolOf(found)
	}
}

// ipPair parses two addresses and masks both to the smaller prefix (or the
// explicit prefix argument).
func ipPair(a []column.Value, v int) (netip.Prefix, netip.Prefix, bool) {
	p, ok1 := parsePrefix(text(a[0]), v)
	q, ok2 := parsePrefix(text(a[1]), v)
	if !ok1 || !ok2 {
		return p, q, false
	}
	bits := min(p.Bits(), q.Bits())
	p, _ = p.Addr().Prefix(bits)
	q, _ = q.Addr().Prefix(bits)
	var ok3, ok4 bool
	p, ok3 = withBits(p, a, 2, v)
	q, ok4 = withBits(q, a, 2, v)
	return p.Masked(), q.Masked(), ok3 && ok4
}

func ipMatch(v int) func([]column.Value) column.Value {
	return func(a []column.Value) column.Value {
		p, q, ok := ipPair(a, v)
		if !ok {
			return nullBool
		}
		return boolOf(p.Addr() == q.Addr())
	}
}

func ipCompare(v int) func([]column.Value) column.Value {
	return func(a []column.Value) column.Value {
		p, q, ok := ipPair(a, v)
		if !ok {
			return nullLong
		}
		return column.LongValue(int64(p.Addr().Compare(q.Addr())))
	}
}

func v4Long(p netip.Prefix) int64 {
	b := p.Masked().Addr().As4()
	return int64(binary.BigEndian.Uint32(b[:]))
}

func evalParseIPv4(a []column.Value) column.Value {
	p, ok := parsePrefix(text(a[0]), 4)
	if !ok {
		return nullLong
	}
	return column.LongValue(v4Long(p))
}

func evalParseIPv4Mask(a []column.Value) column.Value {
	p, ok := parsePrefix(text(a[0]), 4)
	if !ok {
		return nullLong
	}
	q, ok := withBits(p, a, 1, 4)
	if !ok {
		return nullLong
	}
	return column.LongValue(v4Long(q))
}

// fullIPv6 renders all eight groups, zero-padded, lower case (the form
// parse_ipv6 returns).
func fullIPv6(a netip.Addr) string {
	b := a.As16()
	parts := make([]string, 8)
	for i := range parts {
		parts[i] = strconv.FormatUint(uint64(binary.BigEndian.Uint16(b[2*i:])), 16)
		for len(parts[i]) < 4 {
			parts[i] = "0" + parts[i]
		}
	}
	return strings.Join(parts, ":")
}

func evalParseIPv6(a []column.Value) column.Value {
	p, ok := parsePrefix(text(a[0]), 6)
	if !ok {
		return emptyStr
	}
	return column.StringValue(fullIPv6(p.Masked().Addr()))
}

func evalParseIPv6Mask(a []column.Value) column.Value {
	p, ok := parsePrefix(text(a[0]), 6)
	if !ok {
		return emptyStr
	}
	q, ok := withBits(p, a, 1, 6)
	if !ok {
		return emptyStr
	}
	return column.StringValue(fullIPv6(q.Masked().Addr()))
}

// formatIPv4(withMask) builds format_ipv4 and format_ipv4_mask; the input
// may be a string or a long.
func formatIPv4(withMask bool) func([]column.Value) column.Value {
	return func(a []column.Value) column.Value {
		var p netip.Prefix
		ok := false
		if n, isNum := asLong(a[0]); isNum && a[0].Type != column.String {
			if n >= 0 && n <= 0xFFFFFFFF {
				var b [4]byte
				binary.BigEndian.PutUint32(b[:], uint32(n))
				p, ok = netip.PrefixFrom(netip.AddrFrom4(b), 32), true
			}
		} else {
			p, ok = parsePrefix(text(a[0]), 4)
		}
		if ok {
			p, ok = withBits(p, a, 1, 4)
		}
		if !ok {
			return emptyStr
		}
		s := p.Masked().Addr().String()
		if withMask {
			s += "/" + strconv.Itoa(p.Bits())
		}
		return column.StringValue(s)
	}
}

// findIPv4s calls f for each dotted-quad token in s (a run of digits and
// dots bounded by characters that are neither alphanumeric nor '.').
func findIPv4s(s string, f func(string) bool) bool {
	for i := 0; i < len(s); {
		if !isIPChar(s[i]) || (i > 0 && (isAlnum(s[i-1]))) {
			i++
			continue
		}
		j := i
		for j < len(s) && isIPChar(s[j]) {
			j++
		}
		if j < len(s) && isAlnum(s[j]) {
			i = j + 1
			continue
		}
		if f(strings.Trim(s[i:j], ".")) {
			return true
		}
		i = j
	}
	return false
}

func isIPChar(c byte) bool { return c == '.' || c >= '0' && c <= '9' }

func isAlnum(c byte) bool { return isTermRune(rune(c)) && c < 0x80 }

func ipTokenMatch(tok, want string, prefix bool) bool {
	if prefix {
		if !strings.HasPrefix(tok, want) {
			return false
		}
		_, err := netip.ParseAddr(tok)
		return err == nil && (strings.HasSuffix(want, ".") || len(tok) == len(want) || tok[len(want)] == '.')
	}
	return tok == want
}

func evalHasIPv4(prefix bool) func([]column.Value) column.Value {
	return func(a []column.Value) column.Value {
		want := strings.TrimSpace(text(a[1]))
		if !prefix {
			if _, ok := parsePrefix(want, 4); !ok {
				return boolFals
			}
		}
		return boolOf(findIPv4s(text(a[0]), func(tok string) bool { return ipTokenMatch(tok, want, prefix) }))
	}
}

func evalHasAnyIPv4(prefix bool) func([]column.Value) column.Value {
	return func(a []column.Value) column.Value {
		src := text(a[0])
		return boolOf(findIPv4s(src, func(tok string) bool {
			return eachElem(a[1:], func(e column.Value) bool { return ipTokenMatch(tok, strings.TrimSpace(text(e)), prefix) })
		}))
	}
}
