package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// agreeCSV checks that two CSV outputs (with header rows) hold the same
// multiset of rows after normalizing datetimes (to RFC 3339 UTC) and
// numbers (integers exactly, reals to 6 significant digits). Column names
// are not compared: KQL and SQL name computed columns differently.
func agreeCSV(q, ref []byte) (string, error) {
	a, err := normalizedRows(q)
	if err != nil {
		return "", fmt.Errorf("quarry output: %w", err)
	}
	b, err := normalizedRows(ref)
	if err != nil {
		return "", fmt.Errorf("reference output: %w", err)
	}
	if len(a) == 0 && len(b) == 0 {
		return "", fmt.Errorf("both results are empty: nothing was checked")
	}
	return fmt.Sprintf("%d rows agree", len(a)), diffRows(a, b)
}

// normalizedRows parses CSV, drops the header and returns the rows as
// sorted normalized strings.
func normalizedRows(out []byte) ([]string, error) {
	r := csv.NewReader(bytes.NewReader(out))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("no header row")
	}
	rows := make([]string, 0, len(recs)-1)
	for _, rec := range recs[1:] {
		for i, c := range rec {
			rec[i] = normalizeCell(c)
		}
		rows = append(rows, strings.Join(rec, " | "))
	}
	sort.Strings(rows)
	return rows, nil
}

// timeLayouts are the datetime spellings of quarry, DuckDB and pandas.
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04:05.999999999"}

var looksLikeTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}`)

// normalizeCell gives equal values one spelling.
func normalizeCell(c string) string {
	c = strings.TrimSpace(c)
	if looksLikeTime.MatchString(c) {
		for _, l := range timeLayouts {
			if t, err := time.Parse(l, c); err == nil {
				return t.UTC().Format(time.RFC3339Nano)
			}
		}
	}
	if i, err := strconv.ParseInt(c, 10, 64); err == nil {
		return strconv.FormatInt(i, 10)
	}
	if f, err := strconv.ParseFloat(c, 64); err == nil {
		if f == math.Trunc(f) && math.Abs(f) < 1e15 {
			return strconv.FormatInt(int64(f), 10)
		}
		return strconv.FormatFloat(f, 'g', 6, 64)
	}
	return c
}

// diffRows compares two sorted row lists and describes the first
// differences.
func diffRows(a, b []string) error {
	onlyA, onlyB := setDiff(a, b), setDiff(b, a)
	if len(onlyA) == 0 && len(onlyB) == 0 {
		return nil
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "results disagree: quarry %d rows, reference %d rows; %d only in quarry, %d only in reference",
		len(a), len(b), len(onlyA), len(onlyB))
	for _, r := range head(onlyA, 5) {
		fmt.Fprintf(&sb, "\n  - quarry only:    %s", r)
	}
	for _, r := range head(onlyB, 5) {
		fmt.Fprintf(&sb, "\n  + reference only: %s", r)
	}
	return fmt.Errorf("%s", sb.String())
}

// setDiff returns the rows of a missing from b (as multisets; both sorted).
func setDiff(a, b []string) []string {
	var out []string
	j := 0
	for _, x := range a {
		for j < len(b) && b[j] < x {
			j++
		}
		if j < len(b) && b[j] == x {
			j++
			continue
		}
		out = append(out, x)
	}
	return out
}

func head(s []string, n int) []string {
	return s[:min(n, len(s))]
}

// f2bLines reads "Lines: N lines, I ignored, M matched, X missed".
var f2bLines = regexp.MustCompile(`Lines: (\d+) lines, (\d+) ignored, (\d+) matched`)

// agreeSSHD is a sanity check, not an equality: fail2ban counts lines that
// its sshd filter matches, quarry counts ASIM failure events by source, and
// the two definitions differ. Both must find failures, and quarry must not
// count more failures than the file has lines.
func agreeSSHD(q, ref []byte) (string, error) {
	rows, err := normalizedRows(q)
	if err != nil {
		return "", fmt.Errorf("quarry output: %w", err)
	}
	m := f2bLines.FindSubmatch(ref)
	if m == nil {
		return "", fmt.Errorf("fail2ban-regex printed no Lines: summary")
	}
	total, _ := strconv.Atoi(string(m[1]))
	matched, _ := strconv.Atoi(string(m[3]))
	failures := sumLastColumn(rows)
	note := fmt.Sprintf("quarry: %d failures from %d sources; fail2ban-regex: %d of %d lines matched its sshd filter",
		failures, len(rows), matched, total)
	switch {
	case matched == 0 || failures == 0:
		return note, fmt.Errorf("no failures found: %s", note)
	case failures > total:
		return note, fmt.Errorf("quarry counts more failures than the file has lines: %s", note)
	}
	return note, nil
}

func sumLastColumn(rows []string) int {
	n := 0
	for _, r := range rows {
		f := strings.Split(r, " | ")
		v, _ := strconv.Atoi(f[len(f)-1])
		n += v
	}
	return n
}
