package load

import (
	"context"
	"sort"
	"sync"

	"quarry/internal/column"
	"quarry/internal/normalize"
	"quarry/internal/table"
)

// Names of the normalized views. The authentication rows live in a table
// whose name starts with an underscore; users call imAuthentication (or
// ASimAuthentication, _Im_Authentication), a KQL function over it that
// takes ASIM's filtering parameters.
const (
	authRows     = "_ASim_AuthenticationRows"
	transferView = normalize.TransferTable
)

// authFunction is the body of imAuthentication: ASIM's filtering parameters
// (starttime, endtime, targetusername_has) over the normalized rows.
// targetusername_has uses has, as ASIM's parsers do; "*" disables it.
const authFunction = `(starttime:datetime=datetime(null), endtime:datetime=datetime(null), targetusername_has:string="*") {
    ` + authRows + `
    | where (isnull(starttime) or TimeGenerated >= starttime)
        and (isnull(endtime) or TimeGenerated <= endtime)
        and (targetusername_has == "*" or TargetUsername has targetusername_has)
}`

// viewFunctions returns the KQL functions that expose the views.
func viewFunctions() map[string]string {
	return map[string]string{
		"imAuthentication":     authFunction,
		"ASimAuthentication":   authFunction,
		"_Im_Authentication":   authFunction,
		"_ASim_Authentication": authFunction,
	}
}

// addViews adds the normalized views over the source tables in sources.
// They are computed on first scan, so a query that does not use them pays
// nothing, and only with the columns scans request.
func addViews(cat *table.Set, sources table.Catalog) {
	cat.Add(newLazy(authRows, sources, normalize.AuthenticationColumns))
	cat.Add(newLazy(transferView, sources, normalize.DataTransferColumns))
}

// buildFunc computes a view's columns cols (nil: all) from the tables of
// sources.
type buildFunc func(ctx context.Context, sources table.Catalog, cols []string) (*table.Memory, error)

// lazy is a table computed from other tables when it is scanned, with
// only the columns scans ask for: build(ctx, sources, cols) computes the
// view's columns cols (nil: all) from the sources, the same rows whatever
// cols. It is a table.Derived: BuildWith builds it from stand-ins for
// its sources, bypassing the cache.
//
// The cache holds one build. A scan whose columns it covers reuses it; a
// scan that needs more columns builds the union of the cached columns and
// its own, which replaces the cache. The union rather than one build per
// column set: a query or a hunt scans a view once or a few times, mostly
// for the same or nested column sets, so one build that grows keeps the
// memory of one view at most, and later scans of any subset are free;
// per-set caches would hold several copies of the common columns.
type lazy struct {
	name    string
	schema  column.Schema
	sources table.Catalog
	build   buildFunc

	mu   sync.Mutex
	t    *table.Memory   // nil until built
	have map[string]bool // the columns of t; nil with t nil, or all
	all  bool            // t has every column
}

// newLazy returns the view called name that build computes from sources.
func newLazy(name string, sources table.Catalog, build buildFunc) *lazy {
	return &lazy{name: name, sources: sources, build: build}
}

var _ table.Derived = (*lazy)(nil)

// BuildWith computes the view's columns cols (nil: all) from with(t) for
// every source table t, without touching the cache.
func (v *lazy) BuildWith(ctx context.Context, with func(table.Table) table.Table, cols []string) (table.Table, error) {
	sources := table.NewSet()
	for _, n := range v.sources.Names() {
		t, _ := v.sources.Lookup(n)
		sources.Add(with(t))
	}
	t, err := v.build(ctx, sources, cols)
	if err != nil {
		return nil, err // not a nil *table.Memory in a non-nil table.Table
	}
	return t, nil
}

// Name returns the view name.
func (v *lazy) Name() string { return v.name }

// Schema returns the view's columns (fixed; independent of the data).
func (v *lazy) Schema() column.Schema {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.schema == nil {
		v.schema = emptySchema(v.name)
	}
	return v.schema
}

// Scan computes the view's requested columns, unless a previous scan's
// build covers them, and scans the result.
func (v *lazy) Scan(ctx context.Context, req table.ScanRequest, emit func(int, *column.Batch) error) error {
	t, err := v.table(ctx, req.Columns)
	if err != nil {
		return err
	}
	if req.Columns == nil {
		req.Columns = v.Schema().Names() // t may have them in any order
	}
	if req.Transient {
		v.forget(t)
	}
	return t.Scan(ctx, req, emit)
}

// forget drops the cached build t (the caller keeps the rows it scans).
func (v *lazy) forget(t *table.Memory) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.t == t {
		v.t, v.all, v.have = nil, false, nil
	}
}

// table returns a build with at least cols (nil: all columns).
func (v *lazy) table(ctx context.Context, cols []string) (*table.Memory, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.t != nil && v.covers(cols) {
		return v.t, nil
	}
	var union []string
	if cols != nil && !v.all {
		set := map[string]bool{}
		for c := range v.have {
			set[c] = true
		}
		for _, c := range cols {
			set[c] = true
		}
		union = make([]string, 0, len(set))
		for c := range set {
			union = append(union, c)
		}
		sort.Strings(union)
	}
	t, err := v.build(ctx, v.sources, union)
	if err != nil {
		return nil, err // the cache keeps the previous build, if any
	}
	v.t, v.all, v.have = t, union == nil, map[string]bool{}
	for _, c := range union {
		v.have[c] = true
	}
	return t, nil
}

// covers reports whether the cached build has every column of cols.
func (v *lazy) covers(cols []string) bool {
	if v.all {
		return true
	}
	if cols == nil {
		return false
	}
	for _, c := range cols {
		if !v.have[c] {
			return false
		}
	}
	return true
}

// emptySchema returns a view's schema by building it from no sources.
func emptySchema(name string) column.Schema {
	empty := table.NewSet()
	var t *table.Memory
	if name == transferView {
		t, _ = normalize.DataTransfer(empty)
	} else {
		t, _ = normalize.Authentication(empty)
	}
	if t == nil {
		return nil
	}
	return t.Schema()
}
