// Package topk finds the most frequent values of a stream (paths,
// clients) in bounded memory, with error bounds that survive merging: the
// top lists of logstat's summaries.
package topk

import (
	"bytes"
	"cmp"
	"math"
	"slices"
	"sort"

	"github.com/cespare/xxhash/v2"
)

// MaxKeyLen bounds the bytes kept of one value (a path, a client): longer
// values are cut, so that hostile logs cannot make a top list large.
const MaxKeyLen = 512

// List finds the most frequent values of a stream in bounded memory with
// filtered space-saving (Homem and Carvalho, 2010), a refinement of the
// space-saving algorithm of Metwally et al.: it tracks at most capacity
// values, and once the table is full a value it does not track is counted
// in one of a fixed array of cells, chosen by its hash. Only when that
// cell's count reaches the smallest tracked count does the value replace
// the value of that count, inheriting the cell's count as its possible
// overestimate. Plain space-saving replaces a value on every unseen one; the
// cells spare that work for the long tail of values seen once or twice and
// keep rare values from pushing out ones on their way up, so counts are
// tighter. Counts are exact as long as no value went untracked (Approximate
// reports false).
//
// The guarantees are space-saving's: a tracked value's Count is at least
// its true count and Count-Err at most; an untracked value occurred at most
// as often as its cell says; and in a List fed by a stream no cell exceeds
// the smallest tracked count, so every value with more than 1/capacity of
// the stream is tracked.
//
// Keys live in one arena, the index is open-addressed and the cells are
// made once, so adding a value allocates only while the table and arena
// grow to their working size; no slot holds a pointer.
//
// Counts are kept in the Stream-Summary of Metwally et al., laid out in one
// array: order lists the slots in ascending order of count, and the slots of
// equal count form a bucket, a contiguous run of order. Counting a value
// moves its slot to the end of its bucket, which then shrinks by one, and
// the slot joins the next bucket, or a new one when no bucket has its new
// count; the minimum is the first bucket. Add is O(1). A slot's pos is
// where it stands in order.
//
// The fields an Add of a value not tracked reads come first, within the
// first 64 bytes of the struct (which is 192 bytes, a size class whose
// objects are 64-byte aligned): logstat updates many lists in turn while
// log text streams through the caches, and each line touched costs a
// miss.
type List struct {
	table []entry // open addressing over slots, and the cells
	slots []topSlot
	low   int64 // the smallest count, slots[order[0]].count; 0 when empty
	// capacity bounds the values tracked. It is an int32 as slot indices
	// are.
	capacity int32
	evicted  bool
	// cells says whether the cells are in use: table[hash & (len-1)].cell
	// bounds the true count of every untracked value of that hash. While
	// it is false all cells are zero (and are encoded as none). A Merge
	// leaves bounds there too, which a newcomer starts from and which may
	// exceed the smallest count after later Adds (see minCount).
	cells bool

	order   []int32 // slot indices in ascending order of count
	buckets []topBucket
	freeB   int32 // first free bucket, chained by start; -1 is none
	keys    keyArena
	_       [16]byte // to 192 bytes
}

// entry is a position of the index: the slot whose probe chain passes
// there, with the low half of its hash as a tag, so that a probe reads a
// slot only when the tags match, and finds its home (hash & (len-1), as
// the table has at most 1<<32 entries) without reading the slot. Each
// position also holds the cell of its index, so that a value not tracked
// finds its cell on the line of its first probe.
type entry struct {
	slot int32  // -1 is empty
	tag  uint32 // uint32(hash) of the slot
	cell int64
}

type topSlot struct {
	hash   uint64
	count  int64
	err    int64 // how much count may overstate the true count
	key    keyRef
	pos    int32 // position in order
	bucket int32 // in buckets: the run of slots of its count
	// first and last are when the value was seen (unix seconds, 0 when
	// unknown), since it last entered the table.
	first, last int64
}

// topBucket is a run of slots of equal count: order[start:end].
type topBucket struct {
	count      int64
	start, end int32
}

// Item is one value of a top list. Count may overstate the true count by at
// most Err (0 when exact).
type Item struct {
	Value string
	Count int64
	Err   int64
	// First and Last are when the value was seen, in unix seconds (0 when
	// the records had no time). After an eviction they cover only the
	// time since the value re-entered the list.
	First, Last int64
}

