package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"quarry/internal/column"
	"quarry/internal/ingest/load"
	"quarry/internal/kql"
	"quarry/internal/triage"
)

// bandZ is the modified z-score of the baseline band's upper edge, the
// threshold of quarry-bulk-export.
const bandZ = 3.5

// enrichIncidents replaces each incident's estimated timeline with counts
// of the events in the logs, and gives bulk exports the account's hourly
// volume over the whole data with its baseline band. It queries
// imAuthentication and imDataTransfer of in; an incident whose query fails
// or finds nothing keeps triage's estimate.
func enrichIncidents(ctx context.Context, in *load.Result, tr *triage.Result, workers int) {
	if in == nil || in.Catalog == nil || tr == nil {
		return
	}
	q := querier{ctx: ctx, in: in, workers: workers}
	for _, inc := range tr.Incidents {
		q.timeline(inc)
		q.volume(inc)
	}
}

// querier runs the enrichment queries.
type querier struct {
	ctx       context.Context
	in        *load.Result
	workers   int
	dataRange *[2]time.Time // first and last hour of imDataTransfer, once known
}

// run compiles and runs one query.
func (q *querier) run(src string) (*kql.Result, error) {
	prog, err := kql.CompileWith(src, q.in.Catalog, kql.Env{Functions: q.in.Functions})
	if err != nil {
		return nil, err
	}
	return prog.Run(q.ctx, kql.Options{Now: time.Unix(0, 0).UTC(), Workers: q.workers})
}

// timeline counts the incident's sign-in attempts, failures and successes
// per bin over its window (padded): those of its sources, or, when it
// names no source, those of its accounts.
func (q *querier) timeline(inc *triage.Incident) {
	var list []string
	var where, scope string
	switch {
	case len(inc.Sources) > 0:
		list, where, scope = inc.Sources, "Src in (scope)", describe(inc.Sources, "source", "sources")
	case len(inc.Accounts) > 0:
		list = append(append([]string(nil), inc.Accounts...), inc.AccountAliases...)
		where, scope = "TargetUsername in~ (scope)", describe(inc.Accounts, "account", "accounts")
	default:
		return
	}
	from, w, n := triage.EventBins(inc.Start, inc.End)
	to := from.Add(time.Duration(n) * w)
	src := "let scope = " + kqlList(list) + `;
imAuthentication
| where TimeGenerated >= ` + kqlTime(from) + ` and TimeGenerated < ` + kqlTime(to) + `
| where EventType == "Logon" and ` + where + `
| extend N = iff(isnull(EventCount) or EventCount < 1, 1, toint(EventCount))
| summarize Attempts = sum(N), Failures = sumif(N, EventResult == "Failure"), Successes = sumif(N, EventResult == "Success")
    by Bin = bin(TimeGenerated, ` + kqlSpan(w) + `)`
	res, err := q.run(src)
	if err != nil {
		return
	}
	bins := make([]triage.Bin, n)
	var total int64
	b := res.Batch
	for r := 0; r < b.Len; r++ {
		i := int(b.Cols[0].Value(r).Time().Sub(from) / w)
		if i < 0 || i >= n {
			continue
		}
		bins[i].Attempts += longOf(b.Cols[1].Value(r))
		bins[i].Failures += longOf(b.Cols[2].Value(r))
		bins[i].Successes += longOf(b.Cols[3].Value(r))
		total += longOf(b.Cols[1].Value(r))
	}
	if total == 0 && estimated(inc.Timeline) > 0 {
		return // the sources are not in imAuthentication: keep the estimate
	}
	inc.Timeline.SetEventBins(from, w, bins, fmt.Sprintf("imAuthentication, %s, %s to %s",
		scope, from.UTC().Format("2006-01-02 15:04Z"), to.UTC().Format("2006-01-02 15:04Z")))
}

