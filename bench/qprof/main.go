// Command qprof runs quarry's command line in-process under the CPU
// profiler, for the benchmark harness's "where the time goes" section:
//
//	qprof -cpuprofile w1.prof -- query --table SigninLogs=F --format csv -f seed.kql
//
// It lives in the bench module because it imports quarry's internal CLI
// package; quarry itself stays free of profiling flags.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime/pprof"

	"quarry/internal/app"
)

func main() {
	prof := flag.String("cpuprofile", "cpu.prof", "write the CPU profile to `FILE`")
	flag.Parse()
	f, err := os.Create(*prof)
	if err != nil {
		fmt.Fprintln(os.Stderr, "qprof:", err)
		os.Exit(2)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, "qprof:", err)
		os.Exit(2)
	}
	code := app.Main(flag.Args(), os.Stdin, os.Stdout, os.Stderr)
	pprof.StopCPUProfile()
	f.Close()
	os.Exit(code)
}
