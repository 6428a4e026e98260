// Package check is the semantic checker of quarry's KQL engine. It walks a
// parsed query (package syntax), resolves every name — tables from the
// catalog, let bindings, user functions, columns, scalar functions and
// aggregates (package funcs) — infers the KQL type of every expression,
// applies Kusto's default output column names, and produces a typed,
// resolved logical tree (Node and Expr) that the planner rewrites and the
// executor runs. Execution never meets an unknown name.
//
// Errors are positioned, lower-case, carry "did you mean" suggestions for
// unknown names, and checking keeps going after the first one so that a
// query reports all of its errors at once.
//
// Column references in the resolved tree are by name: KQL schemas have
// unique column names, and name-based references let the planner prune
// columns without renumbering.
//
// A tabular let referenced more than once with a deterministic, aggregated
// value is wrapped in a Materialize (Let names it) so that one run
// evaluates it once; Check makes a second pass to do so (letcache.go).
package check