// hashKey is the hash of the index and the cells. It is the same in
// every process, so that which values share a cell, and so the top lists
// of a run, depend on the input alone. A fixed hash lets crafted values
// share a probe chain or a cell; the table and cells are bounded, so that
// costs time on those values' lines, never memory or correctness.
func hashKey(key []byte) uint64 { return xxhash.Sum64(key) }

// New returns an empty List tracking at most capacity values.
func New(capacity int) *List {
	capacity = min(max(capacity, 1), math.MaxInt32)
	size := 16
	for size < 2*capacity {
		size <<= 1
	}
	t := &List{capacity: int32(capacity), table: make([]entry, size), freeB: -1}
	for i := range t.table {
		t.table[i].slot = -1
	}
	return t
}

// MarkApproximate says that the list misses some values' counts (a
// summary merged in had no list for them).
func (t *List) MarkApproximate() { t.evicted = true }

// Approximate reports whether a value ever went untracked (counted in a
// cell or replaced), so that counts may be overestimates and rare values
// may be missing.
func (t *List) Approximate() bool { return t.evicted }

// Len returns how many values are tracked.
func (t *List) Len() int { return len(t.slots) }

// Add counts one occurrence of key.
func (t *List) Add(key []byte) { t.add(key, 1, 0, 0, 0) }

// AddAt counts one occurrence of key seen at unix time at (0: unknown).
func (t *List) AddAt(key []byte, at int64) { t.add(key, 1, 0, at, at) }

func (t *List) add(key []byte, n, err, first, last int64) {
	if len(key) > MaxKeyLen {
		key = key[:MaxKeyLen]
	}
	t.addHashed(key, hashKey(key), n, err, first, last)
}

// addHashed is add for a key of at most MaxKeyLen bytes whose hash is h.
func (t *List) addHashed(key []byte, h uint64, n, err, first, last int64) {
	if i := t.find(key, h); i >= 0 {
		s := &t.slots[i]
		s.err += err
		s.seen(first, last)
		t.raise(i, s.count+n)
		return
	}
	// The newcomer may have been counted before, untracked: it starts
	// from its cell's bound, which is also its possible overestimate.
	mask := uint64(len(t.table) - 1)
	var bound int64
	if t.cells {
		bound = t.table[h&mask].cell
	}
	if len(t.slots) < int(t.capacity) {
		i := int32(len(t.slots))
		t.slots = append(t.slots, topSlot{hash: h, count: bound + n, err: bound + err, pos: int32(len(t.order)), first: first, last: last})
		t.slots[i].key = t.keys.add(key, t.slots)
		t.order = append(t.order, i)
		t.place(i)
		t.setLow()
		t.insert(i)
		return
	}
	t.evicted = true
	min := t.low
	t.cells = true
	cell := &t.table[h&mask].cell
	if bound+n <= min {
		// Not yet above the smallest tracked count: the cell keeps it.
		*cell = bound + n
		return
	}
	// Replace a value of the minimum count: the last of the first bucket,
	// which then needs no swap to leave it. Its cell now bounds it.
	i := t.order[t.buckets[t.slots[t.order[0]].bucket].end-1]
	s := &t.slots[i]
	if c := &t.table[s.hash&mask].cell; *c < min {
		*c = min
	}
	t.remove(i)
	t.keys.drop(s.key)
	s.key = keyRef{} // add may move the keys of t.slots: not this one's
	s.key = t.keys.add(key, t.slots)
	s.hash = h
	s.err = bound + err
	s.first, s.last = first, last
	t.insert(i)
	t.raise(i, bound+n)
}

// raise sets the count of slot i to c, more than its count, and moves the
// slot to the bucket of c. From a bucket the slot goes to its end, which
// then shrinks by one; each bucket of a count between the old and c is
// passed by swapping the slot with the bucket's last slot, which shifts
// the bucket down by one; the slot then joins the next bucket if that has
// count c, else a new one. Add passes none (c is one more than the count).
func (t *List) raise(i int32, c int64) {
	s := &t.slots[i]
	if c <= s.count {
		return
	}
	s.count = c
	b := &t.buckets[s.bucket]
	pos := b.end - 1
	if p := s.pos; p != pos {
		j := t.order[pos]
		t.order[p], t.slots[j].pos = j, p
		t.order[pos], s.pos = i, pos
	}
	b.end = pos
	// When the first bucket goes, the smallest count is that of the next,
	// or c.
	lowGone := b.start == b.end && pos == 0
	if b.start == b.end {
		t.freeBucket(s.bucket)
	}
	s.bucket = -1
	for n := int32(len(t.order)); pos+1 < n; {
		nb := t.slots[t.order[pos+1]].bucket
		next := &t.buckets[nb]
		if next.count > c {
			break
		}
		if next.count == c {
			next.start = pos
			s.bucket = nb
			break
		}
		end := next.end - 1
		t.swap(int(pos), int(end))
		next.start, next.end = pos, end
		pos = end
	}
	if s.bucket < 0 {
		s.bucket = t.newBucket(c, pos)
	}
	if lowGone {
		t.setLow()
	}
}

