package load

import (
	"context"
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
// nothing.
func addViews(cat *table.Set, sources table.Catalog) {
	cat.Add(newLazy(authRows, func(ctx context.Context) (*table.Memory, error) {
		return normalize.AuthenticationContext(ctx, sources)
	}))
	cat.Add(newLazy(transferView, func(ctx context.Context) (*table.Memory, error) {
		return normalize.DataTransferContext(ctx, sources)
	}))
}

// lazy is a table computed from other tables on its first scan.
type lazy struct {
	name   string
	schema column.Schema
	build  func(context.Context) (*table.Memory, error)
	once   sync.Once
	t      *table.Memory
	err    error
}

// newLazy learns the view's schema by building it over an empty catalog.
func newLazy(name string, build func(context.Context) (*table.Memory, error)) *lazy {
	return &lazy{name: name, build: build}
}

// Name returns the view name.
func (v *lazy) Name() string { return v.name }

// Schema returns the view's columns (fixed; independent of the data).
func (v *lazy) Schema() column.Schema {
	if v.schema == nil {
		v.schema = emptySchema(v.name)
	}
	return v.schema
}

// Scan computes the view once and scans the result.
func (v *lazy) Scan(ctx context.Context, req table.ScanRequest, emit func(int, *column.Batch) error) error {
	v.once.Do(func() { v.t, v.err = v.build(ctx) })
	if v.err != nil {
		return v.err
	}
	return v.t.Scan(ctx, req, emit)
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
