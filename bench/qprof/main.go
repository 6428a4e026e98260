// Command qprof runs quarry's command line in-process under the CPU
// profiler, for the benchmark harness's "where the time goes" section:
//
//	qprof -cpuprofile w1.prof [-memprofile w1.mem] -- query --table SigninLogs=F --format csv -f seed.kql
//
// It lives in the bench module because it imports quarry's internal CLI
// package; quarry itself stays free of profiling flags.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"quarry/internal/app"
)

func main() {
	prof := flag.String("cpuprofile", "cpu.prof", "write the CPU profile to `FILE`")
	memProf := flag.String("memprofile", "", "also write an allocation profile to `FILE`")
	heapProf := flag.String("heapprofile", "", "also write the live heap, after a GC, to `FILE` (at -heapafter)")
	heapAfter := flag.Duration("heapafter", 3*time.Second, "when to write -heapprofile")
	flag.Parse()
	if *heapProf != "" {
		time.AfterFunc(*heapAfter, func() {
			runtime.GC()
			writeProfile(*heapProf, "heap")
		})
	}
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
	if *memProf != "" {
		writeProfile(*memProf, "allocs")
	}
	os.Exit(code)
}

// writeProfile writes the named profile to path: "allocs" (alloc_space
// shows where the run's garbage comes from) or "heap" (inuse_space: what
// the garbage collector scans at every cycle).
func writeProfile(path, name string) {
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "qprof:", err)
		return
	}
	defer f.Close()
	if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
		fmt.Fprintln(os.Stderr, "qprof:", err)
	}
}
