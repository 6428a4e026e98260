package app

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"quarry/internal/ingest/load"
)

// loadFlags are the input flags shared by commands that read logs.
type loadFlags struct {
	tables     []string
	data       []string
	strict     bool
	year       int
	loginPaths []string
}

// loadInputs loads --data folders/files (recognised by content) and
// --table NAME=PATH files (the same NAME several times reads several files
// into one table).
func loadInputs(f loadFlags) (*load.Result, error) {
	named := map[string][]string{}
	for _, spec := range f.tables {
		name, path, ok := strings.Cut(spec, "=")
		name, path = strings.TrimSpace(name), strings.TrimSpace(path)
		if !ok || name == "" || path == "" {
			return nil, usageError{fmt.Errorf("--table %q: want NAME=PATH", spec)}
		}
		named[name] = append(named[name], path)
	}
	return load.Paths(f.data, load.Options{
		Strict: f.strict, Year: f.year, LoginPaths: f.loginPaths, Named: named,
	})
}

// addLoadFlags registers the input flags on cmd.
func addLoadFlags(cmd *cobra.Command, f *loadFlags) {
	fl := cmd.Flags()
	fl.StringArrayVarP(&f.tables, "table", "t", nil, "load `NAME=PATH` (CSV/JSON) as table NAME (repeatable)")
	fl.StringArrayVarP(&f.data, "data", "d", nil, "load every recognised log under `PATH` (file or folder; repeatable)")
	fl.BoolVar(&f.strict, "strict", false, "fail on the first bad input record instead of skipping it")
	fl.IntVar(&f.year, "year", 0, "`YEAR` of syslog lines, which carry none (default: the file's modification year)")
	fl.StringArrayVar(&f.loginPaths, "login-path", nil, "web login path `PATTERN` (glob; repeatable; default /login, /signin, /wp-login.php, ...)")
}
