package triage

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"quarry/internal/column"
	"quarry/internal/table"
)

// Roles a watchlist can play in triage, derived from its alias.
const (
	RoleLeaked     = "leaked"     // identities exposed in a breach
	RolePrivileged = "privileged" // administrators, VIPs
	RoleService    = "service"    // service and vendor accounts, with approved access windows
)

// roleWords map alias keywords to roles, checked in order.
var roleWords = []struct{ role, words string }{
	{RoleLeaked, "leak breach pwn exposed compromis"},
	{RolePrivileged, "priv admin vip tier0 tier-0 executive"},
	{RoleService, "service svc vendor third partner"},
}

// Watchlist is one CSV file loaded as Sentinel loads it: an alias, a
// SearchKey column and rows of named string values.
type Watchlist struct {
	Alias     string
	Path      string
	Role      string // RoleLeaked, RolePrivileged, RoleService or ""
	SearchKey string // the column whose value is the row's SearchKey
	Columns   []string
	Rows      [][]string
	index     map[string]int // lower-cased search key -> row
}

// Watchlists are the loaded watchlists, looked up by triage.
type Watchlists struct {
	Lists []*Watchlist
}

// Hit is a watchlist row that names an entity.
type Hit struct {
	Alias string            `json:"watchlist"`
	Role  string            `json:"role,omitempty"`
	Row   map[string]string `json:"row"`
}

// Lookup returns the rows of every watchlist whose SearchKey equals key
// (case-insensitively), in watchlist order.
func (ws *Watchlists) Lookup(key string) []Hit {
	if ws == nil {
		return nil
	}
	var out []Hit
	k := strings.ToLower(strings.TrimSpace(key))
	for _, w := range ws.Lists {
		if i, ok := w.index[k]; ok {
			out = append(out, Hit{Alias: w.Alias, Role: w.Role, Row: w.row(i)})
		}
	}
	return out
}

// row returns row i as a column -> value map.
func (w *Watchlist) row(i int) map[string]string {
	m := make(map[string]string, len(w.Columns))
	for j, c := range w.Columns {
		m[c] = w.Rows[i][j]
	}
	return m
}

// WatchlistSpec names one watchlist to load: "PATH", "ALIAS=PATH" or
// "ALIAS=PATH#SearchKeyColumn". The alias defaults to the file name
// without extension; the search key to the first column. A directory
// loads every *.csv file in it.
type WatchlistSpec struct {
	Alias, Path, SearchKey string
}

// ParseWatchlistSpec parses a --watchlist argument.
func ParseWatchlistSpec(s string) WatchlistSpec {
	var sp WatchlistSpec
	if a, rest, ok := strings.Cut(s, "="); ok && a != "" && !strings.ContainsAny(a, `/\.`) {
		sp.Alias, s = a, rest
	}
	if p, key, ok := strings.Cut(s, "#"); ok {
		s, sp.SearchKey = p, key
	}
	sp.Path = s
	return sp
}

// LoadWatchlists loads watchlists (see [WatchlistSpec] for the argument
// form) and returns them as KQL tables named Watchlist_<alias>, the KQL
// functions to compile queries with (_GetWatchlist('alias'), as in
// Sentinel), and the lists for triage.
func LoadWatchlists(args ...string) ([]table.Table, map[string]string, *Watchlists, error) {
	ws := &Watchlists{}
	for _, arg := range args {
		lists, err := loadSpec(ParseWatchlistSpec(arg))
		if err != nil {
			return nil, nil, nil, err
		}
		ws.Lists = append(ws.Lists, lists...)
	}
	if err := ws.checkAliases(); err != nil {
		return nil, nil, nil, err
	}
	return ws.Tables(), ws.Functions(), ws, nil
}

// loadSpec loads one file, or every CSV file of a directory.
func loadSpec(sp WatchlistSpec) ([]*Watchlist, error) {
	st, err := os.Stat(sp.Path)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		w, err := loadFile(sp.Path, sp.Alias, sp.SearchKey)
		return []*Watchlist{w}, err
	}
	files, _ := filepath.Glob(filepath.Join(sp.Path, "*.csv"))
	sort.Strings(files)
	var out []*Watchlist
	for _, f := range files {
		w, err := loadFile(f, "", sp.SearchKey)
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, nil
}

func loadFile(path, alias, key string) (*Watchlist, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if alias == "" {
		alias = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}
	w, err := ParseWatchlist(alias, data, key)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	w.Path = path
	return w, nil
}

// ParseWatchlist reads a watchlist CSV (a header row, then one item per
// row). searchKey names the SearchKey column ("" means the first).
func ParseWatchlist(alias string, data []byte, searchKey string) (*Watchlist, error) {
	if !validAlias(alias) {
		return nil, fmt.Errorf("invalid watchlist alias %q (letters, digits, '_' and '-')", alias)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("watchlist %s: no header row", alias)
	}
	w := &Watchlist{Alias: alias, Role: roleOf(alias), Columns: trimAll(header), index: map[string]int{}}
	if err := w.setKey(searchKey); err != nil {
		return nil, err
	}
	return w, w.readRows(r)
}

