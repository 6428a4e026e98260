package rules

import (
	"fmt"
	"math"
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

// ParseDuration parses a rule duration in either accepted form. A
// duration longer than time.Duration holds (about 292 years) is refused,
// not wrapped around to a negative one.
func ParseDuration(s string) (Duration, error) {
	s = strings.TrimSpace(s)
	if m := shortDuration.FindStringSubmatch(strings.ToLower(s)); m != nil {
		unit := map[string]time.Duration{"s": time.Second, "m": time.Minute, "h": time.Hour, "d": 24 * time.Hour}[m[2]]
		return sumParts(s, []string{m[1]}, []time.Duration{unit})
	}
	if m := isoDuration.FindStringSubmatch(strings.ToUpper(s)); m != nil && s != "P" && !strings.HasSuffix(strings.ToUpper(s), "T") {
		return sumParts(s, m[1:], []time.Duration{24 * time.Hour, time.Hour, time.Minute, time.Second})
	}
	return 0, fmt.Errorf("invalid duration %q (want e.g. 5m, 1h, 14d or PT1H)", s)
}

// sumParts adds counts[i] units[i] (an empty count is none), refusing a
// total that time.Duration cannot hold.
func sumParts(s string, counts []string, units []time.Duration) (Duration, error) {
	var d time.Duration
	for i, c := range counts {
		if c == "" {
			continue
		}
		n, err := strconv.ParseInt(c, 10, 64)
		if err != nil || n > int64(math.MaxInt64/units[i]) || time.Duration(n)*units[i] > math.MaxInt64-d {
			return 0, fmt.Errorf("invalid duration %q: too long", s)
		}
		d += time.Duration(n) * units[i]
	}
	return Duration(d), nil
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
