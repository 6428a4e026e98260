package normalize

import (
	"context"

	"quarry/internal/table"
)

// entraResultDetails maps Entra ResultType codes to EventResultDetails, as
// ASimAuthenticationAADSigninLogs (v0.4.1) and _ASIM_AADSTSErrorCodes do.
// Codes not listed leave EventResultDetails empty (the parsers' lookup
// miss); "0" maps to "Success" exactly as the parser's table does.
var entraResultDetails = map[string]string{
	"0":      "Success",
	"50005":  "Logon violates policy",
	"50011":  "Logon violates policy",
	"50020":  "Logon violates policy",
	"50034":  "No such user or password",
	"50053":  "User locked",
	"50055":  "Password expired",
	"50056":  "Incorrect password",
	"50057":  "User disabled",
	"50058":  "Logon violates policy",
	"50059":  "No such user or password",
	"50064":  "No such user or password",
	"50072":  "Logon violates policy",
	"50074":  "Logon violates policy",
	"50076":  "Logon violates policy",
	"50079":  "Logon violates policy",
	"50105":  "Logon violates policy",
	"50126":  "No such user or password",
	"50132":  "Password expired",
	"50133":  "Password expired",
	"50144":  "Password expired",
	"50173":  "Password expired",
	"51004":  "No such user or password",
	"53003":  "Logon violates policy",
	"70008":  "Password expired",
	"80012":  "Logon violates policy",
	"500011": "No such user or password",
	"700016": "No such user or password",
}

var entraLogonMethod = map[string]string{
	"singleFactorAuthentication": "Username & Password",
	"multiFactorAuthentication":  "Multi factor authentication",
}

var entraUserType = map[string]string{"Guest": "Guest", "Member": "Regular"}

var entraActingAppType = map[string]string{
	"Mobile Apps and Desktop clients": "Process",
	"Browser":                         "Service",
	"Authenticated STMP":              "CSP",
	"Authenticated SMTP":              "CSP",
	"Exchange Active Sync":            "CSP",
	"Other":                           "Other",
	"Unknown":                         "Other",
}

var entraColumns = []string{
	"TimeGenerated", "CreatedDateTime", "ResultType", "ResultDescription", "UserPrincipalName",
	"UserId", "UserType", "IPAddress", "AppDisplayName", "AppId", "ClientAppUsed",
	"AuthenticationRequirement", "AuthenticationMethodsUsed", "Location",
	"UserAgent", "CorrelationId", "Id", "OperationName", "UserDisplayName",
}

// The values entraPlace reads inside LocationDetails and DeviceDetail
// (dynamic, or JSON text in the non-interactive table).
var (
	entraCountry   = textField("LocationDetails", "countryOrRegion")
	entraCity      = textField("LocationDetails", "city")
	entraLatitude  = realField("LocationDetails", "geoCoordinates", "latitude")
	entraLongitude = realField("LocationDetails", "geoCoordinates", "longitude")
	entraHost      = textField("DeviceDetail", "displayName")
	entraOS        = textField("DeviceDetail", "operatingSystem")
	entraBrowser   = textField("DeviceDetail", "browser")
	entraFields    = []fieldRef{entraCountry, entraCity, entraLatitude, entraLongitude, entraHost, entraOS, entraBrowser}
)

// entraInputs declares what entraEvent reads; every row is an event.
var entraInputs = declare(nil,
	"Time: TimeGenerated CreatedDateTime",
	"EventResult EventResultDetails EventOriginalResultDetails: ResultType",
	"EventMessage: ResultDescription",
	"EventUid: Id",
	"TargetUsername: UserPrincipalName",
	"TargetUserId TargetUserIdType: UserId",
	"TargetUserType: UserType",
	"TargetSessionId: CorrelationId",
	"TargetAppName: AppDisplayName",
	"TargetAppId: AppId",
	"SrcIpAddr: IPAddress",
	"HttpUserAgent: UserAgent",
	"ActingAppType: ClientAppUsed",
	"LogonMethod: AuthenticationMethodsUsed AuthenticationRequirement",
	"SrcGeoCountry: LocationDetails.countryOrRegion Location",
	"SrcGeoCity: LocationDetails.city",
	"SrcGeoLatitude: LocationDetails.geoCoordinates.latitude",
	"SrcGeoLongitude: LocationDetails.geoCoordinates.longitude",
	"SrcHostname: DeviceDetail.displayName",
	"SrcDvcOs: DeviceDetail.operatingSystem",
	"ActingAppName: DeviceDetail.browser",
)

// entraSignins normalizes a SigninLogs-shaped table. One event is reused
// for every row (add copies it).
func entraSignins(name, subType string) func(context.Context, table.Table, func(*authEvent)) error {
	return func(ctx context.Context, t table.Table, add func(*authEvent)) error {
		var e authEvent
		return scanFields(ctx, t, entraColumns, entraFields, func(r rowView) {
			entraEvent(r, &e)
			e.Type, e.EventSubType = name, subType
			add(&e)
		})
	}
}

// entraEvent fills e (overwriting all of it) from a sign-in row.
func entraEvent(r rowView, e *authEvent) {
	code := r.str("ResultType")
	*e = authEvent{
		EventType: "Logon", EventProduct: "AAD", EventVendor: "Microsoft", Dvc: "Microsoft",
		EventResult:                entraResult(code),
		EventResultDetails:         entraResultDetails[code],
		EventOriginalResultDetails: code,
		EventMessage:               r.str("ResultDescription"),
		EventUid:                   r.str("Id"),
		TargetUsername:             r.str("UserPrincipalName"),
		TargetUsernameType:         "UPN",
		TargetUserId:               r.str("UserId"),
		TargetUserType:             entraUserType[r.str("UserType")],
		TargetSessionId:            r.str("CorrelationId"),
		TargetAppName:              r.str("AppDisplayName"),
		TargetAppId:                r.str("AppId"),
		SrcIpAddr:                  r.str("IPAddress"),
		HttpUserAgent:              r.str("UserAgent"),
		ActingAppType:              entraActingAppType[r.str("ClientAppUsed")],
		LogonMethod:                entraLogonMethod[first(r.str("AuthenticationMethodsUsed"), r.str("AuthenticationRequirement"))],
	}
	if e.TargetUserId != "" {
		e.TargetUserIdType = "AADID"
	}
	e.Time, _ = r.ticks("TimeGenerated")
	if e.Time == 0 {
		e.Time, _ = r.ticks("CreatedDateTime")
	}
	entraPlace(r, e)
}

// entraResult is the parser's iff(ResultType == 0, 'Success', 'Failure'),
// with NA for a missing code.
func entraResult(code string) string {
	switch code {
	case "0":
		return "Success"
	case "":
		return "NA"
	}
	return "Failure"
}

// entraPlace fills geography and device fields from LocationDetails and
// DeviceDetail.
func entraPlace(r rowView, e *authEvent) {
	e.SrcGeoCountry = first(r.text(entraCountry), r.str("Location"))
	e.SrcGeoCity = r.text(entraCity)
	e.SrcGeoLatitude = r.real(entraLatitude)
	e.SrcGeoLongitude = r.real(entraLongitude)
	e.SrcHostname = r.text(entraHost)
	e.SrcDvcOs = r.text(entraOS)
	e.ActingAppName = r.text(entraBrowser)
}
