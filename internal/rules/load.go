package rules

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/goccy/go-yaml"
)

//go:embed builtin/*.yaml
var builtinFS embed.FS

// Builtin returns quarry's built-in rules, parsed and validated. A broken
// built-in rule is a bug caught by the tests.
func Builtin() ([]*Rule, error) {
	return loadFS(builtinFS, "builtin", "builtin:")
}

// LoadDir loads every .yaml/.yml file under dir (recursively).
func LoadDir(dir string) ([]*Rule, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, err
	}
	return loadFS(os.DirFS(dir), ".", dir+string(filepath.Separator))
}

func loadFS(fsys fs.FS, root, prefix string) ([]*Rule, error) {
	var out []*Rule
	var problems []string
	err := fs.WalkDir(fsys, root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !isYAML(path) {
			return err
		}
		data, err := fs.ReadFile(fsys, path)
		if err != nil {
			return err
		}
		name := prefix + strings.TrimPrefix(path, root+"/")
		if root == "." {
			name = prefix + path
		}
		r, errs := Parse(data, name)
		problems = append(problems, errs...)
		if r != nil {
			out = append(out, r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(problems) > 0 {
		return out, fmt.Errorf("invalid rules:\n  %s", strings.Join(problems, "\n  "))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func isYAML(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".yaml" || ext == ".yml"
}

// Parse decodes and validates one rule file; source names it in messages.
// It returns the rule (nil when it cannot be decoded) and every problem
// found, each prefixed with source.
func Parse(data []byte, source string) (*Rule, []string) {
	var r Rule
	if err := yaml.Unmarshal(data, &r); err != nil {
		return nil, []string{fmt.Sprintf("%s: %s", source, oneLine(yaml.FormatError(err, false, true)))}
	}
	r.Source = source
	var problems []string
	for _, p := range r.Validate() {
		problems = append(problems, fmt.Sprintf("%s: %s", source, p))
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return &r, nil
}

// oneLine keeps the first line of a multi-line YAML error plus its position.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
