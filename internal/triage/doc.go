// Package triage turns alerts into a few incidents an analyst can act on.
//
// [Build] runs the pipeline, modelled on Alertmanager and Sentinel incident
// grouping: deduplicate alerts of the same rule on the same entities in
// overlapping windows; drop or strip what an [Allowlist] allows and what a
// rule's suppression window mutes; inhibit per-source and per-account
// alerts that a campaign-level alert explains (they become its evidence);
// group the rest into incidents by shared entities within a lookback,
// honouring each rule's incidentConfiguration and correlating across rules
// (a spray, the takeovers from its address and the campaign's other sources
// form one incident); then score each incident with its reasons spelled
// out, using [Watchlists] (leaked identities, privileged accounts, vendor
// service accounts and their approved access windows).
//
// Nothing here reads the wall clock: [Options.Now] is the time against
// which allowlist expiry is judged.
package triage
