package report

import (
	"fmt"
	"math"
	"time"

	"quarry/internal/triage"
)

// chart is an SVG chart laid out in Go; the template only prints numbers
// and escaped text.
type chart struct {
	W, H   int
	Lines  []line  // grid lines and ticks, drawn first
	Rects  []shape // bars and bands
	Marks  []shape // success markers (triangles at X, Y)
	Labels []label
	Legend []label
	Note   string // what the chart was computed from
	NoPlot bool   // nothing to draw: show the note only
}

// shape is a rectangle or marker with a tooltip.
type shape struct {
	X, Y, W, H float64
	Class      string
	Tip        string
}

// line is a grid line or a tick.
type line struct {
	X1, Y1, X2, Y2 float64
	Class          string
}

// label is a piece of text on the chart.
type label struct {
	X, Y   float64
	Text   string
	Anchor string
	Class  string
}

const (
	chartW, chartH = 720, 180
	padL, padR     = 62, 10
	padT, padB     = 14, 24
)

// plotArea returns the plot's width and height.
func plotArea() (float64, float64) {
	return float64(chartW - padL - padR), float64(chartH - padT - padB)
}

// timelineChart draws attempts and failures per bin and marks bins with
// successes.
func timelineChart(tl triage.Timeline) *chart {
	c := &chart{W: chartW, H: chartH}
	n := len(tl.Bins)
	if n == 0 {
		return c
	}
	var top, total int64 = 1, 0
	for _, b := range tl.Bins {
		top = max(top, b.Attempts, b.Failures)
		total += b.Attempts
	}
	top = niceCeil(top)
	pw, ph := plotArea()
	bw := pw / float64(n)
	for i, b := range tl.Bins {
		x := float64(padL) + float64(i)*bw
		tip := fmt.Sprintf("%s (%s bin): %d attempts, %d failures, %d successes", b.Start.UTC().Format("2006-01-02 15:04Z"), tl.Bin, b.Attempts, b.Failures, b.Successes)
		c.Rects = append(c.Rects, bar(x, bw, b.Attempts, top, ph, "attempts", tip), bar(x+bw*0.2, bw*0.6, b.Failures, top, ph, "failures", tip))
		if b.Successes > 0 {
			c.Marks = append(c.Marks, shape{X: x + bw/2, Y: float64(padT) - 10, Class: "success", Tip: tip})
		}
	}
	grid := []float64{0, float64(top)}
	if top >= 2 {
		grid = []float64{0, float64(top) / 2, float64(top)}
	}
	c.valueGrid(grid, float64(top), func(v float64) string { return fmt.Sprint(int64(v)) })
	c.timeAxis(tl.Bins[0].Start, tl.Bins[n-1].Start.Add(binWidth(tl)))
	c.Legend = []label{{Text: "attempts per " + tl.Bin + " bin", Class: "attempts"}, {Text: "failures", Class: "failures"}, {Text: "success (marker above the bin)", Class: "success"}}
	switch {
	case tl.Basis != triage.BasisEvents && total == 0:
		return &chart{NoPlot: true, Note: "No sign-in attempts in the alerts (the logs were not queried)."}
	case total == 0:
		return &chart{NoPlot: true, Note: "No sign-in attempts in the logs (" + tl.Scope + ")."}
	case tl.Basis == triage.BasisEvents:
		c.Note = fmt.Sprintf("Counted from the logs: %d sign-in attempts (%s, times UTC).", total, tl.Scope)
	default:
		c.Note = "Estimated from the alert windows (each alert's counts spread over its window); the logs were not queried."
	}
	return c
}

// binWidth returns the width of a timeline's bins.
func binWidth(tl triage.Timeline) time.Duration {
	if len(tl.Bins) > 1 {
		return tl.Bins[1].Start.Sub(tl.Bins[0].Start)
	}
	if d, err := time.ParseDuration(tl.Bin); err == nil {
		return d
	}
	return 24 * time.Hour
}

// bar returns a bar of value v against top in a plot of height ph.
func bar(x, w float64, v, top int64, ph float64, class, tip string) shape {
	h := ph * float64(v) / float64(top)
	return shape{X: x, Y: float64(padT) + ph - h, W: max(w-1, 1), H: h, Class: class, Tip: tip}
}

