// Package rules is quarry's analytic-rule model: the Microsoft Sentinel
// analytic-rule YAML shape (id, name, severity, query, queryFrequency,
// queryPeriod, triggerOperator, triggerThreshold, entityMappings,
// customDetails, alertDetailsOverride, incidentConfiguration, kind), a
// loader for rule folders and the embedded built-in rules, and per-rule
// parameters that a config file can override without editing the rule.
//
// quarry adds two optional keys that Sentinel does not have: `classification`
// (the attack kind an alert of the rule represents) and `parameters` (named
// thresholds injected into the query as `let` statements).
package rules
