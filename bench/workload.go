package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// tool is one program a workload runs: quarry or a reference.
type tool struct {
	name string
	argv []string
	env  []string
}

// workload is one benchmark: an input, quarry's command, the references,
// and how their outputs must agree.
type workload struct {
	id, title string
	input     dataset
	quarry    tool
	refs      []tool
	agree     func(q, ref []byte) (string, error) // nil: no agreement check
	// baseline: the first reference is another quarry command, the one the
	// workload's target is a multiple of (workload 5: the seed query of
	// workload 1), run alternately with it so that both see the same
	// minutes of a shared machine.
	baseline bool
	// skip explains why quarry cannot run this workload yet ("" if it can).
	skip string
	// pending explains a quarry failure that is expected while a feature
	// is missing; it is put before quarry's own error message.
	pending string
}

// env is what the workloads need from the run: binaries, queries, data.
type env struct {
	opt       *options
	quarry    string // quarry binary
	quarryErr error  // why quarry could not be built
	self      string // this harness binary (for duckdb-run)
	python    string
	qdir      string // queries/
	sqlDir    string // out/sql: queries with the file name filled in
}

// quarryQuery is `quarry query --table NAME=FILE --format csv -f KQL`.
func (e *env) quarryQuery(table string, d dataset, kql string) tool {
	return tool{name: "quarry", argv: []string{e.quarry, "query", "--table", table + "=" + d.Path,
		"--format", "csv", "-f", filepath.Join(e.qdir, kql)}}
}

// quarryData is `quarry query --data FILE` (the file recognised from its
// content, here sshd syslog feeding Syslog and imAuthentication).
func (e *env) quarryData(d dataset, kql string) tool {
	return tool{name: "quarry", argv: []string{e.quarry, "query", "--data", d.Path, "--year", "2026",
		"--format", "csv", "-f", filepath.Join(e.qdir, kql)}}
}

// duck is `bench duckdb-run -sql FILE` with the input's path filled in.
func (e *env) duck(d dataset, sqlName string) (tool, error) {
	b, err := os.ReadFile(filepath.Join(e.qdir, sqlName))
	if err != nil {
		return tool{}, err
	}
	abs, _ := filepath.Abs(d.Path)
	q := strings.ReplaceAll(string(b), "{{FILE}}", abs)
	path := filepath.Join(e.sqlDir, strings.TrimSuffix(filepath.Base(d.Path), filepath.Ext(d.Path))+"-"+sqlName)
	if err := os.WriteFile(path, []byte(q), 0o644); err != nil {
		return tool{}, err
	}
	return tool{name: "DuckDB", argv: []string{e.self, "duckdb-run", "-sql", path}}, nil
}

// data is the generated inputs.
type data struct {
	signins, signinCSV, transfers, sshd dataset
}

// workloads builds the seven workloads of the issue.
func (e *env) workloads(d data) ([]*workload, error) {
	var ws []*workload
	for _, mk := range []func(data) (*workload, error){e.w1, e.w2, e.w3, e.w4, e.w5, e.w6, e.w7} {
		w, err := mk(d)
		if err != nil {
			return nil, err
		}
		if e.opt.only == nil || e.opt.only[w.id] {
			ws = append(ws, w)
		}
	}
	return ws, nil
}

func (e *env) sqlWorkload(id, title string, in dataset, table, kql, sqlName string) (*workload, error) {
	ref, err := e.duck(in, sqlName)
	if err != nil {
		return nil, err
	}
	return &workload{id: id, title: title, input: in, quarry: e.quarryQuery(table, in, kql),
		refs: []tool{ref}, agree: agreeCSV}, nil
}

func (e *env) w1(d data) (*workload, error) {
	return e.sqlWorkload("1", "seed credential-stuffing query, sign-in NDJSON", d.signins, "SigninLogs", "seed.kql", "seed_json.sql")
}

func (e *env) w2(d data) (*workload, error) {
	return e.sqlWorkload("2", "seed credential-stuffing query, sign-in CSV export", d.signinCSV, "SigninLogs", "seed.kql", "seed_csv.sql")
}

func (e *env) w3(d data) (*workload, error) {
	w, err := e.sqlWorkload("3", "seed bulk-export z-score, transfer CSV", d.transfers, "transfers", "bulk.kql", "bulk.sql")
	if err != nil {
		return nil, err
	}
	script := filepath.Join(filepath.Dir(e.qdir), "seed_bulk_export.py")
	w.refs = append(w.refs, tool{name: "pandas", argv: []string{e.python, script, d.transfers.Path}})
	return w, nil
}

func (e *env) w4(d data) (*workload, error) {
	return e.sqlWorkload("4", "password spray: dcount of accounts per source per 20 min", d.signins, "SigninLogs", "spray.kql", "spray.sql")
}

func (e *env) w5(d data) (*workload, error) {
	seed := e.quarryQuery("SigninLogs", d.signins, "seed.kql")
	seed.name = "quarry, workload 1"
	w := &workload{id: "5", title: "quarry hunt, all built-in rules, sign-in NDJSON", input: d.signins, baseline: true,
		quarry: tool{name: "quarry", argv: []string{e.quarry, "hunt", "--timings", "--format", "json", d.signins.Path}},
		refs:   []tool{seed}}
	if !e.hasCommand("hunt") {
		w.skip = "not measurable yet: quarry hunt not implemented"
	}
	return w, nil
}

func (e *env) w6(d data) (*workload, error) {
	return e.sqlWorkload("6", "join: success after failures (same account, address, hour)", d.signins, "SigninLogs", "join.kql", "join.sql")
}

func (e *env) w7(d data) (*workload, error) {
	w := &workload{id: "7", title: fmt.Sprintf("sshd auth.log (%d lines): failures by source via imAuthentication", d.sshd.Records),
		input: d.sshd, quarry: e.quarryData(d.sshd, "sshd.kql"), agree: agreeSSHD,
		refs: []tool{{name: "fail2ban-regex", argv: []string{"fail2ban-regex", d.sshd.Path, "/etc/fail2ban/filter.d/sshd.conf"}}}}
	return w, nil
}

// hasCommand reports whether the quarry binary knows a subcommand.
func (e *env) hasCommand(name string) bool {
	if e.quarry == "" {
		return false
	}
	r := runCmd(e.opt.timeout, nil, []string{e.quarry, name, "--help"})
	return r.err == nil && !strings.Contains(string(r.stdout), "unknown command")
}
