package triage_test

import (
	"sort"
	"strings"
	"testing"

	"quarry/internal/demo"
	"quarry/internal/triage"
	"quarry/internal/triage/triagetest"
)

// demoLabels generates the `quarry demo` data once per test binary.
var demoCache *demo.Labels

func demoLabels(t testing.TB) *demo.Labels {
	t.Helper()
	if demoCache == nil {
		lb, err := demo.Generate(demo.DefaultConfig(), t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		demoCache = lb
	}
	return demoCache
}

func TestDemoCampaignsOneIncidentEach(t *testing.T) {
	lb := demoLabels(t)
	r := triage.Build(triagetest.DemoAlerts(lb), triage.Options{})
	var lines []string
	for _, inc := range r.Incidents {
		lines = append(lines, inc.ID+" "+inc.Severity+" "+inc.Title)
	}
	if p := triagetest.CheckCampaigns(lb, r); len(p) > 0 {
		t.Errorf("campaign grouping:\n%s\n%s", strings.Join(p, "\n"), strings.Join(lines, "\n"))
	}
	if len(r.Incidents) > 30 {
		t.Errorf("%d incidents", len(r.Incidents))
	}
	t.Log(r.Reduction() + "\n" + strings.Join(lines, "\n"))
	seen := map[string]bool{}
	for _, inc := range r.Incidents {
		for _, c := range inc.Compromised {
			seen[c.Account] = true
		}
	}
	var got []string
	for a := range seen {
		got = append(got, a)
	}
	sort.Strings(got)
	if g, w := strings.Join(got, ","), strings.Join(triagetest.CompromisedInLogs(lb), ","); g != w {
		t.Errorf("compromised\n got %s\nwant %s", g, w)
	}
}
