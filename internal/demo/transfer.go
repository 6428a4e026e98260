package demo

import (
	"bufio"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"
)

// transfer is one export event of transfers.csv.
type transfer struct {
	at    time.Time
	user  string
	bytes int64
}

// exporter is an account that exports data: an ordinary employee (small
// volumes in working hours) or an ETL service account (huge volumes every
// hour, day and night).
type exporter struct {
	user     string
	cc       string
	median   float64 // bytes per event
	activity float64 // probability of an event in a working hour
	etl      bool
	firstDay int // first day with transfers (a new joiner starts late)
}

const (
	kb = 1 << 10
	mb = 1 << 20
	gb = 1 << 30
)

// etlAccounts and their hourly volumes.
var etlAccounts = []struct {
	name   string
	median float64
}{{"svc-etl-orders", 7 * gb}, {"svc-etl-inventory", 5 * gb}, {"svc-etl-crm", 9 * gb}}

// buildExporters picks one employee in six as an exporter, plus the ETL
// accounts; the first is the insider, the second a new joiner.
func (w *world) buildExporters(r *rand.Rand) {
	for _, e := range etlAccounts {
		w.exporters = append(w.exporters, &exporter{user: e.name + "@" + w.domain, cc: "DE", median: e.median, activity: 1, etl: true})
	}
	for _, p := range shuffled(r, w.people)[:w.cfg.Employees/6] {
		if p.disabled {
			continue
		}
		w.exporters = append(w.exporters, &exporter{user: p.upn, cc: p.cc, median: logNormal(r, 6*mb, 0.9), activity: 0.3 + 0.5*r.Float64()})
	}
	w.insider = w.exporters[len(etlAccounts)]
	w.insider.median, w.insider.activity = 18*mb, 0.7
	w.joiner = w.exporters[len(etlAccounts)+1]
	w.joiner.firstDay = w.cfg.Days - 5
}

// transferDay appends the ordinary export events of day d.
func (w *world) transferDay(r *rand.Rand, d int, out []transfer) []transfer {
	day := w.day(d)
	for _, e := range w.exporters {
		if d < e.firstDay {
			continue
		}
		if e.etl {
			out = etlDay(r, e, day, out)
			continue
		}
		if !workday(day) {
			continue
		}
		local := time.Duration(countries[e.cc].offset) * time.Hour
		for h := 8; h < 18; h++ {
			if chance(r, e.activity) {
				at := day.Add(time.Duration(h)*time.Hour - local + within(r, time.Hour))
				out = append(out, transfer{at: at, user: e.user, bytes: int64(logNormal(r, e.median, 0.45))})
			}
		}
	}
	return out
}

// etlDay is an hourly batch, a little larger at night.
func etlDay(r *rand.Rand, e *exporter, day time.Time, out []transfer) []transfer {
	for h := 0; h < 24; h++ {
		m := e.median
		if h < 5 {
			m *= 1.15
		}
		at := day.Add(time.Duration(h)*time.Hour + 5*time.Minute + within(r, 3*time.Minute))
		out = append(out, transfer{at: at, user: e.user, bytes: int64(logNormal(r, m, 0.08))})
	}
	return out
}

// transferBackground appends the ordinary export events of every day.
func (w *world) transferBackground(r *rand.Rand, out []transfer) []transfer {
	for d := 0; d < w.cfg.Days; d++ {
		out = w.transferDay(r, d, out)
	}
	return out
}

const transferHeader = "timestamp,user_id,bytes_transferred\n"

// writeTransferList writes the CSV header and rows.
func writeTransferList(w *bufio.Writer, rows []transfer) (int, error) {
	if _, err := w.WriteString(transferHeader); err != nil {
		return 0, err
	}
	return writeTransferRows(w, rows)
}

// writeTransferRows writes rows without a header.
func writeTransferRows(w *bufio.Writer, rows []transfer) (int, error) {
	var b []byte
	for i := range rows {
		b = rows[i].at.AppendFormat(b[:0], time.RFC3339)
		b = append(b, ',')
		b = append(b, rows[i].user...)
		b = append(b, ',')
		b = strconv.AppendInt(b, rows[i].bytes, 10)
		b = append(b, '\n')
		if _, err := w.Write(b); err != nil {
			return i, err
		}
	}
	return len(rows), nil
}

// WriteTransfers streams n rows of the transfer CSV
// `timestamp,user_id,bytes_transferred` (header first) with the background
// pattern of cfg: ordinary users and ETL accounts, no planted export. Past
// cfg.Days it keeps going day after day.
func WriteTransfers(w io.Writer, cfg Config, n int) error {
	cfg, err := cfg.normalized()
	if err != nil {
		return err
	}
	wd := newWorld(cfg)
	bw := bufio.NewWriterSize(w, 1<<16)
	if _, err := bw.WriteString(transferHeader); err != nil {
		return err
	}
	r := newRand(cfg.Seed, "transfer")
	var rows []transfer
	for d := 0; n > 0; d++ {
		rows = wd.transferDay(r, d, rows[:0])
		slices.SortStableFunc(rows, func(a, b transfer) int { return a.at.Compare(b.at) })
		rows = rows[:min(len(rows), n)]
		if _, err := writeTransferRows(bw, rows); err != nil {
			return err
		}
		n -= len(rows)
	}
	return bw.Flush()
}
