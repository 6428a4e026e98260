package exec

import (
	"math/bits"
	"sync"

	"quarry/internal/column"
)

// Scratch buffers recycled between batches and runs. The garbage
// collector's work grows with the bytes allocated, and a hunt replays the
// same queries thousands of times: buffers that are consumed at once
// (the bool vector of a filter's predicate, its selection list, a join's
// hash table and row pairs) are handed back here instead of becoming
// garbage. Everything taken from a pool is exclusively owned by its taker
// until it is handed back, and is never handed back while anything else
// (a batch column, an operand a caller keeps, a vector emitted downstream)
// may still reference it.
//
// Bool vectors follow an ownership protocol (operand.owned): the fast
// evaluators of expr_fast.go and expr_logic.go that build their result
// with newBoolVector return it as owned; the consumers that are done with
// an owned operand once they have read it (filterOp, logicEval, notEval)
// recycle it with operand.release. An evaluator that passes an operand on
// unchanged passes the ownership on with it; one that keeps its vector
// (as a batch column, for example) must not pass the flag on, and a
// vector read from a batch is never owned. Recycling is off for queries
// compiled with SetRowFastPaths(false), so that the generic runs of the
// fast-path tests are also runs without recycling.

// maxPoolClass bounds the pooled bool vectors (to 1<<maxPoolClass rows):
// the vectors of bigger batches are left to the garbage collector.
const maxPoolClass = 20

// boolPools holds recycled bool vectors by capacity class: class c holds
// vectors whose Ints have a capacity of at least 1<<c.
var boolPools [maxPoolClass + 1]sync.Pool

// newBoolVector returns a bool vector of n false values (no nulls), a
// recycled one when the pool has one of sufficient capacity.
func newBoolVector(n int) *column.Vector {
	if c := bits.Len(uint(max(n, 1) - 1)); c <= maxPoolClass {
		if v, _ := boolPools[c].Get().(*column.Vector); v != nil {
			v.Ints = v.Ints[:n]
			clear(v.Ints)
			return v
		}
	}
	return &column.Vector{Type: column.Bool, Ints: make([]int64, n)}
}

// recycleBool hands a bool vector built by newBoolVector back to the pool.
// The caller must own it exclusively and not use it afterwards.
func recycleBool(v *column.Vector) {
	c := bits.Len(uint(cap(v.Ints))) - 1
	if c < 0 || c > maxPoolClass {
		return
	}
	*v = column.Vector{Type: column.Bool, Ints: v.Ints[:0]}
	boolPools[c].Put(v)
}

// ownedBool returns v, which the caller has just built with newBoolVector
// and references nowhere else, as an owned operand.
func ownedBool(v *column.Vector) operand { return operand{vec: v, owned: true} }

// release recycles the vector of an owned bool operand; it does nothing
// for any other operand. The caller must not use o afterwards.
func (o operand) release() {
	if o.owned && !o.isConst && o.vec.Type == column.Bool {
		recycleBool(o.vec)
	}
}

// selBuf is a recycled selection list (row numbers of a batch).
type selBuf struct{ rows []int }

var selPool = sync.Pool{New: func() any { return new(selBuf) }}

// maxPooled bounds the elements of a pooled buffer, so that one huge run
// does not keep its buffers alive between collections.
const maxPooled = 1 << 20

// putSel hands a selection buffer back to the pool.
func putSel(s *selBuf) {
	if cap(s.rows) <= maxPooled {
		selPool.Put(s)
	}
}

// resize returns s with n elements, reusing its array when it is big
// enough; the elements are not cleared.
func resize[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]T, n)
}

// joinScratch holds the buffers of one run of the hashed join
// (op_join.go): its table, the row pairs, and the part and row lists of
// the output gather. None of them is referenced once the join's output
// batch is built (that batch gathers its own vectors).
type joinScratch struct {
	table    joinHash
	li, ri   []int
	matches  []int
	pairs    []uint64
	hit      []bool
	claimed  []bool
	ps, rows []int32
}

var joinPool = sync.Pool{New: func() any { return new(joinScratch) }}

func getJoinScratch() *joinScratch { return joinPool.Get().(*joinScratch) }

// putJoinScratch hands sc back, unless a buffer is too big to keep. The
// table's key strings are cleared so that the pool does not keep them
// alive.
func putJoinScratch(sc *joinScratch) {
	t := &sc.table
	for i := range t.strs {
		clear(t.strs[i][:cap(t.strs[i])])
	}
	if max(cap(t.slots), cap(t.next), cap(sc.li), cap(sc.pairs), cap(sc.ps)) > maxPooled {
		return
	}
	joinPool.Put(sc)
}
