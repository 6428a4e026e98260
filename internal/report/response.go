package report

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"quarry/internal/hunt"
	"quarry/internal/triage"
)

// Response file names written by WriteResponse.
const (
	FileIncidents = "incidents.json"
	FileAlerts    = "alerts.ndjson"
	FileBlocklist = "blocklist.txt"
	FileNginx     = "blocklist.nginx.conf"
	FileIPSet     = "blocklist.ipset"
	FileWAF       = "blocklist.waf.csv"
	FileReset     = "reset.csv"
	FileNotify    = "notify.csv"
	FileHTML      = "report.html"
)

// WriteResponse writes every response output of a triage result into dir
// (created if missing): incidents.json, alerts.ndjson, the blocklist in
// four forms, reset.csv, notify.csv and report.html. alerts are the alerts
// given to triage (written to alerts.ndjson with their fate).
func WriteResponse(dir string, res *triage.Result, alerts []hunt.Alert) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	bl := Blocklist(res)
	writers := []struct {
		name  string
		write func(*bufio.Writer) error
	}{
		{FileIncidents, func(w *bufio.Writer) error { return writeIncidents(w, res, bl) }},
		{FileAlerts, func(w *bufio.Writer) error { return writeAlerts(w, res, alerts) }},
		{FileBlocklist, func(w *bufio.Writer) error { return bl.WriteText(w) }},
		{FileNginx, func(w *bufio.Writer) error { return bl.WriteNginx(w) }},
		{FileIPSet, func(w *bufio.Writer) error { return bl.WriteIPSet(w, "quarry-block") }},
		{FileWAF, func(w *bufio.Writer) error { return bl.WriteWAF(w) }},
		{FileReset, func(w *bufio.Writer) error { return writeReset(w, res) }},
		{FileNotify, func(w *bufio.Writer) error { return writeNotify(w, res) }},
		{FileHTML, func(w *bufio.Writer) error { return WriteHTML(w, res, bl) }},
	}
	for _, wr := range writers {
		if err := writeFile(filepath.Join(dir, wr.name), wr.write); err != nil {
			return fmt.Errorf("%s: %w", wr.name, err)
		}
	}
	return nil
}

// writeFile creates path and writes it through a buffer.
func writeFile(path string, write func(*bufio.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	err = write(w)
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// incidentsFile is the shape of incidents.json.
type incidentsFile struct {
	Reduction string         `json:"reduction"`
	Result    *triage.Result `json:"summary"`
	Blocklist *BlockList     `json:"blocklist"`
}

func writeIncidents(w *bufio.Writer, res *triage.Result, bl *BlockList) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(incidentsFile{Reduction: res.Reduction(), Result: res, Blocklist: bl})
}

// alertLine is one line of alerts.ndjson: the alert, the incident it is
// in and what triage did with it.
type alertLine struct {
	hunt.Alert
	Incident string `json:"incident,omitempty"`
	Status   string `json:"status"` // raised, evidence, allowlisted, suppressed, no-incident, merged
	Reason   string `json:"reason,omitempty"`
}

// writeAlerts writes the input alerts, one JSON object per line.
func writeAlerts(w *bufio.Writer, res *triage.Result, alerts []hunt.Alert) error {
	fate := alertFates(res)
	enc := json.NewEncoder(w)
	for _, a := range alerts {
		l := fate[a.ID]
		if l.Status == "" {
			l.Status = "merged"
		}
		l.Alert = a
		if err := enc.Encode(l); err != nil {
			return err
		}
	}
	return nil
}

// alertFates maps alert ids to their incident and status.
func alertFates(res *triage.Result) map[string]alertLine {
	m := map[string]alertLine{}
	for _, inc := range res.Incidents {
		for _, a := range inc.Alerts {
			m[a.ID] = alertLine{Incident: inc.ID, Status: "raised"}
		}
		for _, a := range inc.Evidence {
			m[a.ID] = alertLine{Incident: inc.ID, Status: "evidence", Reason: "explained by " + a.ExplainedBy}
		}
	}
	for _, l := range []struct {
		status string
		ds     []triage.Dropped
	}{{"allowlisted", res.Allowlisted}, {"suppressed", res.Suppressed}, {"no-incident", res.NoIncident}} {
		for _, d := range l.ds {
			m[d.Alert.ID] = alertLine{Status: l.status, Reason: d.Reason}
		}
	}
	return m
}

// csvWriter writes CSV with cells that a spreadsheet would run as a
// formula (=, +, -, @) prefixed with a quote.
type csvWriter struct{ *csv.Writer }

func newCSV(w *bufio.Writer, header ...string) csvWriter {
	c := csvWriter{csv.NewWriter(w)}
	c.row(header...)
	return c
}

func (c csvWriter) row(cells ...string) {
	for i, s := range cells {
		if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
			cells[i] = "'" + s
		}
	}
	_ = c.Write(cells)
}

func (c csvWriter) done() error {
	c.Flush()
	return c.Error()
}
