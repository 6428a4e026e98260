package syntax

import (
	"strings"
	"time"
)

// Span is the byte range [Pos, EndPos) of a node in the source text. Offsets
// are 0-based byte offsets. Every node embeds a Span.
type Span struct {
	Pos    int // offset of the first byte of the node
	EndPos int // offset just past the last byte of the node
}

// Start returns the offset of the first byte of the node.
func (s Span) Start() int { return s.Pos }

// End returns the offset just past the last byte of the node.
func (s Span) End() int { return s.EndPos }

// Node is implemented by every syntax tree node.
type Node interface {
	Start() int
	End() int
	// String returns the node printed as canonical KQL.
	String() string
}

// Expr is a scalar expression.
//
// Implementations: *Literal, *Ident, *Member, *Index, *Call, *NamedArg,
// *Star, *TypeOf, *Unary, *Binary, *InExpr, *BetweenExpr, *Subquery.
type Expr interface {
	Node
	exprNode()
}

// TabularExpr is an expression that produces a table.
//
// Implementations: *Pipeline, *TableRef, *CallTabular, *DatatableExpr,
// *PrintExpr, *RangeExpr, *UnionOp (union used as a source), *SearchOp
// (search used as a source), *ExternalDataExpr, *ParenTabular.
type TabularExpr interface {
	Node
	tabularNode()
}

// Operator is one tabular operator of a pipeline (the part after a '|').
type Operator interface {
	Node
	opNode()
}

// Stmt is a query statement that precedes the final tabular expression:
// *LetStmt, *SetStmt or *DeclareStmt.
type Stmt interface {
	Node
	stmtNode()
}

// ---------------------------------------------------------------------------
// Query and statements

// Query is a whole KQL query: statements separated by ';' followed by the
// tabular expression whose result is the query result. Body is nil when the
// text holds only statements (a library of let definitions).
type Query struct {
	Span
	Stmts []Stmt
	Body  TabularExpr
}

// LetStmt binds a name: let Name = Value;
//
// Value is one of:
//   - a scalar Expr (let t = 3d;). A bare identifier (let x = Other;) is an
//     *Ident: the checker decides whether it names a table or a scalar;
//   - a TabularExpr (let T = SigninLogs | where ...;);
//   - a *FuncDef (let f = (a:long) { ... };).
type LetStmt struct {
	Span
	Name  *Ident
	Value Node
}

// SetStmt is a query option: set Name [= Value]; It is accepted and ignored
// by execution. Value is nil when the option has no value.
type SetStmt struct {
	Span
	Name  string // dotted names are joined with '.'
	Value Expr
}

// DeclareStmt is declare query_parameters(Name:type [= Default], ...);
type DeclareStmt struct {
	Span
	Params []*FuncParam
}

// FuncDef is a user-defined function: (Params) { Stmts; Body } or, with View
// set, view (Params) { ... }.
type FuncDef struct {
	Span
	View   bool
	Params []*FuncParam
	Stmts  []Stmt
	Body   Node // an Expr or a TabularExpr; nil only after a parse error
}

// FuncParam is one parameter of a function or of declare query_parameters.
type FuncParam struct {
	Span
	Name    *Ident
	Type    *ParamType
	Default Expr // nil when the parameter has no default
}

// ParamType is the declared type of a parameter: either a scalar type name or
// a tabular schema such as (*), (a:string, b:long) or (a:string, *).
type ParamType struct {
	Span
	Scalar  string        // canonical scalar type name; "" for a tabular type
	Tabular bool          // true for a tabular schema
	Columns []*ColumnDecl // declared columns of a tabular schema
	Star    bool          // the tabular schema contains '*' (any other columns)
}

// ColumnDecl declares a column: Name:type.
type ColumnDecl struct {
	Span
	Name *Ident
	Type string // canonical scalar type name
}

// ---------------------------------------------------------------------------
// Tabular expressions (pipeline sources)

// Pipeline is Source | Op | Op ... . Source is nil only for the sub-queries
// of mv-apply, facet, fork and partition, which start with an operator.
type Pipeline struct {
	Span
	Source TabularExpr
	Ops    []Operator
}

