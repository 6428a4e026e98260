package syslog

import (
	"os"
	"time"
)

// years infers the year of timestamps that have none.
type years struct {
	year     int // year of the previous line
	last     int // month of the previous line; 0 before the first
	refMonth int // month of the file's modification time; 0 when Year was given
	// The first line seen by yearFor, for the parallel reader (see
	// parallel.go): its month (0 before it) and the year it got.
	first, firstYear int
}

// newYears starts year inference: year is Options.Year, or 0 to use the
// modification time of file.
func newYears(year int, file string) years {
	if year > 0 {
		return years{year: year}
	}
	if fi, err := os.Stat(file); err == nil && file != "" {
		mt := fi.ModTime()
		return years{year: mt.Year(), refMonth: int(mt.Month())}
	}
	return years{year: 1970}
}

// yearFor returns the year of a line in month, advancing on a
// December-to-January rollover. A line that goes back across the new year
// (January, then December) keeps the previous year for itself only.
func (y *years) yearFor(month int) int {
	year := y.next(month)
	if y.first == 0 {
		y.first, y.firstYear = month, year
	}
	return year
}

func (y *years) next(month int) int {
	switch {
	case y.last == 0:
		if y.refMonth > 0 && month > y.refMonth {
			y.year--
		}
	case month < y.last-6:
		y.year++
	case month > y.last+6:
		return y.year - 1
	}
	y.last = month
	return y.year
}

// Time zone helper kept here so that parse.go stays about text.
func locOrUTC(loc *time.Location) *time.Location {
	if loc == nil {
		return time.UTC
	}
	return loc
}
