package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// report prints the results as markdown to standard output and to the
// results file.
func (e *env) report(rs, scale []*result) error {
	var sb strings.Builder
	fmt.Fprintf(&sb, "## Results (%s)\n\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"))
	for _, m := range e.machine() {
		fmt.Fprintf(&sb, "- %s\n", m)
	}
	fmt.Fprintf(&sb, "- repetitions: %d measured runs per tool after one warm-up, alternating; medians shown\n\n", e.opt.reps)
	for _, r := range rs {
		writeWorkload(&sb, r)
	}
	if len(scale) > 0 {
		writeScaling(&sb, scale)
	}
	fmt.Print(sb.String())
	if err := os.WriteFile(e.opt.report, []byte(sb.String()), 0o644); err != nil {
		return err
	}
	return disagreements(rs)
}

// disagreements is an error if any workload's outputs disagreed.
func disagreements(rs []*result) error {
	var bad []string
	for _, r := range rs {
		if r.agree != nil {
			bad = append(bad, fmt.Sprintf("workload %s: %v", r.w.id, r.agree))
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("results disagree:\n%s", strings.Join(bad, "\n"))
	}
	return nil
}

const tableHead = "| tool | wall | CPU | peak RSS | MB/s | records/s | quarry/tool wall | quarry/tool RSS | runs |\n" +
	"|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"

// writeWorkload writes one workload's table, and for a workload with a
// baseline (workload 5) the steps of the hunt against it.
func writeWorkload(w io.Writer, r *result) {
	fmt.Fprintf(w, "### Workload %s: %s\n\n", r.w.id, r.w.title)
	fmt.Fprintf(w, "Input: `%s`, %.1f MB, %d records.\n\n", r.w.input.Path, mb(r.w.input.Bytes), r.w.input.Records)
	io.WriteString(w, tableHead)
	q := r.quarry
	writeRow(w, r.w.input, &q, nil)
	for _, ref := range r.refs {
		writeRow(w, r.w.input, ref, &q)
	}
	io.WriteString(w, "\n")
	if r.w.baseline && len(r.refs) > 0 {
		writeSteps(w, q.st, r.refs[0])
	}
	for _, n := range r.notes {
		fmt.Fprintf(w, "- %s\n", n)
	}
	if r.agree != nil {
		fmt.Fprintf(w, "- **%s**\n", strings.ReplaceAll(r.agree.Error(), "\n", "\n  "))
	}
	io.WriteString(w, "\n")
}

// writeRow writes one tool's line; against, if set, is quarry's result for
// the ratio columns.
func writeRow(w io.Writer, in dataset, tr, against *toolResult) {
	if tr.err != nil {
		fmt.Fprintf(w, "| %s | %s | | | | | | | |\n", tr.tool.name, cellErr(tr.err))
		return
	}
	st := tr.st
	secs := st.wall.Seconds()
	ratioWall, ratioRSS := "", ""
	if against != nil && against.err == nil && st.n > 0 {
		ratioWall = fmt.Sprintf("%.2f", against.st.wall.Seconds()/secs)
		ratioRSS = fmt.Sprintf("%.2f", float64(against.st.rssKB)/float64(st.rssKB))
	}
	fmt.Fprintf(w, "| %s | %s | %s | %.0f MB | %.1f | %.0f | %s | %s | %d |\n", tr.tool.name, dur(st.wall), dur(st.cpu),
		float64(st.rssKB)/1024, mb(in.Bytes)/secs, float64(in.Records)/secs, ratioWall, ratioRSS, st.n)
}

// cellErr makes an error fit in a table cell.
func cellErr(err error) string {
	s := strings.ReplaceAll(err.Error(), "\n", " ")
	s = strings.ReplaceAll(s, "|", "\\|")
	if len(s) > 300 {
		s = s[:300] + " ..."
	}
	return s
}

func mb(n int64) float64 { return float64(n) / 1e6 }

func dur(d time.Duration) string {
	return fmt.Sprintf("%.2f s", d.Seconds())
}

// writeScaling writes the throughput of workload 1 at several sizes.
func writeScaling(w io.Writer, rs []*result) {
	io.WriteString(w, "### Scaling: workload 1 at several sizes\n\n| size | tool | wall | MB/s | peak RSS |\n|---:|---|---:|---:|---:|\n")
	for _, r := range rs {
		for _, tr := range append([]*toolResult{&r.quarry}, r.refs...) {
			if tr.err != nil {
				fmt.Fprintf(w, "| %.0f MB | %s | %s | | |\n", mb(r.w.input.Bytes), tr.tool.name, cellErr(tr.err))
				continue
			}
			fmt.Fprintf(w, "| %.0f MB | %s | %s | %.1f | %.0f MB |\n", mb(r.w.input.Bytes), tr.tool.name, dur(tr.st.wall),
				mb(r.w.input.Bytes)/tr.st.wall.Seconds(), float64(tr.st.rssKB)/1024)
		}
	}
	io.WriteString(w, "\n")
}
