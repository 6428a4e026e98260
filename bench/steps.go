package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"sort"
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

// rulesHeader opens its list of rules by evaluation time.
const rulesHeader = "Rules by evaluation time"

// ruleTime is one rule of that list: its evaluations and the time they
// and its hoisting took, summed over the hunt's workers.
type ruleTime struct {
	id                   string
	evals                int
	evaluating, hoisting time.Duration
}

// parseRules returns the rules `quarry hunt --timings` listed in stderr;
// nil when it listed none.
func parseRules(stderr []byte) []ruleTime {
	var out []ruleTime
	in := false
	sc := bufio.NewScanner(bytes.NewReader(stderr))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case strings.HasPrefix(sc.Text(), rulesHeader):
			in = true
		case !in:
		case len(f) == 6 && f[1] == "s" && f[3] == "s":
			ev, err1 := strconv.ParseFloat(f[0], 64)
			ho, err2 := strconv.ParseFloat(f[2], 64)
			n, err3 := strconv.Atoi(f[4])
			if err1 != nil || err2 != nil || err3 != nil {
				return out
			}
			out = append(out, ruleTime{id: f[5], evals: n, evaluating: seconds(ev), hoisting: seconds(ho)})
		case len(f) > 0 && f[0] == "evaluating": // the column titles
		default:
			return out
		}
	}
	return out
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// medianRules returns each rule's median times over the samples, the
// rules ordered by median evaluation time.
func medianRules(ss []sample) []ruleTime {
	by := map[string][]ruleTime{}
	var ids []string
	for _, x := range ss {
		for _, r := range x.rules {
			if by[r.id] == nil {
				ids = append(ids, r.id)
			}
			by[r.id] = append(by[r.id], r)
		}
	}
	out := make([]ruleTime, 0, len(ids))
	for _, id := range ids {
		var ev, ho []time.Duration
		for _, r := range by[id] {
			ev, ho = append(ev, r.evaluating), append(ho, r.hoisting)
		}
		out = append(out, ruleTime{id: id, evals: by[id][0].evals, evaluating: median(ev), hoisting: median(ho)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].evaluating > out[j].evaluating })
	return out
}

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
	return step{name: strings.Join(f[2:], " "), wall: seconds(secs)}, true
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
	if len(st.rules) == 0 {
		return
	}
	io.WriteString(w, "The rules by evaluation time (medians; each rule's evaluations and hoisting summed over the hunt's workers):\n\n")
	io.WriteString(w, "| rule | evaluations | evaluating | hoisting |\n|---|---:|---:|---:|\n")
	for _, r := range st.rules {
		if r.evals > 0 {
			fmt.Fprintf(w, "| %s | %d | %s | %s |\n", r.id, r.evals, dur(r.evaluating), dur(r.hoisting))
		}
	}
	io.WriteString(w, "\n")
}

// times formats d as a multiple of base's median wall time.
func times(d time.Duration, base *toolResult) string {
	if base == nil || base.err != nil || base.st.wall <= 0 {
		return ""
	}
	return fmt.Sprintf("%.2fx", d.Seconds()/base.st.wall.Seconds())
}
