package hunt

import (
	"context"
	"fmt"
	"runtime"
	"runtime/pprof"
	"sort"
	"sync"
	"time"

	"quarry/internal/column"
	"quarry/internal/kql"
	"quarry/internal/rules"
	"quarry/internal/table"
)

// Input is what a hunt reads: a catalog of tables and the KQL functions
// that go with it (the normalized views of ingest/load).
type Input struct {
	Catalog   table.Catalog
	Functions map[string]string
}

// Options tune a hunt.
type Options struct {
	// Now is the evaluation time of rules whose tables have no
	// TimeGenerated column (they run once, unwindowed).
	Now time.Time
	// Workers is the number of rule evaluations run at once; <= 0 means
	// the number of CPUs.
	Workers int
	// Progress, when set, is called after every evaluation with the
	// number done and the total (from several goroutines, serialised).
	Progress func(done, total int)
	// Clock, when set, times the hunt: Result.Steps, and each rule's
	// hoisting and evaluations (RuleRun.Hoisting, RuleRun.Evaluating).
	// Without it the hunt reads no clock.
	Clock func() time.Time
}

// RuleRun summarises the replay of one rule.
type RuleRun struct {
	Rule       *rules.Rule
	Tables     []string  // tables the rule reads
	Rows       int       // rows those tables hold
	Ticks      int       // evaluations
	Raised     int       // alerts raised over all ticks, before deduplication
	Alerts     int       // alerts after deduplication
	Start, End time.Time // first window start and last tick

	// With Options.Clock: the time computing the rule's hoisted prefixes
	// took, and its evaluations summed over the workers that ran them.
	Hoisting, Evaluating time.Duration
}

// Result is the outcome of a hunt.
type Result struct {
	Alerts []*Alert // deduplicated; highest severity first, then by start
	Runs   []RuleRun
	Steps  []Step // with Options.Clock: the hunt's steps, in order
}

// maxTicks bounds the evaluations of one rule.
const maxTicks = 500000

// Run replays rules over the input: every referenced table is loaded once
// into memory (only the columns the rules read) and sorted by time; each
// rule is evaluated at ticks every queryFrequency over [tick -
// queryPeriod, tick) with now() bound to the tick, the ticks covering the
// time range of the rows the rule reads; alerts from overlapping windows
// are merged. Rules that read SecurityAlert run last, over the alerts of
// the others.
func Run(ctx context.Context, in Input, rs []*rules.Rule, opt Options) (*Result, error) {
	watch := newStopwatch(opt.Clock)
	h, err := prepare(ctx, in, rs)
	if err != nil {
		return nil, err
	}
	watch.lap("load the tables the rules read")
	if opt.Workers <= 0 {
		opt.Workers = runtime.NumCPU()
	}
	first, second := h.phases()
	raised, err := h.replay(ctx, first, opt, nil, watch)
	if err != nil {
		return nil, err
	}
	var all []*Alert
	for _, as := range raised {
		all = append(all, as...)
	}
	alertTable := newTimeTable(AlertTable, alertSchema, []*column.Batch{alertRows(all)})
	alertTable.endInclusive = true
	raised2, err := h.replay(ctx, second, opt, alertTable, watch)
	if err != nil {
		return nil, err
	}
	res := h.result(append(first, second...), append(raised, raised2...))
	watch.lap("merge the alerts of overlapping windows")
	res.Steps = watch.steps
	return res, nil
}

// result deduplicates each rule's alerts and assembles the summary.
func (h *hunter) result(ps []*planned, raised [][]*Alert) *Result {
	res := &Result{}
	for i, p := range ps {
		merged := dedup(raised[i])
		p.run.Raised, p.run.Alerts = len(raised[i]), len(merged)
		res.Alerts = append(res.Alerts, merged...)
	}
	sortAlerts(res.Alerts)
	for _, r := range h.rules {
		res.Runs = append(res.Runs, r.run)
	}
	return res
}

// replay evaluates the planned rules at all their ticks, in parallel, and
// returns each rule's raised alerts in tick order. watch records its steps:
// planning, hoisting and evaluating (alerts non-nil: the rules over them).
func (h *hunter) replay(ctx context.Context, ps []*planned, opt Options, alerts *timeTable, watch *stopwatch) ([][]*Alert, error) {
	if alerts != nil {
		h.catalog.Add(alerts)
	}
	which := "the rules"
	if alerts != nil {
		which = "the rules over " + AlertTable
	}
	var jobs []job
	for i, p := range ps {
		if err := h.compile(p); err != nil {
			return nil, err
		}
		p.ticks = h.ticks(p, opt.Now, alerts)
		if len(p.ticks) > maxTicks {
			return nil, fmt.Errorf("rule %s: %d evaluations over the data's time range at every %v; raise its queryFrequency", p.rule.ID, len(p.ticks), p.rule.QueryFrequency)
		}
		p.run.Ticks = len(p.ticks)
		for t := range p.ticks {
			jobs = append(jobs, job{rule: i, tick: t})
		}
	}
	if len(ps) == 0 {
		return nil, nil
	}
	watch.lap(fmt.Sprintf("plan %s (%d)", which, len(ps)))
	if err := h.hoistAll(ctx, ps, opt); err != nil {
		return nil, err
	}
	watch.lap(fmt.Sprintf("hoist the parts of %s that no tick changes", which))
	raised, err := runJobs(ctx, ps, jobs, opt)
	watch.lap(fmt.Sprintf("evaluate %s at their ticks (%d evaluations)", which, len(jobs)))
	return raised, err
}

