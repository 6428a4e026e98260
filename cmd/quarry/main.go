// Command quarry is a self-hosted threat-hunting and detection engine that
// speaks KQL. See README.md and docs/ for what it does; this file only wires
// the command line to internal/app.
package main

import (
	"fmt"
	"os"

	"quarry/internal/app"
)

func main() {
	os.Exit(run())
}

// run executes the CLI and returns the exit code: 0 success, 1 user error
// (bad query, bad file), 2 usage error. A panic is reported as an internal
// error without a Go stack trace.
func run() (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(os.Stderr, "quarry: internal error: %v\n(this is a bug in quarry; please report it with the command you ran)\n", r)
			code = 1
		}
	}()
	return app.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
}
