// Package funcs holds KQL's scalar functions, operators and aggregates.
// Signatures are data: each entry says how to type-check a call (Check) and,
// in the same entry, how to evaluate it (Eval or New). The checker reads
// Check; the executor calls Eval/New; a test checks every entry has both.
package funcs

import (
	"fmt"
	"strings"
	"time"

	"quarry/internal/column"
)

// Context carries per-query state a function may read.
type Context struct {
	Now time.Time // value of now(), fixed for one query run
}

// Arg describes one argument at check time.
type Arg struct {
	Type  column.Type
	Const *column.Value // the value when the argument is a constant, else nil
	Name  string        // the column the argument refers to, if it is (or wraps) exactly one column; "" otherwise
}

// Scalar is a scalar function or operator.
type Scalar struct {
	Name string
	// Check validates argument count and types and returns the result type.
	// Errors are lower-case messages without position (the checker adds it).
	Check func(args []Arg) (column.Type, error)
	// Eval computes the function for one row. The args have the types that
	// Check accepted (constants are passed on every row). Errors are
	// reserved for conditions Kusto reports as query errors.
	Eval func(ctx *Context, args []column.Value) (column.Value, error)
}

// Aggregate is an aggregation function usable in summarize.
type Aggregate struct {
	Name string
	// Outputs validates the arguments and returns the output columns, with
	// Kusto's default names (count() -> count_, dcount(X) -> dcount_X,
	// percentiles(X, 50, 95) -> percentile_X_50, percentile_X_95 ...).
	Outputs func(args []Arg) ([]column.Field, error)
	// New returns an empty accumulator for one group.
	New func(args []Arg) Accumulator
}

// Accumulator folds the rows of one group.
type Accumulator interface {
	// Add folds one row's argument values.
	Add(args []column.Value)
	// Merge folds another accumulator of the same aggregate and arguments
	// (used to combine per-worker partial results).
	Merge(other Accumulator)
	// Result returns one value per output column. The slice (and the
	// arrays of dynamic results) may be the accumulator's own storage:
	// the caller reads the values once, after the last Add or Merge, and
	// does not modify them.
	Result() []column.Value
}

// Saturable is an Accumulator that can stop taking values: once Full
// reports true, Add ignores every further row (a make_list or make_set
// holding its maximum size). The engine then need not compute the rows'
// arguments (exec's summarizeOp.foldSaturable).
type Saturable interface {
	Accumulator
	Full() bool
}

var (
	scalars    = map[string]*Scalar{}
	aggregates = map[string]*Aggregate{}
)

// registerScalar adds s under its name and aliases; called from init
// functions of the family files.
func registerScalar(s *Scalar, aliases ...string) {
	scalars[strings.ToLower(s.Name)] = s
	for _, a := range aliases {
		scalars[strings.ToLower(a)] = s
	}
}

// registerAggregate adds a under its name and aliases.
func registerAggregate(a *Aggregate, aliases ...string) {
	aggregates[strings.ToLower(a.Name)] = a
	for _, al := range aliases {
		aggregates[strings.ToLower(al)] = a
	}
}

// LookupScalar finds a scalar function or operator by name. Operators are
// registered under their KQL spelling ("==", "has", "!in~", "between", ...).
func LookupScalar(name string) (*Scalar, bool) {
	s, ok := scalars[strings.ToLower(name)]
	return s, ok
}

// LookupAggregate finds an aggregate by name.
func LookupAggregate(name string) (*Aggregate, bool) {
	a, ok := aggregates[strings.ToLower(name)]
	return a, ok
}

// ScalarNames returns every registered scalar name (for suggestions).
func ScalarNames() []string { return keys(scalars) }

// AggregateNames returns every registered aggregate name.
func AggregateNames() []string { return keys(aggregates) }

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// kind is a set of argument types a parameter accepts.
type kind uint32

