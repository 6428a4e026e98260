package triage

import (
	"fmt"
	"math"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
)

// Allowlist is the known-good and the muted, read from a YAML file:
//
//	ips:                      # addresses or CIDR ranges never reported as attackers
//	  - value: 188.110.46.68
//	    reason: HQ Hamburg egress NAT
//	  - value: 10.0.0.0/8
//	    reason: internal networks
//	    expires: 2026-12-31   # optional: a date (through that day, UTC) or an RFC 3339 time
//	accounts:                 # accounts whose activity is known-good
//	  - value: svc-synthetic-monitor@contoso-retail.eu
//	    reason: synthetic monitor
//	userAgents:               # case-insensitive substrings of a user agent
//	  - value: quarry-uptime-probe
//	    reason: our uptime monitor
//	exceptions:               # rule exceptions: a rule's alerts on an entity (or all of them)
//	  - rule: seed-bulk-export
//	    account: svc-etl-orders@contoso-retail.eu
//	    reason: nightly ETL
//	suppressions:             # suppression windows per rule
//	  - rule: seed-credential-stuffing
//	    duration: 6h          # after an alert, the rule raises nothing for 6 hours
//	    reason: too chatty
//	  - rule: quarry-password-spray
//	    from: 2026-11-03T00:00:00Z   # a fixed window: alerts starting in it are muted
//	    until: 2026-11-03T06:00:00Z
//	    reason: red-team exercise
//
// Every entry needs a reason. An entry whose expiry has passed (at
// Options.Now) no longer applies and is reported in Result.Expired.
type Allowlist struct {
	IPs          []Entry `yaml:"ips" json:"ips,omitempty"`
	Accounts     []Entry `yaml:"accounts" json:"accounts,omitempty"`
	UserAgents   []Entry `yaml:"userAgents" json:"userAgents,omitempty"`
	Exceptions   []Entry `yaml:"exceptions" json:"exceptions,omitempty"`
	Suppressions []Entry `yaml:"suppressions" json:"suppressions,omitempty"`
}

// Entry is one allowlist line. Which fields apply depends on the section:
// Value for ips, accounts and userAgents; Rule plus optional IP, Account
// and UserAgent for exceptions; Rule plus Duration or From/Until for
// suppressions.
type Entry struct {
	Section   string `yaml:"-" json:"section"`
	Value     string `yaml:"value" json:"value,omitempty"`
	Rule      string `yaml:"rule" json:"rule,omitempty"`
	IP        string `yaml:"ip" json:"ip,omitempty"`
	Account   string `yaml:"account" json:"account,omitempty"`
	UserAgent string `yaml:"userAgent" json:"userAgent,omitempty"`
	Duration  string `yaml:"duration" json:"duration,omitempty"`
	From      string `yaml:"from" json:"from,omitempty"`
	Until     string `yaml:"until" json:"until,omitempty"`
	Reason    string `yaml:"reason" json:"reason"`
	Expires   string `yaml:"expires" json:"expires,omitempty"`

	prefix  netip.Prefix
	expires time.Time
	dur     time.Duration
	from    time.Time
	until   time.Time
}

// String names the entry for messages: "ips: 10.0.0.0/8 (internal)".
func (e Entry) String() string {
	what := e.Value
	if e.Rule != "" {
		what = "rule " + e.Rule
		for _, s := range []string{e.IP, e.Account, e.UserAgent} {
			if s != "" {
				what += " on " + s
			}
		}
	}
	return fmt.Sprintf("%s: %s (%s)", e.Section, what, e.Reason)
}

// LoadAllowlist reads and validates an allowlist file.
func LoadAllowlist(path string) (*Allowlist, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	al, err := ParseAllowlist(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return al, nil
}

// ParseAllowlist decodes and validates an allowlist. The error lists every
// problem, one per line, naming the entry ("ips[2]: ...").
func ParseAllowlist(data []byte) (*Allowlist, error) {
	var al Allowlist
	if err := decodeYAML(data, &al); err != nil {
		return nil, err
	}
	var problems []string
	for _, s := range al.sections() {
		for i := range *s.entries {
			e := &(*s.entries)[i]
			e.Section = s.name
			for _, p := range s.check(e) {
				problems = append(problems, fmt.Sprintf("%s[%d]: %s", s.name, i, p))
			}
			problems = append(problems, checkCommon(e)...)
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("invalid allowlist:\n  %s", strings.Join(problems, "\n  "))
	}
	return &al, nil
}

// decodeYAML decodes strictly (unknown keys are errors). The YAML library
// panics on some malformed input (found by FuzzParseAllowlist); that panic
// becomes an error.
func decodeYAML(data []byte, v any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("malformed YAML: %v", r)
		}
	}()
	if err := yaml.UnmarshalWithOptions(data, v, yaml.Strict()); err != nil {
		return fmt.Errorf("%s", oneLine(yaml.FormatError(err, false, true)))
	}
	return nil
}