// TableRef names a table, a tabular let binding or a tabular parameter. The
// name may have been written bracketed (['My Table']). In union and search
// table lists the name may contain '*' wildcards.
type TableRef struct {
	Span
	Name string
}

// CallTabular is a function call used as a table: f("SigninLogs"),
// table("x"), materialize(T), or a user function with no arguments f().
type CallTabular struct {
	Span
	Call *Call
}

// DatatableExpr is datatable(Columns)[Values...]; Values are in row-major
// order.
type DatatableExpr struct {
	Span
	Columns []*ColumnDecl
	Values  []Expr
}

// PrintExpr is print [Name =] Expr, ... .
type PrintExpr struct {
	Span
	Items []*Assign
}

// RangeExpr is range Name from From to To step Step.
type RangeExpr struct {
	Span
	Name           *Ident
	From, To, Step Expr
}

// ExternalDataExpr is externaldata(Columns)[URIs...] [with (Props)].
type ExternalDataExpr struct {
	Span
	Columns []*ColumnDecl
	URIs    []Expr
	With    []*Param
}

// ParenTabular is a parenthesized tabular expression: (X).
type ParenTabular struct {
	Span
	X TabularExpr
}

// ---------------------------------------------------------------------------
// Shared pieces of operators

// Param is an operator parameter written Name=Value before the operator's
// main arguments: kind=inner, hint.strategy=broadcast, isfuzzy=true,
// withsource=Src, with_itemindex=Idx, bagexpansion=array. Name is lower-case
// as written (dotted names joined with '.'). Value is an *Ident for bare
// words (inner, broadcast, Src) and a *Literal for numbers, strings and
// bools. The same type holds the properties of with(...) clauses.
type Param struct {
	Span
	Name  string
	Value Expr
}

// Assign is one item of extend, project, summarize, print, serialize and
// similar operators: an unnamed expression (Names empty), Name = Value, or a
// tuple assignment (A, B) = Value (Tuple set, Names holds every name).
type Assign struct {
	Span
	Names []*Ident
	Tuple bool
	Value Expr
}

// SortKey is one key of sort/order/top: Expr [asc|desc] [nulls first|last].
type SortKey struct {
	Span
	Expr  Expr
	Order string // "asc", "desc", or "" (the default, desc)
	Nulls string // "first", "last", or "" (the default for the order)
}

// ---------------------------------------------------------------------------
// Operators

// WhereOp is where Pred (also spelled filter).
type WhereOp struct {
	Span
	Pred Expr
}

// ExtendOp is extend Items.
type ExtendOp struct {
	Span
	Items []*Assign
}

// ProjectOp is project Items.
type ProjectOp struct {
	Span
	Items []*Assign
}

// ProjectAwayOp is project-away Columns; column names may contain '*'
// wildcards.
type ProjectAwayOp struct {
	Span
	Columns []*Ident
}

// ProjectKeepOp is project-keep Columns; column names may contain '*'
// wildcards.
type ProjectKeepOp struct {
	Span
	Columns []*Ident
}

// ProjectRenameOp is project-rename New = Old, ... .
type ProjectRenameOp struct {
	Span
	Renames []*Rename
}

// Rename is New = Old inside project-rename.
type Rename struct {
	Span
	New, Old *Ident
}

// ProjectReorderOp is project-reorder Col [asc|desc|granny-asc|granny-desc], ... .
type ProjectReorderOp struct {
	Span
	Columns []*ReorderCol
}

// ReorderCol is one column pattern of project-reorder.
type ReorderCol struct {
	Span
	Name  *Ident // may contain '*' wildcards
	Order string // "", "asc", "desc", "granny-asc" or "granny-desc"
}

// SummarizeOp is summarize [Params] Aggs [by By].
type SummarizeOp struct {
	Span
	Params []*Param // hints such as hint.strategy=shuffle
	Aggs   []*Assign
	By     []*Assign
}

// SortOp is sort by Keys (Keyword "sort") or order by Keys (Keyword "order").
type SortOp struct {
	Span
	Keyword string
	Keys    []*SortKey
}

// TopOp is top Count by Keys.
type TopOp struct {
	Span
	Count Expr
	Keys  []*SortKey
}

