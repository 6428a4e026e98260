package funcs

import (
	"testing"

	"quarry/internal/column"
)

// Q/numerical-operators: type rules, integer truncation, modulo sign.
func TestArithmetic(t *testing.T) {
	runCases(t, []tc{
		c("+", "5", l(2), l(3)),
		c("+", "5", i32(2), l(3)),
		c("+", "5.5", l(2), r(3.5)),
		c("/", "2", l(5), l(2)),
		c("/", "-2", l(-5), l(2)), // truncates toward zero
		c("/", "0.5", r(1), l(2)),
		c("/", "0.5", l(1), r(2)),
		c("/", "null", l(1), l(0)),
		c("/", "Infinity", r(1), l(0)),
		c("%", "2", l(14), l(12)),
		c("%", "10", l(-14), l(12)),
		c("%", "2", l(14), l(-12)),
		c("%", "10", l(-14), l(-12)),
		c("%", "null", l(1), l(0)),
		c("*", "6", l(2), l(3)),
		c("-", "null", l(2), null(column.Long)),
		c("neg", "-3", l(3)),
		c("neg", "-1.00:00:00", ts("1d")),
		c("-", "1.00:00:00", dt("2017-01-02"), dt("2017-01-01")),
		c("+", "2017-01-02T00:00:00Z", dt("2017-01-01"), ts("1d")),
		c("-", "2016-12-31T12:00:00Z", dt("2017-01-01"), ts("12h")),
		c("+", "2017-01-02T00:00:00Z", ts("1d"), dt("2017-01-01")),
		c("+", "1.01:00:00", ts("1d"), ts("1h")),
		c("*", "00:00:05", ts("1s"), l(5)),
		c("*", "00:00:05", l(5), ts("1s")),
		c("*", "00:00:01.5000000", ts("1s"), r(1.5)),
		c("/", "600", ts("10m"), ts("1s")),
		c("/", "00:05:00", ts("10m"), l(2)),
		c("+", "error: operator '+' cannot be applied to string and long", s("a"), l(1)),
		c("-", "error: operator '-' cannot be applied to timespan and datetime", ts("1d"), dt("2017-01-01")),
	})
}

func TestCompareAndNulls(t *testing.T) {
	runCases(t, []tc{
		c("==", "true", s("aBc"), s("aBc")),
		c("==", "false", s("abc"), s("ABC")),
		c("!=", "true", s("abc"), s("ABC")),
		c("==", "true", i32(5), l(5)),
		c("==", "true", l(5), r(5.0)),
		c("<", "true", l(1), r(1.5)),
		// Q/null-values: null == null is null; null vs value: == false, != true.
		c("==", "null", null(column.Int), null(column.Int)),
		c("!=", "null", null(column.Int), null(column.Int)),
		c("==", "false", l(5), null(column.Int)),
		c("!=", "true", l(5), null(column.Int)),
		c(">", "true", i32(5), l(3)),
		c(">", "null", null(column.Int), l(3)),
		// Lenient string/number comparison (deliberate quarry choice).
		c("==", "true", s("0"), l(0)),
		c("!=", "false", s("0"), l(0)),
		c("!=", "true", s("50126"), l(0)),
		c("==", "false", s(""), l(0)),
		c("!=", "true", s(""), l(0)),
		c("==", "true", i32(4625), s("4625")),
		c("<", "true", s("9"), l(10)),
		c("==", "true", dt("2021-01-01"), s("2021-01-01T00:00:00Z")),
		c(">", "true", dt("2021-01-02"), s("2021-01-01")),
		c("==", "true", ts("1d"), s("1.00:00:00")),
		c("==", "true", dyn(`{"a":"x"}`), dyn(`{"a":"x"}`)),
		c("==", "true", dyn(`"x"`), s("x")),
		c("==", "true", dyn(`5`), l(5)),
		c("==", "true", column.GUIDValue("74be27de-1e4e-49d9-b579-fe0b331d3642"), s("74BE27DE-1E4E-49D9-B579-FE0B331D3642")),
		// Q/scalar-data-types/null-values ("Exceptions to this rule"): null is
		// sticky except false and null -> false, true or null -> true. (The
		// Q/logical-operators table says null and true -> false; its only
		// example, iff(bool(null) and true, true, false) -> false, holds
		// either way, since iff treats a null condition as false.)
		c("and", "null", null(column.Bool), b(true)),
		c("and", "null", b(true), null(column.Bool)),
		c("and", "false", null(column.Bool), b(false)),
		c("and", "false", b(false), null(column.Bool)),
		c("and", "null", null(column.Bool), null(column.Bool)),
		c("or", "true", null(column.Bool), b(true)),
		c("or", "true", b(true), null(column.Bool)),
		c("or", "null", null(column.Bool), b(false)),
		c("or", "null", null(column.Bool), null(column.Bool)),
		c("and", "true", b(true), b(true)),
		c("and", "false", b(true), b(false)),
		c("or", "false", b(false), b(false)),
		c("and", "true", dyn(`true`), b(true)),
		c("or", "null", dyn(`"x"`), b(false)),
		c("iff", "2", null(column.Bool), l(1), l(2)),
		c("not", "null", null(column.Bool)),
		c("not", "false", b(true)),
		// Q/between-operator.
		c("between", "true", l(50), l(50), l(55)),
		c("between", "true", l(55), l(50), l(55)),
		c("between", "false", l(56), l(50), l(55)),
		c("!between", "true", l(56), l(50), l(55)),
		c("between", "true", dt("2007-07-29"), dt("2007-07-27"), ts("3d")),
		c("between", "false", dt("2007-07-31"), dt("2007-07-27"), ts("3d")),
		c("between", "null", null(column.Long), l(1), l(2)),
	})
}

