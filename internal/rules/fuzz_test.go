package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-yaml"
)

// FuzzParseDuration: any text parses to a positive-or-zero duration that
// prints and parses back to itself, or is refused with a message naming
// it; nothing panics.
func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"5m", "1h", "14d", "PT1H", "P1D", "P2DT1H30M", "PT30S", " 2h ", "P", "PT", "0m",
		"99999999999999999999d", "P9999999999999DT1H", "106751d", "106752d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err != nil {
			if !strings.Contains(err.Error(), "invalid duration") {
				t.Fatalf("%q: unexpected error %v", s, err)
			}
			return
		}
		if d < 0 {
			t.Fatalf("%q parsed to a negative duration %v", s, time.Duration(d))
		}
		back, err := ParseDuration(d.String())
		if err != nil || back != d {
			t.Fatalf("%q -> %v -> %q -> %v, %v", s, time.Duration(d), d.String(), time.Duration(back), err)
		}
	})
}

// FuzzParse: any file is a rule that validates (positive schedule, known
// severity) or a list of problems naming the file; nothing panics.
func FuzzParse(f *testing.F) {
	f.Add([]byte("id: r\nname: R\nqueryFrequency: 1h\nqueryPeriod: 2h\nquery: T | count\n"))
	f.Add([]byte("id: r\nname: R\nkind: NRT\nseverity: high\nquery: T\nparameters:\n  n: 5\n  w: 1h\n  l: [a, b]\n"))
	f.Add([]byte("id: r\nqueryFrequency: PT1H\nqueryPeriod: P1D\nentityMappings:\n  - entityType: IP\n    fieldMappings:\n      - identifier: Address\n        columnName: Src\n"))
	f.Add([]byte("id: [\n"))
	f.Add([]byte("queryFrequency: 99999999999999999999d\nqueryPeriod: 99999999999999999999d\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, problems := Parse(data, "f.yaml")
		if r == nil {
			if len(problems) == 0 {
				t.Fatal("no rule and no problem")
			}
			for _, p := range problems {
				if !strings.HasPrefix(p, "f.yaml: ") {
					t.Fatalf("problem without the file: %q", p)
				}
			}
			return
		}
		if r.QueryFrequency <= 0 || r.QueryPeriod < r.QueryFrequency {
			t.Fatalf("accepted schedule %v / %v", r.QueryFrequency.Std(), r.QueryPeriod.Std())
		}
		_ = r.QueryText()
	})
}

// FuzzConfig: any tuning file applies to the built-in rules or is refused;
// nothing panics.
func FuzzConfig(f *testing.F) {
	f.Add([]byte("rules:\n  quarry-password-spray:\n    parameters:\n      min_accounts: 20\n  seed-bulk-export:\n    enabled: false\n"))
	f.Add([]byte("rules:\n  quarry-brute-force:\n    severity: low\n    parameters:\n      min_failures: [1]\n"))
	f.Add([]byte("rules: 5\n"))
	rs, err := Builtin()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var c Config
		if yaml.Unmarshal(data, &c) != nil {
			return
		}
		out, err := c.Apply(rs)
		if err == nil {
			for _, r := range out {
				_ = r.QueryText()
			}
		}
	})
}