// niceCeil rounds n up to 1, 2 or 5 times a power of ten.
func niceCeil(n int64) int64 {
	for p := int64(1); ; p *= 10 {
		for _, m := range []int64{1, 2, 5} {
			if m*p >= n {
				return m * p
			}
		}
	}
}

// valueGrid adds horizontal grid lines and value labels at vs (0..top).
func (c *chart) valueGrid(vs []float64, top float64, format func(float64) string) {
	pw, ph := plotArea()
	for _, v := range vs {
		y := float64(padT) + ph - ph*v/top
		c.Lines = append(c.Lines, line{X1: padL, Y1: y, X2: float64(padL) + pw, Y2: y, Class: "grid"})
		c.Labels = append(c.Labels, label{X: padL - 4, Y: y + 4, Text: format(v), Anchor: "end"})
	}
}

// tickSteps are the spacings of time ticks.
var tickSteps = []time.Duration{5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute, time.Hour,
	2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour, 2 * 24 * time.Hour, 7 * 24 * time.Hour}

// timeAxis adds ticks and labels at round times between from and to (the
// left and right edges of the plot): at most 8, dates at midnight.
func (c *chart) timeAxis(from, to time.Time) {
	pw, ph := plotArea()
	span := to.Sub(from)
	if span <= 0 {
		return
	}
	step := tickSteps[len(tickSteps)-1]
	for _, s := range tickSteps {
		if span/s <= 8 {
			step = s
			break
		}
	}
	base := float64(padT) + ph
	first := true
	for t := from.Truncate(step); !t.After(to); t = t.Add(step) {
		if t.Before(from) {
			continue
		}
		x := float64(padL) + pw*float64(t.Sub(from))/float64(span)
		text := t.UTC().Format("15:04")
		switch {
		case step >= 24*time.Hour:
			text = t.UTC().Format("Jan 2")
		case first || text == "00:00":
			text = t.UTC().Format("Jan 2 15:04")
		}
		first = false
		anchor := "middle"
		switch {
		case x-float64(padL) < 30:
			anchor = "start"
		case float64(padL)+pw-x < 30:
			anchor = "end"
		}
		c.Lines = append(c.Lines, line{X1: x, Y1: base, X2: x, Y2: base + 4, Class: "tick"})
		c.Labels = append(c.Labels, label{X: x, Y: base + 16, Text: text, Anchor: anchor})
	}
}

// volumeChart draws a bulk export's hourly volume against the account's
// baseline band: every hour of the data on a log scale when the band was
// computed from the logs (Baseline set), else the alert hours.
func volumeChart(vs []triage.VolumePoint, bl *triage.Baseline) *chart {
	if bl != nil {
		return hourlyVolumeChart(vs, bl)
	}
	c := &chart{W: chartW, H: chartH}
	top := 1.0
	for _, v := range vs {
		top = max(top, float64(v.Bytes), v.High)
	}
	pw, ph := plotArea()
	bw := pw / float64(len(vs))
	for i, v := range vs {
		x := float64(padL) + float64(i)*bw
		tip := fmt.Sprintf("%s: %s exported; baseline band %s to %s", v.Time.UTC().Format("2006-01-02 15:04Z"), humanBytes(float64(v.Bytes)), humanBytes(v.Low), humanBytes(v.High))
		if v.High > 0 {
			y1, y2 := float64(padT)+ph-ph*v.High/top, float64(padT)+ph-ph*v.Low/top
			c.Rects = append(c.Rects, shape{X: x, Y: y1, W: bw, H: max(y2-y1, 1.5), Class: "band", Tip: tip})
		}
		h := ph * float64(v.Bytes) / top
		c.Rects = append(c.Rects, shape{X: x + bw*0.25, Y: float64(padT) + ph - h, W: max(bw*0.5, 1), H: h, Class: "bytes", Tip: tip})
	}
	c.valueGrid([]float64{0, top}, top, humanBytes)
	c.Legend = []label{{Text: "bytes exported per alert hour", Class: "bytes"}, {Text: "baseline band the rule reported", Class: "band"}}
	c.Note = "Alert hours only, from the alerts (the logs were not queried)."
	return c
}

