// Package hunt replays analytic rules over log tables and turns their
// results into alerts: a rule runs at ticks every queryFrequency over
// [tick - queryPeriod, tick] with now() bound to the tick, result rows
// become alerts with entities, details and evidence, and alerts from
// overlapping windows are deduplicated.
package hunt
