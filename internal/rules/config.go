package rules

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/goccy/go-yaml"
)

// Config tunes rules without editing them: per rule id, disable it, change
// its severity or override its parameters.
//
//	rules:
//	  quarry-password-spray:
//	    parameters:
//	      min_accounts: 20
//	  seed-bulk-export:
//	    enabled: false
type Config struct {
	Rules map[string]RuleConfig `yaml:"rules"`
}

// RuleConfig is the tuning for one rule.
type RuleConfig struct {
	Enabled    *bool          `yaml:"enabled"`
	Severity   string         `yaml:"severity"`
	Parameters map[string]any `yaml:"parameters"`
}

// LoadConfig reads a tuning file.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var c Config
	if err := yaml.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("%s: %s", path, oneLine(yaml.FormatError(err, false, true)))
	}
	return &c, nil
}

// Apply returns the enabled rules with the configuration applied. Unknown
// rule ids and unknown parameter names are errors, so a typo in the tuning
// file never silently leaves a threshold unchanged.
func (c *Config) Apply(rs []*Rule) ([]*Rule, error) {
	if c == nil {
		return rs, nil
	}
	byID := map[string]*Rule{}
	for _, r := range rs {
		byID[r.ID] = r
	}
	var problems []string
	for _, id := range sortedKeys(c.Rules) {
		r, ok := byID[id]
		if !ok {
			problems = append(problems, fmt.Sprintf("rules.%s: no rule with this id", id))
			continue
		}
		problems = append(problems, c.Rules[id].apply(r)...)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("invalid rule configuration:\n  %s", strings.Join(problems, "\n  "))
	}
	var out []*Rule
	for _, r := range rs {
		if rc, ok := c.Rules[r.ID]; ok && rc.Enabled != nil && !*rc.Enabled {
			continue
		}
		out = append(out, r)
	}
	return out, nil
}

func (rc RuleConfig) apply(r *Rule) []string {
	var problems []string
	for _, name := range sortedKeys(rc.Parameters) {
		if _, ok := r.Parameters[name]; !ok {
			problems = append(problems, fmt.Sprintf("rules.%s.parameters.%s: the rule has no such parameter (has: %s)",
				r.ID, name, strings.Join(sortedKeys(r.Parameters), ", ")))
			continue
		}
		r.Parameters[name] = rc.Parameters[name]
	}
	if rc.Severity != "" {
		old := r.Severity
		r.Severity = rc.Severity
		if p := r.normaliseSeverity(); p != nil {
			r.Severity = old
			problems = append(problems, fmt.Sprintf("rules.%s.%s", r.ID, p[0]))
		}
	}
	return problems
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
