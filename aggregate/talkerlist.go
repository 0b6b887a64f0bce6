package aggregate

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/cespare/xxhash/v2"

	"github.com/logstat/logstat/internal/binenc"
)

// TalkerList finds the values that occur most in a stream, as a top list
// (TopK) does, with the same algorithm (filtered space-saving, Homem and
// Carvalho) and the same guarantees: a tracked value's Count is at least
// its true count and Count-Err at most; counts are exact while no value
// went untracked (Approximate false); merging two lists follows the
// mergeable space-saving summary and is exact when neither evicted and
// their union fits. It is a smaller, fixed-size variant for the talkers,
// which count every request: 64 values, their keys kept in place (at most
// keyCap bytes of each, the value being told apart by its full length and
// hash), and an index and cells of fixed size, so that counting a value
// that is tracked is a hash, one probe and an increment (or, for the
// value counted last, a comparison and an increment), and counting never
// allocates.
type TalkerList struct {
	slots   []talkerSlot
	keys    []byte // slot i's kept bytes at keys[i*keyCap:]
	keyCap  int
	index   [2 * talkerCapacity]uint8 // slot+1 by open addressing on the hash; 0 is empty
	cells   *[talkerCells]int64       // nil until a value goes untracked (or a Merge)
	evicted bool
	// ties are slots that had the smallest count, tieCount, when last
	// looked for: the next to replace, unless counted since.
	ties     []uint8
	tieCount int64
	// prevSlot is the slot of the last value counted (-1 when none): the
	// same value again, common in logs, is found without hashing when the
	// slot keeps it whole (at most keyCap bytes).
	prevSlot int
}

// talkerCells is the number of cells that bound untracked values.
const talkerCells = 4 * talkerCapacity

type talkerSlot struct {
	hash        uint64
	count, err  int64
	first, last int64
	n           int32 // the value's length (at most MaxKeyLen)
}

// NewTalkerList returns an empty list keeping keyCap bytes of each value.
func NewTalkerList(keyCap int) *TalkerList {
	return &TalkerList{slots: make([]talkerSlot, 0, talkerCapacity), keys: make([]byte, talkerCapacity*keyCap), keyCap: keyCap,
		ties: make([]uint8, 0, talkerCapacity), prevSlot: -1}
}

func (t *TalkerList) key(i int) []byte {
	return t.keys[i*t.keyCap : i*t.keyCap+min(int(t.slots[i].n), t.keyCap)]
}

// Len returns how many values are tracked.
func (t *TalkerList) Len() int { return len(t.slots) }

// Approximate reports whether a value ever went untracked.
func (t *TalkerList) Approximate() bool { return t.evicted }

// Add counts one occurrence of key at Unix time at (0: unknown).
func (t *TalkerList) Add(key []byte, at int64) {
	if len(key) > MaxKeyLen {
		key = key[:MaxKeyLen]
	}
	if i := t.prevSlot; i >= 0 && len(key) <= t.keyCap && int(t.slots[i].n) == len(key) && bytes.Equal(t.key(i), key) {
		s := &t.slots[i]
		s.count++
		s.seen(at, at)
		return
	}
	h := talkerHash(key)
	i := t.find(key, h)
	if i >= 0 {
		s := &t.slots[i]
		s.count++
		s.seen(at, at)
	} else {
		i = t.addNew(key, h, 1, 0, at, at)
	}
	t.prevSlot = i
}

func (s *talkerSlot) seen(first, last int64) {
	if first != 0 && (s.first == 0 || first < s.first) {
		s.first = first
	}
	if last > s.last {
		s.last = last
	}
}

func (t *TalkerList) find(key []byte, h uint64) int {
	const mask = 2*talkerCapacity - 1
	for p := h & mask; ; p = (p + 1) & mask {
		i := int(t.index[p]) - 1
		if i < 0 {
			return -1
		}
		if s := &t.slots[i]; s.hash == h && int(s.n) == len(key) && bytes.Equal(t.key(i), key[:min(len(key), t.keyCap)]) {
			return i
		}
	}
}

