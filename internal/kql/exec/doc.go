// Package exec runs a logical plan (package plan) over column batches.
//
// Execution is push-based and vectorized. Every operator is compiled once
// per run into an operator whose run method pushes output batches into a
// sink. Sources (table scans) call the sink from several workers at once;
// the streaming operators (where, extend/project, parse, mv-expand) run
// inside the calling worker on each batch as it is decoded, so a filter
// right after a scan never materializes the table. Blocking operators
// (summarize, sort, top, join, distinct, window projections) keep per-worker
// state indexed by the worker number and merge it at the end (summarize
// merges partial aggregates with Accumulator.Merge); they emit from worker 0.
//
// Expressions are compiled into evaluators that produce a whole vector per
// batch. Fast paths over typed vectors without boxing live in expr_fast.go:
// column-versus-constant comparisons on long/int/real/datetime/timespan,
// string equality, =~, in/!in against constant sets, and/or/not on bool
// vectors, and bin() on datetime/long. Every other function falls back to a
// per-row call of funcs.Scalar.Eval over boxed values (expr_eval.go).
//
// Group keys are encoded into compact byte strings for hash aggregation
// (op_summarize.go); memory grows with the number of groups, not the input.
package exec
