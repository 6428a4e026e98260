package demo

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"
)

// Entra ID result codes used by the generator (ResultType is a string column;
// these are its values).
const (
	codeSuccess        = 0
	codeBadPassword    = 50126
	codeLocked         = 50053
	codeNoUser         = 50034
	codeExpired        = 50055
	codeDisabled       = 50057
	codeMFARequired    = 50074
	codeMFANewLocation = 50076
	codeKMSI           = 50140
	codeMFADenied      = 500121
)

// result is the text Entra ID attaches to a result code: ResultDescription,
// Status.failureReason and Status.additionalDetails.
type result struct {
	desc, reason, detail, step string
}

var results = map[int]result{
	codeBadPassword: {"Invalid username or password or Invalid on-premise username or password.",
		"Error validating credentials due to invalid username or password.",
		"The user didn't enter the right credentials.",
		"Invalid username or password or Invalid on-premise username or password."},
	codeLocked: {"Account is locked because user tried to sign in too many times with an incorrect user ID or password.",
		"The account is locked, you've tried to sign in too many times with an incorrect user ID or password.",
		"Locked by smart lockout or blocked for a malicious IP address.",
		"Account is locked"},
	codeNoUser: {"User not found. To sign into this application the account must be added to the directory.",
		"The user account does not exist in the directory. To sign into this application, the account must be added to the directory.",
		"The sign-in name is mistyped or the account was deleted.",
		"User not found"},
	codeExpired: {"Invalid password, entered expired password.", "The password is expired.",
		"The user is offered the opportunity to reset the password.",
		"Password expired"},
	codeDisabled: {"User account is disabled. The account has been disabled by an administrator.", "The user account is disabled.",
		"The account has been disabled by an administrator.",
		"User account is disabled"},
	codeMFARequired: {"Strong Authentication is required.", "Strong Authentication is required.",
		"The user is being prompted for MFA: an expected part of the login flow.",
		"MFA required in Azure AD"},
	codeMFANewLocation: {"Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource.",
		"Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource.",
		"MFA required for a new location.",
		"MFA required in Azure AD"},
	codeKMSI: {"This error occurred due to 'Keep me signed in' interrupt when the user was signing in.",
		"This error occurred due to 'Keep me signed in' interrupt when the user was signing in.",
		"The user is asked whether to stay signed in: an expected part of the login flow.",
		"Keep me signed in"},
	codeMFADenied: {"Authentication failed during strong authentication request.", "Authentication failed during strong authentication request.",
		"The user denied or did not complete the MFA prompt.",
		"MFA denied; user declined the authentication"},
}

// signin is one interactive sign-in record.
type signin struct {
	at      time.Time
	user    *person // nil when the account does not exist in the tenant
	upn     string  // the name that was typed
	src     *host
	app     *app
	agent   *agent
	code    int
	mfa     bool // multi-factor requirement on this sign-in
	managed bool // from the user's managed laptop
	risk    string
	corr    string
	id      string
	seq     int
}

// tenant identifies the directory.
type tenant struct {
	id, domain string
}

// appendJSON appends the record in the Log Analytics export shape. scratch
// is reusable working space; pass it back on the next call.
func (s *signin) appendJSON(b, scratch []byte, t *tenant) ([]byte, []byte) {
	o := obj{b: b, scratch: scratch}
	o.open()
	s.header(&o, t)
	s.identity(&o)
	s.authentication(&o)
	s.policies(&o)
	s.device(&o)
	s.location(&o)
	s.status(&o)
	s.trailer(&o, t)
	o.close()
	return o.b, o.scratch
}

func (s *signin) header(o *obj, t *tenant) {
	o.str("TenantId", t.id)
	o.str("SourceSystem", "Azure AD")
	o.time("TimeGenerated", s.at)
	o.key("ResourceId")
	o.b = append(o.b, `"/tenants/`...)
	o.b = append(o.b, t.id...)
	o.b = append(o.b, `/providers/Microsoft.aadiam"`...)
	o.str("OperationName", "Sign-in activity")
	o.str("Category", "SignInLogs")
	o.key("ResultType")
	o.b = append(o.b, '"')
	o.b = strconv.AppendInt(o.b, int64(s.code), 10)
	o.b = append(o.b, '"')
	o.str("ResultSignature", "None")
	o.str("ResultDescription", results[s.code].desc)
	o.num("DurationMs", 0)
	o.str("CorrelationId", s.corr)
}

