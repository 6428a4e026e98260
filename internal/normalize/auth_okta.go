package normalize

import (
	"context"
	"strings"

	"quarry/internal/table"
)

var oktaColumns = []string{
	"TimeGenerated", "uuid", "eventType", "displayMessage", "outcome_result", "outcome_reason",
	"actor_id", "actor_alternateId", "client_ipAddress", "client_userAgent_rawUserAgent",
	"client_userAgent_os", "client_device", "client_geographicalContext_country",
	"client_geographicalContext_city", "client_geographicalContext_geolocation_lat",
	"client_geographicalContext_geolocation_lon", "authenticationContext_externalSessionId",
	"authenticationContext_credentialType",
}

// oktaInputs declares what oktaEvent reads; eventType decides which rows
// are sign-in events.
var oktaInputs = declare([]string{"eventType"},
	"EventMessage: displayMessage",
	"EventUid: uuid",
	"TargetUsername TargetUsernameType: actor_alternateId",
	"TargetUserId TargetUserIdType: actor_id",
	"SrcIpAddr: client_ipAddress",
	"HttpUserAgent: client_userAgent_rawUserAgent",
	"SrcDvcOs: client_userAgent_os",
	"SrcDeviceType: client_device",
	"SrcGeoCountry: client_geographicalContext_country",
	"SrcGeoCity: client_geographicalContext_city",
	"SrcGeoLatitude: client_geographicalContext_geolocation_lat",
	"SrcGeoLongitude: client_geographicalContext_geolocation_lon",
	"TargetSessionId: authenticationContext_externalSessionId",
	"LogonMethod: authenticationContext_credentialType",
	"Time: TimeGenerated",
	"EventOriginalResultDetails EventResult EventResultDetails: outcome_result outcome_reason",
)

// oktaAuth normalizes Okta sign-in events: user.session.start and
// user.authentication.* are logons, user.session.end a logoff.
func oktaAuth(ctx context.Context, t table.Table, add func(*authEvent)) error {
	var e authEvent // reused for every row (add copies it)
	return scanRows(ctx, t, oktaColumns, func(r rowView) {
		typ := r.str("eventType")
		var kind string
		switch {
		case typ == "user.session.start" || strings.HasPrefix(typ, "user.authentication."):
			kind = "Logon"
		case typ == "user.session.end":
			kind = "Logoff"
		default:
			return
		}
		oktaEvent(r, kind, typ, &e)
		add(&e)
	})
}

// oktaEvent fills e (overwriting all of it).
func oktaEvent(r rowView, kind, typ string, e *authEvent) {
	*e = authEvent{
		Type: "Okta", EventType: kind, EventOriginalType: typ, EventProduct: "Okta", EventVendor: "Okta",
		Dvc: "Okta", TargetAppName: "Okta", TargetAppType: "SaaS application",
		EventMessage: r.str("displayMessage"), EventUid: r.str("uuid"),
		TargetUsername: r.str("actor_alternateId"), TargetUserId: r.str("actor_id"),
		SrcIpAddr: r.str("client_ipAddress"), HttpUserAgent: r.str("client_userAgent_rawUserAgent"),
		SrcDvcOs: r.str("client_userAgent_os"), SrcDeviceType: oktaDevice(r.str("client_device")),
		SrcGeoCountry: r.str("client_geographicalContext_country"), SrcGeoCity: r.str("client_geographicalContext_city"),
		TargetSessionId: r.str("authenticationContext_externalSessionId"),
		LogonMethod:     oktaMethod(r.str("authenticationContext_credentialType")),
	}
	if strings.Contains(e.TargetUsername, "@") {
		e.TargetUsernameType = "UPN"
	}
	if e.TargetUserId != "" {
		e.TargetUserIdType = "OktaId"
	}
	if v := r.val("client_geographicalContext_geolocation_lat"); !v.IsNull() && v.Type != 0 {
		e.SrcGeoLatitude = optFloat{v.F, true}
	}
	if v := r.val("client_geographicalContext_geolocation_lon"); !v.IsNull() && v.Type != 0 {
		e.SrcGeoLongitude = optFloat{v.F, true}
	}
	e.Time, _ = r.ticks("TimeGenerated")
	reason := r.str("outcome_reason")
	e.EventOriginalResultDetails = first(reason, r.str("outcome_result"))
	e.EventResult, e.EventResultDetails = oktaResult(r.str("outcome_result"), reason)
}

// oktaResult maps outcome.result and outcome.reason. SUCCESS and ALLOW
// succeed; FAILURE and DENY fail; CHALLENGE (an MFA prompt) is Partial;
// anything else (UNKNOWN, SKIPPED) is NA. The reason text decides the
// details (quarry's table; ASIM's Okta parser was not read).
func oktaResult(result, reason string) (string, string) {
	switch strings.ToUpper(result) {
	case "SUCCESS", "ALLOW":
		return "Success", ""
	case "CHALLENGE":
		return "Partial", ""
	case "FAILURE", "DENY":
		return "Failure", oktaReason(reason)
	}
	return "NA", ""
}

func oktaReason(reason string) string {
	r := strings.ToUpper(reason)
	switch {
	case strings.Contains(r, "INVALID_CREDENTIALS"), strings.Contains(r, "INVALID CREDENTIALS"):
		return "No such user or password"
	case strings.Contains(r, "LOCKED"):
		return "User locked"
	case strings.Contains(r, "UNKNOWN_USER"), strings.Contains(r, "UNKNOWN USER"), strings.Contains(r, "USER_NOT_FOUND"):
		return "No such user"
	case strings.Contains(r, "PASSWORD_EXPIRED"), strings.Contains(r, "PASSWORD EXPIRED"):
		return "Password expired"
	case strings.Contains(r, "SUSPENDED"), strings.Contains(r, "DEACTIVATED"):
		return "User disabled"
	case strings.Contains(r, "POLICY"), strings.Contains(r, "DENY"), strings.Contains(r, "BLOCK"):
		return "Logon violates policy"
	case strings.Contains(r, "VERIFICATION_ERROR"), strings.Contains(r, "INVALID_OTP"), strings.Contains(r, "MFA"):
		return "Incorrect key"
	}
	return "Other"
}

func oktaMethod(cred string) string {
	switch strings.ToUpper(cred) {
	case "PASSWORD":
		return "Username & password"
	case "OTP", "SMS", "EMAIL", "IWA", "ASSERTION", "JWT", "OAUTH2":
		return "Multi factor authentication"
	}
	return ""
}

func oktaDevice(d string) string {
	switch strings.ToLower(d) {
	case "computer":
		return "Computer"
	case "mobile", "mobile device":
		return "Mobile Device"
	case "":
		return ""
	}
	return "Other"
}