// addNew counts n occurrences of a value that is not tracked, and
// returns its slot, -1 when it stays untracked.
func (t *TalkerList) addNew(key []byte, h uint64, n, err, first, last int64) int {
	var bound int64
	if t.cells != nil {
		bound = t.cells[h%talkerCells]
	}
	if len(t.slots) < talkerCapacity {
		t.slots = append(t.slots, talkerSlot{})
		t.set(len(t.slots)-1, key, h, bound+n, bound+err, first, last)
		t.ties, t.tieCount = t.ties[:0], 0
		return len(t.slots) - 1
	}
	t.evicted = true
	if t.cells == nil {
		t.cells = new([talkerCells]int64)
	}
	// tieCount is at most the smallest count (counts only grow, and a
	// replacement puts a larger one in): a value not above it stays in
	// its cell without a look at the slots, which is most of a churning
	// stream.
	if bound+n <= t.tieCount {
		t.cells[h%talkerCells] = bound + n
		return -1
	}
	m := t.min()
	if bound+n <= t.slots[m].count {
		t.cells[h%talkerCells] = bound + n
		return -1
	}
	// Replace the value of the smallest count; its cell now bounds it.
	old := &t.slots[m]
	if c := &t.cells[old.hash%talkerCells]; *c < old.count {
		*c = old.count
	}
	t.remove(m)
	t.set(m, key, h, bound+n, bound+err, first, last)
	t.ties = t.ties[:len(t.ties)-1]
	return m
}

// set fills slot i and indexes it.
func (t *TalkerList) set(i int, key []byte, h uint64, count, err, first, last int64) {
	t.slots[i] = talkerSlot{hash: h, count: count, err: err, first: first, last: last, n: int32(len(key))}
	copy(t.keys[i*t.keyCap:(i+1)*t.keyCap], key)
	const mask = 2*talkerCapacity - 1
	p := h & mask
	for t.index[p] != 0 {
		p = (p + 1) & mask
	}
	t.index[p] = uint8(i + 1)
}

// remove deletes slot i from the index with backward-shift deletion.
func (t *TalkerList) remove(i int) {
	const mask = 2*talkerCapacity - 1
	p := t.slots[i].hash & mask
	for int(t.index[p]) != i+1 {
		p = (p + 1) & mask
	}
	for q := (p + 1) & mask; t.index[q] != 0; q = (q + 1) & mask {
		home := t.slots[t.index[q]-1].hash & mask
		if (q > p && (home <= p || home > q)) || (q < p && home <= p && home > q) {
			t.index[p] = t.index[q]
			p = q
		}
	}
	t.index[p] = 0
}

// min returns a slot of the smallest count: the last of the ties found
// by the last look that has not been counted since, else, after a new
// look, the one of highest index.
func (t *TalkerList) min() int {
	for len(t.ties) > 0 {
		i := int(t.ties[len(t.ties)-1])
		if t.slots[i].count == t.tieCount {
			return i
		}
		t.ties = t.ties[:len(t.ties)-1]
	}
	m := t.slots[0].count
	for i := range t.slots {
		m = min(m, t.slots[i].count)
	}
	for i := range t.slots {
		if t.slots[i].count == m {
			t.ties = append(t.ties, uint8(i))
		}
	}
	t.tieCount = m
	return int(t.ties[len(t.ties)-1])
}

// minCount is the most an untracked value may have occurred (as
// topk.List's).
func (t *TalkerList) minCount() int64 {
	if !t.evicted {
		return 0
	}
	var m int64
	if t.cells != nil {
		for _, c := range t.cells {
			m = max(m, c)
		}
	}
	if len(t.slots) == talkerCapacity {
		m = max(m, t.slots[t.min()].count)
	}
	return m
}

// Top returns up to n values (n < 0: all), most frequent first, ties by
// value.
func (t *TalkerList) Top(n int) []Item {
	items := make([]Item, len(t.slots))
	for i, s := range t.slots {
		items[i] = Item{Value: string(t.key(i)), Count: s.count, Err: s.err, First: s.first, Last: s.last}
	}
	slices.SortStableFunc(items, func(a, b Item) int {
		if a.Count != b.Count {
			return cmp.Compare(b.Count, a.Count)
		}
		return cmp.Compare(a.Value, b.Value)
	})
	if n >= 0 && len(items) > n {
		items = items[:n]
	}
	return items
}

