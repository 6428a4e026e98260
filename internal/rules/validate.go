package rules

import (
	"fmt"
	"strings"
)

var severities = map[string]string{
	"informational": "Informational", "low": "Low", "medium": "Medium", "high": "High",
}

var triggerOperators = map[string]bool{
	"gt": true, "lt": true, "eq": true, "ne": true,
	"greaterthan": true, "lessthan": true, "equal": true, "notequal": true,
}

// entityIdentifiers lists the identifiers quarry understands per entity
// type (Sentinel's entity schema); unknown types are rejected so a typo
// does not silently drop entities.
var entityIdentifiers = map[string][]string{
	"Account":          {"Name", "FullName", "NTDomain", "DnsDomain", "UPNSuffix", "Sid", "AadTenantId", "AadUserId", "PUID", "IsDomainJoined", "DisplayName", "ObjectGuid"},
	"IP":               {"Address"},
	"Host":             {"DnsDomain", "NTDomain", "HostName", "FullName", "NetBiosName", "AzureID", "OMSAgentID", "OSFamily", "OSVersion", "IsDomainJoined"},
	"URL":              {"Url"},
	"CloudApplication": {"AppId", "Name", "InstanceName"},
	"AzureResource":    {"ResourceId"},
	"File":             {"Directory", "Name"},
	"FileHash":         {"Algorithm", "Value"},
	"Process":          {"ProcessId", "CommandLine", "ElevationToken", "CreationTimeUtc"},
	"DNS":              {"DomainName"},
	"Mailbox":          {"MailboxPrimaryAddress", "DisplayName", "Upn", "ExternalDirectoryObjectId", "RiskLevel"},
	"SecurityGroup":    {"DistinguishedName", "SID", "ObjectGuid"},
	"RegistryKey":      {"Hive", "Key"},
	"RegistryValue":    {"Name", "Value", "ValueType"},
	"Malware":          {"Name", "Category"},
}

// Validate checks the rule's fields (not its query: the caller type-checks
// that against its tables) and normalises severity, kind and defaults. It
// returns every problem found, each naming the field.
func (r *Rule) Validate() []string {
	var p []string
	if strings.TrimSpace(r.ID) == "" {
		p = append(p, "id: missing")
	}
	if strings.TrimSpace(r.Name) == "" {
		p = append(p, "name: missing")
	}
	if strings.TrimSpace(r.Query) == "" {
		p = append(p, "query: missing")
	}
	p = append(p, r.normaliseSeverity()...)
	p = append(p, r.normaliseSchedule()...)
	if r.TriggerOperator != "" && !triggerOperators[strings.ToLower(r.TriggerOperator)] {
		p = append(p, fmt.Sprintf("triggerOperator: %q is not one of gt, lt, eq, ne", r.TriggerOperator))
	}
	return append(p, r.validateEntities()...)
}

func (r *Rule) normaliseSeverity() []string {
	if r.Severity == "" {
		r.Severity = "Medium"
		return nil
	}
	s, ok := severities[strings.ToLower(r.Severity)]
	if !ok {
		return []string{fmt.Sprintf("severity: %q is not one of Informational, Low, Medium, High", r.Severity)}
	}
	r.Severity = s
	return nil
}

func (r *Rule) normaliseSchedule() []string {
	switch strings.ToLower(r.Kind) {
	case "", "scheduled":
		r.Kind = "Scheduled"
	case "nrt":
		// NRT rules run every minute over the events since the last run.
		r.Kind = "NRT"
		r.QueryFrequency, r.QueryPeriod = Duration(60e9), Duration(60e9)
		return nil
	default:
		return []string{fmt.Sprintf("kind: %q is not supported (Scheduled or NRT)", r.Kind)}
	}
	var p []string
	if r.QueryFrequency <= 0 {
		p = append(p, "queryFrequency: missing or zero")
	}
	if r.QueryPeriod <= 0 {
		p = append(p, "queryPeriod: missing or zero")
	}
	if r.QueryFrequency > 0 && r.QueryPeriod > 0 && r.QueryPeriod < r.QueryFrequency {
		p = append(p, fmt.Sprintf("queryPeriod %v is shorter than queryFrequency %v: events between runs would be missed", r.QueryPeriod, r.QueryFrequency))
	}
	return p
}

func (r *Rule) validateEntities() []string {
	var p []string
	for i, m := range r.EntityMappings {
		ids, ok := entityIdentifiers[m.EntityType]
		if !ok {
			p = append(p, fmt.Sprintf("entityMappings[%d]: unknown entityType %q", i, m.EntityType))
			continue
		}
		for j, f := range m.FieldMappings {
			if !contains(ids, f.Identifier) {
				p = append(p, fmt.Sprintf("entityMappings[%d].fieldMappings[%d]: %s has no identifier %q (known: %s)",
					i, j, m.EntityType, f.Identifier, strings.Join(ids, ", ")))
			}
			if f.ColumnName == "" {
				p = append(p, fmt.Sprintf("entityMappings[%d].fieldMappings[%d]: columnName missing", i, j))
			}
		}
	}
	return p
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
