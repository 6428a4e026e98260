package source

import (
	"math"
	"strings"
	"time"

	"quarry/internal/column"
)

// isoLayouts are the timestamp shapes ParseTime accepts, zone-less forms
// last. A fraction of any length after the seconds is always accepted.
var isoLayouts = []string{
	time.RFC3339,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 Z07:00",
	"2006-01-02 15:04:05Z0700",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04",
	"2006-01-02",
	time.RFC1123Z,
	time.RFC1123,
	"02/Jan/2006:15:04:05 -0700",
}

// ParseTime parses the ISO 8601 / RFC 3339 timestamps found in JSON logs
// ("2020-10-22T08:29:55.210Z", "2019-10-18T04:45:48.0729893-05:00",
// "2020-07-22 20:29:36.414827", "2019-02-14T04:23:55.400000"), plus numeric
// epoch seconds. A timestamp without a zone is read in loc (UTC when nil).
// It returns 100 ns ticks since the Unix epoch.
func ParseTime(s string, loc *time.Location) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if loc == nil {
		loc = time.UTC
	}
	if c := s[0]; c >= '0' && c <= '9' && !strings.ContainsAny(s, "-/: ") {
		f, ok := toReal(s)
		return EpochTicks(f), ok
	}
	for _, layout := range isoLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return column.TimeToTicks(t), true
		}
	}
	return 0, false
}

// EpochTicks converts a Unix epoch number to ticks, rounded to the
// microsecond (a float64 holds no more for current dates). Values above
// 1e11 are taken as milliseconds and above 1e14 as microseconds (no log of
// this century has seconds that large).
func EpochTicks(f float64) int64 {
	switch a := math.Abs(f); {
	case a > 1e14:
		f /= 1e6
	case a > 1e11:
		f /= 1e3
	}
	sec := math.Floor(f)
	if math.IsNaN(sec) || math.Abs(sec) > 9e11 {
		return 0
	}
	return int64(sec)*column.TicksPerSecond + int64(math.Round((f-sec)*1e6))*10
}