// hourlyVolumeChart draws every hour of the data on a log scale, the alert
// hours highlighted, over the band median .. upper.
func hourlyVolumeChart(vs []triage.VolumePoint, bl *triage.Baseline) *chart {
	c := &chart{W: chartW, H: chartH}
	if len(vs) == 0 {
		return c
	}
	lo, hi := math.Inf(1), 1.0
	for _, v := range vs {
		if v.Bytes > 0 {
			lo, hi = min(lo, float64(v.Bytes)), max(hi, float64(v.Bytes))
		}
	}
	if bl.ActiveHours > 0 {
		lo, hi = min(lo, bl.Median), max(hi, bl.Upper)
	}
	d0 := math.Floor(math.Log10(max(min(lo, hi), 1)))
	d1 := math.Max(math.Ceil(math.Log10(hi)), d0+1)
	pw, ph := plotArea()
	yOf := func(v float64) float64 {
		if v <= 0 {
			return float64(padT) + ph
		}
		f := (math.Log10(v) - d0) / (d1 - d0)
		return float64(padT) + ph - ph*max(0, min(f, 1))
	}
	if bl.ActiveHours > 0 {
		y1, y2 := yOf(bl.Upper), yOf(bl.Median)
		c.Rects = append(c.Rects, shape{X: padL, Y: y1, W: pw, H: max(y2-y1, 1.5), Class: "band",
			Tip: fmt.Sprintf("baseline band: median %s to %s", humanBytes(bl.Median), humanBytes(bl.Upper))})
	}
	bw := pw / float64(len(vs))
	for i, v := range vs {
		if v.Bytes <= 0 {
			continue
		}
		class, what := "bytes", ""
		if v.Alert {
			class, what = "alert", " (alert hour)"
		}
		y := yOf(float64(v.Bytes))
		tip := fmt.Sprintf("%s%s: %s", v.Time.UTC().Format("2006-01-02 15:04Z"), what, humanBytes(float64(v.Bytes)))
		c.Rects = append(c.Rects, shape{X: float64(padL) + float64(i)*bw, Y: y, W: max(bw-0.5, 1), H: float64(padT) + ph - y, Class: class, Tip: tip})
	}
	var decades []float64
	step := math.Max(1, math.Ceil((d1-d0)/5))
	for d := d0; d <= d1; d += step {
		decades = append(decades, d)
	}
	for _, d := range decades {
		y := yOf(math.Pow(10, d))
		c.Lines = append(c.Lines, line{X1: padL, Y1: y, X2: float64(padL) + pw, Y2: y, Class: "grid"})
		c.Labels = append(c.Labels, label{X: padL - 4, Y: y + 4, Text: humanBytes(math.Pow(10, d)), Anchor: "end"})
	}
	c.timeAxis(vs[0].Time, vs[len(vs)-1].Time.Add(time.Hour))
	c.Legend = []label{{Text: "bytes per hour (log scale)", Class: "bytes"}, {Text: "alert hour", Class: "alert"}}
	if bl.ActiveHours > 0 {
		c.Legend = append(c.Legend, label{Class: "band", Text: fmt.Sprintf("baseline band: median %s to median + %.1f × MAD / 0.6745 = %s",
			humanBytes(bl.Median), bl.Z, humanBytes(bl.Upper))})
		c.Note = fmt.Sprintf("Hourly bytes of %s in imDataTransfer, %s to %s. The band is the median and the robust upper bound (modified z-score %.1f, the bulk-export rule's threshold) of the account's %d active hours outside the alert hours.",
			joinShort(bl.Accounts), bl.From.UTC().Format("2006-01-02 15:04Z"), bl.To.Add(time.Hour).UTC().Format("2006-01-02 15:04Z"), bl.Z, bl.ActiveHours)
	} else {
		c.Note = fmt.Sprintf("Hourly bytes of %s in imDataTransfer, %s to %s. No baseline band: the account moved nothing outside the alert hours (a new account).",
			joinShort(bl.Accounts), bl.From.UTC().Format("2006-01-02 15:04Z"), bl.To.Add(time.Hour).UTC().Format("2006-01-02 15:04Z"))
	}
	return c
}

// joinShort joins up to three names and counts the rest.
func joinShort(l []string) string {
	switch {
	case len(l) == 0:
		return "the account"
	case len(l) <= 3:
		s := l[0]
		for _, x := range l[1:] {
			s += ", " + x
		}
		return s
	}
	return fmt.Sprintf("%s, %s and %d more accounts", l[0], l[1], len(l)-2)
}
