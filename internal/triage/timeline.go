package triage

import (
	"math"
	"net/netip"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Timeline is an incident's activity over time: counts per bin and the
// notable moments. Triage estimates the bins by spreading each raw alert's
// counts over the bins its window covers, taking the largest rule per bin
// so two rules do not double the same events (Basis "estimate"); when the
// logs are at hand, the caller replaces them with counts of the events
// themselves (Basis "events", see SetEventBins).
type Timeline struct {
	Bin    string  `json:"bin"` // bin width, e.g. "15m"
	Bins   []Bin   `json:"bins"`
	Events []Event `json:"events"`
	Basis  string  `json:"basis"`           // "estimate" (from alert windows) or "events" (counted in the logs)
	Scope  string  `json:"scope,omitempty"` // what was counted (view, sources or accounts, window), for Basis "events"
}

// Timeline bases.
const (
	BasisEstimate = "estimate"
	BasisEvents   = "events"
)

// Bin is one time bin of a timeline.
type Bin struct {
	Start     time.Time `json:"start"`
	Attempts  int64     `json:"attempts"`
	Failures  int64     `json:"failures"`
	Successes int64     `json:"successes"`
}

// Event is a moment in an incident: an alert starting, a success.
type Event struct {
	Time    time.Time `json:"time"`
	Kind    string    `json:"kind"` // alert, success
	AlertID string    `json:"alertId"`
	Text    string    `json:"text"`
}

// binWidths are the widths a timeline may use; the smallest giving at most
// 60 bins wins.
var binWidths = []time.Duration{time.Minute, 5 * time.Minute, 15 * time.Minute, 30 * time.Minute, time.Hour,
	3 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour, 7 * 24 * time.Hour}

// timeline builds an incident's timeline from its members' raw alerts.
func timeline(inc *Incident, members []*item) Timeline {
	w := binWidths[len(binWidths)-1]
	for _, b := range binWidths {
		if inc.End.Sub(inc.Start)/b < 60 {
			w = b
			break
		}
	}
	t0 := inc.Start.Truncate(w)
	n := int(inc.End.Sub(t0)/w) + 1
	tl := Timeline{Bin: shortDur(w), Bins: make([]Bin, n), Basis: BasisEstimate}
	for i := range tl.Bins {
		tl.Bins[i].Start = t0.Add(time.Duration(i) * w)
	}
	perRule := map[string][]Bin{}
	for _, it := range members {
		bins := perRule[it.alert.RuleID]
		if bins == nil {
			bins = make([]Bin, n)
			perRule[it.alert.RuleID] = bins
		}
		for _, a := range it.raw {
			spread(bins, t0, w, startOf(a), endOf(a), CountsOf(a.Details))
		}
	}
	for _, k := range sortedKeys(perRule) {
		for i, b := range perRule[k] {
			tl.Bins[i].Attempts = max(tl.Bins[i].Attempts, b.Attempts)
			tl.Bins[i].Failures = max(tl.Bins[i].Failures, b.Failures)
			tl.Bins[i].Successes = max(tl.Bins[i].Successes, b.Successes)
		}
	}
	tl.Events = events(inc, members)
	return tl
}

// eventBinWidths are the widths a timeline counted from events may use.
var eventBinWidths = []time.Duration{time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute,
	30 * time.Minute, time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour,
	2 * 24 * time.Hour, 7 * 24 * time.Hour}

// maxEventBins is the most bins an event timeline has; with widths at most
// 3 times apart, a window longer than a few minutes gets 24 or more.
const maxEventBins = 72

// EventBins returns the bin grid for counting events over [start, end]:
// the window padded by a tenth of its length (at least 10 minutes) on
// each side, aligned to the smallest width giving at most 72 bins.
func EventBins(start, end time.Time) (from time.Time, w time.Duration, n int) {
	pad := max(end.Sub(start)/10, 10*time.Minute)
	s, e := start.Add(-pad), end.Add(pad)
	w = eventBinWidths[len(eventBinWidths)-1]
	for _, b := range eventBinWidths {
		if binsOver(s, e, b) <= maxEventBins {
			w = b
			break
		}
	}
	return s.Truncate(w), w, binsOver(s, e, w)
}

// binsOver counts the bins of width w covering [s, e).
func binsOver(s, e time.Time, w time.Duration) int {
	t0 := s.Truncate(w)
	return int((e.Sub(t0) + w - 1) / w)
}

// SetEventBins replaces an estimated timeline's bins with counts of the
// events: bins[i] starts at from + i*w. The events (alert starts,
// successes) are kept.
func (tl *Timeline) SetEventBins(from time.Time, w time.Duration, bins []Bin, scope string) {
	for i := range bins {
		bins[i].Start = from.Add(time.Duration(i) * w)
	}
	tl.Bin, tl.Bins, tl.Basis, tl.Scope = shortDur(w), bins, BasisEvents, scope
}

// spread distributes counts over the bins [s, e] covers, in proportion
// to the overlap (rounding so the totals are kept).
func spread(bins []Bin, t0 time.Time, w time.Duration, s, e time.Time, c Counts) {
	first, last := clampBin(s.Sub(t0)/w, len(bins)), clampBin(e.Sub(t0)/w, len(bins))
	if e.Sub(s) <= 0 || first == last {
		bins[first].Attempts += c.Attempts
		bins[first].Failures += c.Failures
		bins[last].Successes += c.Successes
		return
	}
	total := e.Sub(s).Seconds()
	var doneA, doneF float64
	for i := first; i <= last; i++ {
		lo := maxTime(s, t0.Add(time.Duration(i)*w))
		hi := minTime(e, t0.Add(time.Duration(i+1)*w))
		frac := hi.Sub(lo).Seconds() / total
		na, nf := doneA+frac*float64(c.Attempts), doneF+frac*float64(c.Failures)
		bins[i].Attempts += int64(na+0.5) - int64(doneA+0.5)
		bins[i].Failures += int64(nf+0.5) - int64(doneF+0.5)
		doneA, doneF = na, nf
	}
	bins[last].Successes += c.Successes
}

func clampBin(i time.Duration, n int) int {
	return max(0, min(int(i), n-1))
}

// events lists alert starts and successes, in time order.
func events(inc *Incident, members []*item) []Event {
	var out []Event
	for _, it := range members {
		a := it.alert
		out = append(out, Event{Time: startOf(a), Kind: "alert", AlertID: a.ID, Text: a.Title})
		if len(it.compromised) > 0 || it.counts.Successes > 0 {
			t := endOf(a)
			if a.Classification == ClassTakeover {
				t = startOf(a)
			}
			out = append(out, Event{Time: t, Kind: "success", AlertID: a.ID, Text: successText(it)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Time.Equal(out[j].Time) {
			return out[i].Time.Before(out[j].Time)
		}
		return out[i].AlertID < out[j].AlertID
	})
	return out
}

func successText(it *item) string {
	if len(it.compromised) > 0 {
		return "successful sign-in: " + strings.Join(it.compromised, ", ")
	}
	return "successful sign-in"
}

// shortDur renders a bin width as 15m, 1h, 1d.
func shortDur(d time.Duration) string {
	switch {
	case d%(24*time.Hour) == 0:
		return itoa(int64(d/(24*time.Hour))) + "d"
	case d%time.Hour == 0:
		return itoa(int64(d/time.Hour)) + "h"
	}
	return itoa(int64(d/time.Minute)) + "m"
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// sortIPs sorts addresses numerically (unparseable ones last, as text).
func sortIPs(l []string) []string {
	sort.SliceStable(l, func(i, j int) bool {
		a, errA := netip.ParseAddr(l[i])
		b, errB := netip.ParseAddr(l[j])
		switch {
		case errA == nil && errB == nil:
			return a.Less(b)
		case errA == nil:
			return true
		case errB == nil:
			return false
		}
		return l[i] < l[j]
	})
	return l
}

// VolumePoint is one hour of a bulk export's account: the bytes moved and
// the baseline band (Low..High). Triage lists the alert hours with the band
// the rule reported; when the logs are at hand, the caller replaces them
// with every hour of the data (Alert marking the alert hours) and the band
// of Incident.Baseline.
type VolumePoint struct {
	Time  time.Time `json:"time"`
	Bytes int64     `json:"bytes"`
	Low   float64   `json:"low,omitempty"`
	High  float64   `json:"high,omitempty"`
	Alert bool      `json:"alert,omitempty"` // an alert reported this hour
}

// Baseline is the band a bulk export's hourly volume is drawn against: the
// median of the account's active hours (hours with a transfer) other than
// the alert hours, and the median plus Z robust deviations,
// Median + Z * MAD / 0.6745, the modified z-score of Iglewicz and Hoaglin
// that quarry-bulk-export flags. ActiveHours 0 means the account moved
// nothing outside the alert hours: there is no band (a new account).
type Baseline struct {
	Accounts    []string  `json:"accounts"`
	From        time.Time `json:"from"` // first hour of the data
	To          time.Time `json:"to"`   // last hour of the data
	ActiveHours int       `json:"activeHours"`
	Median      float64   `json:"median"`
	MAD         float64   `json:"mad"` // floored at a tenth of the median, as the rule does
	Z           float64   `json:"z"`
	Upper       float64   `json:"upper"`
}

// NewBaseline computes the band of hourly volumes (the active hours; hours
// without a transfer are not part of it).
func NewBaseline(hourly []float64, z float64) Baseline {
	b := Baseline{ActiveHours: len(hourly), Z: z}
	if len(hourly) == 0 {
		return b
	}
	b.Median = median(hourly)
	dev := make([]float64, len(hourly))
	for i, v := range hourly {
		dev[i] = math.Abs(v - b.Median)
	}
	b.MAD = max(median(dev), 0.1*b.Median, 1)
	b.Upper = b.Median + z*b.MAD/0.6745
	return b
}

// median returns the median of l (the mean of the middle two for an even
// count); l is not changed.
func median(l []float64) float64 {
	s := append([]float64(nil), l...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// volume lists the bulk-export alert hours of an incident.
func volume(members []*item) []VolumePoint {
	var out []VolumePoint
	for _, it := range members {
		if it.alert.Classification != ClassBulkExport {
			continue
		}
		for _, a := range it.raw {
			p := VolumePoint{Time: startOf(a), Bytes: CountsOf(a.Details).Bytes}
			p.Low, p.High = band(a.Details)
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.Before(out[j].Time) })
	return out
}

// band reads a baseline band from statistic details: an explicit
// lower/upper bound or threshold, else median (or mean) +/- 3.5 MAD
// (or 3 standard deviations).
func band(d map[string]any) (float64, float64) {
	var center, spreadV, lo, hi float64
	for _, k := range sortedKeys(d) {
		f, ok := number(d[k])
		if !ok {
			continue
		}
		switch n := normKey(k); {
		case strings.Contains(n, "upper"), strings.Contains(n, "threshold"):
			hi = f
		case strings.Contains(n, "lower"):
			lo = f
		case strings.Contains(n, "median"), strings.Contains(n, "baseline"), strings.Contains(n, "mean"), strings.Contains(n, "avg"), strings.Contains(n, "expected"):
			center = f
		case strings.Contains(n, "mad"):
			spreadV = 3.5 * f / 0.6745
		case strings.Contains(n, "stdev"):
			spreadV = 3 * f
		}
	}
	if hi == 0 && center > 0 {
		hi = center + spreadV
		lo = max(0, center-spreadV)
	}
	return lo, hi
}
