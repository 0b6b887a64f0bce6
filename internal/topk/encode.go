package topk

import (
	"errors"
	"fmt"

	"github.com/logstat/logstat/internal/binenc"
)

// AppendBinary appends the list, in the layout internal/binenc reads:
// capacity, evicted, the number of cells (0, or the table's size), the
// non-zero cells (count, then index and value each), the slots (count,
// then key, count, err, first, last each) in order, ascending count.
// Decode rebuilds an equal list: the same counts, order and cells, so it
// goes on exactly as the original would.
func (t *List) AppendBinary(b []byte) []byte {
	b = binenc.AppendUvarint(b, uint64(t.capacity))
	b = binenc.AppendBool(b, t.evicted)
	var ncells int
	if t.cells {
		ncells = len(t.table)
	}
	b = binenc.AppendUvarint(b, uint64(ncells))
	nonZero := 0
	for i := range ncells {
		if t.table[i].cell != 0 {
			nonZero++
		}
	}
	b = binenc.AppendUvarint(b, uint64(nonZero))
	for i := range ncells {
		if c := t.table[i].cell; c != 0 {
			b = binenc.AppendUvarint(b, uint64(i))
			b = binenc.AppendVarint(b, c)
		}
	}
	b = binenc.AppendUvarint(b, uint64(len(t.order)))
	for _, i := range t.order {
		s := &t.slots[i]
		b = binenc.AppendBytes(b, t.keys.bytes(s.key))
		for _, v := range []int64{s.count, s.err, s.first, s.last} {
			b = binenc.AppendVarint(b, v)
		}
	}
	return b
}

// Decode reads a list that AppendBinary wrote, which must have the
// capacity want (a summary's lists have a known capacity); anything else
// is an error recorded in r, and nil is returned.
func Decode(r *binenc.Reader, want int) *List {
	capacity := int(r.Uvarint())
	evicted := r.Bool()
	ncells := r.Uvarint()
	if r.Err() == nil && capacity != want {
		r.Fail(fmt.Errorf("top list of capacity %d, want %d", capacity, want))
	}
	if r.Err() != nil {
		return nil
	}
	t := New(capacity)
	if ncells != 0 && ncells != uint64(len(t.table)) {
		r.Fail(fmt.Errorf("%d cells in a list of %d", ncells, capacity))
		return nil
	}
	// The cells go straight into the table; they are in use only once
	// the slots are in, so that each value keeps the count it was written
	// with.
	for range r.Count(2) {
		i, c := r.Uvarint(), r.Varint()
		if r.Err() == nil && i >= ncells {
			r.Fail(fmt.Errorf("cell %d of %d", i, ncells))
		}
		if r.Err() != nil {
			return nil
		}
		t.table[i].cell = c
	}
	n := r.Count(5)
	if r.Err() == nil && n > capacity {
		r.Fail(fmt.Errorf("%d values in a list of %d", n, capacity))
	}
	last := int64(-1 << 63)
	for range n {
		key := r.Bytes()
		count, err, first, lastSeen := r.Varint(), r.Varint(), r.Varint(), r.Varint()
		if r.Err() == nil && (len(key) > MaxKeyLen || count < last || t.find(key, hashKey(key)) >= 0) {
			r.Fail(errors.New("a top list out of order, or with a value twice"))
		}
		if r.Err() != nil {
			return nil
		}
		last = count
		t.addHashed(key, hashKey(key), count, err, first, lastSeen)
	}
	t.cells, t.evicted = ncells > 0, evicted
	return t
}
