package aggregate

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"slices"

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
// that is tracked is a hash, one probe, a comparison of words and an
// increment, counting one that is not (most of a churning stream) is a
// hash, one probe and a cell's increment, and counting never allocates.
type TalkerList struct {
	// index holds each tracked value by open addressing on its hash, a
	// quarter full at most: its slot (the low bits), talkerInUse, and
	// the hash's top bits (talkerTagMask), so that a probe reads a slot
	// only when those match. 0 is empty.
	index [talkerIndexSize]uint32
	slots [talkerCapacity]talkerSlot
	n     int    // slots in use: slots[:n]
	keys  []byte // slot i's kept bytes at keys[i*keyCap:]
	// keyCap is the bytes kept of a value, at least 32: a value of up to
	// 32 bytes is kept whole, and its slot's words are the value.
	keyCap  int
	cells   *[talkerCells]int64 // nil until a value goes untracked (or a Merge)
	evicted bool
	// ties are slots that had the smallest count, tieCount, when last
	// looked for: the next to replace, unless counted since.
	ties     []uint8
	tieCount int64
}

const (
	// talkerCells is the number of cells that bound untracked values.
	talkerCells = 4 * talkerCapacity
	// talkerIndexSize is the number of index entries.
	talkerIndexSize = 4 * talkerCapacity
	// talkerInUse marks an index entry in use; the bits below it are the
	// slot, the bits above it some of the hash.
	talkerInUse   = talkerCapacity
	talkerTagMask = ^uint32(2*talkerCapacity - 1)
)

// An index entry keeps the slot in its low bits: the capacity is a power
// of two.
var _ [0]struct{} = [talkerCapacity & (talkerCapacity - 1)]struct{}{}

type talkerSlot struct {
	// w are words of a value of up to 32 bytes, which with its length
	// are the value: its keyWords up to 16 bytes, else its first and last
	// 8 bytes then the 8 after the first and the 8 before the last. A
	// longer value is compared by its kept bytes, and w is 0.
	w           [4]uint64
	hash        uint64
	count, err  int64
	first, last int64
	n           int32 // the value's length (at most MaxKeyLen)
}

// NewTalkerList returns an empty list keeping keyCap bytes of each value
// (at least 32: a smaller keyCap is taken as 32).
func NewTalkerList(keyCap int) *TalkerList {
	keyCap = max(keyCap, 32)
	return &TalkerList{keys: make([]byte, talkerCapacity*keyCap), keyCap: keyCap, ties: make([]uint8, 0, talkerCapacity)}
}

// key returns the kept bytes of slot i.
func (t *TalkerList) key(i int) []byte {
	return t.keys[i*t.keyCap : i*t.keyCap+min(int(t.slots[i].n), t.keyCap)]
}

// Len returns how many values are tracked.
func (t *TalkerList) Len() int { return t.n }

// Approximate reports whether a value ever went untracked.
func (t *TalkerList) Approximate() bool { return t.evicted }

// Add counts one occurrence of key at Unix time at (0: unknown).
func (t *TalkerList) Add(key []byte, at int64) {
	if len(key) > 16 {
		t.addLong(key, at)
		return
	}
	w0, w1 := keyWords(key)
	t.addShort(key, w0, w1, at)
}

// addShort is Add for a value of up to 16 bytes, whose keyWords are w0
// and w1: with its length they are the value, and no bytes are compared.
func (t *TalkerList) addShort(key []byte, w0, w1 uint64, at int64) {
	h := shortHash(w0, w1, len(key))
	if s := t.findShort(h, w0, w1, len(key)); s != nil {
		s.count++
		s.seen(at, at)
	} else if !t.inCell(h) {
		t.addNew(key, h, 1, 0, at, at)
	}
}

// findShort returns the slot of the value of up to 16 bytes of hash h,
// keyWords w0 and w1 and length n, nil if it is not tracked.
func (t *TalkerList) findShort(h, w0, w1 uint64, n int) *talkerSlot {
	for p := h; ; p++ {
		e := t.index[p%talkerIndexSize]
		if e == 0 {
			return nil
		}
		if s := &t.slots[e%talkerCapacity]; (e^uint32(h>>32))&talkerTagMask == 0 && s.w[0] == w0 && s.w[1] == w1 && int(s.n) == n {
			return s
		}
	}
}

// inCell counts one occurrence of an untracked value of hash h in its
// cell, when that keeps it untracked without a look at the slots (most of
// a churning stream): tieCount is at most the smallest count (counts only
// grow, and a replacement puts a larger one in), and above 0 only when the
// list is full. It reports whether it did.
func (t *TalkerList) inCell(h uint64) bool {
	if c := t.cells; c != nil && c[h%talkerCells] < t.tieCount {
		c[h%talkerCells]++
		return true
	}
	return false
}