// talkerHash hashes a value: xxhash, or for values of up to 16 bytes
// (addresses, networks) a cheaper mix of two overlapping loads, or for
// values over 64 bytes xxhash of their start mixed with their end.
func talkerHash(key []byte) uint64 {
	n := len(key)
	var a, b uint64
	switch {
	case n > 64:
		// A long value (a user agent) by its first 48 and last 16 bytes
		// and its length: hashing it all costs more than the rest of a
		// line's counting. Values alike there are told apart by their
		// kept bytes (find), so at worst two user agents that differ
		// only in their middle, past the kept bytes, count as one.
		a, b = xxhash.Sum64(key[:48]), binary.LittleEndian.Uint64(key[n-8:])^binary.LittleEndian.Uint64(key[n-16:])<<1
	case n > 16:
		return xxhash.Sum64(key)
	case n >= 8:
		a, b = binary.LittleEndian.Uint64(key), binary.LittleEndian.Uint64(key[n-8:])
	case n >= 4:
		a, b = uint64(binary.LittleEndian.Uint32(key)), uint64(binary.LittleEndian.Uint32(key[n-4:]))
	case n > 0:
		a, b = uint64(key[0])|uint64(key[n/2])<<8, uint64(key[n-1])
	}
	h := (a ^ 0x9e3779b97f4a7c15) * 0xbf58476d1ce4e5b9
	h ^= (b ^ uint64(n)<<56) * 0x94d049bb133111eb
	h ^= h >> 31
	h *= 0xd6e8feb86659fd93
	return h ^ h>>32
}

// talkerCand is a value of either side of a Merge.
type talkerCand struct {
	key         []byte
	n           int32
	hash        uint64
	count, err  int64
	first, last int64
}

// Merge adds o's counts into t, as topk.List.Merge does.
func (t *TalkerList) Merge(o *TalkerList) {
	if o == nil || o == t || len(o.slots) == 0 {
		return
	}
	tMin, oMin := t.minCount(), o.minCount()
	cands := make([]talkerCand, 0, len(t.slots)+len(o.slots))
	for i := range t.slots {
		s := &t.slots[i]
		c := talkerCand{key: bytes.Clone(t.key(i)), n: s.n, hash: s.hash, count: s.count + oMin, err: s.err + oMin, first: s.first, last: s.last}
		if j := o.findSlot(s, t.key(i)); j >= 0 {
			os := &o.slots[j]
			c.count += os.count - oMin
			c.err += os.err - oMin
			sl := talkerSlot{first: c.first, last: c.last}
			sl.seen(os.first, os.last)
			c.first, c.last = sl.first, sl.last
		}
		cands = append(cands, c)
	}
	for j := range o.slots {
		s := &o.slots[j]
		if t.findSlot(s, o.key(j)) < 0 {
			cands = append(cands, talkerCand{key: bytes.Clone(o.key(j)), n: s.n, hash: s.hash, count: s.count + tMin, err: s.err + tMin, first: s.first, last: s.last})
		}
	}
	slices.SortFunc(cands, func(a, b talkerCand) int {
		if a.count != b.count {
			return cmp.Compare(b.count, a.count)
		}
		if c := bytes.Compare(a.key, b.key); c != 0 {
			return c
		}
		if a.n != b.n {
			return cmp.Compare(a.n, b.n)
		}
		return cmp.Compare(a.hash, b.hash)
	})
	evicted := t.evicted || o.evicted || len(cands) > talkerCapacity
	var cells *[talkerCells]int64
	if t.cells != nil || o.cells != nil || len(cands) > talkerCapacity {
		cells = new([talkerCells]int64)
		for i := range cells {
			if t.cells != nil {
				cells[i] += t.cells[i]
			}
			if o.cells != nil {
				cells[i] += o.cells[i]
			}
		}
		for _, c := range cands[min(len(cands), talkerCapacity):] {
			cells[c.hash%talkerCells] = max(cells[c.hash%talkerCells], c.count)
		}
	}
	cands = cands[:min(len(cands), talkerCapacity)]
	t.reset()
	for i, c := range cands {
		t.slots = append(t.slots, talkerSlot{})
		t.set(i, c.key, c.hash, c.count, c.err, c.first, c.last)
		t.slots[i].n = c.n
	}
	t.cells, t.evicted = cells, evicted
}

