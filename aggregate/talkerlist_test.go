package aggregate

import (
	"bytes"
	"cmp"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/logstat/logstat/internal/binenc"
)

// zipfKeys returns n keys drawn from distinct values with a Zipf-like
// popularity, some of them longer than the bytes a list keeps.
func zipfKeys(r *rand.Rand, n, distinct int) [][]byte {
	z := rand.NewZipf(r, 1.2, 1, uint64(distinct-1))
	keys := make([][]byte, n)
	for i := range keys {
		v := z.Uint64()
		if v%7 == 3 {
			keys[i] = fmt.Appendf(nil, "Mozilla/5.0 (compatible; crawler-%d) %0200d", v, v)
		} else {
			keys[i] = fmt.Appendf(nil, "10.%d.%d.%d", v>>16&255, v>>8&255, v&255)
		}
	}
	return keys
}

func fill(keyCap int, keys [][]byte) *TalkerList { return fillFrom(keyCap, keys, 0) }

// fillFrom counts keys, key i seen at 1000+from+i.
func fillFrom(keyCap int, keys [][]byte, from int) *TalkerList {
	t := NewTalkerList(keyCap)
	for i, k := range keys {
		t.Add(k, int64(1000+from+i))
	}
	return t
}

// TestTalkerListExact: below its capacity a list counts exactly, with the
// first and last time of each value, as a TopK does.
func TestTalkerListExact(t *testing.T) {
	keys := zipfKeys(newRand(1), 5000, 60)
	tl := fill(64, keys)
	tk := NewTopK(200)
	for i, k := range keys {
		tk.AddAt(k[:min(len(k), 64)], int64(1000+i))
	}
	if tl.Approximate() {
		t.Fatal("evicted below capacity")
	}
	got, want := tl.Top(-1), tk.Top(-1)
	// Values longer than 64 bytes are cut, but counted apart by their
	// full length and hash: compare those the cut leaves distinct.
	if len(got) != len(want) || !reflect.DeepEqual(got[:10], want[:10]) {
		t.Errorf("top 10 %v\nwant %v", got[:min(10, len(got))], want[:min(10, len(want))])
	}
}

// TestTalkerListBounds: with more values than it tracks, every count
// bounds the true one (Count-Err <= true <= Count) and every value of
// more than 1/64 of the stream is tracked; merged parts keep both.
func TestTalkerListBounds(t *testing.T) {
	for trial := range 5 {
		r := newRand(uint64(10 + trial))
		keys := zipfKeys(r, 20000, 3000)
		truth := map[string]int64{}
		for _, k := range keys {
			truth[string(k)]++
		}
		whole := fill(64, keys)
		a, b := fill(64, keys[:7000]), fill(64, keys[7000:])
		a.Merge(b)
		for name, l := range map[string]*TalkerList{"whole": whole, "merged": a} {
			if !l.Approximate() || l.Len() != talkerCapacity {
				t.Fatalf("%s: %d values, approximate %v", name, l.Len(), l.Approximate())
			}
			seen := map[string]bool{}
			for _, it := range l.Top(-1) {
				// A value longer than the bytes kept is known by its
				// prefix: find its true count by that.
				var n int64
				for k, c := range truth {
					if k[:min(len(k), 64)] == it.Value && (len(k) <= 64 || len(it.Value) == 64) {
						n += c
					}
				}
				if it.Count < n && len(it.Value) < 64 || it.Count-it.Err > n {
					t.Errorf("trial %d %s: %q counted %d±%d, true %d", trial, name, it.Value, it.Count, it.Err, n)
				}
				seen[it.Value] = true
			}
			for k, c := range truth {
				if c*talkerCapacity > int64(len(keys)) && !seen[k[:min(len(k), 64)]] {
					t.Errorf("trial %d %s: %q (%d of %d) not tracked", trial, name, k, c, len(keys))
				}
			}
		}
	}
}