// addLong is Add for a value of more than 16 bytes: up to 32, the slot's
// words are compared (they are the value), over 32 its kept bytes.
func (t *TalkerList) addLong(key []byte, at int64) {
	n := len(key)
	if n > MaxKeyLen {
		n = MaxKeyLen
		key = key[:n]
	}
	// longHash, by hand (the compiler does not inline it), its words
	// read through arrays (no bounds checks).
	m := min(n, t.keyCap)
	var h uint64
	if n > 32 {
		a, z := (*[32]byte)(key), (*[32]byte)(key[n-32:])
		h = mum(le64(a[:8])^hk1, le64(a[8:16])^hk0^uint64(n))
		h = mum(le64(a[16:24])^hk2, le64(a[24:])^h)
		h = mum(le64(z[:8])^hk3, le64(z[8:16])^h)
		h = mum(le64(z[16:24])^hk2, le64(z[24:])^h)
		for p := h; ; p++ {
			e := t.index[p%talkerIndexSize]
			if e == 0 {
				break
			}
			i := int(e % talkerCapacity)
			if s := &t.slots[i]; (e^uint32(h>>32))&talkerTagMask == 0 && s.hash == h && int(s.n) == n &&
				bytes.Equal(t.keys[i*t.keyCap:i*t.keyCap+m], key[:m]) {
				s.count++
				s.seen(at, at)
				return
			}
		}
	} else {
		// Up to 32 bytes, the slot's words are the value.
		a, z := (*[16]byte)(key), (*[16]byte)(key[n-16:])
		w := [4]uint64{le64(a[:8]), le64(z[8:]), le64(a[8:]), le64(z[:8])}
		h = mum(w[3]^hk2, w[1]^mum(w[0]^hk1, w[2]^hk0^uint64(n)))
		for p := h; ; p++ {
			e := t.index[p%talkerIndexSize]
			if e == 0 {
				break
			}
			if s := &t.slots[e%talkerCapacity]; (e^uint32(h>>32))&talkerTagMask == 0 && s.w == w && int(s.n) == n {
				s.count++
				s.seen(at, at)
				return
			}
		}
	}
	if !t.inCell(h) {
		t.addNew(key, h, 1, 0, at, at)
	}
}

func (s *talkerSlot) seen(first, last int64) {
	if first != 0 && (s.first == 0 || first < s.first) {
		s.first = first
	}
	if last > s.last {
		s.last = last
	}
}

// find returns the slot of the value of length n, hash h and kept bytes
// kept, or -1.
func (t *TalkerList) find(kept []byte, n int32, h uint64) int {
	kept = kept[:min(len(kept), t.keyCap)]
	for p := h; ; p++ {
		e := t.index[p%talkerIndexSize]
		if e == 0 {
			return -1
		}
		i := int(e % talkerCapacity)
		if s := &t.slots[i]; s.hash == h && s.n == n && bytes.Equal(t.key(i), kept) {
			return i
		}
	}
}

// addNew counts n occurrences of a value that is not tracked (key, of
// at most MaxKeyLen bytes, and its hash h), and returns its slot, -1 when
// it stays untracked.
func (t *TalkerList) addNew(key []byte, h uint64, n, err, first, last int64) int {
	var bound int64
	if t.cells != nil {
		bound = t.cells[h%talkerCells]
	}
	if t.n < talkerCapacity {
		t.n++
		t.set(t.n-1, key, int32(len(key)), h, bound+n, bound+err, first, last)
		t.ties, t.tieCount = t.ties[:0], 0
		return t.n - 1
	}
	t.evicted = true
	if t.cells == nil {
		t.cells = new([talkerCells]int64)
	}
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
	t.set(m, key, int32(len(key)), h, bound+n, bound+err, first, last)
	t.ties = t.ties[:len(t.ties)-1]
	return m
}

// set fills slot i with the value of length n whose kept bytes are
// key[:keyCap], and indexes it.
func (t *TalkerList) set(i int, key []byte, n int32, h uint64, count, err, first, last int64) {
	kept := key[:min(len(key), t.keyCap)]
	var w [4]uint64 // kept is the value up to 32 bytes (keyCap is 32 or more)
	switch m := len(kept); {
	case n <= 16:
		w[0], w[1] = keyWords(kept)
	case n <= 32:
		w = [4]uint64{le64(kept), le64(kept[m-8:]), le64(kept[8:]), le64(kept[m-16:])}
	}
	t.slots[i] = talkerSlot{w: w, hash: h, count: count, err: err, first: first, last: last, n: n}
	copy(t.keys[i*t.keyCap:(i+1)*t.keyCap], kept)
	p := h
	for t.index[p%talkerIndexSize] != 0 {
		p++
	}
	t.index[p%talkerIndexSize] = uint32(h>>32)&talkerTagMask | talkerInUse | uint32(i)
}