// TakeOp is take Count (Keyword "take") or limit Count (Keyword "limit").
type TakeOp struct {
	Span
	Keyword string
	Count   Expr
}

// DistinctOp is distinct Columns; a single *Star means distinct *.
type DistinctOp struct {
	Span
	Params  []*Param
	Columns []Expr
}

// CountOp is count.
type CountOp struct {
	Span
}

// UnionOp is union [Params] Tables. Used as an operator, the pipeline input
// is the first union leg; used as a pipeline source (union T1, T2), Tables
// holds every leg. Params holds kind=, withsource= (alias source=) and
// isfuzzy=.
type UnionOp struct {
	Span
	Params []*Param
	Tables []TabularExpr
}

// JoinOp is join [Params] Right on Conds. Params holds kind= and hints. Each
// condition is an *Ident (same column on both sides) or an Expr comparing
// $left.A == $right.B; conditions joined by 'and' are split into separate
// entries.
type JoinOp struct {
	Span
	Params []*Param
	Right  TabularExpr
	On     []Expr
}

// LookupOp is lookup [Params] Right on Conds (conditions as for JoinOp).
type LookupOp struct {
	Span
	Params []*Param
	Right  TabularExpr
	On     []Expr
}

// MvExpandOp is mv-expand [Params] Items [limit Limit]. Legacy records the
// spelling mvexpand, whose default limit is 128 instead of unlimited.
type MvExpandOp struct {
	Span
	Legacy bool
	Params []*Param // kind=bag|array, with_itemindex=Name, bagexpansion=...
	Items  []*MvItem
	Limit  Expr // nil when absent
}

// MvItem is [Name =] Expr [to typeof(Type)] in mv-expand and mv-apply.
type MvItem struct {
	Span
	Assign *Assign
	ToType string // canonical scalar type name, "" when absent
}

// MvApplyOp is mv-apply [Params] Items [limit Limit] on (Sub). Sub is a
// pipeline without a source.
type MvApplyOp struct {
	Span
	Params []*Param
	Items  []*MvItem
	Limit  Expr
	Sub    *Pipeline
}

// ParseOp is parse [Params] Source with Pattern (Where false) or
// parse-where ... (Where true). Params holds kind= and flags=.
type ParseOp struct {
	Span
	Where   bool
	Params  []*Param
	Source  Expr
	Pattern []*ParsePart
}

// ParsePart is one element of a parse pattern: a '*' wildcard (Star), a
// string literal (Lit), or a column to extract (Column with optional Type).
type ParsePart struct {
	Span
	Star   bool
	Lit    *Literal
	Column *Ident
	Type   string // canonical scalar type name, "" when not given
}

// ParseKvOp is parse-kv Source as (Columns) [with (Props)].
type ParseKvOp struct {
	Span
	Source  Expr
	Columns []*ColumnDecl
	With    []*Param
}

// SerializeOp is serialize [Items].
type SerializeOp struct {
	Span
	Items []*Assign
}

// RenderOp is render Chart [with (Props)].
type RenderOp struct {
	Span
	Chart string
	With  []*Param
}

// MakeSeriesOp is
//
//	make-series [Params] Aggs on Axis [from From] [to To] step Step [by By]
//
// or, with InRange set, the legacy form ... on Axis in range(From, To, Step).
type MakeSeriesOp struct {
	Span
	Params   []*Param
	Aggs     []*SeriesAgg
	Axis     Expr
	From, To Expr // nil when absent
	Step     Expr
	InRange  bool
	By       []*Assign
}

// SeriesAgg is [Name =] Agg [default = Default] in make-series.
type SeriesAgg struct {
	Span
	Assign  *Assign
	Default Expr // nil when absent
}

// EvaluateOp is evaluate [Params] Plugin(args) [: OutputSchema].
type EvaluateOp struct {
	Span
	Params []*Param
	Call   *Call
	Schema *OutputSchema // nil when no output schema is given
}

// OutputSchema is a plugin's declared output schema: ( [*,] Name:type, ... ).
// Star is set when the list starts with '*' (keep the input columns).
type OutputSchema struct {
	Span
	Star    bool
	Columns []*ColumnDecl
}

// GetSchemaOp is getschema.
type GetSchemaOp struct {
	Span
}

