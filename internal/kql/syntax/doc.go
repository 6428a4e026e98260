// Package syntax is the KQL front end of quarry: tokens, a hand-written
// lexer, a recursive-descent parser that builds a positioned abstract syntax
// tree, a canonical printer, and positioned error lists.
//
// The entry points are Parse (a whole query with its let/set/declare
// statements), ParseExpr (a single scalar expression) and Format (canonical
// KQL text). Parsing never stops at the first error: the parser recovers at
// the next '|' or ';', keeps going, and returns the partial tree together
// with an ErrorList sorted by position.
//
// The printer is round-trip safe: for every query q that parses,
// Parse(Format(q)) succeeds, yields the same tree modulo positions, and
// formats to the same text.
//
// The package imports nothing from quarry; later stages (name resolution,
// type checking, planning) walk the tree defined in ast.go.
package syntax
