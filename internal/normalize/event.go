package normalize

import (
	"quarry/internal/column"
	"quarry/internal/ingest/source"
	"quarry/internal/table"
)

// AuthTable is the name of the normalized authentication view.
const AuthTable = "imAuthentication"

// authEvent is one normalized authentication attempt before it becomes a
// row; empty strings and zero numbers become empty/null cells.
type authEvent struct {
	Time                       int64
	Type                       string // source table
	EventType                  string
	EventSubType               string
	EventResult                string
	EventResultDetails         string
	EventOriginalResultDetails string
	EventOriginalType          string
	EventOriginalSubType       string
	EventCount                 int64
	EventSeverity              string
	EventProduct               string
	EventVendor                string
	EventMessage               string
	EventUid                   string
	Dvc                        string
	DvcHostname                string
	DvcIpAddr                  string
	DvcOs                      string
	DvcAction                  string
	LogonMethod                string
	LogonProtocol              string
	ActorUsername              string
	ActorUserId                string
	ActingAppName              string
	ActingAppType              string
	HttpUserAgent              string
	TargetUserId               string
	TargetUserIdType           string
	TargetUsername             string
	TargetUsernameType         string
	TargetUserType             string
	TargetDomain               string
	TargetSessionId            string
	SrcIpAddr                  string
	SrcPortNumber              int64
	SrcHostname                string
	SrcDvcOs                   string
	SrcDeviceType              string
	SrcGeoCountry              string
	SrcGeoCity                 string
	SrcGeoLatitude             *float64
	SrcGeoLongitude            *float64
	TargetAppId                string
	TargetAppName              string
	TargetAppType              string
	TargetUrl                  string
	TargetHostname             string
	TargetIpAddr               string
	RuleName                   string
	AdditionalFields           map[string]any
}

// authColumn is one column of the view and how to read it from an event.
type authColumn struct {
	name string
	typ  column.Type
	get  func(e *authEvent) column.Value
}

func str(f func(e *authEvent) string) func(e *authEvent) column.Value {
	return func(e *authEvent) column.Value { return column.StringValue(f(e)) }
}

func constStr(s string) func(e *authEvent) column.Value {
	return func(*authEvent) column.Value { return column.StringValue(s) }
}

func timeOf(e *authEvent) column.Value { return column.DateTimeTicks(e.Time) }

func optInt(n int64) column.Value {
	if n == 0 {
		return column.NullOf(column.Int)
	}
	return column.IntValue(n)
}

func optReal(f *float64) column.Value {
	if f == nil {
		return column.NullOf(column.Real)
	}
	return column.RealValue(*f)
}