// TestTalkerListMergeExact: parts whose union fits merge to the list of
// the whole, in any order.
func TestTalkerListMergeExact(t *testing.T) {
	keys := zipfKeys(newRand(4), 6000, 50)
	whole := fill(128, keys)
	for _, cut := range []int{0, 1, 2999, 6000} {
		a, b := fill(128, keys[:cut]), fillFrom(128, keys[cut:], cut)
		b.Merge(a)
		if got, want := b.Top(-1), whole.Top(-1); !reflect.DeepEqual(got, want) {
			t.Errorf("cut %d: merged %v\nwant %v", cut, got[:3], want[:3])
		}
	}
}

// TestTalkerListEncoding: a list decodes to one that encodes to the same
// bytes and goes on counting as the original.
func TestTalkerListEncoding(t *testing.T) {
	r := newRand(5)
	for _, n := range []int{0, 30, 20000} {
		keys := zipfKeys(r, n, 2000)
		l := fill(128, keys)
		b := l.appendBinary(nil)
		rd := binenc.NewReader(b)
		got := readTalkerList(rd, 128)
		if rd.Err() != nil || rd.Len() != 0 {
			t.Fatalf("%d keys: %v, %d bytes left", n, rd.Err(), rd.Len())
		}
		if again := got.appendBinary(nil); string(again) != string(b) {
			t.Errorf("%d keys: decoded list encodes differently", n)
		}
		more := zipfKeys(r, 3000, 2000)
		for i, k := range more {
			l.Add(k, int64(i))
			got.Add(k, int64(i))
		}
		if !reflect.DeepEqual(got.Top(-1), l.Top(-1)) || got.Approximate() != l.Approximate() {
			t.Errorf("%d keys: the decoded list went on differently", n)
		}
	}
	bad := map[string][]byte{
		"other key size": binenc.AppendUvarint(nil, 64),
		"a count of 0": func() []byte {
			b := NewTalkerList(128).appendBinary(nil)
			b = b[:len(b)-1]
			b = binenc.AppendUvarint(b, 1)
			b = binenc.AppendBytes(b, []byte("x"))
			b = binenc.AppendUvarint(b, 1)
			b = binenc.AppendUint64(b, talkerHash([]byte("x")))
			return appendVarints(b, 0, 0, 0, 0)
		}(),
		"a wrong hash": func() []byte {
			b := NewTalkerList(128).appendBinary(nil)
			b = b[:len(b)-1]
			b = binenc.AppendUvarint(b, 1)
			b = binenc.AppendBytes(b, []byte("x"))
			b = binenc.AppendUvarint(b, 1)
			b = binenc.AppendUint64(b, 7)
			return appendVarints(b, 1, 0, 0, 0)
		}(),
	}
	for name, b := range bad {
		rd := binenc.NewReader(b)
		if readTalkerList(rd, 128); rd.Err() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestTalkerListAllocs(t *testing.T) {
	keys := zipfKeys(newRand(6), 4096, 5000)
	l := fill(128, keys[:2048])
	i := 2048
	if n := totalAllocs(2000, func() { l.Add(keys[i%len(keys)], int64(i)); i++ }); n != 0 {
		t.Errorf("%d allocations in 2000 adds", n)
	}
}

// BenchmarkSummaryAddTalkers is BenchmarkSummaryAdd with clients of a
// Zipf-like popularity and user agents, as logs have them.
func BenchmarkSummaryAddTalkers(b *testing.B) {
	codes := []int{200, 200, 200, 200, 200, 200, 200, 304, 200, 404, 200, 200, 301, 200, 500, 200, 206, 200, 403, 200}
	recs := records(1<<14, 3000, 500, codes, nil)
	r := newRand(9)
	z := rand.NewZipf(r, 1.1, 1, 4999)
	agents := [][]byte{[]byte("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"),
		[]byte("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"),
		[]byte("curl/8.4.0"), []byte("Googlebot/2.1 (+http://www.google.com/bot.html)")}
	for i := range recs {
		v := z.Uint64()
		recs[i].Client = fmt.Appendf(nil, "10.%d.%d.%d", v>>16&255, v>>8&255, v&255)
		recs[i].UserAgent = agents[v%4]
	}
	s := New(Options{})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		s.Add(&recs[i&(len(recs)-1)])
	}
}

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
