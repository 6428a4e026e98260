package weblog

import (
	"strings"
	"testing"

	"quarry/internal/ingest/source"
	"quarry/internal/ingest/source/sourcetest"
)

func TestGolden(t *testing.T) {
	sourcetest.Fixture{
		Family: Family{},
		Input:  "testdata/access.log",
		Golden: "testdata/access.golden",
	}.Test(t)
}

func TestLoginPaths(t *testing.T) {
	m := newLoginMatcher(source.DefaultLoginPaths)
	cases := map[string]bool{
		"POST /login":            true,
		"POST /Login/":           true,
		"POST /login?next=/":     true,
		"GET /login":             false,
		"POST /api/v1/auth":      true,
		"POST /api/v1/authorize": true,
		"POST /api/v1/x/auth":    false,
		"POST /oauth/token":      true,
		"POST /wp-login.php?x=1": true,
		"POST /user/login/extra": false,
		"POST /account/login":    true,
		"POST /static/login.css": false,
	}
	for req, want := range cases {
		method, url, _ := strings.Cut(req, " ")
		if got := m.isLogin(method, url); got != want {
			t.Errorf("%s: got %v, want %v", req, got, want)
		}
	}
	custom := newLoginMatcher([]string{"/portal/*/signon"})
	if !custom.isLogin("POST", "/portal/eu/signon") || custom.isLogin("POST", "/login") {
		t.Error("custom patterns not applied")
	}
}

func TestTimeZone(t *testing.T) {
	got := sourcetest.Read(t, Family{}, `1.1.1.1 - - [01/Jan/2020:00:00:00 -0130] "GET / HTTP/1.1" 200 1`+"\n", "access.log", source.Options{}).Dump()
	if !strings.Contains(got, "TimeGenerated=2020-01-01T01:30:00Z") {
		t.Errorf("offset not applied: %s", got)
	}
}

func FuzzRead(f *testing.F) {
	f.Add(`1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1 "-" "x"` + "\n")
	f.Add(`1.2.3.4 - u [99/Xxx/2015:99:05:03 +9999] "\"" 999 -1` + "\n")
	sourcetest.FuzzLines(f, Family{}, TableName, source.Options{})
}

func BenchmarkRead(b *testing.B) {
	const n = 100_000
	var sb strings.Builder
	for i := 0; i < n; i++ {
		sb.WriteString(`83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1" 200 203023 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36"` + "\n")
	}
	sourcetest.BenchRead(b, Family{}, sb.String(), source.Options{})
}
