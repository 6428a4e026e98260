// Package kql is quarry's KQL engine facade: Compile parses and checks a
// query against a table catalog, and Program.Run executes it. The engine
// itself lives in the sub-packages syntax (parser), check (name resolution
// and types), plan (rewrites) and exec (vectorized execution).
package kql

import (
	"context"
	"fmt"
	"sort"
	"time"

	"quarry/internal/column"
	"quarry/internal/kql/check"
	"quarry/internal/kql/exec"
	"quarry/internal/kql/plan"
	"quarry/internal/kql/syntax"
	"quarry/internal/table"
)

// Options configure one run of a program.
type Options struct {
	Now       time.Time                   // value of now()/ago(); required
	Workers   int                         // parallelism; <= 0 means runtime.NumCPU()
	BadRecord func(table.BadRecord) error // forwarded to table scans
}

// Env extends the language for one compilation.
type Env struct {
	// Functions are extra named functions written in KQL, visible to the
	// query as if defined by let statements before it. A value is either a
	// function definition "(params) { body }" (tabular or scalar), or a
	// tabular expression (a parameterless view).
	Functions map[string]string
}

// Program is a compiled query, safe to run many times and concurrently.
type Program struct {
	plan *plan.Plan
}

// Result is the outcome of a run.
type Result struct {
	Schema column.Schema
	Batch  *column.Batch // all result rows, in result order
	Render *RenderHint   // from a trailing render operator; nil if none
}

// RenderHint is the visualisation requested by a trailing render operator:
// the chart type and its with(...) properties as text.
type RenderHint struct {
	Chart string
	With  map[string]string
}

// Compile parses and checks src against cat (nil means no tables). The
// error is a syntax.ErrorList of positioned errors.
func Compile(src string, cat table.Catalog) (*Program, error) {
	return CompileWith(src, cat, Env{})
}

// CompileWith is Compile with extra functions.
func CompileWith(src string, cat table.Catalog, env Env) (p *Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, internalError(fmt.Sprintf("internal error while compiling: %v", r))
		}
	}()
	prelude, err := parseFunctions(env.Functions)
	if err != nil {
		return nil, err
	}
	q, err := syntax.Parse(src)
	if err != nil {
		return nil, err
	}
	checked, err := check.Check(q, src, cat, prelude)
	if err != nil {
		return nil, err
	}
	return &Program{plan: plan.Build(checked)}, nil
}

// internalError wraps a message as a one-element error list at offset 0.
func internalError(msg string) error {
	return syntax.ErrorList{&syntax.Error{Pos: 0, Line: 1, Col: 1, Msg: msg}}
}

// parseFunctions parses the definitions of Env.Functions, in name order.
func parseFunctions(defs map[string]string) ([]*syntax.LetStmt, error) {
	names := make([]string, 0, len(defs))
	for n := range defs {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []*syntax.LetStmt
	for _, name := range names {
		src := "let " + name + " = " + defs[name] + ";"
		q, err := syntax.Parse(src)
		if err != nil {
			return nil, fmt.Errorf("function %s: %w", name, err)
		}
		for _, st := range q.Stmts {
			if l, ok := st.(*syntax.LetStmt); ok {
				out = append(out, l)
			}
		}
	}
	return out, nil
}

// Schema returns the result columns.
func (p *Program) Schema() column.Schema { return p.plan.Schema() }

// Run executes the program.
func (p *Program) Run(ctx context.Context, opt Options) (res *Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("internal error while running the query: %v", r)
		}
	}()
	b, err := exec.Run(ctx, p.plan, exec.Options{Now: opt.Now, Workers: opt.Workers, BadRecord: opt.BadRecord})
	if err != nil {
		return nil, err
	}
	res = &Result{Schema: p.Schema(), Batch: b}
	if r := p.plan.Render; r != nil {
		res.Render = &RenderHint{Chart: r.Chart, With: r.With}
	}
	return res, nil
}
