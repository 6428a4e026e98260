package demo

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// Config sets the size and shape of the generated data. The zero value of a
// field means its default.
type Config struct {
	Seed      uint64
	Start     time.Time // first instant of the data (UTC)
	Days      int       // default 7; at least 7
	Employees int       // directory accounts, default 2000; at least 200
	Scale     float64   // multiplies background volume, default 1
}

// DefaultConfig returns the configuration of `quarry demo`: one week from
// Monday 2 November 2026, 2000 employees, seed 1.
func DefaultConfig() Config {
	return Config{Seed: 1, Start: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC), Days: 7, Employees: 2000, Scale: 1}
}

// normalized fills defaults and checks the limits the campaign plan needs.
func (c Config) normalized() (Config, error) {
	d := DefaultConfig()
	if c.Start.IsZero() {
		c.Start = d.Start
	}
	c.Start = c.Start.UTC()
	if c.Days == 0 {
		c.Days = d.Days
	}
	if c.Employees == 0 {
		c.Employees = d.Employees
	}
	if c.Scale == 0 {
		c.Scale = d.Scale
	}
	switch {
	case c.Days < 7:
		return c, errors.New("demo: Days must be at least 7 (the campaigns span a week)")
	case c.Employees < 200:
		return c, errors.New("demo: Employees must be at least 200")
	case c.Scale < 0:
		return c, errors.New("demo: Scale must not be negative")
	case c.End().Add(-time.Nanosecond).Year() != c.Start.Year():
		return c, errors.New("demo: the data must stay within one calendar year (syslog timestamps carry no year)")
	}
	return c, nil
}

// End returns the first instant after the data.
func (c Config) End() time.Time {
	return c.Start.AddDate(0, 0, c.Days)
}

// Labels is the ground truth of a generated folder, also written as
// labels.json.
type Labels struct {
	Seed           uint64      `json:"seed"`
	Start          time.Time   `json:"start"`
	End            time.Time   `json:"end"`
	TenantID       string      `json:"tenantId"`
	Domain         string      `json:"domain"`
	Employees      int         `json:"employees"`
	Campaigns      []Campaign  `json:"campaigns"`
	BenignSources  []Source    `json:"benignSources"`
	BenignAccounts []Account   `json:"benignAccounts"`
	NoiseSources   []string    `json:"noiseSources"`
	Files          []FileStats `json:"files"`
}

// Campaign is one planted attack. Sources are the attacking addresses (none
// for bulk exports: transfers.csv has no address); TargetedAccounts are the
// names tried (or, for bulk exports, the exporting account);
// CompromisedAccounts those with a successful attacker sign-in, each listed
// in Successes; Attempts counts attempted logins or export events.
type Campaign struct {
	ID                  string    `json:"id"`
	Kind                string    `json:"kind"`
	Start               time.Time `json:"start"`
	End                 time.Time `json:"end"`
	Sources             []string  `json:"sources"`
	TargetedAccounts    []string  `json:"targetedAccounts"`
	CompromisedAccounts []string  `json:"compromisedAccounts"`
	Successes           []Success `json:"successes"`
	Attempts            int       `json:"attempts"`
	Files               []string  `json:"files"`
	Notes               string    `json:"notes"`
}

// Campaign kinds.
const (
	KindPasswordSpray       = "password_spray"
	KindCredentialStuffing  = "credential_stuffing"
	KindDistributedStuffing = "distributed_credential_stuffing"
	KindBruteForce          = "brute_force"
	KindBulkExport          = "bulk_export"
)

// Names of the files Generate writes.
const (
	fileSignins  = "signinlogs.ndjson"
	fileAuth     = "auth.log"
	fileAccess   = "access.log"
	fileTransfer = "transfers.csv"
	fileLabels   = "labels.json"
)

// Success is one successful sign-in by the attacker: the row that makes an
// account compromised. For the shop login the account is the customer's
// e-mail, known to the shop but not written in access.log.
type Success struct {
	Time    time.Time `json:"time"`
	Source  string    `json:"source"`
	Account string    `json:"account"`
	File    string    `json:"file"`
}

// Source is a known-good network address. Files lists the files it may
// appear in (an office NAT shows up in auth.log only when an admin of that
// office logs in to the bastion).
type Source struct {
	IP    string   `json:"ip"`
	Kind  string   `json:"kind"` // nat, vpn, monitor, ci, crawler
	Name  string   `json:"name"`
	Files []string `json:"files"`
}

// Account is an account whose odd but benign behaviour a detection must not
// flag.
type Account struct {
	Account string `json:"account"`
	Reason  string `json:"reason"`
}

// FileStats describes one generated file.
type FileStats struct {
	Name    string `json:"name"`
	Records int    `json:"records"`
	Bytes   int64  `json:"bytes"`
}

// Generate writes all files into dir (created if missing) and returns the
// ground truth, which it also writes as labels.json.
func Generate(cfg Config, dir string) (*Labels, error) {
	cfg, err := cfg.normalized()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	w := newWorld(cfg)
	var s sink
	w.background(&s)
	lb := w.plant(&s)
	for _, f := range w.outputs(&s) {
		st, err := writeFile(filepath.Join(dir, f.name), f.write)
		if err != nil {
			return nil, err
		}
		st.Name = f.name
		lb.Files = append(lb.Files, st)
	}
	return lb, writeLabels(filepath.Join(dir, fileLabels), lb)
}

// output is one file and the function that writes its records.
type output struct {
	name  string
	write func(*bufio.Writer) (int, error)
}

func (w *world) outputs(s *sink) []output {
	s.sort(w.cfg.Start, w.cfg.End())
	return []output{
		{fileSignins, func(b *bufio.Writer) (int, error) { return writeSigninList(b, w.tenant, s.signins) }},
		{fileAuth, func(b *bufio.Writer) (int, error) { return writeSSH(b, s.ssh) }},
		{fileAccess, func(b *bufio.Writer) (int, error) { return writeWeb(b, s.web) }},
		{fileTransfer, func(b *bufio.Writer) (int, error) { return writeTransferList(b, s.transfers) }},
	}
}

// writeFile creates path and counts what write puts in it.
func writeFile(path string, write func(*bufio.Writer) (int, error)) (FileStats, error) {
	f, err := os.Create(path)
	if err != nil {
		return FileStats{}, err
	}
	cw := &countWriter{w: f}
	bw := bufio.NewWriterSize(cw, 1<<16)
	n, err := write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return FileStats{}, fmt.Errorf("demo: writing %s: %w", path, err)
	}
	return FileStats{Records: n, Bytes: cw.n}, nil
}

func writeLabels(path string, lb *Labels) error {
	b, err := json.MarshalIndent(lb, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
