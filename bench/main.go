// Command bench is quarry's benchmark harness. It generates data of a chosen
// size (Entra ID sign-ins in the Log Analytics NDJSON shape with injected
// attacks, the same as a CSV export, a transfer CSV, and a repeated real sshd
// auth.log), runs each workload with quarry and with its references (DuckDB,
// the seed's pandas script, fail2ban-regex) in the same run, alternating,
// checks that the results agree, and prints median wall time, CPU time,
// peak RSS, throughput and the ratio quarry/reference.
//
// It is a separate Go module so that DuckDB's cgo binding never becomes a
// dependency of quarry itself. See docs/BENCHMARKS.md.
//
// Usage:
//
//	go run . -quick                  # small smoke run
//	go run .                         # the sizes
//	go run . -only 1,3 -reps 7       # some workloads, more repetitions
//	bench duckdb-run -sql FILE       # internal: run SQL in DuckDB, print CSV
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// options are the command-line settings of a benchmark run.
type options struct {
	size     int64 // bytes of sign-in NDJSON
	rows     int   // rows of the transfer CSV
	sshLines int   // lines of the sshd auth.log
	reps     int
	only     map[string]bool
	outDir   string
	quarry   string // prebuilt quarry binary; empty: build it
	datasets string
	timeout  time.Duration
	scaling  bool
	profile  bool
	report   string // markdown results file
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "duckdb-run" {
		os.Exit(duckRunMain(os.Args[2:]))
	}
	opt, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	if err := run(opt); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (*options, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	size := fs.String("size", "500MB", "size of the sign-in NDJSON file (KB, MB, GB)")
	rows := fs.Int("rows", 5_000_000, "rows of the transfer CSV")
	ssh := fs.Int("ssh-lines", 400_000, "lines of the repeated sshd auth.log")
	reps := fs.Int("reps", 5, "measured repetitions per tool (after one warm-up run)")
	quick := fs.Bool("quick", false, "smoke run: 20MB, 200k rows, 20k sshd lines, 3 repetitions")
	only := fs.String("only", "", "comma-separated workload numbers to run (default: all)")
	out := fs.String("out", "out", "directory for generated data, binaries and results")
	qbin := fs.String("quarry", "", "use this quarry binary instead of building ../cmd/quarry")
	timeout := fs.Duration("timeout", 20*time.Minute, "limit for one run of one tool")
	scaling := fs.Bool("scaling", false, "also run workload 1 at 1/10, 1/4 and 1/2 of -size (linear time, flat memory)")
	profile := fs.Bool("profile", false, "also write CPU profiles of quarry (in-process, via ./qprof) for workloads 1-3 to OUT/*.prof")
	report := fs.String("report", "", "markdown results file (default OUT/results.md)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if *quick {
		*size, *rows, *ssh, *reps = "20MB", 200_000, 20_000, 3
	}
	n, err := parseSize(*size)
	if err != nil {
		return nil, err
	}
	opt := &options{size: n, rows: *rows, sshLines: *ssh, reps: *reps, outDir: *out, quarry: *qbin,
		timeout: *timeout, scaling: *scaling, profile: *profile, report: *report, datasets: datasetsDir()}
	opt.only = parseOnly(*only)
	if opt.report == "" {
		opt.report = filepath.Join(opt.outDir, "results.md")
	}
	return opt, nil
}

// parseOnly turns "1,3" into a set; empty means every workload.
func parseOnly(s string) map[string]bool {
	if s == "" {
		return nil
	}
	m := map[string]bool{}
	for _, f := range strings.Split(s, ",") {
		m[strings.TrimSpace(f)] = true
	}
	return m
}

// parseSize reads "500MB", "2GB", "800KB" or a plain byte count (decimal
// units: 1 MB = 10^6 bytes).
func parseSize(s string) (int64, error) {
	u := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, suf := range []struct {
		s string
		m int64
	}{{"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1}} {
		if strings.HasSuffix(u, suf.s) {
			u, mult = strings.TrimSuffix(u, suf.s), suf.m
			break
		}
	}
	var v float64
	if _, err := fmt.Sscan(u, &v); err != nil || v <= 0 {
		return 0, fmt.Errorf("bad -size %q (want e.g. 500MB)", s)
	}
	return int64(v * float64(mult)), nil
}

// datasetsDir is $QUARRY_DATASETS or ../shared/datasets relative to the
// repository root (bench/..).
func datasetsDir() string {
	if d := os.Getenv("QUARRY_DATASETS"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared", "datasets")
}
