package exec

import (
	"math"
	"math/bits"
	"sync/atomic"

	"quarry/internal/column"
	"quarry/internal/hugemem"
	"quarry/internal/kql/check"
)

// Fast group-key path of summarize (and make-series, which runs on
// summarize).
//
// Every group key is encoded as a fixed-width tuple of uint64 codes: null
// flags (bit k%64 of word k/64 set when key column k is null), then one
// code per key column:
//
//   - bool, int, long, datetime, timespan: the int64 value;
//   - real, decimal: the IEEE bits, with -0 folded into +0 and one NaN;
//   - string, guid, dynamic: an id from the worker's interner.
//
// Codes for a whole batch are computed column by column (tight loops over
// the typed vectors, no boxing), hashed per row, and looked up in an
// open-addressing table of group ids (groupTable). A new group costs a
// few words appended to flat slices, instead of a map entry with an
// allocated string key and one append per key vector.

// keyKind says how a key column is encoded.
type keyKind uint8

const (
	keyInt    keyKind = iota // Vector.Ints
	keyReal                  // Vector.Reals
	keyString                // Vector.Strs, interned by value
	keyOther                 // dynamic: interned by its appendValueKey encoding
)

func kindOf(t column.Type) keyKind {
	switch {
	case t.UsesInts():
		return keyInt
	case t.UsesReals():
		return keyReal
	case t.UsesStrs():
		return keyString
	}
	return keyOther
}

// interner assigns dense ids to the strings (or dynamic values) of one key
// column within one worker. A key column interns either strings (str:
// strs keeps the string of each id) or boxed values (value: vals keeps
// the value of each id), never both; strings are not boxed, as a
// column.Value is 3.5 times the size of a string header and summarize
// interns every string key of every tick of a hunt.
type interner struct {
	ids  map[string]uint64
	vals []column.Value
	strs []string
	buf  []byte
}

func newInterner() *interner { return &interner{ids: map[string]uint64{}} }

// str returns the id of s.
func (in *interner) str(s string) uint64 {
	if id, ok := in.ids[s]; ok {
		return id
	}
	id := uint64(len(in.strs))
	in.ids[s] = id
	in.strs = append(in.strs, s)
	return id
}

// value returns the id of a dynamic (or any boxed) value.
func (in *interner) value(v column.Value) uint64 {
	in.buf = appendValueKey(in.buf[:0], v)
	if id, ok := in.ids[string(in.buf)]; ok {
		return id
	}
	id := uint64(len(in.vals))
	in.ids[string(in.buf)] = id
	in.vals = append(in.vals, v)
	return id
}

// len returns the number of ids.
func (in *interner) len() int { return len(in.strs) + len(in.vals) }

// at returns the value of id as a value of type t (the key column's).
func (in *interner) at(id uint64, t column.Type) column.Value {
	if len(in.vals) > 0 {
		return in.vals[id]
	}
	return column.Value{Type: t, S: in.strs[id]}
}

// realCode is the key code of a real: -0 groups with +0, NaNs with NaN.
func realCode(f float64) uint64 {
	if f == 0 {
		return 0
	}
	if f != f {
		return math.Float64bits(math.NaN())
	}
	return math.Float64bits(f)
}

// keyCodes encodes the group keys of a batch. codes holds n rows of
// width() words, row-major: mask words, then one code per key column.
type keyCodes struct {
	kinds   []keyKind
	types   []column.Type
	interns []*interner
	masks   int // number of null-flag words
	codes   []uint64
}

func newKeyCodes(types []column.Type) *keyCodes {
	kc := &keyCodes{types: types, masks: (len(types) + 63) / 64}
	if kc.masks == 0 {
		kc.masks = 1
	}
	for _, t := range types {
		kc.kinds = append(kc.kinds, kindOf(t))
		kc.interns = append(kc.interns, getInterner())
	}
	return kc
}

// width is the number of words per key.
func (kc *keyCodes) width() int { return kc.masks + len(kc.kinds) }

// nullBit returns the word and bit of key column k's null flag.
func nullBit(k int) (int, uint64) { return k / 64, uint64(1) << uint(k%64) }

