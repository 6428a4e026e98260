package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// profiles runs quarry in-process under the CPU profiler (the ./qprof
// helper, which imports quarry's CLI) for workloads 1 to 3 and writes each
// profile and its top functions under OUT. A quarry that does not build or
// run is reported and skipped.
func (e *env) profiles(d data) {
	bin, err := filepath.Abs(filepath.Join(e.opt.outDir, "qprof"))
	if err == nil {
		// -mod=mod: quarry may have gained a dependency since go.sum was
		// last tidied.
		err = run1("go", "build", "-mod=mod", "-o", bin, "./qprof")
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench: no profiles: %v\n", err)
		return
	}
	for _, p := range []struct {
		name string
		t    tool
	}{
		{"w1", e.quarryQuery("SigninLogs", d.signins, "seed.kql")},
		{"w2", e.quarryQuery("SigninLogs", d.signinCSV, "seed.kql")},
		{"w3", e.quarryQuery("transfers", d.transfers, "bulk.kql")},
	} {
		e.profile(bin, p.name, p.t)
	}
}

func (e *env) profile(bin, name string, t tool) {
	if strings.HasSuffix(t.argv[3], "=") {
		return // input not generated in this run
	}
	prof := filepath.Join(e.opt.outDir, name+".prof")
	argv := append([]string{bin, "-cpuprofile", prof, "--"}, t.argv[1:]...)
	if r := runCmd(e.opt.timeout, nil, argv); r.err != nil {
		fmt.Fprintf(os.Stderr, "bench: profile %s: %v\n", name, r.err)
		return
	}
	out, err := exec.Command("go", "tool", "pprof", "-top", "-nodecount=30", bin, prof).Output()
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench: pprof %s: %v\n", name, err)
		return
	}
	top := filepath.Join(e.opt.outDir, name+"-top.txt")
	if err := os.WriteFile(top, out, 0o644); err == nil {
		fmt.Fprintf(os.Stderr, "profile: %s, top functions: %s\n", prof, top)
	}
}

// run1 runs a command in the bench directory, returning its output as the
// error on failure.
func run1(name string, args ...string) error {
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %v: %s", name, strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return nil
}
