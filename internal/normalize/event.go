package normalize

import (
	"quarry/internal/column"
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
	SrcGeoLatitude             optFloat
	SrcGeoLongitude            optFloat
	TargetAppId                string
	TargetAppName              string
	TargetAppType              string
	TargetUrl                  string
	TargetHostname             string
	TargetIpAddr               string
	RuleName                   string
	AdditionalFields           map[string]any
}

// authColumn is one column of the view and how to read it from an event:
// exactly one getter is set, the one for the column's type. Getters
// return plain Go values (ok false for a null) so that the builder
// appends them straight to the column vectors.
type authColumn struct {
	name string
	typ  column.Type
	str  func(e *authEvent) string
	num  func(e *authEvent) (int64, bool) // int and datetime columns
	real func(e *authEvent) (float64, bool)
	dyn  func(e *authEvent) any
	// same names an earlier column that this one usually equals (an
	// alias, or a coalesce whose first choice is usually set); batches
	// share that column's values when they are equal (see eventsBatch).
	same string
	// reads lists the authEvent fields the getter reads: a view that
	// builds only some columns fills only the fields they read (see
	// viewInputs).
	reads []string
}

// strCol is a string column read from the event field of the same name.
func strCol(name string, f func(e *authEvent) string) authColumn {
	return authColumn{name: name, typ: column.String, str: f, reads: []string{name}}
}

// strOf is a string column computed from the event fields reads.
func strOf(name string, f func(e *authEvent) string, reads ...string) authColumn {
	return authColumn{name: name, typ: column.String, str: f, reads: reads}
}

func aliasCol(name, same string, f func(e *authEvent) string, reads ...string) authColumn {
	return authColumn{name: name, typ: column.String, str: f, same: same, reads: reads}
}

func constStr(name, s string) authColumn {
	return authColumn{name: name, typ: column.String, str: func(*authEvent) string { return s }}
}

func timeCol(name, same string) authColumn {
	return authColumn{name: name, typ: column.DateTime, num: func(e *authEvent) (int64, bool) { return e.Time, true }, same: same, reads: []string{"Time"}}
}

// optInt is an int column that is null when n is 0; ints are 32-bit, as
// column.IntValue stores them.
func optInt(n int64) (int64, bool) { return int64(int32(n)), n != 0 }

// optFloat is a number that may be absent (null), held without a pointer
// so that filling an event does not allocate.
type optFloat struct {
	v  float64
	ok bool
}

func optReal(f optFloat) (float64, bool) { return f.v, f.ok }

