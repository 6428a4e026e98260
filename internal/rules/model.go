package rules

import (
	"fmt"
	"sort"
	"strings"
)

// Rule is one analytic rule in the Sentinel analytic-rule YAML shape.
// Keys quarry does not use (requiredDataConnectors, metadata, tags, ...) are
// accepted and ignored, so Sentinel rules load unchanged.
type Rule struct {
	ID                    string                 `yaml:"id"`
	Name                  string                 `yaml:"name"`
	Description           string                 `yaml:"description"`
	Severity              string                 `yaml:"severity"`
	Status                string                 `yaml:"status"`
	Kind                  string                 `yaml:"kind"`
	QueryFrequency        Duration               `yaml:"queryFrequency"`
	QueryPeriod           Duration               `yaml:"queryPeriod"`
	TriggerOperator       string                 `yaml:"triggerOperator"`
	TriggerThreshold      int                    `yaml:"triggerThreshold"`
	Tactics               []string               `yaml:"tactics"`
	RelevantTechniques    []string               `yaml:"relevantTechniques"`
	Query                 string                 `yaml:"query"`
	EntityMappings        []EntityMapping        `yaml:"entityMappings"`
	CustomDetails         map[string]string      `yaml:"customDetails"`
	AlertDetailsOverride  *AlertDetailsOverride  `yaml:"alertDetailsOverride"`
	IncidentConfiguration *IncidentConfiguration `yaml:"incidentConfiguration"`
	EventGroupingSettings *EventGroupingSettings `yaml:"eventGroupingSettings"`
	SuppressionEnabled    bool                   `yaml:"suppressionEnabled"`
	SuppressionDuration   Duration               `yaml:"suppressionDuration"`
	Version               string                 `yaml:"version"`

	// Classification is quarry's attack kind for alerts of this rule
	// (password_spray, credential_stuffing, ...). Optional.
	Classification string `yaml:"classification"`
	// Parameters are named values injected before the query as
	// `let name = value;`. A number or bool is a literal; a string is KQL
	// text (20m, "text", dynamic([1,2])). A config file may override them.
	Parameters map[string]any `yaml:"parameters"`

	// Source names where the rule came from ("builtin:spray.yaml" or a path).
	Source string `yaml:"-"`
}

// EntityMapping maps result columns to an entity (Account, IP, Host, ...).
type EntityMapping struct {
	EntityType    string         `yaml:"entityType"`
	FieldMappings []FieldMapping `yaml:"fieldMappings"`
}

// FieldMapping maps one entity identifier to a result column.
type FieldMapping struct {
	Identifier string `yaml:"identifier"`
	ColumnName string `yaml:"columnName"`
}

// AlertDetailsOverride customises an alert's name, description and
// severity from result columns ("{{ColumnName}}" placeholders).
type AlertDetailsOverride struct {
	AlertDisplayNameFormat  string `yaml:"alertDisplayNameFormat"`
	AlertDescriptionFormat  string `yaml:"alertDescriptionFormat"`
	AlertSeverityColumnName string `yaml:"alertSeverityColumnName"`
	AlertTacticsColumnName  string `yaml:"alertTacticsColumnName"`
}

// IncidentConfiguration says how alerts of the rule become incidents.
type IncidentConfiguration struct {
	CreateIncident        bool                   `yaml:"createIncident"`
	GroupingConfiguration *GroupingConfiguration `yaml:"groupingConfiguration"`
}

// GroupingConfiguration is Sentinel's alert grouping for a rule.
type GroupingConfiguration struct {
	Enabled              bool     `yaml:"enabled"`
	ReopenClosedIncident bool     `yaml:"reopenClosedIncident"`
	LookbackDuration     Duration `yaml:"lookbackDuration"`
	MatchingMethod       string   `yaml:"matchingMethod"` // AllEntities, AnyAlert, Selected
	GroupByEntities      []string `yaml:"groupByEntities"`
	GroupByAlertDetails  []string `yaml:"groupByAlertDetails"`
	GroupByCustomDetails []string `yaml:"groupByCustomDetails"`
}

// EventGroupingSettings says whether a rule raises one alert per run or
// one per result row.
type EventGroupingSettings struct {
	AggregationKind string `yaml:"aggregationKind"` // SingleAlert or AlertPerResult
}

// AlertPerResult reports whether every result row becomes its own alert
// (Sentinel's default for rules without eventGroupingSettings is
// SingleAlert; quarry's built-in rules set AlertPerResult).
func (r *Rule) AlertPerResult() bool {
	return r.EventGroupingSettings != nil && strings.EqualFold(r.EventGroupingSettings.AggregationKind, "AlertPerResult")
}

// Triggered reports whether a run that returned n rows raises alerts.
func (r *Rule) Triggered(n int) bool {
	t := r.TriggerThreshold
	switch strings.ToLower(r.TriggerOperator) {
	case "gt", "greaterthan", "":
		return n > t
	case "lt", "lessthan":
		return n < t
	case "eq", "equal":
		return n == t
	case "ne", "notequal":
		return n != t
	}
	return false
}

// QueryText returns the query with the rule's parameters (after overrides)
// prepended as let statements, in name order.
func (r *Rule) QueryText() string {
	if len(r.Parameters) == 0 {
		return r.Query
	}
	names := make([]string, 0, len(r.Parameters))
	for n := range r.Parameters {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		fmt.Fprintf(&b, "let %s = %s;\n", n, literal(r.Parameters[n]))
	}
	b.WriteString(r.Query)
	return b.String()
}

// literal renders a parameter value as KQL text.
func literal(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		s := fmt.Sprintf("%g", x)
		if !strings.ContainsAny(s, ".e") {
			s += ".0"
		}
		return s
	case nil:
		return "dynamic(null)"
	}
	return fmt.Sprint(v)
}