// encode fills kc.codes for the n rows of the key operands.
func (kc *keyCodes) encode(keys []operand, n int) {
	w := kc.width()
	if cap(kc.codes) < n*w {
		putWords(kc.codes)
		kc.codes = getWords(n*w, false)
	}
	kc.codes = kc.codes[:n*w]
	for r := 0; r < n; r++ {
		clear(kc.codes[r*w : r*w+kc.masks])
	}
	for k, op := range keys {
		kc.encodeColumn(k, op, n, w)
	}
}

// encodeColumn writes the codes of key column k (word masks+k of each
// row).
func (kc *keyCodes) encodeColumn(k int, op operand, n, w int) {
	codes, pos := kc.codes, kc.masks+k
	mw, bit := nullBit(k)
	if op.isConst {
		code, null := kc.valueCode(k, op.konst)
		for r := 0; r < n; r++ {
			codes[r*w+pos] = code
			if null {
				codes[r*w+mw] |= bit
			}
		}
		return
	}
	v := op.vec
	switch {
	case kc.kinds[k] == keyInt && v.Type.UsesInts():
		for r, x := range v.Ints[:n] {
			codes[r*w+pos] = uint64(x)
		}
	case kc.kinds[k] == keyReal && v.Type.UsesReals():
		for r, x := range v.Reals[:n] {
			codes[r*w+pos] = realCode(x)
		}
	case kc.kinds[k] == keyString && v.Type.UsesStrs():
		in := kc.interns[k]
		for r, s := range v.Strs[:n] {
			codes[r*w+pos] = in.str(s)
		}
		return // strings are never null
	default:
		for r := 0; r < n; r++ {
			code, null := kc.valueCode(k, v.Value(r))
			codes[r*w+pos] = code
			if null {
				codes[r*w+mw] |= bit
			}
		}
		return
	}
	if v.Nulls != nil {
		for r := 0; r < n; r++ {
			if v.Nulls.Get(r) {
				codes[r*w+pos] = 0
				codes[r*w+mw] |= bit
			}
		}
	}
}

// valueCode encodes one boxed value of key column k, converted to the
// column's type.
func (kc *keyCodes) valueCode(k int, v column.Value) (uint64, bool) {
	if v.Type != kc.types[k] && !v.IsNull() {
		v = convertValue(v, kc.types[k])
	}
	if v.IsNull() && kc.types[k] != column.String {
		return 0, true
	}
	switch kc.kinds[k] {
	case keyInt:
		return uint64(v.I), false
	case keyReal:
		return realCode(v.F), false
	case keyString:
		return kc.interns[k].str(v.S), false
	}
	return kc.interns[k].value(v), false
}

// decode appends key column k of a group's codes to vec.
func (kc *keyCodes) decode(k int, key []uint64, vec *column.Vector) {
	if mw, bit := nullBit(k); key[mw]&bit != 0 {
		vec.AppendNull()
		return
	}
	code := key[kc.masks+k]
	switch {
	case kc.kinds[k] == keyInt && vec.Type.UsesInts():
		vec.Ints = append(vec.Ints, int64(code))
	case kc.kinds[k] == keyReal && vec.Type.UsesReals():
		vec.Reals = append(vec.Reals, math.Float64frombits(code))
	case kc.kinds[k] == keyString && vec.Type.UsesStrs():
		vec.Strs = append(vec.Strs, kc.interns[k].strs[code])
	case kc.kinds[k] == keyInt:
		appendValue(vec, column.Value{Type: kc.types[k], I: int64(code)})
	case kc.kinds[k] == keyReal:
		appendValue(vec, column.Value{Type: kc.types[k], F: math.Float64frombits(code)})
	default:
		appendValue(vec, kc.interns[k].at(code, kc.types[k]))
	}
}

// hashKey hashes one key tuple (a multiply-xorshift mix per word).
func hashKey(key []uint64) uint64 {
	h := uint64(0x9e3779b97f4a7c15)
	for _, c := range key {
		h ^= c
		h *= 0xbf58476d1ce4e5b9
		h ^= h >> 31
	}
	h *= 0x94d049bb133111eb
	return h ^ h>>29
}