// setLow sets low from order after the first bucket changed.
func (t *List) setLow() { t.low = t.slots[t.order[0]].count }

// place puts slot i, new at the end of order, into the bucket of its count:
// each bucket of a higher count is passed by swapping the slot with the
// bucket's first slot, which shifts the bucket up by one.
func (t *List) place(i int32) {
	s := &t.slots[i]
	c := s.count
	pos := s.pos
	for pos > 0 {
		pb := t.slots[t.order[pos-1]].bucket
		prev := &t.buckets[pb]
		if prev.count < c {
			break
		}
		if prev.count == c {
			prev.end = pos + 1
			s.bucket = pb
			return
		}
		start := prev.start
		t.swap(int(pos), int(start))
		prev.start, prev.end = start+1, pos+1
		pos = start
	}
	s.bucket = t.newBucket(c, pos)
}

// newBucket returns a bucket of count c holding order[pos], reusing a freed
// one when there is one.
func (t *List) newBucket(c int64, pos int32) int32 {
	id := t.freeB
	if id >= 0 {
		t.freeB = t.buckets[id].start
	} else {
		id = int32(len(t.buckets))
		t.buckets = append(t.buckets, topBucket{})
	}
	t.buckets[id] = topBucket{count: c, start: pos, end: pos + 1}
	return id
}

func (t *List) freeBucket(id int32) {
	t.buckets[id] = topBucket{start: t.freeB}
	t.freeB = id
}

// seen widens the slot's time range.
func (s *topSlot) seen(first, last int64) {
	if first != 0 && (s.first == 0 || first < s.first) {
		s.first = first
	}
	if last > s.last {
		s.last = last
	}
}

func (t *List) find(key []byte, h uint64) int32 {
	mask := uint64(len(t.table) - 1)
	tag := uint32(h)
	for p := h & mask; ; p = (p + 1) & mask {
		e := &t.table[p]
		if e.slot < 0 {
			return -1
		}
		if e.tag == tag {
			if s := &t.slots[e.slot]; s.hash == h && bytes.Equal(t.keys.bytes(s.key), key) {
				return e.slot
			}
		}
	}
}

func (t *List) insert(i int32) {
	mask := uint64(len(t.table) - 1)
	h := t.slots[i].hash
	p := h & mask
	for t.table[p].slot >= 0 {
		p = (p + 1) & mask
	}
	t.table[p].slot, t.table[p].tag = i, uint32(h)
}

// remove deletes slot i from the index with backward-shift deletion, which
// keeps every probe chain unbroken without tombstones.
func (t *List) remove(i int32) {
	mask := uint64(len(t.table) - 1)
	p := t.slots[i].hash & mask
	for t.table[p].slot != i {
		p = (p + 1) & mask
	}
	// The cells stay where they are: only slots and tags move.
	for q := (p + 1) & mask; t.table[q].slot >= 0; q = (q + 1) & mask {
		home := uint64(t.table[q].tag) & mask
		// Move q's entry into the hole at p unless its home lies
		// cyclically in (p, q].
		if (q > p && (home <= p || home > q)) || (q < p && home <= p && home > q) {
			t.table[p].slot, t.table[p].tag = t.table[q].slot, t.table[q].tag
			p = q
		}
	}
	t.table[p].slot, t.table[p].tag = -1, 0
}

func (t *List) swap(a, b int) {
	t.order[a], t.order[b] = t.order[b], t.order[a]
	t.slots[t.order[a]].pos = int32(a)
	t.slots[t.order[b]].pos = int32(b)
}

// minCount is the most a value that is not tracked may have occurred: 0
// while nothing went untracked; else the largest cell (each bounds its
// untracked values) and, once the table is full, at least the smallest
// tracked count. Fed by a stream alone, no cell exceeds that count, so it
// is the smallest count, as in space-saving; after a Merge that left room
// and later Adds, a cell can exceed it, and the cell is the bound.
func (t *List) minCount() int64 {
	if !t.evicted {
		return 0
	}
	var m int64
	if t.cells {
		for i := range t.table {
			m = max(m, t.table[i].cell)
		}
	}
	if len(t.slots) == int(t.capacity) {
		m = max(m, t.slots[t.order[0]].count)
	}
	return m
}