// SampleOp is sample Count.
type SampleOp struct {
	Span
	Count Expr
}

// SampleDistinctOp is sample-distinct Count of Column.
type SampleDistinctOp struct {
	Span
	Count Expr
	Of    Expr
}

// AsOp is as [Params] Name.
type AsOp struct {
	Span
	Params []*Param
	Name   *Ident
}

// InvokeOp is invoke Func(args); the pipeline input is the function's first
// (tabular) argument.
type InvokeOp struct {
	Span
	Call *Call
}

// TopNestedOp is top-nested Level, Level, ... .
type TopNestedOp struct {
	Span
	Levels []*TopNestedLevel
}

// TopNestedLevel is [N] of [Name =] Expr [with others = Others] by [Name =]
// Agg [asc|desc].
type TopNestedLevel struct {
	Span
	Count  Expr // nil means all values
	Of     *Assign
	Others Expr // nil when absent
	By     *Assign
	Order  string
}

// TopHittersOp is top-hitters Count of Of [by By].
type TopHittersOp struct {
	Span
	Count Expr
	Of    Expr
	By    Expr // nil when absent
}

// FacetOp is facet by Columns [with (Sub)] or [with Op].
type FacetOp struct {
	Span
	Columns []*Ident
	With    *Pipeline // nil when absent; a pipeline without a source
}

// SearchOp is search [Params] [in (Tables)] Pred. Params holds kind=. Used
// as a pipeline source or as an operator. Column-restricted terms Col:"x"
// are *Binary nodes with Op OpColon.
type SearchOp struct {
	Span
	Params []*Param
	Tables []TabularExpr
	Pred   Expr
}

// ForkOp is fork [Name=](Sub) ... .
type ForkOp struct {
	Span
	Branches []*ForkBranch
}

// ForkBranch is one [Name =] (Sub) leg of fork.
type ForkBranch struct {
	Span
	Name *Ident // nil when unnamed
	Sub  *Pipeline
}

// PartitionOp is partition [Params] by Column (Sub).
type PartitionOp struct {
	Span
	Params []*Param
	By     *Ident
	Sub    *Pipeline
}

// ---------------------------------------------------------------------------
// Scalar expressions

// LitKind is the type of a literal.
type LitKind int

// Literal kinds.
const (
	LitNull     LitKind = iota // untyped null (only inside dynamic)
	LitBool                    // true, false, bool(...)
	LitInt                     // int(...)
	LitLong                    // 42, 0x2A, long(...)
	LitReal                    // 1.5, 1e3, real(...)
	LitDecimal                 // decimal(...)
	LitString                  // "x", 'x', @"x", h"x", ```x```
	LitDateTime                // datetime(...)
	LitTimeSpan                // 5m, 1.5h, timespan(...), time(...)
	LitDynamic                 // dynamic(...)
	LitGuid                    // guid(...)
)

// Literal is a constant. Null is set for T(null). The typed value fields
// hold the value:
//   - LitBool: Bool;
//   - LitInt, LitLong: Int;
//   - LitReal: Real (NaN and infinities for real(nan), real(+inf), ...);
//   - LitString: Str (after escapes and concatenation of adjacent literals);
//   - LitTimeSpan: Dur (KQL ticks are 100ns; Dur is exact to the tick);
//   - LitDateTime: Time (UTC);
//   - LitDecimal, LitGuid: only Text;
//   - LitDynamic: Dyn.
//
// Text is the canonical spelling of every literal except strings, bools and
// dynamic values, which the printer rebuilds from the value: "42", "0x1F",
// "1.5", "1.5h", "int(5)", "long(null)", "real(nan)", "decimal(1.5)",
// "datetime(2017-05-15 10:20:00.0)", "timespan(0.12:34:56.7)",
// "guid(74be27de-1e4e-49d9-b579-fe0b331d3642)". Type names inside Text are
// canonical (date(...) becomes datetime(...), time(...) becomes
// timespan(...), double(...) becomes real(...)) and the text inside the
// parentheses is trimmed.
type Literal struct {
	Span
	Kind LitKind
	Null bool
	Text string

	Bool bool
	Int  int64
	Real float64
	Str  string
	Dur  time.Duration
	Time time.Time
	Dyn  *DynValue

	// Verbatim and Obfuscated record the @"..." and h"..." string forms so
	// that the printer can keep them.
	Verbatim   bool
	Obfuscated bool
}