// groupTable maps key tuples to dense group ids in first-seen order.
//
// Keys are stored in fixed-size pages (pageGroups groups of stride words),
// so that adding groups never copies the keys already stored. Each key is
// followed by the group's fixed-size aggregate state (extra words:
// summarize's int64 counts and sums), so folding a row into its group
// writes the cache line find has just read, and the states never move
// either (a separate state array grown by doubling was copied, and first
// touched, about twice over with millions of groups).
//
// A slot holds the top 32 bits of the key's hash and group id + 1 (0 is
// an empty slot); probing is linear and compares the hash bits before
// touching a key. The home slot of a hash is its top bits (h >> shift),
// not its low bits, so the hash bits a slot keeps also say where the slot
// belongs: growing re-places the slots from the old array without
// reading or rehashing a single key, and since the old slots are in order
// of their home, the new array is written front to back instead of at
// random. (A high-cardinality summarize grows its table many times; with
// one group per row, hourly bytes per user over 5 M transfers, growing
// cost about a fifth of the folding when it rehashed every key.)
type groupTable struct {
	width  int        // key words per group
	stride int        // words per group: key, then aggregate state
	pages  [][]uint64 // pageGroups groups per page
	spare  []uint64   // the rest of the block pages are cut from
	n      int
	slots  []uint64
	mask   uint64
	shift  uint // 64 - log2(len(slots)): the home slot of h is h >> shift
	// touched accumulates the slots read by touch (never used; atomic
	// because the probe merge touches a table from several goroutines).
	touched atomic.Uint64
}

// pageGroups is the number of groups per key page.
const pageGroups = 4096

// minSlots is the size of a new table's slot array.
const minSlots = 64

// newGroupTable returns an empty table of keys of width words, with extra
// words of zeroed state per group.
func newGroupTable(width, extra int) *groupTable {
	t := &groupTable{width: width, stride: width + extra}
	t.setSlots(getWords(minSlots, true))
	return t
}

// setSlots installs an empty slot array (a power of two, at most 2^32).
func (t *groupTable) setSlots(s []uint64) {
	t.slots = s
	t.mask = uint64(len(s) - 1)
	t.shift = uint(64 - bits.TrailingZeros64(uint64(len(s))))
}

// len returns the number of groups.
func (t *groupTable) len() int { return t.n }

// key returns the code tuple of group g.
func (t *groupTable) key(g int) []uint64 {
	off := int(uint(g)%pageGroups) * t.stride
	return t.pages[uint(g)/pageGroups][off : off+t.width]
}

// state returns the state words of group g.
func (t *groupTable) state(g int) []uint64 {
	off := int(uint(g)%pageGroups)*t.stride + t.width
	return t.pages[uint(g)/pageGroups][off : off+t.stride-t.width]
}

// word returns state word i of group g.
func (t *groupTable) word(g int32, i int) *uint64 {
	return &t.pages[uint32(g)/pageGroups][int(uint32(g)%pageGroups)*t.stride+t.width+i]
}

// find returns the group of key, creating it when absent; created reports
// whether it was new.
func (t *groupTable) find(key []uint64, h uint64) (g int, created bool) {
	tag := h &^ 0xffffffff
	i := h >> t.shift
	for ; ; i = (i + 1) & t.mask {
		s := t.slots[i]
		if s == 0 {
			break
		}
		if s&^0xffffffff == tag && equalKey(t.key(int(s&0xffffffff)-1), key) {
			return int(s&0xffffffff) - 1, false
		}
	}
	g = t.n
	if g%pageGroups == 0 {
		t.pages = append(t.pages, t.newPage())
	}
	last := len(t.pages) - 1
	page := t.pages[last]
	off := len(page)
	if off+t.stride > cap(page) {
		page = t.growFirstPage(page)
	}
	page = page[:off+t.stride]
	dst := page[off:]
	for j, c := range key { // a few words: cheaper than copy's memmove call
		dst[j] = c
	}
	clear(dst[t.width:])
	t.pages[last] = page
	t.n++
	t.slots[i] = tag | uint64(g+1)
	if uint64(t.n)*4 > uint64(len(t.slots))*3 {
		t.grow(2)
	}
	return g, true
}

