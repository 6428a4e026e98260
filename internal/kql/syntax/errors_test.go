package syntax

import (
	"fmt"
	"strings"
	"testing"
)

var errorCases = []struct {
	src  string
	want []string // "line:col: message substring", one per expected error
}{
	{"T | summarize count( by x", []string{"1:22: expected ')' to close the call to 'count' but found 'by'"}},
	{"T | where", []string{"1:10: expected an expression but found end of input"}},
	{"T | frobnicate x", []string{"1:5: unknown tabular operator 'frobnicate'"}},
	{"T | scan with (step s: true;)", []string{"1:5: the 'scan' operator is not supported"}},
	{"T | where a ==", []string{"1:15: expected an expression after '==' but found end of input"}},
	{"T | where !a", []string{"1:11: '!' is not an operator on its own"}},
	{"T\n| where x > 1\n| project a,\n| take 5", []string{"4:1: expected an expression but found '|'"}},
	{"T | where s == \"abc", []string{"1:16: unterminated string literal"}},
	{"T | where t > 5w", []string{"1:15: invalid number suffix 'w'"}},
	{"T | where t > datetime(2020-13-45)", []string{"1:15: invalid datetime literal '2020-13-45'"}},
	{"T | join kind=inner (U)", []string{"1:24: expected 'on' after the right side of the join but found end of input"}},
	{"let x = 1\nT", []string{"2:1: expected ';' after the statement but found 'T'"}},
	{"| where x", []string{"1:1: expected a table name or tabular expression before '|'"}},
	{"T | where (a", []string{"1:13: expected ')' to close the parenthesis but found end of input"}},
	// Errors are collected after recovery at the next '|'.
	{"T | where a == | extend = 1 | take", []string{
		"1:16: expected an expression after '==' but found '|'",
		"1:25: expected an expression but found '='",
		"1:35: expected an expression but found end of input",
	}},
	{"T | where a\n;\nU", []string{"3:1: unexpected 'U' after the end of the query"}},
	{"T | where x == 1 |", []string{"1:19: expected a tabular operator after '|' but found end of input"}},
	{"T | where é == ¤", []string{"1:16: unexpected character"}},
	{"alias database db = cluster('x').database('y'); T", []string{"1:1: the 'alias' statement is not supported"}},
	{"T | where x in (1, 2", []string{"1:21: expected ')' to close the list of 'in'"}},
	{"T | summarize count() by", []string{"1:25: expected a group-by expression after 'by'"}},
	{"T | project a b", []string{"1:15: unexpected 'b'"}},
	{"T | evaluate bag_unpack(d) : (a:long, *)", []string{"1:39: '*' must come first in the output schema"}},
	{"T | evaluate bag_unpack(d) : a:long", []string{"1:30: expected '(' to start the output schema"}},
}

func TestErrors(t *testing.T) {
	for _, tc := range errorCases {
		_, err := Parse(tc.src)
		list, ok := err.(ErrorList)
		if !ok {
			t.Errorf("Parse(%q): want errors %q, got %v", tc.src, tc.want, err)
			continue
		}
		var got []string
		for _, e := range list {
			got = append(got, fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg))
		}
		if len(got) != len(tc.want) {
			t.Errorf("Parse(%q): got %d errors %q, want %q", tc.src, len(got), got, tc.want)
			continue
		}
		for i := range got {
			if !strings.HasPrefix(got[i], tc.want[i]) {
				t.Errorf("Parse(%q): error %d = %q, want prefix %q", tc.src, i, got[i], tc.want[i])
			}
		}
	}
}

func TestRender(t *testing.T) {
	src := "SigninLogs\n| summarize count( by IPAddress"
	_, err := Parse(src)
	got := err.(ErrorList).Render("q.kql", src)
	want := "q.kql:2:20: error: expected ')' to close the call to 'count' but found 'by'\n" +
		"| summarize count( by IPAddress\n" +
		"                   ^\n"
	if got != want {
		t.Errorf("Render:\n%s\nwant:\n%s", got, want)
	}
}

