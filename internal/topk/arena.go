package topk

import (
	"cmp"
	"slices"
)

// keyArena holds the keys of a List's slots back to back in one buffer, so
// that slots hold no pointers and a replaced key costs no allocation. A
// replaced key leaves a hole; when the buffer is full the keys are slid
// together, and the buffer grows only when they fill more than half of it,
// so that sliding costs O(1) per byte added, amortised. It grows to three
// times what the keys need, so that keys which lengthen slowly (ids gaining
// digits) let it grow by half each time rather than a little at every
// compaction: its growth, and the garbage it leaves, stop with the keys'.
type keyArena struct {
	buf   []byte
	live  int     // bytes of keys in use; the rest of buf are holes
	order []int32 // scratch for compact
}

// keyRef locates a key in the arena.
type keyRef struct{ off, n int32 }

func (a *keyArena) bytes(r keyRef) []byte { return a.buf[r.off : r.off+r.n : r.off+r.n] }

// drop marks r's bytes as a hole.
func (a *keyArena) drop(r keyRef) { a.live -= int(r.n) }

// add stores key and returns where. slots are the refs the arena must keep
// valid when it moves keys; the slot the key is for must hold a zero ref.
func (a *keyArena) add(key []byte, slots []topSlot) keyRef {
	if len(a.buf)+len(key) > cap(a.buf) {
		if need := a.live + len(key); need <= cap(a.buf)/2 {
			a.compact(slots)
		} else {
			a.grow(slots, max(3*need, 256))
		}
	}
	off := len(a.buf)
	a.buf = append(a.buf, key...)
	a.live += len(key)
	return keyRef{off: int32(off), n: int32(len(key))}
}

// compact slides the keys to the start of the buffer, in place.
func (a *keyArena) compact(slots []topSlot) {
	a.order = a.order[:0]
	for i := range slots {
		if slots[i].key.n > 0 {
			a.order = append(a.order, int32(i))
		}
	}
	slices.SortFunc(a.order, func(x, y int32) int { return cmp.Compare(slots[x].key.off, slots[y].key.off) })
	w := int32(0)
	for _, i := range a.order {
		r := &slots[i].key
		copy(a.buf[w:], a.buf[r.off:r.off+r.n])
		r.off = w
		w += r.n
	}
	a.buf = a.buf[:w]
}

// grow moves the keys, packed, into a new buffer of the given capacity.
func (a *keyArena) grow(slots []topSlot, capacity int) {
	buf := make([]byte, 0, capacity)
	for i := range slots {
		r := &slots[i].key
		if r.n == 0 {
			continue
		}
		off := int32(len(buf))
		buf = append(buf, a.buf[r.off:r.off+r.n]...)
		r.off = off
	}
	a.buf = buf
}
