package report

import (
	"bufio"
	"embed"
	"fmt"
	"html/template"
	"sort"
	"strings"
	"time"

	"quarry/internal/triage"
)

//go:embed templates/report.html.tmpl
var templateFS embed.FS

// page is the data of report.html.
type page struct {
	Reduction string
	Res       *triage.Result
	Blocklist *BlockList
	Incidents []incidentView
	Resets    []resetView
}

// incidentView is one incident with its charts and top lists.
type incidentView struct {
	*triage.Incident
	Chart    *chart
	Volume   *chart
	Sources  []ranked
	Accounts []ranked
	More     [2]int // sources and accounts not shown
}

// resetView is one row of the reset table.
type resetView struct {
	Incident string
	triage.Compromise
}

// ranked is an entry of a top list.
type ranked struct {
	Name   string
	Alerts int
	Note   string
}

// topN is how many sources and accounts an incident lists.
const topN = 10

var reportTemplate = template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
	"stamp": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04Z") },
	"join":  strings.Join,
	"lower": strings.ToLower,
	"bytes": func(n int64) string { return humanBytes(float64(n)) },
}).ParseFS(templateFS, "templates/report.html.tmpl"))

// WriteHTML writes report.html: one self-contained page (inline CSS and
// SVG, no scripts, no external assets) with every incident in order.
func WriteHTML(w *bufio.Writer, res *triage.Result, bl *BlockList) error {
	p := page{Reduction: res.Reduction(), Res: res, Blocklist: bl}
	for _, inc := range res.Incidents {
		p.Incidents = append(p.Incidents, newIncidentView(inc))
		for _, c := range inc.Compromised {
			p.Resets = append(p.Resets, resetView{inc.ID, c})
		}
	}
	return reportTemplate.Execute(w, p)
}

func newIncidentView(inc *triage.Incident) incidentView {
	v := incidentView{Incident: inc, Chart: timelineChart(inc.Timeline)}
	if len(inc.Volume) > 0 {
		v.Volume = volumeChart(inc.Volume, inc.Baseline)
	}
	v.Sources, v.More[0] = topEntities(inc, "IP", inc.Sources)
	v.Accounts, v.More[1] = topEntities(inc, "Account", inc.Accounts)
	compromised := map[string]bool{}
	for _, c := range inc.Compromised {
		compromised[c.Account] = true
	}
	for i := range v.Accounts {
		if compromised[v.Accounts[i].Name] {
			v.Accounts[i].Note = "compromised"
		}
	}
	return v
}

// topEntities ranks names by how many alerts of the incident name them.
func topEntities(inc *triage.Incident, typ string, names []string) ([]ranked, int) {
	n := map[string]int{}
	for _, l := range [][]triage.IncidentAlert{inc.Alerts, inc.Evidence} {
		for _, a := range l {
			for _, e := range a.Entities {
				if e.Type == typ {
					n[strings.ToLower(e.Value)]++
				}
			}
		}
	}
	out := make([]ranked, len(names))
	for i, s := range names {
		out[i] = ranked{Name: s, Alerts: n[strings.ToLower(s)]}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Alerts > out[j].Alerts })
	if len(out) > topN {
		return out[:topN], len(out) - topN
	}
	return out, 0
}

// humanBytes renders a byte count: 36.2 GB.
func humanBytes(n float64) string {
	for _, u := range []string{"B", "kB", "MB", "GB", "TB"} {
		if n < 1000 || u == "TB" {
			return fmt.Sprintf("%.3g %s", n, u)
		}
		n /= 1000
	}
	return ""
}