// section pairs a list of entries with its name and validator.
type section struct {
	name    string
	entries *[]Entry
	check   func(*Entry) []string
}

func (al *Allowlist) sections() []section {
	return []section{
		{"ips", &al.IPs, checkIP},
		{"accounts", &al.Accounts, checkValue},
		{"userAgents", &al.UserAgents, checkValue},
		{"exceptions", &al.Exceptions, checkException},
		{"suppressions", &al.Suppressions, checkSuppression},
	}
}

// checkCommon validates the reason and expiry every entry has.
func checkCommon(e *Entry) []string {
	var p []string
	if strings.TrimSpace(e.Reason) == "" {
		p = append(p, fmt.Sprintf("%s[%s]: a reason is required", e.Section, e.label()))
	}
	if e.Expires != "" {
		t, err := parseWhen(e.Expires, true)
		if err != nil {
			p = append(p, fmt.Sprintf("%s[%s]: expires: %v", e.Section, e.label(), err))
		}
		e.expires = t
	}
	return p
}

func (e *Entry) label() string {
	if e.Value != "" {
		return e.Value
	}
	return e.Rule
}

func checkIP(e *Entry) []string {
	p, err := parsePrefix(e.Value)
	if err != nil {
		return []string{err.Error()}
	}
	e.prefix = p
	return nil
}

// parsePrefix accepts an address or a CIDR range.
func parsePrefix(s string) (netip.Prefix, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return netip.Prefix{}, fmt.Errorf("an address or CIDR range is required")
	}
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return p, fmt.Errorf("invalid CIDR range %q", s)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("invalid address %q", s)
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

func checkValue(e *Entry) []string {
	if strings.TrimSpace(e.Value) == "" {
		return []string{"value is required"}
	}
	return nil
}

func checkException(e *Entry) []string {
	if e.Rule == "" {
		return []string{"rule is required (an id, or * for every rule)"}
	}
	if e.IP != "" {
		p, err := parsePrefix(e.IP)
		if err != nil {
			return []string{"ip: " + err.Error()}
		}
		e.prefix = p
	}
	return nil
}

func checkSuppression(e *Entry) []string {
	if e.Rule == "" {
		return []string{"rule is required"}
	}
	switch {
	case e.Duration != "" && (e.From != "" || e.Until != ""):
		return []string{"give either duration or from/until, not both"}
	case e.Duration != "":
		d, err := parseDuration(e.Duration)
		if err != nil || d <= 0 {
			return []string{fmt.Sprintf("invalid duration %q (want e.g. 30m, 6h, 2d)", e.Duration)}
		}
		e.dur = d
	case e.From != "" && e.Until != "":
		return checkWindow(e)
	default:
		return []string{"duration, or from and until, is required"}
	}
	return nil
}

func checkWindow(e *Entry) []string {
	f, err1 := parseWhen(e.From, false)
	u, err2 := parseWhen(e.Until, true)
	switch {
	case err1 != nil:
		return []string{"from: " + err1.Error()}
	case err2 != nil:
		return []string{"until: " + err2.Error()}
	case !u.After(f):
		return []string{"until must be after from"}
	}
	e.from, e.until = f, u
	return nil
}

// parseWhen parses an RFC 3339 time or a date; a date as an end means the
// end of that day (UTC).
func parseWhen(s string, end bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("invalid time %q (want 2026-12-31 or 2026-12-31T18:00:00Z)", s)
	}
	if end {
		t = t.AddDate(0, 0, 1)
	}
	return t, nil
}

// parseDuration accepts Go durations and a day suffix ("2d").
func parseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if n, ok := strings.CutSuffix(s, "d"); ok {
		var days int
		if _, err := fmt.Sscanf(n, "%d", &days); err != nil || fmt.Sprint(days) != n || days > math.MaxInt64/int(24*time.Hour) {
			return 0, fmt.Errorf("invalid duration %q", s) // not a count of days, or one time.Duration cannot hold
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	return time.ParseDuration(s)
}

// expired reports whether the entry no longer applies at now.
func (e *Entry) expired(now time.Time) bool {
	return !e.expires.IsZero() && !now.Before(e.expires)
}

// active returns a copy holding only the entries that apply at now, and
// the expired ones.
func (al *Allowlist) active(now time.Time) (*Allowlist, []Entry) {
	if al == nil {
		return &Allowlist{}, nil
	}
	out := &Allowlist{}
	var expired []Entry
	src, dst := al.sections(), out.sections()
	for i := range src {
		for _, e := range *src[i].entries {
			if e.expired(now) {
				expired = append(expired, e)
				continue
			}
			*dst[i].entries = append(*dst[i].entries, e)
		}
	}
	return out, expired
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
