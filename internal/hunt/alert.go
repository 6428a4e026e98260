package hunt

import "time"

// Alert is one detection: what fired, on which entities, over which time
// window, why, and the evidence rows behind it. It is the contract between
// hunt (which produces alerts), triage (which groups them into incidents)
// and report (which renders both).
type Alert struct {
	ID             string    `json:"id"` // stable: hash of rule id, entities and window start
	RuleID         string    `json:"ruleId"`
	RuleName       string    `json:"ruleName"`
	Severity       string    `json:"severity"`       // Informational, Low, Medium, High
	Classification string    `json:"classification"` // password_spray, credential_stuffing, ...
	Tactics        []string  `json:"tactics,omitempty"`
	Techniques     []string  `json:"techniques,omitempty"`
	Title          string    `json:"title"`       // alertDisplayNameFormat applied, else the rule name
	Explanation    string    `json:"explanation"` // why it fired: the numbers against the thresholds
	Start          time.Time `json:"start"`       // first event behind the alert
	End            time.Time `json:"end"`         // last event behind the alert
	FirstTick      time.Time `json:"firstTick"`   // first evaluation that raised it
	LastTick       time.Time `json:"lastTick"`    // last evaluation that raised it (after dedup)
	Entities       []Entity  `json:"entities"`
	// Details are the rule's customDetails (column values of the result
	// row); numbers stay numbers, so triage can sum counts.
	Details  map[string]any   `json:"details,omitempty"`
	Evidence []map[string]any `json:"evidence,omitempty"` // a few result or source rows
	// EventCount is the number of events behind the alert (attempts,
	// failures, transfers): the result's EventCount, Attempts, FailedCount,
	// Failures or count_ column.
	EventCount int64 `json:"eventCount"`
}

// Entity is one thing an alert is about, in Sentinel's entity model:
// Type is Account, IP, Host, CloudApplication, URL, ...; Value is the
// identifying value (an account's full name, an IP address, a host name);
// Identifiers holds every mapped identifier.
type Entity struct {
	Type        string            `json:"type"`
	Value       string            `json:"value"`
	Identifiers map[string]string `json:"identifiers,omitempty"`
}

// Key returns "Type:value" with the value lower-cased for accounts and
// hosts (case-insensitive in every source quarry reads), used to match
// entities across alerts.
func (e Entity) Key() string {
	v := e.Value
	if e.Type == "Account" || e.Type == "Host" {
		v = lower(v)
	}
	return e.Type + ":" + v
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