// findSlot finds the slot of t holding the value of slot s (of another
// list) whose kept bytes are key.
func (t *TalkerList) findSlot(s *talkerSlot, key []byte) int {
	const mask = 2*talkerCapacity - 1
	for p := s.hash & mask; ; p = (p + 1) & mask {
		i := int(t.index[p]) - 1
		if i < 0 {
			return -1
		}
		if o := &t.slots[i]; o.hash == s.hash && o.n == s.n && bytes.Equal(t.key(i), key[:min(len(key), t.keyCap)]) {
			return i
		}
	}
}

func (t *TalkerList) reset() {
	t.slots = t.slots[:0]
	t.index = [2 * talkerCapacity]uint8{}
	t.cells = nil
	t.evicted = false
	t.ties, t.tieCount = t.ties[:0], 0
	t.prevSlot = -1
}

// appendBinary writes the list: the bytes kept of a value (uvarint), the
// evicted flag, the non-zero cells (count, then index and value each),
// the slots (count, then each value's kept bytes, length, hash as 8 bytes,
// count, err, first, last) in the order they are held.
func (t *TalkerList) appendBinary(b []byte) []byte {
	b = binenc.AppendUvarint(b, uint64(t.keyCap))
	b = binenc.AppendBool(b, t.evicted)
	nonZero := 0
	if t.cells != nil {
		for _, c := range t.cells {
			if c != 0 {
				nonZero++
			}
		}
	}
	b = binenc.AppendBool(b, t.cells != nil)
	b = binenc.AppendUvarint(b, uint64(nonZero))
	if t.cells != nil {
		for i, c := range t.cells {
			if c != 0 {
				b = binenc.AppendUvarint(b, uint64(i))
				b = binenc.AppendVarint(b, c)
			}
		}
	}
	b = binenc.AppendUvarint(b, uint64(len(t.slots)))
	for i := range t.slots {
		s := &t.slots[i]
		b = binenc.AppendBytes(b, t.key(i))
		b = binenc.AppendUvarint(b, uint64(s.n))
		b = binenc.AppendUint64(b, s.hash)
		b = appendVarints(b, s.count, s.err, s.first, s.last)
	}
	return b
}

// readTalkerList reads what appendBinary wrote; the list must keep
// keyCap bytes of each value.
func readTalkerList(r *binenc.Reader, keyCap int) *TalkerList {
	if c := r.Uvarint(); r.Err() == nil && c != uint64(keyCap) {
		r.Fail(fmt.Errorf("talker list keeping %d bytes of a value, want %d", c, keyCap))
	}
	t := NewTalkerList(keyCap)
	t.evicted = r.Bool()
	if r.Bool() {
		t.cells = new([talkerCells]int64)
	}
	prev := -1
	for range r.Count(2) {
		i, c := r.Uvarint(), r.Varint()
		if r.Err() == nil && (t.cells == nil || i >= talkerCells || int(i) <= prev || c <= 0) {
			r.Fail(fmt.Errorf("talker cell %d of %d, or out of order", i, talkerCells))
		}
		if r.Err() != nil {
			return nil
		}
		t.cells[i] = c
		prev = int(i)
	}
	n := r.Count(13)
	if r.Err() == nil && n > talkerCapacity {
		r.Fail(fmt.Errorf("%d values in a talker list of %d", n, talkerCapacity))
	}
	for i := range n {
		key := r.Bytes()
		length, h := r.Uvarint(), r.Uint64()
		count, err, first, last := r.Varint(), r.Varint(), r.Varint(), r.Varint()
		if r.Err() != nil {
			return nil
		}
		switch {
		case length > MaxKeyLen || len(key) != min(int(length), keyCap):
			r.Fail(fmt.Errorf("a talker of %d bytes keeps %d", length, len(key)))
		case len(key) == int(length) && h != talkerHash(key):
			r.Fail(errors.New("a talker's hash is not its value's"))
		case count < 1 || err < 0 || err >= count || first != 0 && last < first:
			r.Fail(fmt.Errorf("talker counts %d±%d seen %d–%d", count, err, first, last))
		case t.findSlot(&talkerSlot{hash: h, n: int32(length)}, key) >= 0:
			r.Fail(errors.New("a talker twice"))
		}
		if r.Err() != nil {
			return nil
		}
		t.slots = append(t.slots, talkerSlot{})
		t.set(i, key, h, count, err, first, last)
		t.slots[i].n = int32(length)
	}
	return t
}
