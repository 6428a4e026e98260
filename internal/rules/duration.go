package rules

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Duration is a rule duration. YAML accepts the Sentinel template form
// ("5m", "1h", "14d") and the ARM/ISO 8601 form ("PT5M", "P1D", "P2DT1H30M").
type Duration time.Duration

var shortDuration = regexp.MustCompile(`^(\d+)\s*(s|m|h|d)$`)

var isoDuration = regexp.MustCompile(`^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$`)

// ParseDuration parses a rule duration in either accepted form.
func ParseDuration(s string) (Duration, error) {
	s = strings.TrimSpace(s)
	if m := shortDuration.FindStringSubmatch(strings.ToLower(s)); m != nil {
		n, _ := strconv.Atoi(m[1])
		unit := map[string]time.Duration{"s": time.Second, "m": time.Minute, "h": time.Hour, "d": 24 * time.Hour}[m[2]]
		return Duration(time.Duration(n) * unit), nil
	}
	if m := isoDuration.FindStringSubmatch(strings.ToUpper(s)); m != nil && s != "P" && !strings.HasSuffix(strings.ToUpper(s), "T") {
		var d time.Duration
		for i, unit := range []time.Duration{24 * time.Hour, time.Hour, time.Minute, time.Second} {
			if m[i+1] != "" {
				n, _ := strconv.Atoi(m[i+1])
				d += time.Duration(n) * unit
			}
		}
		return Duration(d), nil
	}
	return 0, fmt.Errorf("invalid duration %q (want e.g. 5m, 1h, 14d or PT1H)", s)
}

// UnmarshalText implements encoding.TextUnmarshaler for YAML decoding.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := ParseDuration(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Std returns the duration as a time.Duration.
func (d Duration) Std() time.Duration { return time.Duration(d) }

// String renders the duration in the short template form ("1h", "14d").
func (d Duration) String() string {
	t := time.Duration(d)
	switch {
	case t == 0:
		return "0m"
	case t%(24*time.Hour) == 0:
		return fmt.Sprintf("%dd", t/(24*time.Hour))
	case t%time.Hour == 0:
		return fmt.Sprintf("%dh", t/time.Hour)
	case t%time.Minute == 0:
		return fmt.Sprintf("%dm", t/time.Minute)
	}
	return fmt.Sprintf("%ds", t/time.Second)
}