// job is one evaluation: a rule at a tick.
type job struct{ rule, tick int }

// runJobs runs the evaluations on opt.Workers goroutines.
func runJobs(ctx context.Context, ps []*planned, jobs []job, opt Options) ([][]*Alert, error) {
	out := make([][][]*Alert, len(ps))
	for i, p := range ps {
		out[i] = make([][]*Alert, len(p.ticks))
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu       sync.Mutex
		firstErr error
		done     int
		wg       sync.WaitGroup
		next     = make(chan job)
	)
	for w := 0; w < opt.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				var (
					as  []*Alert
					err error
				)
				took := timed(opt.Clock, func() { as, err = ps[j.rule].evaluateLabelled(ctx, j.tick) })
				mu.Lock()
				ps[j.rule].run.Evaluating += took
				if err != nil && firstErr == nil {
					firstErr = err
					cancel()
				}
				out[j.rule][j.tick] = as
				done++
				if opt.Progress != nil {
					opt.Progress(done, len(jobs))
				}
				mu.Unlock()
			}
		}()
	}
	for _, j := range jobs {
		if ctx.Err() != nil {
			break
		}
		next <- j
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	flat := make([][]*Alert, len(ps))
	for i := range out {
		for _, as := range out[i] {
			flat[i] = append(flat[i], as...)
		}
	}
	return flat, nil
}

// evaluateLabelled is evaluate with the rule's ID as the profiler label
// "rule", so that a CPU profile of a hunt (bench/qprof) splits by rule:
// go tool pprof -tags.
func (p *planned) evaluateLabelled(ctx context.Context, k int) (as []*Alert, err error) {
	pprof.Do(ctx, pprof.Labels("rule", p.rule.ID), func(ctx context.Context) {
		as, err = p.evaluate(ctx, k)
	})
	return as, err
}

// evaluate runs the rule at its tick'th tick.
func (p *planned) evaluate(ctx context.Context, k int) ([]*Alert, error) {
	tick := p.ticks[k]
	start := tick.Add(-p.rule.QueryPeriod.Std())
	wctx := withWindow(ctx, window{start: column.TimeToTicks(start), end: column.TimeToTicks(tick)})
	res, err := p.prog.Run(wctx, kql.Options{Now: tick, Workers: 1})
	if err != nil {
		return nil, fmt.Errorf("rule %s at %s: %w", p.rule.ID, tick.Format(time.RFC3339), err)
	}
	rows := make([]row, res.Batch.Len)
	for i := range rows {
		rows[i] = row{schema: res.Schema, vals: res.Batch.Row(i)}
	}
	return alertsFromResult(p.rule, rows, tickInfo{tick: tick, start: start}), nil
}

// ticks returns the evaluation times of p: every queryFrequency, aligned
// to it (to the day for longer frequencies), from the first after the
// earliest row to the first after the latest. A rule over tables without
// time runs once at now.
func (h *hunter) ticks(p *planned, now time.Time, alerts *timeTable) []time.Time {
	lo, hi, ok := h.span(p, alerts)
	if !ok {
		if h.untimed(p) {
			return []time.Time{now}
		}
		return nil
	}
	freq := p.rule.QueryFrequency.Std()
	t0 := lo.Truncate(min(freq, 24*time.Hour))
	var out []time.Time
	for t := t0.Add(freq); len(out) <= maxTicks; t = t.Add(freq) {
		out = append(out, t)
		if t.After(hi) {
			break
		}
	}
	p.run.Start, p.run.End = out[0].Add(-p.rule.QueryPeriod.Std()), out[len(out)-1]
	return out
}

// span is the time range of the rows p reads (the alert table excluded).
func (h *hunter) span(p *planned, alerts *timeTable) (time.Time, time.Time, bool) {
	var lo, hi int64
	found := false
	for _, name := range p.tables {
		t := h.tables[name]
		if t == nil || t == alerts {
			continue
		}
		a, b, ok := t.span()
		if !ok {
			continue
		}
		if !found || a < lo {
			lo = a
		}
		if !found || b > hi {
			hi = b
		}
		found = true
	}
	return column.TicksToTime(lo).UTC(), column.TicksToTime(hi).UTC(), found
}

// untimed reports whether p reads rows that have no time column.
func (h *hunter) untimed(p *planned) bool {
	for _, name := range p.tables {
		if t := h.tables[name]; t != nil && t.times == nil && t.Len() > 0 {
			return true
		}
	}
	return false
}

// phases splits the rules into those that do not read SecurityAlert and
// those that do, each in rule order.
func (h *hunter) phases() (first, second []*planned) {
	for _, p := range h.rules {
		if p.readsAlerts {
			second = append(second, p)
		} else {
			first = append(first, p)
		}
	}
	return first, second
}

// sortedNames returns the keys of a set in order.
func sortedNames(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
