package hunt

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// Wire is an alert as `quarry hunt --format json` prints it: one JSON
// object per line with snake_case keys (the CLI contract of issue 4).
type Wire struct {
	ID             string           `json:"id"`
	RuleID         string           `json:"rule_id"`
	RuleName       string           `json:"rule_name"`
	Severity       string           `json:"severity"`
	Classification string           `json:"classification"`
	Tactics        []string         `json:"tactics"`
	Techniques     []string         `json:"techniques"`
	Title          string           `json:"title"`
	Start          time.Time        `json:"start"`
	End            time.Time        `json:"end"`
	FirstTick      time.Time        `json:"first_tick"`
	LastTick       time.Time        `json:"last_tick"`
	Entities       []WireEntity     `json:"entities"`
	EventCount     int64            `json:"event_count"`
	Explanation    string           `json:"explanation"`
	Details        map[string]any   `json:"details,omitempty"`
	Evidence       []map[string]any `json:"evidence"`
}

// WireEntity is an entity with its type in lower case: account, ip, host,
// app, url, ...
type WireEntity struct {
	Type        string            `json:"type"`
	Value       string            `json:"value"`
	Identifiers map[string]string `json:"identifiers,omitempty"`
}

// wireTypes maps Sentinel entity types to the CLI's names.
var wireTypes = map[string]string{"Account": "account", "IP": "ip", "Host": "host", "CloudApplication": "app", "URL": "url"}

// ToWire converts an alert to its line format.
func ToWire(a *Alert) Wire {
	w := Wire{
		ID: a.ID, RuleID: a.RuleID, RuleName: a.RuleName, Severity: a.Severity, Classification: a.Classification,
		Tactics: nonNil(a.Tactics), Techniques: nonNil(a.Techniques), Title: a.Title,
		Start: a.Start, End: a.End, FirstTick: a.FirstTick, LastTick: a.LastTick,
		EventCount: a.EventCount, Explanation: a.Explanation, Details: a.Details, Evidence: a.Evidence,
		Entities: make([]WireEntity, 0, len(a.Entities)),
	}
	if w.Evidence == nil {
		w.Evidence = []map[string]any{}
	}
	for _, e := range a.Entities {
		t, ok := wireTypes[e.Type]
		if !ok {
			t = strings.ToLower(e.Type)
		}
		w.Entities = append(w.Entities, WireEntity{Type: t, Value: e.Value, Identifiers: e.Identifiers})
	}
	return w
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// WriteNDJSON writes one JSON object per alert per line.
func WriteNDJSON(w io.Writer, alerts []*Alert) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, a := range alerts {
		if err := enc.Encode(ToWire(a)); err != nil {
			return err
		}
	}
	return nil
}

// maxListed bounds the entities printed per type in the text format.
const maxListed = 8

// WriteText writes alerts for a terminal: severity, title, window,
// entities, counts and the explanation.
func WriteText(w io.Writer, alerts []*Alert) error {
	for _, a := range alerts {
		if _, err := fmt.Fprintf(w, "[%s] %s  (%s, %s)\n    %s .. %s  events: %d\n", a.Severity, a.Title, a.RuleID,
			a.Classification, a.Start.Format(time.RFC3339), a.End.Format(time.RFC3339), a.EventCount); err != nil {
			return err
		}
		for _, line := range entityLines(a.Entities) {
			fmt.Fprintf(w, "    %s\n", line)
		}
		if a.Explanation != "" {
			fmt.Fprintf(w, "    why: %s\n", a.Explanation)
		}
		fmt.Fprintln(w)
	}
	return nil
}

// entityLines groups entities by type: "ip (3): a, b, c".
func entityLines(es []Entity) []string {
	var order []string
	by := map[string][]string{}
	for _, e := range es {
		if _, ok := by[e.Type]; !ok {
			order = append(order, e.Type)
		}
		by[e.Type] = append(by[e.Type], e.Value)
	}
	var out []string
	for _, t := range order {
		vals := by[t]
		more := ""
		if len(vals) > maxListed {
			more = fmt.Sprintf(", ... (%d more)", len(vals)-maxListed)
			vals = vals[:maxListed]
		}
		name := wireTypes[t]
		if name == "" {
			name = strings.ToLower(t)
		}
		out = append(out, fmt.Sprintf("%s (%d): %s%s", name, len(by[t]), strings.Join(vals, ", "), more))
	}
	return out
}