// DynKind is the shape of a dynamic value.
type DynKind int

// Dynamic value shapes.
const (
	DynScalar DynKind = iota // a scalar literal (including null)
	DynArray                 // [ ... ]
	DynObject                // { "key": value, ... }
)

// DynValue is the parsed content of a dynamic(...) literal.
type DynValue struct {
	Span
	Kind   DynKind
	Scalar *Literal    // for DynScalar
	Elems  []*DynValue // for DynArray
	Keys   []string    // for DynObject, in source order
	Values []*DynValue // for DynObject, parallel to Keys
}

// Ident is a name: a column, a let binding, a table in expression position,
// or $left / $right. Bracketed names (['a b']) are stored unquoted.
type Ident struct {
	Span
	Name string
}

// Member is X.Name (property access on a dynamic value, or $left.Col).
type Member struct {
	Span
	X    Expr
	Name *Ident
}

// Index is X[Index] (also written X.[Index]).
type Index struct {
	Span
	X     Expr
	Index Expr
}

// Call is a function call Name(Args). An argument may be a *NamedArg
// (name = value), a *Star (count(*), arg_max(x, *)), a *TypeOf, or a
// *Subquery holding a tabular expression (toscalar(T | count)).
type Call struct {
	Span
	Name *Ident
	Args []Expr
}

// NamedArg is Name = Value inside a call argument list.
type NamedArg struct {
	Span
	Name  *Ident
	Value Expr
}

// Star is '*': all columns (count(*), arg_max(x, *), where * has "x").
type Star struct {
	Span
}

// TypeOf is typeof(Type).
type TypeOf struct {
	Span
	Type string // canonical scalar type name
}

// Op is a unary or binary operator, spelled as in canonical KQL.
type Op string

// Operators. The string predicates have case-insensitive default forms and
// _cs case-sensitive forms; '!' forms are negations.
const (
	OpNeg Op = "-" // unary minus (also binary subtraction)
	OpPos Op = "+" // unary plus (also binary addition)

	OpMul Op = "*"
	OpDiv Op = "/"
	OpMod Op = "%"
	OpAdd Op = "+"
	OpSub Op = "-"

	OpLT Op = "<"
	OpLE Op = "<="
	OpGT Op = ">"
	OpGE Op = ">="

	OpEq      Op = "=="
	OpNe      Op = "!="
	OpEqTilde Op = "=~"
	OpNeTilde Op = "!~"

	OpHas             Op = "has"
	OpNotHas          Op = "!has"
	OpHasCs           Op = "has_cs"
	OpNotHasCs        Op = "!has_cs"
	OpHasPrefix       Op = "hasprefix"
	OpNotHasPrefix    Op = "!hasprefix"
	OpHasPrefixCs     Op = "hasprefix_cs"
	OpNotHasPrefixCs  Op = "!hasprefix_cs"
	OpHasSuffix       Op = "hassuffix"
	OpNotHasSuffix    Op = "!hassuffix"
	OpHasSuffixCs     Op = "hassuffix_cs"
	OpNotHasSuffixCs  Op = "!hassuffix_cs"
	OpContains        Op = "contains"
	OpNotContains     Op = "!contains"
	OpContainsCs      Op = "contains_cs"
	OpNotContainsCs   Op = "!contains_cs"
	OpStartsWith      Op = "startswith"
	OpNotStartsWith   Op = "!startswith"
	OpStartsWithCs    Op = "startswith_cs"
	OpNotStartsWithCs Op = "!startswith_cs"
	OpEndsWith        Op = "endswith"
	OpNotEndsWith     Op = "!endswith"
	OpEndsWithCs      Op = "endswith_cs"
	OpNotEndsWithCs   Op = "!endswith_cs"
	OpMatchesRegex    Op = "matches regex"

	OpIn      Op = "in"
	OpNotIn   Op = "!in"
	OpInCi    Op = "in~"
	OpNotInCi Op = "!in~"
	OpHasAny  Op = "has_any"
	OpHasAll  Op = "has_all"

	OpAnd Op = "and"
	OpOr  Op = "or"

	// OpColon is the column restriction Col:"term" inside search predicates.
	OpColon Op = ":"
)

