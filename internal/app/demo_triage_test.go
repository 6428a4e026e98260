package app

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"quarry/internal/demo"
	"quarry/internal/hunt"
	"quarry/internal/report"
	"quarry/internal/rules"
	"quarry/internal/triage"
)

func readLabels(t *testing.T, dir string) *demo.Labels {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "labels.json"))
	if err != nil {
		t.Fatal(err)
	}
	var lb demo.Labels
	if err := json.Unmarshal(data, &lb); err != nil {
		t.Fatal(err)
	}
	return &lb
}

// assertTriageQualityBar checks issue 5's bar on real hunt alerts: every
// planted campaign lands in exactly one incident and no incident holds two
// campaigns; few incidents; reset.csv names exactly the compromised
// accounts the logs name; the blocklist holds every campaign source and no
// benign one.
func assertTriageQualityBar(t *testing.T, lb *demo.Labels, res *hunt.Result) {
	t.Helper()
	rs, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	tr, _ := runTriage(res, rs, nil, nil)
	t.Logf("triage: %s", tr.Reduction())
	if n := len(tr.Incidents); n == 0 || n > 30 {
		t.Errorf("%d incidents, want between 1 and 30", n)
	}
	owner := map[string]string{} // incident -> campaign
	for _, c := range lb.Campaigns {
		var hits []string
		for _, inc := range tr.Incidents {
			if campaignInIncident(c, inc) {
				hits = append(hits, inc.ID)
				if prev, ok := owner[inc.ID]; ok {
					t.Errorf("incident %s merges campaigns %s and %s", inc.ID, prev, c.ID)
				}
				owner[inc.ID] = c.ID
			}
		}
		if len(hits) != 1 {
			t.Errorf("campaign %s (%s) is in %d incidents %v, want exactly 1", c.ID, c.Kind, len(hits), hits)
		}
	}
	assertResetList(t, lb, tr)
	assertBlocklist(t, lb, tr)
}

// campaignInIncident: an identity campaign by a shared source address, a
// bulk export by its account.
func campaignInIncident(c demo.Campaign, inc *triage.Incident) bool {
	if c.Kind == demo.KindBulkExport {
		return overlaps([]string{demo.KindBulkExport}, inc.Classifications) && overlaps(lower(c.TargetedAccounts), inc.Accounts)
	}
	return overlaps(c.Sources, inc.Sources)
}

func assertResetList(t *testing.T, lb *demo.Labels, tr *triage.Result) {
	t.Helper()
	want := map[string]bool{}
	for _, c := range lb.Campaigns {
		for _, s := range c.Successes {
			if s.Account != "" && !strings.Contains(s.File, "access.log") { // the shop log names no account
				want[strings.ToLower(s.Account)] = true
			}
		}
	}
	got := map[string]bool{}
	for _, inc := range tr.Incidents {
		for _, c := range inc.Compromised {
			got[strings.ToLower(c.Account)] = true
		}
	}
	if a, b := keysOf(want), keysOf(got); a != b {
		t.Errorf("accounts to reset:\n got  %s\n want %s", b, a)
	}
}

func assertBlocklist(t *testing.T, lb *demo.Labels, tr *triage.Result) {
	t.Helper()
	var sb strings.Builder
	w := bufio.NewWriter(&sb)
	if err := report.Blocklist(tr).WriteText(w); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	blocked := "\n" + sb.String()
	for _, b := range lb.BenignSources {
		if strings.Contains(blocked, "\n"+b.IP+"\n") {
			t.Errorf("benign %s source %s is on the blocklist", b.Kind, b.IP)
		}
	}
	var missing []string
	for _, c := range lb.Campaigns {
		for _, ip := range c.Sources {
			if !strings.Contains(blocked, "\n"+ip+"\n") {
				missing = append(missing, c.ID+":"+ip)
			}
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d campaign sources missing from the blocklist: %v", len(missing), missing)
	}
}

func overlaps(a, b []string) bool {
	set := map[string]bool{}
	for _, x := range b {
		set[x] = true
	}
	for _, x := range a {
		if set[x] {
			return true
		}
	}
	return false
}

func lower(in []string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = strings.ToLower(s)
	}
	return out
}

func keysOf(m map[string]bool) string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}