// remove deletes slot i from the index with backward-shift deletion.
func (t *TalkerList) remove(i int) {
	const mask = talkerIndexSize - 1
	p := t.slots[i].hash & mask
	for t.index[p] == 0 || int(t.index[p]%talkerCapacity) != i {
		p = (p + 1) & mask
	}
	for q := (p + 1) & mask; t.index[q] != 0; q = (q + 1) & mask {
		home := t.slots[t.index[q]%talkerCapacity].hash & mask
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
	slots := t.slots[:t.n]
	m := slots[0].count
	for i := range slots {
		m = min(m, slots[i].count)
	}
	for i := range slots {
		if slots[i].count == m {
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
	if t.n == talkerCapacity {
		m = max(m, t.slots[t.min()].count)
	}
	return m
}

// Top returns up to n values (n < 0: all), most frequent first, ties by
// value.
func (t *TalkerList) Top(n int) []Item {
	items := make([]Item, t.n)
	for i := range items {
		s := &t.slots[i]
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

func le64(b []byte) uint64 { return binary.LittleEndian.Uint64(b) }

// keyWords returns two words of a value (its kept bytes): its first and
// last 8 bytes, overlapping under 16; under 8 bytes its first and last 4,
// under 4 its first, middle and last byte. With the length they are the
// value up to 16 bytes.
func keyWords(k []byte) (uint64, uint64) {
	n := len(k)
	switch {
	case n >= 8:
		return le64(k), le64(k[n-8:])
	case n >= 4:
		return uint64(binary.LittleEndian.Uint32(k)), uint64(binary.LittleEndian.Uint32(k[n-4:]))
	case n > 0:
		return uint64(k[0]) | uint64(k[n/2])<<8, uint64(k[n-1])
	}
	return 0, 0
}

// Keys of the talker hash (wyhash's).
const (
	hk0 = 0xa0761d6478bd642f
	hk1 = 0xe7037ed1a0b428db
	hk2 = 0x8ebc6af09c88c6e3
	hk3 = 0x589965cc75374cc3
)

// mum is the high and low word of a*b, xored.
func mum(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

// talkerHash hashes a value, as wyhash mixes words (multiplying them,
// keyed, into 128 bits): a value of up to 16 bytes by its words and
// length (shortHash), a longer one by some of its words (longHash).
func talkerHash(key []byte) uint64 {
	if len(key) <= 16 {
		w0, w1 := keyWords(key)
		return shortHash(w0, w1, len(key))
	}
	return longHash(key)
}

// shortHash hashes a value of up to 16 bytes by its words and length.
func shortHash(w0, w1 uint64, n int) uint64 {
	hi, lo := bits.Mul64(w0^hk0, w1^hk1)
	return mum(lo^hk2^uint64(n), hi^hk3)
}

// longHash hashes a value of more than 16 bytes by its length, its
// first 16 bytes and its last 16, over 32 bytes its first 32 and its last
// 32: hashing all of a long value (a user agent) costs more than the rest
// of a line's counting. Values alike there are told apart by their kept
// bytes (Add compares them), so at worst two values that differ only past
// their kept bytes and before their last 32 count as one.
func longHash(k []byte) uint64 {
	n := len(k)
	h := mum(le64(k)^hk1, le64(k[8:])^hk0^uint64(n))
	if n > 32 {
		h = mum(le64(k[16:])^hk2, le64(k[24:])^h)
		h = mum(le64(k[n-32:])^hk3, le64(k[n-24:])^h)
	}
	return mum(le64(k[n-16:])^hk2, le64(k[n-8:])^h)
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
	if o == nil || o == t || o.n == 0 {
		return
	}
	tMin, oMin := t.minCount(), o.minCount()
	cands := make([]talkerCand, 0, t.n+o.n)
	for i := range t.n {
		s := &t.slots[i]
		c := talkerCand{key: bytes.Clone(t.key(i)), n: s.n, hash: s.hash, count: s.count + oMin, err: s.err + oMin, first: s.first, last: s.last}
		if j := o.find(t.key(i), s.n, s.hash); j >= 0 {
			os := &o.slots[j]
			c.count += os.count - oMin
			c.err += os.err - oMin
			sl := talkerSlot{first: c.first, last: c.last}
			sl.seen(os.first, os.last)
			c.first, c.last = sl.first, sl.last
		}
		cands = append(cands, c)
	}
	for j := range o.n {
		s := &o.slots[j]
		if t.find(o.key(j), s.n, s.hash) < 0 {
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
		t.n++
		t.set(i, c.key, c.n, c.hash, c.count, c.err, c.first, c.last)
	}
	t.cells, t.evicted = cells, evicted
}

func (t *TalkerList) reset() {
	t.n = 0
	t.index = [talkerIndexSize]uint32{}
	t.cells = nil
	t.evicted = false
	t.ties, t.tieCount = t.ties[:0], 0
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
	b = binenc.AppendUvarint(b, uint64(t.n))
	for i := range t.n {
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
		case t.find(key, int32(length), h) >= 0:
			r.Fail(errors.New("a talker twice"))
		}
		if r.Err() != nil {
			return nil
		}
		t.n++
		t.set(i, key, int32(length), h, count, err, first, last)
	}
	return t
}