// Q/datatypes-string-operators and the has/has_cs/contains pages.
func TestStringOperators(t *testing.T) {
	runCases(t, []tc{
		c("=~", "true", s("abc"), s("ABC")),
		c("!~", "true", s("aBc"), s("xyz")),
		c("contains", "true", s("FabriKam"), s("BRik")),
		c("!contains", "true", s("Fabrikam"), s("xyz")),
		c("contains_cs", "true", s("FabriKam"), s("Kam")),
		c("!contains_cs", "true", s("Fabrikam"), s("Kam")),
		c("endswith", "true", s("Fabrikam"), s("Kam")),
		c("endswith_cs", "true", s("Fabrikam"), s("kam")),
		c("!endswith", "true", s("Fabrikam"), s("brik")),
		c("startswith", "true", s("Fabrikam"), s("fab")),
		c("startswith_cs", "false", s("Fabrikam"), s("fab")),
		c("has", "true", s("North America"), s("america")),
		c("!has", "true", s("North America"), s("amer")),
		c("has_cs", "true", s("North America"), s("America")),
		c("has_cs", "false", s("North America"), s("america")),
		c("has", "false", s("KustoExplorerQueryRun"), s("Explorer")),
		c("contains", "true", s("KustoExplorerQueryRun"), s("Explorer")),
		c("has", "true", s("Kusto: ad67d136-c1db-4f9f-88ef-d94f3b6b0b5a;KustoExplorerQueryRun"), s("c1db")),
		c("has", "true", s("Kusto: ad67d136-c1db-4f9f-88ef-d94f3b6b0b5a;KustoExplorerQueryRun"), s("kustoexplorerqueryrun")),
		c("has", "false", s("Kusto: ad67d136-c1db"), s("ad67")),
		c("hasprefix", "true", s("North America"), s("ame")),
		c("hasprefix", "false", s("North America"), s("mer")),
		c("hassuffix", "true", s("North America"), s("ica")),
		c("hassuffix", "false", s("North America"), s("ric")),
		c("hasprefix_cs", "false", s("North America"), s("ame")),
		// Phrases: the right side must start and end on term boundaries.
		c("has", "true", s("MFA denied; user declined the authentication"), s("MFA Denied; user declined")),
		c("has", "false", s("MFA deniedx; user declined"), s("MFA Denied; user declined")),
		c("has", "true", s("sudo: session opened uid=0 by x"), s(" uid=0")),
		c("has", "false", s("sudo: session opened uid=01 by x"), s(" uid=0")),
		c("has", "true", s("user_name=bob"), s("name")), // '_' separates terms
		c("has", "true", s("Müller logged in"), s("müller")),
		c("has", "false", s("Müller"), s("ller")),
		c("has", "true", s("a.b.c"), s("b")),
		c("has", "true", l(12345), s("12345")),
		c("matches regex", "true", s("abc123"), s(`^[a-z]+\d+$`)),
		c("matches regex", "false", s("abc"), s(`\d`)),
	})
}

func TestSetOperators(t *testing.T) {
	runCases(t, []tc{
		c("in", "true", s("b"), s("a"), s("b")),
		c("in", "false", s("B"), s("a"), s("b")),
		c("in~", "true", s("B"), s("a"), s("b")),
		c("!in", "true", s("c"), s("a"), s("b")),
		c("!in~", "false", s("A"), s("a"), s("b")),
		c("in", "true", s("50076"), l(50074), l(50076)),
		c("in", "true", i32(4625), s("4624"), s("4625")),
		c("in", "true", s("x"), dyn(`["a","x"]`)),
		c("in", "true", l(2), dyn(`[1,2,3]`)),
		c("in", "false", null(column.Long), l(1)),
		c("!in", "true", null(column.Long), l(1)),
		c("has_any", "true", s("North America"), s("europe"), s("america")),
		c("has_any", "false", s("North America"), s("amer")),
		c("has_any", "true", s("IMAP4 client"), dyn(`["POP","IMAP4"]`)),
		c("has_all", "true", s("North America"), s("north"), s("america")),
		c("has_all", "false", s("North America"), s("north"), s("europe")),
	})
}
