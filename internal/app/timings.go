package app

import (
	"fmt"
	"io"
	"runtime"
	"sort"
	"time"

	"quarry/internal/hunt"
)

// timings collects the CLI's own steps around a hunt for --timings; a nil
// *timings (the flag not given) reads no clock and records nothing.
type timings struct {
	last  time.Time
	steps []hunt.Step
}

func newTimings(on bool) *timings {
	if !on {
		return nil
	}
	return &timings{last: time.Now()}
}

// clock is the clock the hunt times its steps with: nil when off.
func (t *timings) clock() func() time.Time {
	if t == nil {
		return nil
	}
	return time.Now
}

// lap ends the current step, naming it.
func (t *timings) lap(name string) {
	if t == nil {
		return
	}
	now := time.Now()
	t.steps = append(t.steps, hunt.Step{Name: name, Wall: now.Sub(t.last)})
	t.last = now
}

// hunted adds the hunt's own steps; the hunt ran since the last lap.
func (t *timings) hunted(res *hunt.Result) {
	if t == nil {
		return
	}
	t.steps = append(t.steps, res.Steps...)
	t.last = time.Now()
}

// write prints where the time went: the steps in order, then the rules by
// the time their evaluations took, summed over the workers that ran them.
func (t *timings) write(w io.Writer, runs []hunt.RuleRun, workers int) {
	if t == nil {
		return
	}
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	var total time.Duration
	fmt.Fprintln(w, "Where the time went (wall clock):")
	for _, s := range t.steps {
		fmt.Fprintf(w, "  %8s  %s\n", seconds(s.Wall), s.Name)
		total += s.Wall
	}
	fmt.Fprintf(w, "  %8s  total\n", seconds(total))
	byTime := append([]hunt.RuleRun(nil), runs...)
	sort.SliceStable(byTime, func(i, j int) bool { return byTime[i].Evaluating > byTime[j].Evaluating })
	fmt.Fprintf(w, "Rules by evaluation time (summed over the %d workers that ran them):\n", workers)
	fmt.Fprintf(w, "  %10s  %8s  %11s  %s\n", "evaluating", "hoisting", "evaluations", "rule")
	for _, r := range byTime {
		fmt.Fprintf(w, "  %10s  %8s  %11d  %s\n", seconds(r.Evaluating), seconds(r.Hoisting), r.Ticks, r.Rule.ID)
	}
}

// seconds formats d as seconds with two decimals.
func seconds(d time.Duration) string {
	return fmt.Sprintf("%.2f s", d.Seconds())
}
