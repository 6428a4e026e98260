package demo

import (
	"math/rand/v2"
	"time"
)

// exportBurst appends events totalling about perHour bytes in each of hours
// consecutive hours from start, split over three or four events per hour.
func exportBurst(r *rand.Rand, s *sink, pl *plan, user string, start time.Time, hours int, perHour float64) {
	for h := 0; h < hours; h++ {
		n := between(r, 3, 4)
		for k := 0; k < n; k++ {
			at := start.Add(time.Duration(h)*time.Hour + time.Duration(k)*time.Hour/time.Duration(n) + within(r, 10*time.Minute))
			s.transfers = append(s.transfers, transfer{at: at, user: user, bytes: int64(perHour * (0.85 + 0.3*r.Float64()) / float64(n))})
			pl.hit(at, "", user)
		}
	}
}

// insiderExport: an ordinary exporter (about 18 MB per event, most working
// hours) pulls about 30 times that per hour for four evening hours: far above
// their own baseline, far below the ETL accounts.
func (w *world) insiderExport(r *rand.Rand, s *sink) Campaign {
	pl := newPlan("C09-insider-bulk-export", KindBulkExport,
		"An ordinary employee exports about 30 times their normal hourly volume for four evening hours (about 540 MB per hour, split over 3-4 events); still far less than any ETL account. No source address: transfers.csv has none.",
		fileTransfer)
	exportBurst(r, s, pl, w.insider.user, w.at(3, 17*time.Hour+4*time.Minute), 4, 30*w.insider.median)
	return pl.done()
}

// vendorExport: a brand-new third-party service account whose very first
// transfers are about 12 GB per hour for three night hours.
func (w *world) vendorExport(r *rand.Rand, s *sink) Campaign {
	pl := newPlan("C10-vendor-bulk-export", KindBulkExport,
		"A third-party vendor service account never seen before exports about 12 GB per hour for three night hours: the breach's exfiltration path. A brand-new entity whose first transfers are huge.",
		fileTransfer)
	exportBurst(r, s, pl, "svc-vendor-nordlogix@"+w.domain, w.at(5, time.Hour+12*time.Minute), 3, 12*gb)
	return pl.done()
}
