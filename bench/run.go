package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
)

// toolResult is the outcome of one tool on one workload.
type toolResult struct {
	tool    tool
	samples []sample
	st      stats
	err     error // failed (or not run); st is then empty
}

// result is the outcome of one workload.
type result struct {
	w      *workload
	quarry toolResult
	refs   []*toolResult
	notes  []string
	agree  error // the outputs disagree
}

// run prepares binaries and data, runs the workloads and writes the report.
func run(opt *options) error {
	e, err := prepare(opt)
	if err != nil {
		return err
	}
	d, err := e.generate()
	if err != nil {
		return err
	}
	// Flush freshly written data so that write-back does not compete with
	// the measured runs for the disk.
	syscall.Sync()
	ws, err := e.workloads(d)
	if err != nil {
		return err
	}
	var rs []*result
	var w1 *result
	for _, w := range ws {
		r := e.runWorkload(w)
		if w.id == "1" {
			w1 = r
		}
		rs = append(rs, r)
	}
	var scale []*result
	if opt.scaling {
		if scale, err = e.scaling(w1); err != nil {
			return err
		}
	}
	if opt.profile {
		e.profiles(d)
	}
	return e.report(rs, scale)
}

// prepare makes the output directory, builds quarry and finds the tools.
func prepare(opt *options) (*env, error) {
	e := &env{opt: opt, qdir: "queries", sqlDir: filepath.Join(opt.outDir, "sql")}
	if err := os.MkdirAll(e.sqlDir, 0o755); err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	e.self = self
	e.python = pythonWithPandas()
	e.quarry, e.quarryErr = buildQuarry(opt)
	if e.quarryErr != nil {
		fmt.Fprintf(os.Stderr, "bench: quarry failed to build: %v\n", e.quarryErr)
	}
	return e, nil
}

// buildQuarry builds ../cmd/quarry into OUT/quarry (or uses -quarry).
func buildQuarry(opt *options) (string, error) {
	if opt.quarry != "" {
		return opt.quarry, nil
	}
	bin, err := filepath.Abs(filepath.Join(opt.outDir, "quarry"))
	if err != nil {
		return "", err
	}
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/quarry")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/quarry: %s", strings.TrimSpace(string(out)))
	}
	return bin, nil
}

// pythonWithPandas prefers Debian's python3 (python3-pandas) over one on
// PATH that may lack pandas.
func pythonWithPandas() string {
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(p, "-c", "import pandas").Run() == nil {
			return p
		}
	}
	return "python3"
}

// generate makes (or finds cached) every input the selected workloads use.
func (e *env) generate() (data, error) {
	var d data
	var err error
	want := func(ids ...string) bool {
		for _, id := range ids {
			if e.opt.only == nil || e.opt.only[id] {
				return true
			}
		}
		return false
	}
	if want("1", "2", "4", "5", "6") {
		if d.signins, err = signinFile(e.opt.outDir, e.opt.size); err != nil {
			return d, err
		}
	}
	if want("2") {
		if d.signinCSV, err = csvExportFile(d.signins); err != nil {
			return d, err
		}
	}
	if want("3") {
		if d.transfers, err = transferFile(e.opt.outDir, e.opt.rows); err != nil {
			return d, err
		}
	}
	if want("7") {
		d.sshd, err = sshdFile(e.opt.outDir, e.opt.datasets, e.opt.sshLines)
	}
	return d, err
}

// runWorkload runs one warm-up of every tool, checks that the outputs
// agree, then alternates the measured repetitions.
func (e *env) runWorkload(w *workload) *result {
	fmt.Fprintf(os.Stderr, "workload %s: %s\n", w.id, w.title)
	r := &result{w: w, quarry: toolResult{tool: w.quarry}}
	for _, t := range w.refs {
		r.refs = append(r.refs, &toolResult{tool: t})
	}
	qout := e.warmQuarry(r)
	for _, tr := range r.refs {
		out := e.warm(tr)
		e.check(r, tr, qout, out)
	}
	all := append([]*toolResult{&r.quarry}, r.refs...)
	for i := 0; i < e.opt.reps; i++ {
		for _, tr := range all {
			e.measure(tr)
		}
	}
	for _, tr := range all {
		tr.st = summarize(tr.samples)
		progress(tr)
	}
	return r
}

// progress prints one tool's medians (or failure) to standard error.
func progress(tr *toolResult) {
	if tr.err != nil {
		fmt.Fprintf(os.Stderr, "  %-15s %v\n", tr.tool.name, tr.err)
		return
	}
	fmt.Fprintf(os.Stderr, "  %-15s wall %s  cpu %s  rss %.0f MB  (%d runs)\n", tr.tool.name,
		dur(tr.st.wall), dur(tr.st.cpu), float64(tr.st.rssKB)/1024, tr.st.n)
}

// warmQuarry runs quarry once unless it cannot run this workload.
func (e *env) warmQuarry(r *result) []byte {
	switch {
	case e.quarryErr != nil:
		r.quarry.err = fmt.Errorf("quarry failed to build: %w", e.quarryErr)
		return nil
	case r.w.skip != "":
		r.quarry.err = errors.New(r.w.skip)
		return nil
	}
	out := e.warm(&r.quarry)
	if r.quarry.err != nil && r.w.pending != "" {
		r.quarry.err = fmt.Errorf("%s (%w)", r.w.pending, r.quarry.err)
	}
	return out
}

// warm runs a tool once, unmeasured, and returns its output.
func (e *env) warm(tr *toolResult) []byte {
	res := runCmd(e.opt.timeout, tr.tool.env, tr.tool.argv)
	if res.err != nil {
		tr.err = fmt.Errorf("%s failed: %w", tr.tool.name, res.err)
		fmt.Fprintf(os.Stderr, "  %v\n", tr.err)
	}
	return res.stdout
}

// check compares quarry's output with a reference's and, if they disagree,
// prints the difference and withholds quarry's time.
func (e *env) check(r *result, ref *toolResult, qout, rout []byte) {
	if r.w.agree == nil || r.quarry.err != nil || ref.err != nil {
		return
	}
	note, err := r.w.agree(qout, rout)
	if err != nil {
		r.agree = fmt.Errorf("quarry vs %s: %w", ref.tool.name, err)
		r.quarry.err = errors.New("results disagree with " + ref.tool.name + " (see below)")
		fmt.Fprintf(os.Stderr, "  RESULTS DISAGREE: %v\n", r.agree)
		return
	}
	r.notes = append(r.notes, fmt.Sprintf("quarry and %s agree (%s)", ref.tool.name, note))
}

// measure runs a tool that has not failed once more and keeps the sample.
func (e *env) measure(tr *toolResult) {
	if tr.err != nil {
		return
	}
	res := runCmd(e.opt.timeout, tr.tool.env, tr.tool.argv)
	if res.err != nil {
		tr.err = fmt.Errorf("%s failed: %w", tr.tool.name, res.err)
		return
	}
	tr.samples = append(tr.samples, res.sample)
}
