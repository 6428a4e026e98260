package app

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"quarry/internal/kql/syntax"
)

func newFmtCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "fmt [FILE|-]",
		Short: "Print the canonical form of a KQL query",
		Long: "fmt parses a KQL query (from FILE, or stdin when FILE is - or absent) and prints it in\n" +
			"canonical form. On a syntax error it prints every error with its position and exits 1.",
		Args: argsRange(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := "-"
			if len(args) == 1 {
				name = args[0]
			}
			src, display, err := readSource(e, name)
			if err != nil {
				return err
			}
			return formatQuery(e, src, display)
		},
	}
}

// readSource reads a query from a file, or from stdin when name is "-".
// It returns the text and the name to show in error messages.
func readSource(e *env, name string) (string, string, error) {
	if name == "-" {
		data, err := io.ReadAll(e.stdin)
		if err != nil {
			return "", "", fmt.Errorf("reading stdin: %w", err)
		}
		return string(data), "<stdin>", nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return "", "", err
	}
	return string(data), name, nil
}

func formatQuery(e *env, src, display string) error {
	q, err := syntax.Parse(src)
	if err != nil {
		return printQueryError(e, err, display, src)
	}
	_, werr := io.WriteString(e.stdout, syntax.Format(q))
	return werr
}

// printQueryError prints positioned errors clang-style and marks the error
// as reported; other errors are returned unchanged.
func printQueryError(e *env, err error, display, src string) error {
	if list, ok := err.(syntax.ErrorList); ok {
		io.WriteString(e.stderr, list.Render(display, src))
		return reportedError{err}
	}
	return err
}