// Unary is Op X with Op OpNeg or OpPos.
type Unary struct {
	Span
	Op Op
	X  Expr
}

// Binary is X Op Y for arithmetic, comparison, string predicates, and/or.
type Binary struct {
	Span
	Op   Op
	X, Y Expr
}

// InExpr is X Op (List) with Op one of in, !in, in~, !in~, has_any, has_all.
// An element of List may be a *Subquery (a tabular expression) or an
// *Ident naming a let-bound array or table.
type InExpr struct {
	Span
	Op   Op
	X    Expr
	List []Expr
}

// BetweenExpr is X between (Lo .. Hi), or X !between (Lo .. Hi) when Not.
type BetweenExpr struct {
	Span
	Not    bool
	X      Expr
	Lo, Hi Expr
}

// Subquery is a tabular expression in scalar-expression position: a call
// argument (toscalar(T | count)) or an element of an in list.
type Subquery struct {
	Span
	Query TabularExpr
}

// ---------------------------------------------------------------------------
// Interface markers

func (*Literal) exprNode()     {}
func (*Ident) exprNode()       {}
func (*Member) exprNode()      {}
func (*Index) exprNode()       {}
func (*Call) exprNode()        {}
func (*NamedArg) exprNode()    {}
func (*Star) exprNode()        {}
func (*TypeOf) exprNode()      {}
func (*Unary) exprNode()       {}
func (*Binary) exprNode()      {}
func (*InExpr) exprNode()      {}
func (*BetweenExpr) exprNode() {}
func (*Subquery) exprNode()    {}

func (*Pipeline) tabularNode()         {}
func (*TableRef) tabularNode()         {}
func (*CallTabular) tabularNode()      {}
func (*DatatableExpr) tabularNode()    {}
func (*PrintExpr) tabularNode()        {}
func (*RangeExpr) tabularNode()        {}
func (*UnionOp) tabularNode()          {}
func (*SearchOp) tabularNode()         {}
func (*ExternalDataExpr) tabularNode() {}
func (*ParenTabular) tabularNode()     {}

func (*WhereOp) opNode()          {}
func (*ExtendOp) opNode()         {}
func (*ProjectOp) opNode()        {}
func (*ProjectAwayOp) opNode()    {}
func (*ProjectKeepOp) opNode()    {}
func (*ProjectRenameOp) opNode()  {}
func (*ProjectReorderOp) opNode() {}
func (*SummarizeOp) opNode()      {}
func (*SortOp) opNode()           {}
func (*TopOp) opNode()            {}
func (*TakeOp) opNode()           {}
func (*DistinctOp) opNode()       {}
func (*CountOp) opNode()          {}
func (*UnionOp) opNode()          {}
func (*JoinOp) opNode()           {}
func (*LookupOp) opNode()         {}
func (*MvExpandOp) opNode()       {}
func (*MvApplyOp) opNode()        {}
func (*ParseOp) opNode()          {}
func (*ParseKvOp) opNode()        {}
func (*SerializeOp) opNode()      {}
func (*RenderOp) opNode()         {}
func (*MakeSeriesOp) opNode()     {}
func (*EvaluateOp) opNode()       {}
func (*GetSchemaOp) opNode()      {}
func (*SampleOp) opNode()         {}
func (*SampleDistinctOp) opNode() {}
func (*AsOp) opNode()             {}
func (*InvokeOp) opNode()         {}
func (*TopNestedOp) opNode()      {}
func (*TopHittersOp) opNode()     {}
func (*FacetOp) opNode()          {}
func (*SearchOp) opNode()         {}
func (*ForkOp) opNode()           {}
func (*PartitionOp) opNode()      {}

func (*LetStmt) stmtNode()     {}
func (*SetStmt) stmtNode()     {}
func (*DeclareStmt) stmtNode() {}

// LookupParam returns the value of the parameter called name (compared
// case-insensitively), or nil when it is absent.
func LookupParam(params []*Param, name string) Expr {
	for _, p := range params {
		if strings.EqualFold(p.Name, name) {
			return p.Value
		}
	}
	return nil
}
