package hunt

import (
	"encoding/json"
	"strings"

	"quarry/internal/column"
)

// AlertTable is the table holding the alerts the hunt has raised so far,
// named and shaped like Microsoft Sentinel's SecurityAlert table so that a
// rule can build on other rules' alerts (the account-takeover rule joins
// successful sign-ins with the sources of attack alerts). Rules that read
// it run after all other rules.
const AlertTable = "SecurityAlert"

// alertSchema is SecurityAlert's Sentinel columns that quarry fills, plus
// quarry's Classification and the entity values as dynamic arrays
// (IpAddresses, Accounts, Hosts) so rules need not parse Entities.
var alertSchema = column.Schema{
	{Name: "TimeGenerated", Type: column.DateTime},
	{Name: "AlertName", Type: column.String},
	{Name: "AlertSeverity", Type: column.String},
	{Name: "Description", Type: column.String},
	{Name: "ProviderName", Type: column.String},
	{Name: "ProductName", Type: column.String},
	{Name: "VendorName", Type: column.String},
	{Name: "AlertType", Type: column.String},
	{Name: "SystemAlertId", Type: column.String},
	{Name: "StartTime", Type: column.DateTime},
	{Name: "EndTime", Type: column.DateTime},
	{Name: "Tactics", Type: column.String},
	{Name: "Techniques", Type: column.String},
	{Name: "Entities", Type: column.String},
	{Name: "ExtendedProperties", Type: column.String},
	{Name: "CompromisedEntity", Type: column.String},
	{Name: "Classification", Type: column.String},
	{Name: "IpAddresses", Type: column.Dynamic},
	{Name: "Accounts", Type: column.Dynamic},
	{Name: "Hosts", Type: column.Dynamic},
}

// alertRows returns one SecurityAlert row per raised alert, stamped with
// the tick that raised it.
func alertRows(alerts []*Alert) *column.Batch {
	b := column.NewBatch(alertSchema, len(alerts))
	for _, a := range alerts {
		b.AppendRow(alertRow(a))
	}
	return b
}

func alertRow(a *Alert) []column.Value {
	s := column.StringValue
	techniques, _ := json.Marshal(a.Techniques)
	return []column.Value{
		column.DateTimeValue(a.LastTick), s(a.Title), s(a.Severity), s(a.Explanation),
		s("quarry"), s("quarry"), s("quarry"), s(a.RuleID), s(a.ID),
		column.DateTimeValue(a.Start), column.DateTimeValue(a.End),
		s(strings.Join(a.Tactics, ",")), s(string(techniques)),
		s(entitiesJSON(a.Entities)), s(detailsJSON(a)), s(compromised(a)), s(a.Classification),
		column.DynamicValue(entityValues(a, "IP")), column.DynamicValue(entityValues(a, "Account")),
		column.DynamicValue(entityValues(a, "Host")),
	}
}

// entitiesJSON renders entities as Sentinel does: a JSON array of objects
// with Type and the identifiers.
func entitiesJSON(es []Entity) string {
	out := make([]map[string]string, 0, len(es))
	for _, e := range es {
		m := map[string]string{"Type": strings.ToLower(e.Type)}
		for k, v := range e.Identifiers {
			m[k] = v
		}
		out = append(out, m)
	}
	b, _ := json.Marshal(out)
	return string(b)
}

func detailsJSON(a *Alert) string {
	m := map[string]any{"Classification": a.Classification, "EventCount": a.EventCount}
	for k, v := range a.Details {
		m[k] = v
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// compromised names the first account of an alert, Sentinel's
// CompromisedEntity.
func compromised(a *Alert) string {
	for _, e := range a.Entities {
		if e.Type == "Account" {
			return e.Value
		}
	}
	return ""
}

func entityValues(a *Alert, typ string) []any {
	out := []any{}
	for _, e := range a.Entities {
		if e.Type == typ {
			out = append(out, e.Value)
		}
	}
	return out
}