// setKey resolves the SearchKey column.
func (w *Watchlist) setKey(name string) error {
	if len(w.Columns) == 0 || w.Columns[0] == "" {
		return fmt.Errorf("watchlist %s: empty header", w.Alias)
	}
	if name == "" {
		w.SearchKey = w.Columns[0]
		return nil
	}
	for _, c := range w.Columns {
		if strings.EqualFold(c, name) {
			w.SearchKey = c
			return nil
		}
	}
	return fmt.Errorf("watchlist %s: no column %q for the search key (has %s)", w.Alias, name, strings.Join(w.Columns, ", "))
}

// readRows reads the items; short rows are padded, long rows an error.
func (w *Watchlist) readRows(r *csv.Reader) error {
	key := indexOf(w.Columns, w.SearchKey)
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("watchlist %s: %v", w.Alias, err)
		}
		if len(rec) > len(w.Columns) {
			return fmt.Errorf("watchlist %s: line %d has %d fields, the header %d", w.Alias, line, len(rec), len(w.Columns))
		}
		rec = append(trimAll(rec), make([]string, len(w.Columns)-len(rec))...)
		if k := strings.ToLower(rec[key]); k != "" {
			if _, dup := w.index[k]; !dup {
				w.index[k] = len(w.Rows)
			}
		}
		w.Rows = append(w.Rows, rec)
	}
}

func validAlias(s string) bool {
	if s == "" || len(s) > 128 || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r == '-' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9')) {
			return false
		}
	}
	return true
}

// roleOf derives a watchlist's role from keywords in its alias.
func roleOf(alias string) string {
	a := strings.ToLower(alias)
	for _, rw := range roleWords {
		for _, w := range strings.Fields(rw.words) {
			if strings.Contains(a, w) {
				return rw.role
			}
		}
	}
	return ""
}

func (ws *Watchlists) checkAliases() error {
	seen := map[string]string{}
	for _, w := range ws.Lists {
		k := strings.ToLower(w.Alias)
		if p, dup := seen[k]; dup {
			return fmt.Errorf("watchlist alias %q used twice (%s and %s)", w.Alias, p, w.Path)
		}
		seen[k] = w.Path
	}
	return nil
}

// TableName is the KQL table a watchlist is loaded as.
func TableName(alias string) string { return "Watchlist_" + alias }

// Tables returns every watchlist as a KQL table with Sentinel's columns
// (_DTItemId, LastUpdatedTimeUTC, SearchKey, WatchlistItem) followed by the
// CSV's own columns, all strings.
func (ws *Watchlists) Tables() []table.Table {
	var out []table.Table
	for _, w := range ws.Lists {
		out = append(out, w.table())
	}
	return out
}

func (w *Watchlist) table() table.Table {
	schema := column.Schema{
		{Name: "_DTItemId", Type: column.String},
		{Name: "LastUpdatedTimeUTC", Type: column.DateTime},
		{Name: "SearchKey", Type: column.String},
		{Name: "WatchlistItem", Type: column.Dynamic},
	}
	var cols []int
	for i, c := range w.Columns {
		if c != "" && schema.Index(c) < 0 {
			schema = append(schema, column.Field{Name: c, Type: column.String})
			cols = append(cols, i)
		}
	}
	b := column.NewBatch(schema, len(w.Rows))
	key := indexOf(w.Columns, w.SearchKey)
	for i, rec := range w.Rows {
		item := map[string]any{}
		for j, c := range w.Columns {
			item[c] = rec[j]
		}
		row := []column.Value{column.StringValue(w.Alias + "-" + strconv.Itoa(i+1)), column.NullOf(column.DateTime),
			column.StringValue(rec[key]), column.DynamicValue(item)}
		for _, j := range cols {
			row = append(row, column.StringValue(rec[j]))
		}
		b.AppendRow(row)
	}
	return table.NewMemory(TableName(w.Alias), schema, b)
}

// Functions returns the KQL functions to compile queries with:
// _GetWatchlist(watchlistAlias) returns the rows of the named watchlist.
// (It is a union of the watchlist tables filtered on the alias, so its
// columns are those of every loaded watchlist.) Empty without watchlists.
func (ws *Watchlists) Functions() map[string]string {
	if ws == nil || len(ws.Lists) == 0 {
		return map[string]string{}
	}
	parts := make([]string, len(ws.Lists))
	for i, w := range ws.Lists {
		parts[i] = fmt.Sprintf("(table(%s) | where watchlistAlias =~ %s)", strconv.Quote(TableName(w.Alias)), strconv.Quote(w.Alias))
	}
	return map[string]string{"_GetWatchlist": "(watchlistAlias:string) { union " + strings.Join(parts, ", ") + " }"}
}

func trimAll(l []string) []string {
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = strings.TrimSpace(s)
	}
	return out
}

func indexOf(l []string, s string) int {
	for i, x := range l {
		if x == s {
			return i
		}
	}
	return 0
}
