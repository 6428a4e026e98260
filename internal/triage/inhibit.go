package triage

// inhibit finds, for every item, the campaign-level item that explains it
// (Alertmanager's inhibition: the cause mutes its symptoms), or -1. An
// item is campaign-level when it names at least opts.CampaignSources
// sources. It explains a failure-only identity alert that overlaps it in
// time (within DedupGap) and whose sources are a strict subset of its own
// (or, for an alert without sources, whose accounts are a subset of its
// accounts). Alerts that show a success are never inhibited. Causes are
// followed to the top, so every symptom points at a raised alert.
func inhibit(its []*item, opts Options) []int {
	causes := make([]int, len(its))
	var camps []int
	for i, it := range its {
		causes[i] = -1
		if len(it.ips) >= opts.CampaignSources && isIdentityAttack(it.alert.Classification) {
			camps = append(camps, i)
		}
	}
	for i, it := range its {
		if !inhibitable(it) {
			continue
		}
		for _, c := range camps {
			if c != i && explains(its[c], it, opts) && (causes[i] < 0 || len(its[c].ips) > len(its[causes[i]].ips)) {
				causes[i] = c
			}
		}
	}
	for i := range causes {
		for causes[i] >= 0 && causes[causes[i]] >= 0 {
			causes[i] = causes[causes[i]]
		}
	}
	return causes
}

// inhibitable reports whether an alert may be muted: a failure-only
// identity alert.
func inhibitable(it *item) bool {
	return isIdentityAttack(it.alert.Classification) && it.alert.Classification != ClassTakeover &&
		it.counts.Successes == 0 && len(it.compromised) == 0
}

// explains reports whether campaign alert c explains alert s.
func explains(c, s *item, opts Options) bool {
	cs, ce := c.window()
	ss, se := s.window()
	if ss.After(ce.Add(opts.DedupGap)) || se.Before(cs.Add(-opts.DedupGap)) {
		return false
	}
	if len(s.ips) > 0 {
		return len(s.ips) < len(c.ips) && subset(s.ips, c.ips)
	}
	return subset(s.accounts, c.accounts)
}
