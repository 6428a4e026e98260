package report

import (
	"fmt"
	"time"

	"quarry/internal/triage"
)

// chart is an SVG chart laid out in Go; the template only prints numbers
// and escaped text.
type chart struct {
	W, H   int
	Rects  []shape
	Marks  []shape // success markers (triangles at X, Y)
	Labels []label
	Legend []label
}

// shape is a rectangle or marker with a tooltip.
type shape struct {
	X, Y, W, H float64
	Class      string
	Tip        string
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
	padL, padR     = 56, 10
	padT, padB     = 12, 30
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
	var top int64 = 1
	for _, b := range tl.Bins {
		top = max(top, b.Attempts, b.Failures)
	}
	pw, ph := plotArea()
	bw := pw / float64(n)
	for i, b := range tl.Bins {
		x := float64(padL) + float64(i)*bw
		tip := fmt.Sprintf("%s (%s): %d attempts, %d failures, %d successes", b.Start.UTC().Format("2006-01-02 15:04Z"), tl.Bin, b.Attempts, b.Failures, b.Successes)
		c.Rects = append(c.Rects, bar(x, bw, b.Attempts, top, ph, "attempts", tip), bar(x+bw*0.2, bw*0.6, b.Failures, top, ph, "failures", tip))
		if b.Successes > 0 {
			c.Marks = append(c.Marks, shape{X: x + bw/2, Y: float64(padT) + 2, Class: "success", Tip: tip})
		}
	}
	c.axis(tl.Bins[0].Start, tl.Bins[n-1].Start, fmt.Sprint(top), "per "+tl.Bin)
	c.Legend = []label{{Text: "attempts", Class: "attempts"}, {Text: "failures", Class: "failures"}, {Text: "success (marker above the bin)", Class: "success"}}
	return c
}

// bar returns a bar of value v against top in a plot of height ph.
func bar(x, w float64, v, top int64, ph float64, class, tip string) shape {
	h := ph * float64(v) / float64(top)
	return shape{X: x, Y: float64(padT) + ph - h, W: max(w-1, 1), H: h, Class: class, Tip: tip}
}

// axis adds the time and value labels.
func (c *chart) axis(from, to time.Time, top, unit string) {
	_, ph := plotArea()
	y := float64(padT) + ph + 18
	c.Labels = append(c.Labels,
		label{X: padL, Y: y, Text: from.UTC().Format("Jan 2 15:04Z"), Anchor: "start"},
		label{X: chartW - padR, Y: y, Text: to.UTC().Format("Jan 2 15:04Z"), Anchor: "end"},
		label{X: padL - 4, Y: padT + 10, Text: top, Anchor: "end"},
		label{X: padL - 4, Y: float64(padT) + ph, Text: "0", Anchor: "end"},
		label{X: float64(chartW) / 2, Y: y, Text: unit, Anchor: "middle"})
}

// volumeChart draws a bulk export's bytes per alert hour against the
// account's baseline band.
func volumeChart(vs []triage.VolumePoint) *chart {
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
	c.axis(vs[0].Time, vs[len(vs)-1].Time, humanBytes(top), "bytes per alert hour")
	c.Legend = []label{{Text: "bytes exported", Class: "bytes"}, {Text: "baseline band", Class: "band"}}
	return c
}