// authColumns is the imAuthentication schema quarry produces: the
// Mandatory and Recommended fields of ASIM Authentication 0.1.3 and the
// Optional and Alias fields the sources fill, with the types of
// shared/schemas/imAuthentication.csv.
var authColumns = []authColumn{
	timeCol("TimeGenerated", ""),
	strCol("Type", func(e *authEvent) string { return e.Type }),
	constStr("EventSchema", "Authentication"),
	constStr("EventSchemaVersion", "0.1.3"),
	strCol("EventType", func(e *authEvent) string { return e.EventType }),
	strCol("EventSubType", func(e *authEvent) string { return e.EventSubType }),
	strCol("EventResult", func(e *authEvent) string { return e.EventResult }),
	strCol("EventResultDetails", func(e *authEvent) string { return e.EventResultDetails }),
	strCol("EventOriginalResultDetails", func(e *authEvent) string { return e.EventOriginalResultDetails }),
	strCol("EventOriginalType", func(e *authEvent) string { return e.EventOriginalType }),
	strCol("EventOriginalSubType", func(e *authEvent) string { return e.EventOriginalSubType }),
	{name: "EventCount", typ: column.Int, num: func(e *authEvent) (int64, bool) { return int64(int32(max(e.EventCount, 1))), true }, reads: []string{"EventCount"}},
	timeCol("EventStartTime", "TimeGenerated"),
	timeCol("EventEndTime", "TimeGenerated"),
	strOf("EventSeverity", severity, "EventSeverity", "EventResult"),
	strCol("EventProduct", func(e *authEvent) string { return e.EventProduct }),
	strCol("EventVendor", func(e *authEvent) string { return e.EventVendor }),
	strCol("EventMessage", func(e *authEvent) string { return e.EventMessage }),
	strCol("EventUid", func(e *authEvent) string { return e.EventUid }),
	strCol("Dvc", func(e *authEvent) string { return e.Dvc }),
	aliasCol("DvcHostname", "Dvc", func(e *authEvent) string { return e.DvcHostname }, "DvcHostname"),
	strCol("DvcIpAddr", func(e *authEvent) string { return e.DvcIpAddr }),
	strCol("DvcOs", func(e *authEvent) string { return e.DvcOs }),
	strCol("DvcAction", func(e *authEvent) string { return e.DvcAction }),
	strCol("LogonMethod", func(e *authEvent) string { return e.LogonMethod }),
	strCol("LogonProtocol", func(e *authEvent) string { return e.LogonProtocol }),
	strCol("ActorUsername", func(e *authEvent) string { return e.ActorUsername }),
	strCol("ActorUserId", func(e *authEvent) string { return e.ActorUserId }),
	strCol("ActingAppName", func(e *authEvent) string { return e.ActingAppName }),
	strCol("ActingAppType", func(e *authEvent) string { return e.ActingAppType }),
	strCol("HttpUserAgent", func(e *authEvent) string { return e.HttpUserAgent }),
	strCol("TargetUserId", func(e *authEvent) string { return e.TargetUserId }),
	strCol("TargetUserIdType", func(e *authEvent) string { return e.TargetUserIdType }),
	strCol("TargetUsername", func(e *authEvent) string { return e.TargetUsername }),
	strOf("TargetUsernameType", usernameType, "TargetUsername", "TargetUsernameType"),
	strCol("TargetUserType", func(e *authEvent) string { return e.TargetUserType }),
	strCol("TargetDomain", func(e *authEvent) string { return e.TargetDomain }),
	strCol("TargetSessionId", func(e *authEvent) string { return e.TargetSessionId }),
	aliasCol("User", "TargetUsername", func(e *authEvent) string { return first(e.TargetUsername, e.TargetUserId) }, "TargetUsername", "TargetUserId"),
	strCol("SrcIpAddr", func(e *authEvent) string { return e.SrcIpAddr }),
	aliasCol("IpAddr", "SrcIpAddr", func(e *authEvent) string { return e.SrcIpAddr }, "SrcIpAddr"),
	{name: "SrcPortNumber", typ: column.Int, num: func(e *authEvent) (int64, bool) { return optInt(e.SrcPortNumber) }, reads: []string{"SrcPortNumber"}},
	strCol("SrcHostname", func(e *authEvent) string { return e.SrcHostname }),
	aliasCol("Src", "SrcIpAddr", func(e *authEvent) string { return first(e.SrcIpAddr, e.SrcHostname) }, "SrcIpAddr", "SrcHostname"),
	strCol("SrcDvcOs", func(e *authEvent) string { return e.SrcDvcOs }),
	strCol("SrcDeviceType", func(e *authEvent) string { return e.SrcDeviceType }),
	strCol("SrcGeoCountry", func(e *authEvent) string { return e.SrcGeoCountry }),
	strCol("SrcGeoCity", func(e *authEvent) string { return e.SrcGeoCity }),
	{name: "SrcGeoLatitude", typ: column.Real, real: func(e *authEvent) (float64, bool) { return optReal(e.SrcGeoLatitude) }, reads: []string{"SrcGeoLatitude"}},
	{name: "SrcGeoLongitude", typ: column.Real, real: func(e *authEvent) (float64, bool) { return optReal(e.SrcGeoLongitude) }, reads: []string{"SrcGeoLongitude"}},
	strCol("TargetAppId", func(e *authEvent) string { return e.TargetAppId }),
	strCol("TargetAppName", func(e *authEvent) string { return e.TargetAppName }),
	strCol("TargetAppType", func(e *authEvent) string { return e.TargetAppType }),
	strCol("TargetUrl", func(e *authEvent) string { return e.TargetUrl }),
	aliasCol("LogonTarget", "TargetAppName", func(e *authEvent) string { return first(e.TargetAppName, e.TargetUrl, e.TargetHostname) },
		"TargetAppName", "TargetUrl", "TargetHostname"),
	aliasCol("TargetHostname", "Dvc", func(e *authEvent) string { return e.TargetHostname }, "TargetHostname"),
	strCol("TargetIpAddr", func(e *authEvent) string { return e.TargetIpAddr }),
	aliasCol("Dst", "TargetHostname", func(e *authEvent) string { return first(e.TargetHostname, e.TargetIpAddr, e.TargetAppName) },
		"TargetHostname", "TargetIpAddr", "TargetAppName"),
	strCol("RuleName", func(e *authEvent) string { return e.RuleName }),
	{name: "AdditionalFields", typ: column.Dynamic, dyn: func(e *authEvent) any {
		if e.AdditionalFields == nil {
			return nil
		}
		return e.AdditionalFields
	}, reads: []string{"AdditionalFields"}},
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