// authColumns is the imAuthentication schema quarry produces: the
// Mandatory and Recommended fields of ASIM Authentication 0.1.3 and the
// Optional and Alias fields the sources fill, with the types of
// shared/schemas/imAuthentication.csv.
var authColumns = []authColumn{
	{"TimeGenerated", column.DateTime, timeOf},
	{"Type", column.String, str(func(e *authEvent) string { return e.Type })},
	{"EventSchema", column.String, constStr("Authentication")},
	{"EventSchemaVersion", column.String, constStr("0.1.3")},
	{"EventType", column.String, str(func(e *authEvent) string { return e.EventType })},
	{"EventSubType", column.String, str(func(e *authEvent) string { return e.EventSubType })},
	{"EventResult", column.String, str(func(e *authEvent) string { return e.EventResult })},
	{"EventResultDetails", column.String, str(func(e *authEvent) string { return e.EventResultDetails })},
	{"EventOriginalResultDetails", column.String, str(func(e *authEvent) string { return e.EventOriginalResultDetails })},
	{"EventOriginalType", column.String, str(func(e *authEvent) string { return e.EventOriginalType })},
	{"EventOriginalSubType", column.String, str(func(e *authEvent) string { return e.EventOriginalSubType })},
	{"EventCount", column.Int, func(e *authEvent) column.Value { return column.IntValue(max(e.EventCount, 1)) }},
	{"EventStartTime", column.DateTime, timeOf},
	{"EventEndTime", column.DateTime, timeOf},
	{"EventSeverity", column.String, str(severity)},
	{"EventProduct", column.String, str(func(e *authEvent) string { return e.EventProduct })},
	{"EventVendor", column.String, str(func(e *authEvent) string { return e.EventVendor })},
	{"EventMessage", column.String, str(func(e *authEvent) string { return e.EventMessage })},
	{"EventUid", column.String, str(func(e *authEvent) string { return e.EventUid })},
	{"Dvc", column.String, str(func(e *authEvent) string { return e.Dvc })},
	{"DvcHostname", column.String, str(func(e *authEvent) string { return e.DvcHostname })},
	{"DvcIpAddr", column.String, str(func(e *authEvent) string { return e.DvcIpAddr })},
	{"DvcOs", column.String, str(func(e *authEvent) string { return e.DvcOs })},
	{"DvcAction", column.String, str(func(e *authEvent) string { return e.DvcAction })},
	{"LogonMethod", column.String, str(func(e *authEvent) string { return e.LogonMethod })},
	{"LogonProtocol", column.String, str(func(e *authEvent) string { return e.LogonProtocol })},
	{"ActorUsername", column.String, str(func(e *authEvent) string { return e.ActorUsername })},
	{"ActorUserId", column.String, str(func(e *authEvent) string { return e.ActorUserId })},
	{"ActingAppName", column.String, str(func(e *authEvent) string { return e.ActingAppName })},
	{"ActingAppType", column.String, str(func(e *authEvent) string { return e.ActingAppType })},
	{"HttpUserAgent", column.String, str(func(e *authEvent) string { return e.HttpUserAgent })},
	{"TargetUserId", column.String, str(func(e *authEvent) string { return e.TargetUserId })},
	{"TargetUserIdType", column.String, str(func(e *authEvent) string { return e.TargetUserIdType })},
	{"TargetUsername", column.String, str(func(e *authEvent) string { return e.TargetUsername })},
	{"TargetUsernameType", column.String, str(usernameType)},
	{"TargetUserType", column.String, str(func(e *authEvent) string { return e.TargetUserType })},
	{"TargetDomain", column.String, str(func(e *authEvent) string { return e.TargetDomain })},
	{"TargetSessionId", column.String, str(func(e *authEvent) string { return e.TargetSessionId })},
	{"User", column.String, str(func(e *authEvent) string { return first(e.TargetUsername, e.TargetUserId) })},
	{"SrcIpAddr", column.String, str(func(e *authEvent) string { return e.SrcIpAddr })},
	{"IpAddr", column.String, str(func(e *authEvent) string { return e.SrcIpAddr })},
	{"SrcPortNumber", column.Int, func(e *authEvent) column.Value { return optInt(e.SrcPortNumber) }},
	{"SrcHostname", column.String, str(func(e *authEvent) string { return e.SrcHostname })},
	{"Src", column.String, str(func(e *authEvent) string { return first(e.SrcIpAddr, e.SrcHostname) })},
	{"SrcDvcOs", column.String, str(func(e *authEvent) string { return e.SrcDvcOs })},
	{"SrcDeviceType", column.String, str(func(e *authEvent) string { return e.SrcDeviceType })},
	{"SrcGeoCountry", column.String, str(func(e *authEvent) string { return e.SrcGeoCountry })},
	{"SrcGeoCity", column.String, str(func(e *authEvent) string { return e.SrcGeoCity })},
	{"SrcGeoLatitude", column.Real, func(e *authEvent) column.Value { return optReal(e.SrcGeoLatitude) }},
	{"SrcGeoLongitude", column.Real, func(e *authEvent) column.Value { return optReal(e.SrcGeoLongitude) }},
	{"TargetAppId", column.String, str(func(e *authEvent) string { return e.TargetAppId })},
	{"TargetAppName", column.String, str(func(e *authEvent) string { return e.TargetAppName })},
	{"TargetAppType", column.String, str(func(e *authEvent) string { return e.TargetAppType })},
	{"TargetUrl", column.String, str(func(e *authEvent) string { return e.TargetUrl })},
	{"LogonTarget", column.String, str(func(e *authEvent) string { return first(e.TargetAppName, e.TargetUrl, e.TargetHostname) })},
	{"TargetHostname", column.String, str(func(e *authEvent) string { return e.TargetHostname })},
	{"TargetIpAddr", column.String, str(func(e *authEvent) string { return e.TargetIpAddr })},
	{"Dst", column.String, str(func(e *authEvent) string { return first(e.TargetHostname, e.TargetIpAddr, e.TargetAppName) })},
	{"RuleName", column.String, str(func(e *authEvent) string { return e.RuleName })},
	{"AdditionalFields", column.Dynamic, func(e *authEvent) column.Value {
		if e.AdditionalFields == nil {
			return column.DynamicValue(nil)
		}
		return column.DynamicValue(e.AdditionalFields)
	}},
}

// AuthSchema is the schema of the imAuthentication view.
var AuthSchema = func() column.Schema {
	s := make(column.Schema, len(authColumns))
	for i, c := range authColumns {
		s[i] = column.Field{Name: c.name, Type: c.typ}
	}
	return s
}()

// severity defaults EventSeverity from the result: Low for failures,
// Informational otherwise (the sshd and AWS parsers' rule).
func severity(e *authEvent) string {
	switch {
	case e.EventSeverity != "":
		return e.EventSeverity
	case e.EventResult == "Failure":
		return "Low"
	}
	return "Informational"
}

// usernameType is Conditional: set only when TargetUsername is.
func usernameType(e *authEvent) string {
	if e.TargetUsername == "" {
		return ""
	}
	return first(e.TargetUsernameType, "Simple")
}

func first(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// authBuilder accumulates events into the view's batches.
type authBuilder struct {
	b   *source.Builder
	row []column.Value
}

func newAuthBuilder() *authBuilder {
	return &authBuilder{
		b:   source.NewSink(false).Table(AuthTable, AuthSchema),
		row: make([]column.Value, len(authColumns)),
	}
}

func (ab *authBuilder) add(e *authEvent) {
	for i, c := range authColumns {
		ab.row[i] = c.get(e)
	}
	ab.b.Append(ab.row)
}

func (ab *authBuilder) table() *table.Memory { return ab.b.Table() }