// newPage returns an empty key page. Pages are cut from blocks of up to
// maxBlockPages pages, each block as many pages as the table has (so a
// big table's pages come in blocks of several MB, allocated by hugemem.Slice,
// and a small one wastes little).
func (t *groupTable) newPage() []uint64 {
	size := pageGroups * t.stride
	if len(t.pages) == 0 {
		return getWords(firstPageGroups*t.stride, false)[:0]
	}
	if len(t.spare) < size {
		n := min(max(len(t.pages), 1), maxBlockPages)
		t.spare = hugemem.Slice[uint64](n * size)
	}
	p := t.spare[:0:size]
	t.spare = t.spare[size:]
	return p
}

// firstPageGroups is the room of a table's first key page, which grows by
// doubling up to pageGroups (growFirstPage): a hunt runs thousands of
// small summarizes, one per rule and tick, and a full first page (tens of
// KB to zero) per summarize was most of what they allocated.
const firstPageGroups = 16

// growFirstPage returns the first key page with twice the room. Only the
// first page is ever short: newPage gives later ones full room. Callers
// never keep key or state slices across an insertion, so moving the page
// is safe.
func (t *groupTable) growFirstPage(page []uint64) []uint64 {
	grown := getWords(min(2*cap(page), pageGroups*t.stride), false)[:len(page)]
	copy(grown, page)
	putWords(page)
	return grown
}

// maxBlockPages is the largest number of key pages allocated at once.
const maxBlockPages = 64

// lookup returns the group of key, or -1 when there is none. It only
// reads the table, so several goroutines may look up at once.
func (t *groupTable) lookup(key []uint64, h uint64) int {
	tag := h &^ 0xffffffff
	for i := h >> t.shift; ; i = (i + 1) & t.mask {
		s := t.slots[i]
		if s == 0 {
			return -1
		}
		if s&^0xffffffff == tag && equalKey(t.key(int(s&0xffffffff)-1), key) {
			return int(s&0xffffffff) - 1
		}
	}
}

// touch loads the home slot of every hash in hs. The loads do not
// depend on each other, so the processor overlaps their cache misses; find
// then walks slots that are already cached. With millions of groups the
// slot array is far larger than the caches and a miss per row is most of
// the cost of find (a high-cardinality summarize: hourly bytes per user
// over 5 M rows). The sum keeps the loads from being optimized away.
func (t *groupTable) touch(hs []uint64) {
	if len(t.slots) < 1<<16 { // small tables stay cached
		return
	}
	var x uint64
	for _, h := range hs {
		x += t.slots[h>>t.shift]
	}
	t.touched.Add(x)
}

// grow multiplies the slot array's size by factor (a power of two) and
// re-places every slot by the hash bits it keeps (see groupTable).
func (t *groupTable) grow(factor int) {
	old := t.slots
	if n := factor * len(old); n <= maxPooledWords {
		t.setSlots(getWords(n, true))
	} else {
		t.setSlots(hugemem.Slice[uint64](n))
	}
	defer putWords(old)
	// Slots from the start of old up to its first empty slot may belong
	// to the end (probes wrap around): place them last, so that every
	// other slot is placed in order of its home and probes stay short.
	first := 0
	for first < len(old) && old[first] != 0 {
		first++
	}
	for _, s := range old[first:] {
		if s != 0 {
			t.place(s)
		}
	}
	for _, s := range old[:first] {
		t.place(s)
	}
}

// place puts slot value s (hash bits and group) into the first free slot
// from its home.
func (t *groupTable) place(s uint64) {
	i := s >> t.shift
	for t.slots[i] != 0 {
		i = (i + 1) & t.mask
	}
	t.slots[i] = s
}

// reserve sizes the slot array for n groups at once (one re-placement
// instead of one per doubling). mergeInto calls it with the groups of both
// tables: merging high-cardinality partial results (millions of
// user-hours) otherwise spends most of its time growing.
func (t *groupTable) reserve(n int) {
	size := len(t.slots)
	for uint64(n)*4 > uint64(size)*3 {
		size *= 2
	}
	if size > len(t.slots) {
		t.grow(size / len(t.slots))
	}
}

func equalKey(a, b []uint64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// convertValue converts v to t (null when it does not convert).
func convertValue(v column.Value, t column.Type) column.Value {
	cv, ok := check.Convert(v, t)
	if !ok {
		return column.NullOf(t)
	}
	return cv
}
