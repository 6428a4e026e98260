package check

import (
	"quarry/internal/kql/syntax"
)

// binding is what a let statement, a function parameter or a query
// parameter binds a name to: a scalar expression, a table, or a function.
type binding struct {
	expr Expr            // scalar value
	tab  *tab            // tabular value
	fn   *syntax.FuncDef // user function
	env  *scope          // scope the function was defined in
	name string          // function name (for messages)
	// rowDep is set for a function argument that reads columns of the
	// calling row: 1 + the sub-query depth it was bound at.
	rowDep int
	// let is the statement that bound a tabular value (nil for table
	// parameters and functions); its references are counted (letcache.go).
	let *syntax.LetStmt
}

// scope is one level of name bindings; lookups walk to the parents.
type scope struct {
	parent *scope
	names  map[string]*binding
}

func newScope(parent *scope) *scope {
	return &scope{parent: parent, names: map[string]*binding{}}
}

// bind adds or replaces a name in this scope.
func (s *scope) bind(name string, b *binding) { s.names[name] = b }

// lookup finds the innermost binding of name.
func (s *scope) lookup(name string) *binding {
	for ; s != nil; s = s.parent {
		if b, ok := s.names[name]; ok {
			return b
		}
	}
	return nil
}

// all returns every visible name (for suggestions).
func (s *scope) all(keep func(*binding) bool) []string {
	var out []string
	for ; s != nil; s = s.parent {
		for n, b := range s.names {
			if keep(b) {
				out = append(out, n)
			}
		}
	}
	return out
}
