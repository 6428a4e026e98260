package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// step is one step of a quarry hunt as `quarry hunt --timings` reports it
// on standard error.
type step struct {
	name string
	wall time.Duration
}

// timingsHeader opens the step list of `quarry hunt --timings`.
const timingsHeader = "Where the time went (wall clock):"

// parseSteps returns the steps `quarry hunt --timings` printed in stderr,
// without the total; nil when it printed none.
func parseSteps(stderr []byte) []step {
	var out []step
	in := false
	sc := bufio.NewScanner(bytes.NewReader(stderr))
	for sc.Scan() {
		line := sc.Text()
		if line == timingsHeader {
			in = true
			continue
		}
		if !in {
			continue
		}
		s, ok := parseStep(line)
		if !ok {
			break
		}
		if s.name != "total" {
			out = append(out, s)
		}
	}
	return out
}

// parseStep reads a line "  1.23 s  name".
func parseStep(line string) (step, bool) {
	f := strings.Fields(line)
	if len(f) < 3 || f[1] != "s" || !strings.HasPrefix(line, "  ") {
		return step{}, false
	}
	secs, err := strconv.ParseFloat(f[0], 64)
	if err != nil {
		return step{}, false
	}
	return step{name: strings.Join(f[2:], " "), wall: time.Duration(secs * float64(time.Second))}, true
}

// medianSteps returns each step's median over the samples, in the order
// of the first sample (the steps of every run of one command are the same).
func medianSteps(ss []sample) []step {
	if len(ss) == 0 || len(ss[0].steps) == 0 {
		return nil
	}
	out := make([]step, len(ss[0].steps))
	for i, s := range ss[0].steps {
		walls := make([]time.Duration, 0, len(ss))
		for _, x := range ss {
			if i < len(x.steps) && x.steps[i].name == s.name {
				walls = append(walls, x.steps[i].wall)
			}
		}
		out[i] = step{name: s.name, wall: median(walls)}
	}
	return out
}

// writeSteps writes the hunt's own account of its time, each step also as
// a multiple of base's whole median wall time (workload 1), and what the
// steps before the first rule is planned (reading the inputs, loading the
// tables) cost together against it.
func writeSteps(w io.Writer, st stats, base *toolResult) {
	if len(st.steps) == 0 {
		return
	}
	fmt.Fprintf(w, "The hunt's steps (`quarry hunt --timings`, medians of %d runs):\n\n", st.n)
	io.WriteString(w, "| step | wall | / workload 1 |\n|---|---:|---:|\n")
	var loading time.Duration
	planned := false
	for _, s := range st.steps {
		fmt.Fprintf(w, "| %s | %s | %s |\n", s.name, dur(s.wall), times(s.wall, base))
		planned = planned || strings.HasPrefix(s.name, "plan ")
		if !planned {
			loading += s.wall
		}
	}
	fmt.Fprintf(w, "\nBefore the first rule is planned (reading the rules, finding the inputs, loading the tables "+
		"the rules read) the hunt has taken %s, %s workload 1's whole run.\n\n", dur(loading), times(loading, base))
}

// times formats d as a multiple of base's median wall time.
func times(d time.Duration, base *toolResult) string {
	if base == nil || base.err != nil || base.st.wall <= 0 {
		return ""
	}
	return fmt.Sprintf("%.2fx", d.Seconds()/base.st.wall.Seconds())
}