// cellBound is the bound, for a table of n cells, of the values of cell
// i: the cell itself when t has as many, else the largest of the cells of
// t that those values fall into (n and len(t.cells) are powers of two).
func (t *List) cellBound(i, n int) int64 {
	switch c := len(t.table); {
	case !t.cells:
		return 0
	case c <= n:
		return t.table[i&(c-1)].cell
	default:
		var m int64
		for j := i; j < c; j += n {
			m = max(m, t.table[j].cell)
		}
		return m
	}
}

// Top returns up to n values, most frequent first, ties by value.
func (t *List) Top(n int) []Item {
	items := t.items()
	if n >= 0 && len(items) > n {
		items = items[:n]
	}
	return items
}

func (t *List) items() []Item {
	items := make([]Item, len(t.slots))
	for i, s := range t.slots {
		items[i] = Item{Value: string(t.keys.bytes(s.key)), Count: s.count, Err: s.err, First: s.first, Last: s.last}
	}
	sort.Slice(items, func(a, b int) bool {
		if items[a].Count != items[b].Count {
			return items[a].Count > items[b].Count
		}
		return items[a].Value < items[b].Value
	})
	return items
}

// Merge adds o's counts into t. When neither side ever evicted and the
// union fits, the result is exact; otherwise it follows the mergeable
// space-saving summary (Agarwal et al.): a value missing from a side that
// evicted is credited that side's minimum count as possible overestimate,
// then the largest counts are kept, ties by value.
func (t *List) Merge(o *List) {
	if o == nil || len(o.slots) == 0 {
		return
	}
	tMin, oMin := t.minCount(), o.minCount()
	// Both sides hash alike, so each slot's hash finds it on the other.
	cands := make([]mergeCand, 0, len(t.slots)+len(o.slots))
	for i := range t.slots {
		s := &t.slots[i]
		c := mergeCand{key: t.keys.bytes(s.key), hash: s.hash, count: s.count + oMin, err: s.err + oMin, first: s.first, last: s.last}
		if j := o.find(c.key, s.hash); j >= 0 {
			os := &o.slots[j]
			c.count += os.count - oMin
			c.err += os.err - oMin
			sl := topSlot{first: c.first, last: c.last}
			sl.seen(os.first, os.last)
			c.first, c.last = sl.first, sl.last
		}
		cands = append(cands, c)
	}
	for i := range o.slots {
		s := &o.slots[i]
		key := o.keys.bytes(s.key)
		if t.find(key, s.hash) < 0 {
			cands = append(cands, mergeCand{key: key, hash: s.hash, count: s.count + tMin, err: s.err + tMin, first: s.first, last: s.last})
		}
	}
	slices.SortFunc(cands, func(a, b mergeCand) int {
		if a.count != b.count {
			return cmp.Compare(b.count, a.count)
		}
		return bytes.Compare(a.key, b.key)
	})
	capacity := int(t.capacity)
	evicted := t.evicted || o.evicted || len(cands) > capacity
	fresh := New(capacity)
	// A value tracked by neither side occurred at most as often as both
	// its cells say; a value dropped here at most its merged count.
	cells := t.cells || o.cells || len(cands) > capacity
	if cells {
		n := len(fresh.table)
		for i := range fresh.table {
			fresh.table[i].cell = t.cellBound(i, n) + o.cellBound(i, n)
		}
		for _, c := range cands[min(len(cands), capacity):] {
			cell := &fresh.table[c.hash&uint64(n-1)].cell
			*cell = max(*cell, c.count)
		}
	}
	cands = cands[:min(len(cands), capacity)]
	// Smallest first: each value then joins the last bucket or opens one
	// after it, without passing the others. The cells are in use only
	// after, so that each value keeps the count it has here (none is
	// evicted: they fit).
	for j := len(cands) - 1; j >= 0; j-- {
		c := &cands[j]
		fresh.addHashed(c.key, c.hash, c.count, c.err, c.first, c.last)
	}
	fresh.cells = cells
	fresh.evicted = evicted
	*t = *fresh
}

// mergeCand is a value of either side of a Merge, with its merged counts;
// key points into that side's arena.
type mergeCand struct {
	key         []byte
	hash        uint64
	count, err  int64
	first, last int64
}
