package app

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// Exit codes shared by every command (DESIGN.md "CLI contracts").
const (
	ExitOK    = 0
	ExitUser  = 1
	ExitUsage = 2
)

// usageError marks a mistake in how the command was called.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }

// reportedError marks an error whose message was already printed in full
// (for example a list of positioned query errors).
type reportedError struct{ err error }

func (e reportedError) Error() string { return e.err.Error() }

// env is what commands read and write.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// Main runs the CLI with args (without the program name) and returns the
// exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	root := newRoot(e)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	return exitCode(e, err)
}

func exitCode(e *env, err error) int {
	if err == nil {
		return ExitOK
	}
	var ue usageError
	var re reportedError
	switch {
	case errors.As(err, &re):
		return ExitUser
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "quarry: %v\nRun 'quarry --help' for usage.\n", err)
		return ExitUsage
	}
	fmt.Fprintf(e.stderr, "quarry: %v\n", err)
	return ExitUser
}

func newRoot(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   "quarry",
		Short: "Self-hosted threat hunting in KQL for credential attacks and bulk exports",
		Long: "quarry hunts credential stuffing, password spraying, brute force, account takeover and\n" +
			"bulk data export in your own logs, with the KQL queries and Sentinel rules you already have.",
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newQueryCmd(e), newFmtCmd(e), newSourcesCmd(e), newHuntCmd(e), newDemoCmd(e))
	return root
}

// argsRange is cobra.RangeArgs whose error is a usage error.
func argsRange(lo, hi int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := cobra.RangeArgs(lo, hi)(cmd, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}
