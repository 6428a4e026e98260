// Package hunt replays analytic rules over log tables and turns their
// results into alerts: a rule runs at ticks every queryFrequency over
// [tick - queryPeriod, tick] with now() bound to the tick, result rows
// become alerts with entities, details and evidence, and alerts from
// overlapping windows are deduplicated.
//
// Every input table is loaded once, sorted by time, and each evaluation
// sees the rows of its window (table.go). The parts of a rule that filter
// and extend rows without depending on the tick are computed once per hunt
// (hunter.hoist, over kql.Prefix), so that the 24 overlapping one-day
// windows an hourly rule sees of each row cost one evaluation of that part,
// not 24.
package hunt
