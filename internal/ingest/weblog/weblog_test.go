package weblog

import (
	"flag"
	"os"
	"runtime"
	"strings"
	"testing"

	"quarry/internal/ingest/source"
)

var update = flag.Bool("update", false, "rewrite golden files")

func read(t testing.TB, in string, opt source.Options) *source.Sink {
	t.Helper()
	sink := source.NewSink(false)
	if err := (Family{}).Read(strings.NewReader(in), "access.log", opt, sink); err != nil {
		t.Fatal(err)
	}
	return sink
}

func TestGolden(t *testing.T) {
	in, err := os.ReadFile("testdata/access.log")
	if err != nil {
		t.Fatal(err)
	}
	got := read(t, string(in), source.Options{}).Dump()
	if *update {
		_ = os.WriteFile("testdata/access.golden", []byte(got), 0o644)
	}
	want, _ := os.ReadFile("testdata/access.golden")
	if got != string(want) {
		t.Errorf("golden differs (go test -update):\n%s", got)
	}
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
	got := read(t, `1.1.1.1 - - [01/Jan/2020:00:00:00 -0130] "GET / HTTP/1.1" 200 1`+"\n", source.Options{}).Dump()
	if !strings.Contains(got, "TimeGenerated=2020-01-01T01:30:00Z") {
		t.Errorf("offset not applied: %s", got)
	}
}

func FuzzRead(f *testing.F) {
	f.Add(`1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1 "-" "x"` + "\n")
	f.Add(`1.2.3.4 - u [99/Xxx/2015:99:05:03 +9999] "\"" 999 -1` + "\n")
	f.Fuzz(func(t *testing.T, in string) {
		sink := source.NewSink(false)
		if err := (Family{}).Read(strings.NewReader(in), "fuzz", source.Options{}, sink); err != nil {
			t.Fatal(err)
		}
		b, _ := sink.Builder(TableName)
		if b.Len()+sink.BadCount() > strings.Count(in, "\n")+1 {
			t.Fatal("more rows than lines")
		}
	})
}

func BenchmarkRead(b *testing.B) {
	const n = 100_000
	var sb strings.Builder
	for i := 0; i < n; i++ {
		sb.WriteString(`83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1" 200 203023 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36"` + "\n")
	}
	in := sb.String()
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = (Family{}).Read(strings.NewReader(in), "bench", source.Options{}, source.NewSink(false))
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(b.N)/n, "allocs/record")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/record")
}
