// Package okta is the "okta" source family: Okta System Log LogEvent
// objects (the System Log API's JSON array, or one object per line as
// exported by log shippers) become rows of the Okta table.
//
// Log Analytics documents no table for Okta (Sentinel's Okta connector
// writes a custom table, Okta_CL, whose columns are the flattened LogEvent
// fields with type suffixes, and its ASIM parser reads those). quarry's
// Okta table keeps the LogEvent's own names, flattened with "_" and without
// suffixes, so that each column reads like its LogEvent path:
//
//	TimeGenerated (published), uuid, eventType, legacyEventType, version,
//	severity, displayMessage, outcome_result, outcome_reason,
//	actor_id, actor_type, actor_alternateId, actor_displayName,
//	client_ipAddress, client_userAgent_rawUserAgent, client_userAgent_os,
//	client_userAgent_browser, client_device, client_zone,
//	client_geographicalContext_country, client_geographicalContext_state,
//	client_geographicalContext_city, client_geographicalContext_geolocation_lat,
//	client_geographicalContext_geolocation_lon (real),
//	authenticationContext_externalSessionId, authenticationContext_credentialType,
//	authenticationContext_authenticationStep (int), securityContext_isProxy (bool),
//	securityContext_asOrg, securityContext_isp, transaction_id,
//	debugContext_debugData (dynamic), target (dynamic), request_ipChain (dynamic),
//	Type ("Okta").
package okta

import (
	"io"

	"quarry/internal/column"
	"quarry/internal/ingest/source"
)

// TableName is the table the family fills.
const TableName = "Okta"

// Schema is the Okta table (see the package comment).
var Schema = column.Schema{
	{Name: "TimeGenerated", Type: column.DateTime},
	{Name: "uuid", Type: column.String},
	{Name: "eventType", Type: column.String},
	{Name: "legacyEventType", Type: column.String},
	{Name: "version", Type: column.String},
	{Name: "severity", Type: column.String},
	{Name: "displayMessage", Type: column.String},
	{Name: "outcome_result", Type: column.String},
	{Name: "outcome_reason", Type: column.String},
	{Name: "actor_id", Type: column.String},
	{Name: "actor_type", Type: column.String},
	{Name: "actor_alternateId", Type: column.String},
	{Name: "actor_displayName", Type: column.String},
	{Name: "client_ipAddress", Type: column.String},
	{Name: "client_userAgent_rawUserAgent", Type: column.String},
	{Name: "client_userAgent_os", Type: column.String},
	{Name: "client_userAgent_browser", Type: column.String},
	{Name: "client_device", Type: column.String},
	{Name: "client_zone", Type: column.String},
	{Name: "client_geographicalContext_country", Type: column.String},
	{Name: "client_geographicalContext_state", Type: column.String},
	{Name: "client_geographicalContext_city", Type: column.String},
	{Name: "client_geographicalContext_geolocation_lat", Type: column.Real},
	{Name: "client_geographicalContext_geolocation_lon", Type: column.Real},
	{Name: "authenticationContext_externalSessionId", Type: column.String},
	{Name: "authenticationContext_credentialType", Type: column.String},
	{Name: "authenticationContext_authenticationStep", Type: column.Int},
	{Name: "securityContext_isProxy", Type: column.Bool},
	{Name: "securityContext_asOrg", Type: column.String},
	{Name: "securityContext_isp", Type: column.String},
	{Name: "transaction_id", Type: column.String},
	{Name: "debugContext_debugData", Type: column.Dynamic},
	{Name: "target", Type: column.Dynamic},
	{Name: "request_ipChain", Type: column.Dynamic},
	{Name: "Type", Type: column.String},
}

// Family is the Okta System Log source family.
type Family struct{}

func init() { source.Register(Family{}) }

// Name returns "okta".
func (Family) Name() string { return "okta" }

// Sniff returns 95 for JSON holding LogEvent's eventType, published and
// actor/outcome keys.
func (Family) Sniff(head []byte) int {
	h, ok := source.JSONHead(head)
	if !ok {
		return 0
	}
	has := func(k string) bool { return source.HasKey(h, k) }
	if has("eventType") && has("published") && (has("actor") || has("outcome")) {
		return 95
	}
	return 0
}

// Read parses LogEvents into the Okta table.
func (Family) Read(r io.Reader, file string, opt source.Options, sink *source.Sink) error {
	tab := sink.Table(TableName, Schema)
	row := source.NewRow(tab.Schema())
	return source.JSONRecords(r, file, sink, nil, func(m map[string]any, pos int) error {
		ts, ok := source.ParseTime(source.Text(m["published"]), opt.Loc())
		if !ok {
			return sink.Bad(file, pos, "okta event without a valid published time")
		}
		row.Reset()
		setFlat(row, "", m)
		row.SetValue("TimeGenerated", column.DateTimeTicks(ts))
		row.Set("Type", TableName)
		tab.Append(row.Values())
		return nil
	})
}

// setFlat stores every leaf of m under its "_"-joined path when the schema
// has that column; objects whose path is itself a column are stored whole.
func setFlat(row *source.Row, prefix string, m map[string]any) {
	for k, v := range m {
		name := k
		if prefix != "" {
			name = prefix + "_" + k
		}
		if row.Has(name) {
			row.Set(name, v)
			continue
		}
		if sub, ok := v.(map[string]any); ok {
			setFlat(row, name, sub)
		}
	}
}