func (s *signin) identity(o *obj) {
	display, id, userType := "", "", ""
	if s.user != nil {
		display, id, userType = s.user.display, s.user.id, "Member"
	}
	o.str("Identity", display)
	o.str("Level", "4")
	o.str("Location", s.src.cc)
	o.str("AlternateSignInName", "")
	o.str("AppDisplayName", s.app.name)
	o.str("AppId", s.app.id)
	o.str("UserPrincipalName", s.upn)
	o.str("UserDisplayName", display)
	o.str("UserId", id)
	o.str("UserType", userType)
	o.str("IPAddress", s.src.ip)
	o.str("AutonomousSystemNumber", s.src.asn)
	o.str("UserAgent", s.agent.ua)
	o.str("ClientAppUsed", s.agent.client)
	o.boolean("IsInteractive", true)
}

func (s *signin) authentication(o *obj) {
	req := "singleFactorAuthentication"
	if s.mfa {
		req = "multiFactorAuthentication"
	}
	o.str("AuthenticationRequirement", req)
	o.str("AuthenticationProtocol", s.agent.protocol)
	o.scratch = s.authDetails(o.scratch[:0])
	o.key("AuthenticationDetails")
	o.b = appendJSONString(o.b, o.scratch)
	o.child("MfaDetail")
	if s.mfa && s.code == codeSuccess {
		o.str("authMethod", "Mobile app notification")
		o.str("authDetail", "")
	}
	o.close()
}

// authDetails returns the AuthenticationDetails text (a JSON array kept as a
// string column, as Log Analytics stores it).
func (s *signin) authDetails(b []byte) []byte {
	if s.code == codeNoUser {
		return append(b, "[]"...)
	}
	ok := s.code != codeBadPassword && s.code != codeLocked && s.code != codeExpired && s.code != codeDisabled
	o := obj{b: append(b, '[')}
	s.authStep(&o, "Password", ok, 0)
	if s.mfa || s.code == codeMFARequired || s.code == codeMFANewLocation || s.code == codeMFADenied {
		s.authStep(&o, "Mobile app notification", s.code == codeSuccess, 1)
	}
	return append(o.b, ']')
}

func (s *signin) authStep(o *obj, method string, ok bool, seq int64) {
	o.item()
	o.open()
	o.str("authenticationMethod", method)
	o.boolean("succeeded", ok)
	res := "Correct password"
	if seq == 1 {
		res = "MFA successfully completed"
	}
	if !ok || s.code != codeSuccess && seq == 1 {
		res = results[s.code].step
	}
	o.str("authenticationStepResultDetail", res)
	o.num("RequestSequence", seq)
	o.close()
}

// policies writes the Conditional Access evaluation: MFA outside trusted
// networks, and a legacy-authentication block left in report-only mode.
func (s *signin) policies(o *obj) {
	mfa, legacy, status := "notApplied", "reportOnlyNotApplied", "notApplied"
	if s.code == codeSuccess && s.mfa {
		mfa, status = "success", "success"
	}
	if s.agent.protocol == "ropc" || s.agent.client == "Exchange ActiveSync" || s.agent.client == "Authenticated SMTP" {
		legacy = "reportOnlyFailure"
	}
	o.str("ConditionalAccessStatus", status)
	o.list("ConditionalAccessPolicies")
	policy(o, "0b6c2a4e-3f7d-4a41-9c2e-5d8f1a7b3c90", "CA001 MFA outside trusted locations", `["Mfa"]`, mfa)
	policy(o, "7e1d9c33-8a2b-4f60-b5d4-2c9e0f6a1b87", "CA002 Block legacy auth (report-only)", `["Block"]`, legacy)
	o.endList()
}

func policy(o *obj, id, name, grant, res string) {
	o.item()
	o.open()
	o.str("id", id)
	o.str("displayName", name)
	o.raw("enforcedGrantControls", grant)
	o.str("result", res)
	o.close()
}

