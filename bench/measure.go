package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"syscall"
	"time"
)

// sample is what one run of one tool cost.
type sample struct {
	wall, cpu time.Duration
	rssKB     int64
	steps     []step     // what `quarry hunt --timings` said of its steps
	rules     []ruleTime // and of its rules
}

// runResult is one run: its cost, its standard output and its error.
type runResult struct {
	sample
	stdout []byte
	err    error
}

// runCmd runs argv as a child process and measures wall time, user+system
// CPU time and peak RSS (getrusage of the child).
func runCmd(timeout time.Duration, env []string, argv []string) runResult {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	r := runResult{stdout: out.Bytes()}
	r.wall = time.Since(start)
	r.steps, r.rules = parseSteps(errb.Bytes()), parseRules(errb.Bytes())
	if ps := cmd.ProcessState; ps != nil {
		r.cpu = ps.UserTime() + ps.SystemTime()
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			r.rssKB = ru.Maxrss
		}
	}
	if err != nil {
		r.err = describeFailure(err, errb.String(), ctx.Err())
	}
	return r
}

// describeFailure turns a failed run into one readable error.
func describeFailure(err error, stderr string, ctxErr error) error {
	if errors.Is(ctxErr, context.DeadlineExceeded) {
		return fmt.Errorf("timed out")
	}
	msg := strings.TrimSpace(stderr)
	if len(msg) > 600 {
		msg = msg[:600] + " ..."
	}
	if msg == "" {
		return err
	}
	return fmt.Errorf("%v: %s", err, msg)
}

// stats summarizes the measured samples of one tool.
type stats struct {
	wall, cpu time.Duration
	rssKB     int64
	n         int
	steps     []step     // medians of the samples' steps
	rules     []ruleTime // and of their rules
}

// summarize returns the medians of samples.
func summarize(ss []sample) stats {
	if len(ss) == 0 {
		return stats{}
	}
	walls := make([]time.Duration, len(ss))
	cpus := make([]time.Duration, len(ss))
	rss := make([]int64, len(ss))
	for i, s := range ss {
		walls[i], cpus[i], rss[i] = s.wall, s.cpu, s.rssKB
	}
	return stats{wall: median(walls), cpu: median(cpus), rssKB: median(rss), n: len(ss), steps: medianSteps(ss), rules: medianRules(ss)}
}

// median returns the middle value (the mean of the two middle ones for an
// even count).
func median[T int64 | time.Duration](v []T) T {
	sort.Slice(v, func(i, j int) bool { return v[i] < v[j] })
	m := len(v) / 2
	if len(v)%2 == 0 {
		return (v[m-1] + v[m]) / 2
	}
	return v[m]
}