func TestParseExpr(t *testing.T) {
	cases := map[string]string{
		"a + b * c":                             "a + b * c",
		"(a + b) * c":                           "(a + b) * c",
		"a - (b - c)":                           "a - (b - c)",
		"-(-a)":                                 "-(-a)",
		"a or b and c":                          "a or b and c",
		"(a or b) and c":                        "(a or b) and c",
		"a < b == c > d":                        "a < b == c > d",
		"not(a has 'x')":                        "not(a has \"x\")",
		"x !has_cs 'y'":                         "x !has_cs \"y\"",
		"x matches regex @'\\d+'":               "x matches regex @\"\\d+\"",
		"x.['a b'].c[-1]":                       "x[\"a b\"].c[-1]",
		"dynamic({'a': [1, -2.5, null, true]})": "dynamic({\"a\": [1, -2.5, null, true]})",
		"int(null) == long(-3)":                 "int(null) == long(-3)",
		"real(nan) + real(-inf)":                "real(nan) + real(-inf)",
		"date(2020-01-01) + time(1.02:03:04)":   "datetime(2020-01-01) + timespan(1.02:03:04)",
		"h'secret' == H@\"x\"\"y\"":             "h\"secret\" == h@\"x\"\"y\"",
		"'a' \"b\" @'c'":                        "\"abc\"",
		"```multi\nline```":                     "\"multi\\nline\"",
		"typeof(double)":                        "typeof(real)",
		"0x1F + 1e3 + .5":                       "",
		"True or FALSE":                         "true or false",
		"10microsecond + 1tick + 20min":         "10microsecond + 1tick + 20min",
	}
	for in, want := range cases {
		e, err := ParseExpr(in)
		if want == "" {
			if err == nil {
				t.Errorf("ParseExpr(%q): want an error", in)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseExpr(%q): %v", in, err)
			continue
		}
		if got := e.String(); got != want {
			t.Errorf("ParseExpr(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLiteralValues(t *testing.T) {
	check := func(src string, f func(*Literal) bool) {
		t.Helper()
		e, err := ParseExpr(src)
		if err != nil {
			t.Fatalf("ParseExpr(%q): %v", src, err)
		}
		if l, ok := e.(*Literal); !ok || !f(l) {
			t.Errorf("ParseExpr(%q) = %#v", src, e)
		}
	}
	check("1.5h", func(l *Literal) bool { return l.Kind == LitTimeSpan && l.Dur.String() == "1h30m0s" })
	check("timespan(15 seconds)", func(l *Literal) bool { return l.Dur.Seconds() == 15 })
	check("timespan(2)", func(l *Literal) bool { return l.Dur.Hours() == 48 })
	check("timespan(0.12:34:56.7)", func(l *Literal) bool { return l.Dur.String() == "12h34m56.7s" })
	check("datetime(2017-05-15 10:20:00.0)", func(l *Literal) bool { return l.Time.Hour() == 10 && l.Time.Minute() == 20 })
	check("datetime(2017-05-15T10:20:00Z)", func(l *Literal) bool { return l.Time.Day() == 15 })
	check("0x1F", func(l *Literal) bool { return l.Int == 31 && l.Text == "0x1F" })
	check("1e3", func(l *Literal) bool { return l.Kind == LitReal && l.Real == 1000 })
	check(`"a\tb\u00e9"`, func(l *Literal) bool { return l.Str == "a\tbé" })
	check(`@"c:\dir"`, func(l *Literal) bool { return l.Str == `c:\dir` && l.Verbatim })
	check("guid(74be27de-1e4e-49d9-b579-fe0b331d3642)", func(l *Literal) bool { return l.Kind == LitGuid })
	check("bool(null)", func(l *Literal) bool { return l.Kind == LitBool && l.Null })
}

func TestQuotedDatetime(t *testing.T) {
	e, err := ParseExpr("datetime('12-02-2022')")
	if err != nil {
		t.Fatal(err)
	}
	l := e.(*Literal)
	if l.Time.Month() != 12 || l.Time.Day() != 2 || l.Text != "datetime('12-02-2022')" {
		t.Errorf("got %v %q", l.Time, l.Text)
	}
}