func (s *signin) device(o *obj) {
	o.child("DeviceDetail")
	id, name, trust := "", "", ""
	if s.managed {
		id, name, trust = s.user.deviceID, s.user.device, "Azure AD joined"
	}
	o.str("deviceId", id)
	o.str("displayName", name)
	o.str("operatingSystem", s.agent.os)
	o.str("browser", s.agent.browser)
	o.boolean("isCompliant", s.managed)
	o.boolean("isManaged", s.managed)
	o.str("trustType", trust)
	o.close()
}

func (s *signin) location(o *obj) {
	p := s.src.place
	o.child("LocationDetails")
	o.str("city", p.city)
	o.str("state", p.state)
	o.str("countryOrRegion", s.src.cc)
	o.child("geoCoordinates")
	o.coord("latitude", p.lat)
	o.coord("longitude", p.lon)
	o.close()
	o.close()
	o.key("NetworkLocationDetails")
	if s.src.named == "" {
		o.b = append(o.b, `"[]"`...)
		return
	}
	o.b = append(o.b, `"[{\"networkType\":\"namedNetwork\",\"networkNames\":[\"`...)
	o.b = append(o.b, s.src.named...)
	o.b = append(o.b, `\"]}]"`...)
}

func (s *signin) status(o *obj) {
	o.child("Status")
	o.num("errorCode", int64(s.code))
	if s.code == codeSuccess {
		if s.mfa {
			o.str("additionalDetails", "MFA requirement satisfied by claim in the token")
		}
	} else {
		r := results[s.code]
		o.str("failureReason", r.reason)
		o.str("additionalDetails", r.detail)
	}
	o.close()
}

func (s *signin) trailer(o *obj, t *tenant) {
	o.time("CreatedDateTime", s.at)
	o.str("Id", s.id)
	o.str("ResourceDisplayName", s.app.resource)
	o.str("ResourceIdentity", s.app.resourceID)
	o.str("RiskDetail", "none")
	o.str("RiskLevelAggregated", s.risk)
	o.str("RiskLevelDuringSignIn", s.risk)
	o.str("RiskState", "none")
	o.boolean("IsRisky", s.risk != "none")
	o.str("AADTenantId", t.id)
	o.str("Type", "SigninLogs")
}

// attempt builds one sign-in row; the caller fills the flow-specific fields.
func attempt(r *rand.Rand, at time.Time, u *person, upn string, src *host, ap *app, ag *agent, code int) signin {
	return signin{at: at, user: u, upn: upn, src: src, app: ap, agent: ag, code: code, risk: "none", corr: newUUID(r), id: newUUID(r)}
}

// writeSigninList writes one JSON object per line.
func writeSigninList(w *bufio.Writer, t *tenant, rows []signin) (int, error) {
	var b, scratch []byte
	for i := range rows {
		b, scratch = rows[i].appendJSON(b[:0], scratch, t)
		b = append(b, '\n')
		if _, err := w.Write(b); err != nil {
			return i, err
		}
	}
	return len(rows), nil
}

// WriteSignins streams n interactive sign-in records of the background
// activity of cfg (Log Analytics SigninLogs NDJSON, 1.5-3 KB each) to w, in
// time order, continuing day after day past cfg.Days; used by benchmarks to
// make files of any size. No campaign is planted.
func WriteSignins(w io.Writer, cfg Config, n int) error {
	cfg, err := cfg.normalized()
	if err != nil {
		return err
	}
	wd := newWorld(cfg)
	bw := bufio.NewWriterSize(w, 1<<16)
	var rows []signin
	for d := 0; n > 0; d++ {
		rows = wd.signinDay(newRand(cfg.Seed, fmt.Sprint("signin-", d)), d, rows[:0])
		slices.SortStableFunc(rows, func(a, b signin) int { return a.at.Compare(b.at) })
		rows = rows[:min(len(rows), n)]
		if _, err := writeSigninList(bw, wd.tenant, rows); err != nil {
			return err
		}
		n -= len(rows)
	}
	return bw.Flush()
}
