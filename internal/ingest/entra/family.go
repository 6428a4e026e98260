package entra

import (
	"bytes"
	"io"
	"strings"

	"quarry/internal/column"
	"quarry/internal/ingest/source"
)

// Family is the Entra sign-in source family.
type Family struct{}

func init() { source.Register(Family{}) }

// Name returns "entra".
func (Family) Name() string { return "entra" }

// Sniff returns 95 for diagnostic exports (category ...SignInLogs with a
// properties object) and Graph signIn pages, 10 for JSON that already has
// Log Analytics columns (UserPrincipalName, ResultType: the generic
// reader's), 0 otherwise.
func (Family) Sniff(head []byte) int {
	h, ok := source.JSONHead(head)
	if !ok {
		return 0
	}
	has := func(k string) bool { return source.HasKey(h, k) }
	switch {
	case has("category") && has("properties") && bytes.Contains(h, []byte("SignInLogs")):
		return 95
	case has("userPrincipalName") && has("createdDateTime") && (has("status") || has("ipAddress")):
		return 95
	case has("UserPrincipalName") && has("ResultType"):
		return 10
	}
	return 0
}

// Read parses sign-in records into the sign-in tables.
func (Family) Read(r io.Reader, file string, opt source.Options, sink *source.Sink) error {
	rd := &reader{file: file, opt: opt, sink: sink, rows: map[string]*source.Row{}}
	return source.JSONRecords(r, file, sink, []string{"records", "value"}, rd.record)
}

type reader struct {
	file string
	opt  source.Options
	sink *source.Sink
	rows map[string]*source.Row
}

func (rd *reader) record(m map[string]any, pos int) error {
	props, diag := m["properties"].(map[string]any)
	name := Interactive
	if diag {
		var ok bool
		if name, ok = categories[source.Text(m["category"])]; !ok {
			return rd.sink.Bad(rd.file, pos, "not a sign-in record: category %q", source.Text(m["category"]))
		}
	} else {
		props = m
	}
	tab := rd.sink.Table(name, schemaFor(name))
	row := rd.row(name, tab)
	row.Reset()
	setProps(row, props)
	if diag {
		setDiag(row, m)
	}
	ts, ok := source.ParseTime(source.Text(firstOf(m["time"], props["createdDateTime"])), rd.opt.Loc())
	if !ok {
		return rd.sink.Bad(rd.file, pos, "sign-in record without a valid time or createdDateTime")
	}
	row.SetValue("TimeGenerated", column.DateTimeTicks(ts))
	row.Set("SourceSystem", "Azure AD")
	row.Set("Type", name)
	tab.Append(row.Values())
	return nil
}

func (rd *reader) row(name string, tab *source.Builder) *source.Row {
	r, ok := rd.rows[name]
	if !ok {
		r = source.NewRow(tab.Schema())
		rd.rows[name] = r
	}
	return r
}

// setProps maps camelCase sign-in properties to columns.
func setProps(row *source.Row, p map[string]any) {
	for k, v := range p {
		col, ok := renames[k]
		if !ok {
			col = upperFirst(k)
		}
		if row.Has(col) && !(col == "ResultType" || col == "Status") {
			row.Set(col, v)
		}
	}
	if k, ok := p["processingTimeInMilliseconds"]; ok && row.Has("ProcessingTimeInMs") {
		row.Set("ProcessingTimeInMs", k)
	}
	status, _ := p["status"].(map[string]any)
	row.Set("Status", status)
	row.Set("ResultType", status["errorCode"])
	row.Set("ResultDescription", status["failureReason"])
	row.Set("Location", source.Path(p, "location", "countryOrRegion"))
}

// setDiag fills the envelope fields of a diagnostic-export record; its
// resultType wins over status.errorCode (they agree in practice).
func setDiag(row *source.Row, m map[string]any) {
	for k, col := range map[string]string{
		"operationName": "OperationName", "operationVersion": "OperationVersion", "category": "Category",
		"resultSignature": "ResultSignature", "durationMs": "DurationMs", "identity": "Identity",
		"Level": "Level", "level": "Level", "tenantId": "AADTenantId", "resourceId": "ResourceId",
	} {
		if v, ok := m[k]; ok {
			row.Set(col, v)
		}
	}
	if v, ok := m["resultType"]; ok && v != nil {
		row.Set("ResultType", v)
	}
	if v := source.Text(m["resultDescription"]); v != "" {
		row.Set("ResultDescription", v)
	}
	if row.Get("IPAddress").S == "" {
		row.Set("IPAddress", m["callerIpAddress"])
	}
	if row.Get("Location").S == "" {
		row.Set("Location", m["location"])
	}
	if row.Has("TenantId") {
		row.Set("TenantId", m["tenantId"])
	}
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func firstOf(xs ...any) any {
	for _, x := range xs {
		if x != nil && x != "" {
			return x
		}
	}
	return nil
}
