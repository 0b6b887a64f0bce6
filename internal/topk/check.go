package topk

import "fmt"

// check verifies the list's invariants and says which one is broken:
// the index holds every slot once and finds it; hashes are current; order
// is sorted by count and cut into buckets of equal count, contiguous, in
// ascending order, each slot knowing its position and bucket; every other
// bucket is on the free list. Tests call it after every kind of change.
func (t *List) check() error {
	if err := t.checkIndex(); err != nil {
		return err
	}
	return t.checkBuckets()
}

func (t *List) checkIndex() error {
	seen := make(map[int32]bool)
	for p, e := range t.table {
		i := e.slot
		if i < 0 {
			if e.tag != 0 {
				return fmt.Errorf("empty entry %d has tag %#x", p, e.tag)
			}
			continue
		}
		if seen[i] {
			return fmt.Errorf("slot %d is in the table twice", i)
		}
		if int(i) >= len(t.slots) || e.tag != uint32(t.slots[i].hash) {
			return fmt.Errorf("entry %d: slot %d, tag %#x does not match its hash", p, i, e.tag)
		}
		seen[i] = true
	}
	if !t.cells {
		for p := range t.table {
			if t.table[p].cell != 0 {
				return fmt.Errorf("cell %d holds %d while cells are not in use", p, t.table[p].cell)
			}
		}
	}
	if len(seen) != len(t.slots) || len(t.order) != len(t.slots) {
		return fmt.Errorf("table holds %d slots, order %d, want %d", len(seen), len(t.order), len(t.slots))
	}
	for i := range t.slots {
		s := &t.slots[i]
		key := t.keys.bytes(s.key)
		switch {
		case hashKey(key) != s.hash:
			return fmt.Errorf("slot %d (%q): stale hash", i, key)
		case t.find(key, s.hash) != int32(i):
			return fmt.Errorf("slot %d (%q): find returns %d", i, key, t.find(key, s.hash))
		case t.order[s.pos] != int32(i):
			return fmt.Errorf("slot %d: pos %d points at %d", i, s.pos, t.order[s.pos])
		}
	}
	return nil
}

func (t *List) checkBuckets() error {
	if len(t.order) > 0 && t.low != t.slots[t.order[0]].count {
		return fmt.Errorf("low %d, smallest count %d", t.low, t.slots[t.order[0]].count)
	}
	live := 0
	for pos := int32(0); pos < int32(len(t.order)); {
		b := t.slots[t.order[pos]].bucket
		bk := t.buckets[b]
		if bk.start != pos || bk.end <= pos || bk.end > int32(len(t.order)) {
			return fmt.Errorf("bucket %d at %d spans [%d, %d)", b, pos, bk.start, bk.end)
		}
		if pos > 0 && t.buckets[t.slots[t.order[pos-1]].bucket].count >= bk.count {
			return fmt.Errorf("bucket %d (count %d) at %d does not follow a lower count", b, bk.count, pos)
		}
		for q := bk.start; q < bk.end; q++ {
			if s := &t.slots[t.order[q]]; s.bucket != b || s.count != bk.count || s.pos != q {
				return fmt.Errorf("slot %d at %d: bucket %d count %d pos %d, want bucket %d count %d", t.order[q], q, s.bucket, s.count, s.pos, b, bk.count)
			}
		}
		live++
		pos = bk.end
	}
	free := 0
	for id := t.freeB; id >= 0; id = t.buckets[id].start {
		if free++; free > len(t.buckets) {
			return fmt.Errorf("the free list of buckets loops")
		}
	}
	if live+free != len(t.buckets) {
		return fmt.Errorf("%d live and %d free buckets of %d", live, free, len(t.buckets))
	}
	return nil
}