// Parameter kinds. kAny accepts every scalar; kStr accepts every scalar too
// (string functions stringify their input, as Kusto does), but documents
// intent. kOpt marks an optional parameter; kRest repeats the last one.
const (
	kBool kind = 1 << iota
	kInt
	kLong
	kReal
	kDec
	kString
	kDate
	kSpan
	kDyn
	kGUID
	kOpt
	kRest

	kNum  = kInt | kLong | kReal | kDec | kDyn
	kInts = kInt | kLong | kDyn
	kAny  = kBool | kNum | kString | kDate | kSpan | kDyn | kGUID
	kStr  = kAny
	kTime = kDate | kDyn | kString
	kTS   = kSpan | kDyn | kString
	kArr  = kDyn | kString
)

func typeKind(t column.Type) kind {
	switch t {
	case column.Bool:
		return kBool
	case column.Int:
		return kInt
	case column.Long:
		return kLong
	case column.Real:
		return kReal
	case column.Decimal:
		return kDec
	case column.String:
		return kString
	case column.DateTime:
		return kDate
	case column.TimeSpan:
		return kSpan
	case column.Dynamic:
		return kDyn
	case column.GUID:
		return kGUID
	}
	return kAny // Invalid: unknown at check time, accept
}

func kindName(k kind) string {
	switch k &^ (kOpt | kRest) {
	case kNum:
		return "a number"
	case kInts:
		return "an integer"
	case kTime:
		return "a datetime"
	case kTS:
		return "a timespan"
	case kArr:
		return "a dynamic array"
	case kBool, kBool | kDyn:
		return "a bool"
	case kDyn:
		return "a dynamic value"
	case kString:
		return "a string"
	}
	return "a scalar"
}

// arityError formats Kusto-style arity errors.
func arityError(name string, min, max, got int) error {
	switch {
	case max < 0:
		return fmt.Errorf("function '%s' expects at least %d argument%s, got %d", name, min, plural(min), got)
	case min == max:
		return fmt.Errorf("function '%s' expects %d argument%s, got %d", name, min, plural(min), got)
	case max == min+1:
		return fmt.Errorf("function '%s' expects %d or %d arguments, got %d", name, min, max, got)
	}
	return fmt.Errorf("function '%s' expects between %d and %d arguments, got %d", name, min, max, got)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// checkArgs validates args against the parameter kinds of a signature.
func checkArgs(name string, args []Arg, params []kind) error {
	min, max := 0, len(params)
	for _, p := range params {
		if p&kOpt == 0 && p&kRest == 0 {
			min++
		}
		if p&kRest != 0 {
			max = -1
		}
	}
	if len(args) < min || (max >= 0 && len(args) > max) {
		return arityError(name, min, max, len(args))
	}
	for i, a := range args {
		p := params[len(params)-1]
		if i < len(params) {
			p = params[i]
		}
		if typeKind(a.Type)&p == 0 {
			return fmt.Errorf("function '%s' expects %s as argument %d, got %s", name, kindName(p), i+1, a.Type)
		}
	}
	return nil
}

// sig returns a Check that validates params and always yields ret.
func sig(name string, ret column.Type, params ...kind) func([]Arg) (column.Type, error) {
	return func(args []Arg) (column.Type, error) {
		if err := checkArgs(name, args, params); err != nil {
			return column.Invalid, err
		}
		return ret, nil
	}
}

// sigFn returns a Check that validates params and computes the result type.
func sigFn(name string, ret func([]Arg) column.Type, params ...kind) func([]Arg) (column.Type, error) {
	return func(args []Arg) (column.Type, error) {
		if err := checkArgs(name, args, params); err != nil {
			return column.Invalid, err
		}
		return ret(args), nil
	}
}

// scalar registers a function with a fixed signature.
func scalar(name string, ret column.Type, eval func(*Context, []column.Value) (column.Value, error), params ...kind) *Scalar {
	return &Scalar{Name: name, Check: sig(name, ret, params...), Eval: eval}
}

// pure adapts an error-free row function to Eval.
func pure(f func([]column.Value) column.Value) func(*Context, []column.Value) (column.Value, error) {
	return func(_ *Context, a []column.Value) (column.Value, error) { return f(a), nil }
}
