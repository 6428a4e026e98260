package kql

import (
	"context"
	"fmt"
	"time"

	"quarry/internal/column"
	"quarry/internal/kql/exec"
	"quarry/internal/kql/plan"
	"quarry/internal/table"
)

// HoistTime is the column of a Prefix's result that holds the time of the
// table row each result row comes from.
const HoistTime = plan.HoistTime

// A Prefix is the part of a program that reads one table through row-wise
// operators whose result does not depend on the run (plan.Chain): a caller
// that runs the program many times over windows of the same table can
// compute it once over the whole table (Evaluate), window the result by its
// HoistTime column, and run WithPrefixes' program over it instead.
type Prefix struct{ chain *plan.Chain }

// Table returns the table the prefix reads.
func (x *Prefix) Table() table.Table { return x.chain.Source }

// Evaluate computes the prefix over the whole table, on one worker (rows
// keep the table's order), and returns its schema and its rows as the
// batches the operators produced (not copied into one).
func (x *Prefix) Evaluate(ctx context.Context) (schema column.Schema, parts []*column.Batch, err error) {
	defer func() {
		if r := recover(); r != nil {
			parts, err = nil, fmt.Errorf("internal error while evaluating the part of the query over %s: %v", x.chain.Source.Name(), r)
		}
	}()
	// now() is never read: the prefix is independent of the run.
	parts, err = exec.RunParts(ctx, &plan.Plan{Root: x.chain.Eval}, exec.Options{Now: time.Unix(0, 0).UTC(), Workers: 1})
	if err != nil {
		return nil, nil, fmt.Errorf("evaluating the part of the query over %s: %w", x.chain.Source.Name(), err)
	}
	return x.chain.Eval.Schema(), parts, nil
}

// Prefixes returns the prefixes of p over tables accepted by accept whose
// time column is timeCol.
func (p *Program) Prefixes(timeCol string, accept func(table.Table) bool) []*Prefix {
	var out []*Prefix
	for _, c := range plan.FindChains(p.plan.Root, timeCol, accept) {
		out = append(out, &Prefix{chain: c})
	}
	return out
}

// WithPrefixes returns a program that reads each prefix's result from the
// table given for it (Evaluate's rows, seen through whatever window the
// caller's table applies) instead of computing it.
func (p *Program) WithPrefixes(results map[*Prefix]table.Table) *Program {
	with := make(map[*plan.Chain]table.Table, len(results))
	for x, t := range results {
		with[x.chain] = t
	}
	return &Program{plan: &plan.Plan{Root: plan.Replace(p.plan.Root, with), Render: p.plan.Render}}
}
