package aggregate

import (
	"bytes"
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// refList is TalkerList's algorithm written plainly (a slice of slots
// searched in turn, no index, no fast paths), to test the list against:
// the same slots in the same order, counts, cells and flags after the
// same adds and merges.
type refList struct {
	keyCap   int
	slots    []refSlot
	cells    *[talkerCells]int64
	evicted  bool
	ties     []int
	tieCount int64
}

type refSlot struct {
	kept                    []byte
	n                       int32
	hash                    uint64
	count, err, first, last int64
}

func (r *refList) find(kept []byte, n int32, h uint64) int {
	for i, s := range r.slots {
		if s.hash == h && s.n == n && bytes.Equal(s.kept, kept) {
			return i
		}
	}
	return -1
}

func (s *refSlot) seen(first, last int64) {
	if first != 0 && (s.first == 0 || first < s.first) {
		s.first = first
	}
	if last > s.last {
		s.last = last
	}
}

func (r *refList) add(key []byte, at int64) {
	if len(key) > MaxKeyLen {
		key = key[:MaxKeyLen]
	}
	h := talkerHash(key)
	kept := key[:min(len(key), r.keyCap)]
	if i := r.find(kept, int32(len(key)), h); i >= 0 {
		r.slots[i].count++
		r.slots[i].seen(at, at)
		return
	}
	var bound int64
	if r.cells != nil {
		bound = r.cells[h%talkerCells]
	}
	slot := refSlot{kept: bytes.Clone(kept), n: int32(len(key)), hash: h, count: bound + 1, err: bound, first: at, last: at}
	if len(r.slots) < talkerCapacity {
		r.slots = append(r.slots, slot)
		r.ties, r.tieCount = r.ties[:0], 0
		return
	}
	r.evicted = true
	if r.cells == nil {
		r.cells = new([talkerCells]int64)
	}
	if bound+1 <= r.tieCount {
		r.cells[h%talkerCells] = bound + 1
		return
	}
	m := r.min()
	if bound+1 <= r.slots[m].count {
		r.cells[h%talkerCells] = bound + 1
		return
	}
	old := r.slots[m]
	r.cells[old.hash%talkerCells] = max(r.cells[old.hash%talkerCells], old.count)
	r.slots[m] = slot
	r.ties = r.ties[:len(r.ties)-1]
}

func (r *refList) min() int {
	for len(r.ties) > 0 {
		if i := r.ties[len(r.ties)-1]; r.slots[i].count == r.tieCount {
			return i
		}
		r.ties = r.ties[:len(r.ties)-1]
	}
	m := r.slots[0].count
	for _, s := range r.slots {
		m = min(m, s.count)
	}
	for i, s := range r.slots {
		if s.count == m {
			r.ties = append(r.ties, i)
		}
	}
	r.tieCount = m
	return r.ties[len(r.ties)-1]
}

func (r *refList) minCount() int64 {
	if !r.evicted {
		return 0
	}
	var m int64
	if r.cells != nil {
		m = slices.Max(r.cells[:])
	}
	if len(r.slots) == talkerCapacity {
		m = max(m, r.slots[r.min()].count)
	}
	return m
}

func (r *refList) merge(o *refList) {
	if len(o.slots) == 0 {
		return
	}
	tMin, oMin := r.minCount(), o.minCount()
	var cands []refSlot
	for _, s := range r.slots {
		c := s
		c.count += oMin
		c.err += oMin
		if j := o.find(s.kept, s.n, s.hash); j >= 0 {
			os := o.slots[j]
			c.count += os.count - oMin
			c.err += os.err - oMin
			c.seen(os.first, os.last)
		}
		cands = append(cands, c)
	}
	for _, s := range o.slots {
		if r.find(s.kept, s.n, s.hash) < 0 {
			c := s
			c.count += tMin
			c.err += tMin
			cands = append(cands, c)
		}
	}
	slices.SortFunc(cands, func(a, b refSlot) int {
		return cmp.Or(cmp.Compare(b.count, a.count), bytes.Compare(a.kept, b.kept), cmp.Compare(a.n, b.n), cmp.Compare(a.hash, b.hash))
	})
	evicted := r.evicted || o.evicted || len(cands) > talkerCapacity
	var cells *[talkerCells]int64
	if r.cells != nil || o.cells != nil || len(cands) > talkerCapacity {
		cells = new([talkerCells]int64)
		for i := range cells {
			if r.cells != nil {
				cells[i] += r.cells[i]
			}
			if o.cells != nil {
				cells[i] += o.cells[i]
			}
		}
		for _, c := range cands[min(len(cands), talkerCapacity):] {
			cells[c.hash%talkerCells] = max(cells[c.hash%talkerCells], c.count)
		}
	}
	r.slots = cands[:min(len(cands), talkerCapacity)]
	r.cells, r.evicted = cells, evicted
	r.ties, r.tieCount = nil, 0
}

// diffRef says how l differs from r, and checks l's index: every slot
// found by its value, nothing else in it.
func diffRef(l *TalkerList, r *refList) string {
	if l.n != len(r.slots) || l.evicted != r.evicted || (l.cells == nil) != (r.cells == nil) {
		return fmt.Sprintf("%d slots, evicted %v, cells %v; want %d, %v, %v", l.n, l.evicted, l.cells != nil, len(r.slots), r.evicted, r.cells != nil)
	}
	if l.cells != nil && *l.cells != *r.cells {
		return "cells differ"
	}
	for i, w := range r.slots {
		s := l.slots[i]
		if !bytes.Equal(l.key(i), w.kept) || s.n != w.n || s.hash != w.hash || s.count != w.count || s.err != w.err || s.first != w.first || s.last != w.last {
			return fmt.Sprintf("slot %d: %q (%d bytes, hash %x) %d±%d %d–%d, want %q (%d, %x) %d±%d %d–%d",
				i, l.key(i), s.n, s.hash, s.count, s.err, s.first, s.last, w.kept, w.n, w.hash, w.count, w.err, w.first, w.last)
		}
		if j := l.find(w.kept, w.n, w.hash); j != i {
			return fmt.Sprintf("slot %d (%q) found at %d", i, w.kept, j)
		}
	}
	inUse := 0
	for _, e := range l.index {
		if e != 0 {
			inUse++
		}
	}
	if inUse != l.n {
		return fmt.Sprintf("%d index entries for %d slots", inUse, l.n)
	}
	return ""
}

// refKeys returns n values of a churning stream: Zipf-like clients (IPv4,
// IPv6, host names), their networks, user agents of many lengths (some
// alike but for their middle, some longer than the bytes kept, some
// longer than MaxKeyLen), and values of every short length.
func refKeys(r *rand.Rand, n, distinct int) [][]byte {
	z := rand.NewZipf(r, 1.1, 1, uint64(distinct-1))
	keys := make([][]byte, n)
	for i := range keys {
		v := z.Uint64()
		switch v % 11 {
		case 0:
			keys[i] = fmt.Appendf(nil, "2001:db8:%x:%x::%x", v>>8, v&255, v%7)
		case 1:
			keys[i] = fmt.Appendf(nil, "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36", 100+v%40)
		case 2:
			// Alike in their first and last bytes and length, over 128.
			keys[i] = fmt.Appendf(nil, "Mozilla/5.0 %0140d (compatible)", v%13)
		case 3:
			keys[i] = fmt.Appendf(nil, "host-%d.example.net", v)
		case 4:
			keys[i] = bytes.Repeat([]byte{byte('a' + v%26)}, int(v%40))
		case 5:
			keys[i] = fmt.Appendf(nil, "%s%d", bytes.Repeat([]byte("x"), 600), v%3)
		default:
			keys[i] = fmt.Appendf(nil, "%d.%d.%d.%d", 10+v>>16&7, v>>8&255, v&255, v%5)
		}
	}
	return keys
}

// TestTalkerListReference: a list holds what the plain algorithm holds,
// after adds over and under its capacity, for both key sizes, and after
// merges (either way round, which hold the same).
func TestTalkerListReference(t *testing.T) {
	for trial := range 6 {
		r := newRand(uint64(100 + trial))
		keyCap := []int{64, 128}[trial%2]
		distinct := []int{40, 3000, 60000}[trial%3]
		keys := refKeys(r, 30000, distinct)
		var lists [3]*TalkerList
		var refs [3]*refList
		for part := range lists {
			l, ref := NewTalkerList(keyCap), &refList{keyCap: keyCap}
			for i, k := range keys[part*10000 : (part+1)*10000] {
				at := int64(1_700_000_000 + part*10000 + i)
				if i%97 == 0 {
					at = 0
				}
				l.Add(k, at)
				ref.add(k, at)
				if i%1000 == 999 {
					if d := diffRef(l, ref); d != "" {
						t.Fatalf("trial %d part %d after %d: %s", trial, part, i+1, d)
					}
				}
			}
			lists[part], refs[part] = l, ref
		}
		ab := cloneList(lists[0])
		ab.Merge(lists[1])
		refs[0].merge(refs[1])
		if d := diffRef(ab, refs[0]); d != "" {
			t.Fatalf("trial %d merged: %s", trial, d)
		}
		ba := cloneList(lists[1])
		ba.Merge(lists[0])
		if d := diffRef(ba, refs[0]); d != "" {
			t.Fatalf("trial %d merged the other way: %s", trial, d)
		}
		// A merged list goes on counting as the plain one.
		for i, k := range keys[20000:] {
			ab.Add(k, int64(i))
			refs[0].add(k, int64(i))
		}
		if d := diffRef(ab, refs[0]); d != "" {
			t.Fatalf("trial %d merged then counted: %s", trial, d)
		}
		ab.Merge(lists[2])
		refs[0].merge(refs[2])
		if d := diffRef(ab, refs[0]); d != "" {
			t.Fatalf("trial %d merged again: %s", trial, d)
		}
	}
}

func cloneList(l *TalkerList) *TalkerList {
	c := *l
	c.keys = bytes.Clone(l.keys)
	c.ties = slices.Clone(l.ties)
	if l.cells != nil {
		cells := *l.cells
		c.cells = &cells
	}
	return &c
}

// TestTalkerHashWords: the words a list compares and hashes are those of
// the value, at every length around the words' sizes.
func TestTalkerHashWords(t *testing.T) {
	r := newRand(7)
	seen := map[uint64]string{}
	for n := range 80 {
		for range 50 {
			k := make([]byte, n)
			for i := range k {
				k[i] = "0123456789.:abcdef"[r.IntN(18)]
			}
			h := talkerHash(k)
			if v, ok := seen[h]; ok && v != string(k) {
				t.Errorf("%q and %q hash alike", v, k)
			}
			seen[h] = string(k)
			l := NewTalkerList(64)
			l.Add(k, 1)
			l.Add(bytes.Clone(k), 2)
			if l.Len() != 1 || l.slots[0].count != 2 || l.slots[0].hash != h {
				t.Fatalf("%q: %d values, counted %d", k, l.Len(), l.slots[0].count)
			}
		}
	}
	// A byte changed anywhere in the bytes kept is another value; past
	// them, in the last 32, too.
	for n := range 200 {
		k := make([]byte, n)
		for i := range k {
			k[i] = byte('a' + i%26)
		}
		l := NewTalkerList(128)
		l.Add(k, 1)
		for j := range n {
			o := bytes.Clone(k)
			o[j] = '.'
			l.Add(o, 2)
			if l.Add(o, 2); l.Len() != 2 || l.slots[0].count != 1 || l.slots[1].count != 2 {
				if j < 128 || j >= n-32 {
					t.Fatalf("%d bytes, byte %d changed: %d values, counts %d, %d", n, j, l.Len(), l.slots[0].count, l.slots[1].count)
				}
			}
			l = NewTalkerList(128)
			l.Add(k, 1)
		}
	}
}

// oldNetworkKey is networkKey as first written (bytes.Count and
// LastIndexByte), for TestNetworkKeySame.
func oldNetworkKey(client []byte) []byte {
	n := len(client)
	if n < 7 || n > 64 {
		return client
	}
	if a, z := client[0], client[n-1]; a-'0' <= 9 && z-'0' <= 9 && bytes.Count(client, dot) == 3 {
		return client[:bytes.LastIndexByte(client, '.')+1]
	}
	if i := bytes.IndexByte(client, ':'); i >= 0 {
		colons := 0
		for j, c := range client[i:] {
			if c == ':' {
				if colons++; colons == 4 {
					if bytes.Contains(client[:i+j+1], []byte("::")) {
						return client
					}
					return client[:i+j+1]
				}
			}
		}
		return client
	}
	if first := bytes.IndexByte(client, '.'); first > 0 && bytes.IndexByte(client[first+1:], '.') > 0 {
		return client[first:]
	}
	return client
}

// TestNetworkKeySame: networkKey and Talkers.add's way to it give the key
// networkKey was first written to give, for addresses and for anything
// like them.
func TestNetworkKeySame(t *testing.T) {
	r := newRand(8)
	var clients [][]byte
	for _, c := range []string{"", "-", "1.2.3.4", "1.2.3.45", "10.0.0.1", "203.0.113.77", "255.255.255.255", "1.2.3.4.5", "1..2.3",
		"2001:db8:1:2::5", "2001:db8:1:2:3:4:5:6", "::1", "::ffff:1.2.3.4", "1:2.3.4.5", "a.b.example.net", "example.net", ".x.y",
		"12345678", "1.2.34567", "1234567.8.9", "1.2.3.4567890123", "1.2.3.45678901234"} {
		clients = append(clients, []byte(c))
	}
	for i := range 40000 {
		k := make([]byte, r.IntN(70))
		alphabet := []string{"0123456789.:ab-", "0123456789abcdef:", "0123456789.", "0123456789.:"}[i%4]
		for j := range k {
			k[j] = alphabet[r.IntN(len(alphabet))]
		}
		clients = append(clients, k)
	}
	for _, c := range clients {
		want := oldNetworkKey(c)
		if got := networkKey(c); !bytes.Equal(got, want) {
			t.Errorf("networkKey(%q) = %q, want %q", c, got, want)
		}
		tk := newTalkers()
		tk.add(c, nil, 1)
		if want := string(want); tk.Networks.Len() != 1 || tk.Networks.Top(1)[0].Value != want[:min(len(want), 64)] {
			t.Errorf("add(%q) counted network %v, want %q", c, tk.Networks.Top(1), want)
		}
	}
}