// volume gives a bulk-export incident the hourly bytes of its accounts
// over the whole range of imDataTransfer and their baseline band.
func (q *querier) volume(inc *triage.Incident) {
	accounts := exportAccounts(inc)
	if len(accounts) == 0 {
		return
	}
	rng, ok := q.transferRange()
	if !ok {
		return
	}
	src := "let accounts = " + kqlList(accounts) + `;
imDataTransfer
| where User in (accounts)
| summarize Bytes = sum(BytesReceived) by Hour = bin(TimeGenerated, 1h)`
	res, err := q.run(src)
	if err != nil || res.Batch.Len == 0 {
		return
	}
	n := int(rng[1].Sub(rng[0])/time.Hour) + 1
	points := make([]triage.VolumePoint, n)
	for i := range points {
		points[i].Time = rng[0].Add(time.Duration(i) * time.Hour)
	}
	alertHours := map[time.Time]bool{}
	for _, v := range inc.Volume {
		alertHours[v.Time.Truncate(time.Hour)] = true
	}
	var history []float64 // the active hours without an alert
	b := res.Batch
	for r := 0; r < b.Len; r++ {
		hour, bytes := b.Cols[0].Value(r).Time(), longOf(b.Cols[1].Value(r))
		if !alertHours[hour] {
			history = append(history, float64(bytes))
		}
		if i := int(hour.Sub(rng[0]) / time.Hour); i >= 0 && i < n {
			points[i].Bytes += bytes
		}
	}
	bl := triage.NewBaseline(history, bandZ)
	bl.Accounts, bl.From, bl.To = accounts, rng[0], rng[1]
	for i := range points {
		points[i].Low, points[i].High = bl.Median, bl.Upper
		points[i].Alert = alertHours[points[i].Time]
	}
	inc.Volume, inc.Baseline = points, &bl
}

// estimated sums an estimated timeline's attempts.
func estimated(tl triage.Timeline) int64 {
	var n int64
	for _, b := range tl.Bins {
		n += b.Attempts
	}
	return n
}

// transferRange returns the first and last hour of imDataTransfer.
func (q *querier) transferRange() ([2]time.Time, bool) {
	if q.dataRange == nil {
		q.dataRange = &[2]time.Time{}
		res, err := q.run(`imDataTransfer | summarize First = min(TimeGenerated), Last = max(TimeGenerated)`)
		if err == nil && res.Batch.Len == 1 && !res.Batch.Cols[0].Value(0).IsNull() {
			q.dataRange[0] = res.Batch.Cols[0].Value(0).Time().Truncate(time.Hour)
			q.dataRange[1] = res.Batch.Cols[1].Value(0).Time().Truncate(time.Hour)
		}
	}
	return *q.dataRange, !q.dataRange[0].IsZero()
}

// exportAccounts lists the accounts of an incident's bulk-export alerts,
// as the logs spell them.
func exportAccounts(inc *triage.Incident) []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range inc.Alerts {
		if a.Classification != triage.ClassBulkExport {
			continue
		}
		for _, e := range a.Entities {
			if e.Type == "Account" && !seen[e.Value] {
				seen[e.Value] = true
				out = append(out, e.Value)
			}
		}
	}
	return out
}

// describe names a few items: "source 1.2.3.4", "206 sources".
func describe(items []string, one, many string) string {
	if len(items) == 1 {
		return one + " " + items[0]
	}
	if len(items) <= 3 {
		return many + " " + strings.Join(items, ", ")
	}
	return strconv.Itoa(len(items)) + " " + many
}

// kqlString quotes s as a KQL string literal. Everything the lexer treats
// specially inside double quotes (the quote, the backslash, line breaks,
// control characters) is escaped, so a log-derived string is always one
// literal, never query text. KQL has no escape for bytes that are not
// UTF-8, so those become U+FFFD (such a name then matches nothing).
func kqlString(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var sb strings.Builder
	sb.Grow(len(s) + 2)
	sb.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			sb.WriteByte('\\')
			sb.WriteByte(c)
		case c == '\n':
			sb.WriteString(`\n`)
		case c == '\r':
			sb.WriteString(`\r`)
		case c == '\t':
			sb.WriteString(`\t`)
		case c < 0x20 || c == 0x7f:
			fmt.Fprintf(&sb, `\u%04x`, c)
		default:
			sb.WriteByte(c) // UTF-8 is taken as it is
		}
	}
	sb.WriteByte('"')
	return sb.String()
}

// kqlList renders strings as a dynamic array literal of escaped strings.
func kqlList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = kqlString(s)
	}
	return "dynamic([" + strings.Join(q, ", ") + "])"
}

// kqlTime renders a datetime literal.
func kqlTime(t time.Time) string {
	return "datetime(" + t.UTC().Format("2006-01-02T15:04:05.0000000Z") + ")"
}

// kqlSpan renders a timespan literal in seconds.
func kqlSpan(d time.Duration) string {
	return strconv.FormatInt(int64(d/time.Second), 10) + "s"
}

// longOf reads an integer result (null as 0).
func longOf(v column.Value) int64 {
	if v.IsNull() {
		return 0
	}
	if v.Type == column.Real {
		return int64(v.F)
	}
	return v.I
}
