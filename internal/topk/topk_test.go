package topk

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"
)

func TestTopKExactWithinCapacity(t *testing.T) {
	tests := []struct {
		name               string
		n, distinct, capac int
		seed               uint64
		skewed             bool
	}{
		{"one value", 100, 1, 1, 1, false},
		{"fills exactly", 5000, 64, 64, 2, false},
		{"half full", 3000, 50, 100, 3, false},
		{"skewed", 10000, 200, 200, 4, true},
		{"tiny stream", 3, 10, 200, 5, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRand(tt.seed)
			var keys [][]byte
			if tt.skewed {
				keys = skewedStream(r, tt.n, tt.distinct)
			} else {
				keys = uniformStream(r, tt.n, tt.distinct)
			}
			tk := New(tt.capac)
			for _, k := range keys {
				tk.Add(k)
			}
			if tk.Approximate() {
				t.Error("Approximate() = true without eviction")
			}
			want := exactItems(countKeys(keys))
			if got := tk.Top(-1); !reflect.DeepEqual(got, want) {
				t.Errorf("Top(-1) =\n%v\nwant\n%v", got, want)
			}
			checkIndex(t, tk)
		})
	}
}

func TestTopKGuaranteesAfterEviction(t *testing.T) {
	tests := []struct {
		name               string
		n, distinct, capac int
		seed               uint64
		skewed             bool
	}{
		{"skewed small table", 20000, 5000, 20, 11, true},
		{"skewed default table", 50000, 20000, 200, 12, true},
		{"uniform overflow", 10000, 300, 100, 13, false},
		{"capacity one", 1000, 5, 1, 14, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRand(tt.seed)
			var keys [][]byte
			if tt.skewed {
				keys = skewedStream(r, tt.n, tt.distinct)
			} else {
				keys = uniformStream(r, tt.n, tt.distinct)
			}
			tk := New(tt.capac)
			for _, k := range keys {
				tk.Add(k)
			}
			if !tk.Approximate() {
				t.Fatal("Approximate() = false after eviction")
			}
			if tk.Len() != tt.capac {
				t.Errorf("Len() = %d, want %d", tk.Len(), tt.capac)
			}
			checkGuarantees(t, tk, countKeys(keys), int64(len(keys)), tt.capac)
			checkIndex(t, tk)
			// Fed by a stream alone, no cell exceeds the smallest tracked
			// count: that is why every heavy hitter is tracked.
			for _, c := range cellsOf(tk) {
				if min := tk.minCount(); c > min {
					t.Fatalf("a cell holds %d, above the smallest tracked count %d", c, min)
				}
			}
		})
	}
}

// checkIndex checks the invariants of the open-addressed index and the
// order: every slot is findable under its own hash, the table holds exactly
// one entry per slot, and the order orders slots by count.
// checkIndex fails the test when tk's invariants do not hold.
func checkIndex(t *testing.T, tk *List) {
	t.Helper()
	if err := tk.check(); err != nil {
		t.Fatal(err)
	}
}

// TestTopKIndexUnderEvictions checks the index after every Add while
// values are evicted all the time, with a table small enough (capacity 5,
// 16 buckets) that probe chains cross and wrap, which exercises every case
// of the backward-shift deletion in remove.
func TestTopKIndexUnderEvictions(t *testing.T) {
	tests := []struct {
		name     string
		capacity int
		distinct int
		n        int
		seed     uint64
	}{
		{"capacity 5", 5, 40, 20000, 21},
		{"capacity 8 fills half the table", 8, 1000, 20000, 22},
		{"capacity 7", 7, 12, 20000, 23},
		{"capacity 100", 100, 5000, 20000, 24},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRand(tt.seed)
			tk := New(tt.capacity)
			truth := map[string]int64{}
			for i, k := range uniformStream(r, tt.n, tt.distinct) {
				tk.Add(k)
				truth[string(k)]++
				checkIndex(t, tk)
				if t.Failed() {
					t.Fatalf("after Add #%d (%q)", i, k)
				}
			}
			checkGuarantees(t, tk, truth, int64(tt.n), tt.capacity)
		})
	}
}

func TestTopKKeyCut(t *testing.T) {
	long := bytes.Repeat([]byte("a"), MaxKeyLen+100)
	tests := []struct {
		name string
		keys [][]byte
		want []Item
	}{
		{"at limit kept", [][]byte{long[:MaxKeyLen]}, []Item{{Value: string(long[:MaxKeyLen]), Count: 1}}},
		{"one over cut", [][]byte{long[:MaxKeyLen+1]}, []Item{{Value: string(long[:MaxKeyLen]), Count: 1}}},
		{"same prefix counts once", [][]byte{long, long[:MaxKeyLen+1], long[:MaxKeyLen]}, []Item{{Value: string(long[:MaxKeyLen]), Count: 3}}},
		{"short kept", [][]byte{[]byte("/x")}, []Item{{Value: "/x", Count: 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tk := New(4)
			for _, k := range tt.keys {
				tk.Add(k)
			}
			if got := tk.Top(-1); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Top = %v, want %v", abbrev(got), abbrev(tt.want))
			}
		})
	}
	// After eviction the replacement key is cut too. The long value
	// replaces "x" on its second occurrence, when its cell reaches x's count.
	tk := New(1)
	tk.Add([]byte("x"))
	tk.Add(long)
	tk.Add(long)
	if got := tk.Top(1)[0].Value; len(got) != MaxKeyLen {
		t.Errorf("evicting key kept %d bytes", len(got))
	}
}

func abbrev(items []Item) []Item {
	out := append([]Item(nil), items...)
	for i := range out {
		if len(out[i].Value) > 20 {
			out[i].Value = out[i].Value[:10] + "…"
		}
	}
	return out
}

func TestTopKTopOrder(t *testing.T) {
	tk := New(10)
	for _, k := range []string{"b", "a", "c", "c", "b", "d", "e", "e", "e"} {
		tk.Add([]byte(k))
	}
	all := []Item{{Value: "e", Count: 3, Err: 0}, {Value: "b", Count: 2, Err: 0}, {Value: "c", Count: 2, Err: 0}, {Value: "a", Count: 1, Err: 0}, {Value: "d", Count: 1, Err: 0}}
	tests := []struct {
		name string
		n    int
		want []Item
	}{
		{"all", -1, all},
		{"more than held", 10, all},
		{"two", 2, all[:2]},
		{"ties by value", 3, all[:3]},
		{"zero", 0, []Item{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tk.Top(tt.n); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Top(%d) = %v, want %v", tt.n, got, tt.want)
			}
		})
	}
}

// TestTopKKeyArena churns values of many lengths through a small table so
// that the key arena both compacts in place and grows, and checks after
// each Add that every tracked key is intact (checkIndex finds each slot by
// its key bytes and hash).
func TestTopKKeyArena(t *testing.T) {
	r := newRand(41)
	tk := New(16)
	truth := map[string]int64{}
	var added int
	for i := range 20000 {
		n := 1 + r.IntN(MaxKeyLen+40)
		if i%3 == 0 {
			n = 1 + r.IntN(8) // short hot values, so counts climb
		}
		k := bytes.Repeat([]byte{byte('a' + r.IntN(3))}, n)
		k = fmt.Appendf(k, "%d", r.IntN(50))
		tk.Add(k)
		truth[string(k[:min(len(k), MaxKeyLen)])]++
		added += min(len(k), MaxKeyLen)
		checkIndex(t, tk)
		if t.Failed() {
			t.Fatalf("after Add #%d", i)
		}
	}
	if cap(tk.keys.buf) >= added/4 {
		t.Errorf("arena capacity %d for %d bytes added: keys are not compacted", cap(tk.keys.buf), added)
	}
	if live := tk.keys.live; live != sumKeyLen(tk) {
		t.Errorf("arena counts %d live bytes, slots hold %d", live, sumKeyLen(tk))
	}
	checkGuarantees(t, tk, truth, 20000, 16)
}

func sumKeyLen(tk *List) int {
	n := 0
	for _, s := range tk.slots {
		n += int(s.key.n)
	}
	return n
}

// TestTopKArenaLengtheningKeys feeds values that never repeat and slowly
// lengthen, as ids gaining digits do: the arena must grow a few times, by
// a good part each time, not a little at every compaction (that garbage
// made memory grow with the log).
func TestTopKArenaLengtheningKeys(t *testing.T) {
	tk := New(50)
	grows, last := 0, 0
	for i := range 200000 {
		tk.Add(fmt.Appendf(nil, "/api/v1/items/%0*d/status", 6+i/20000, i))
		if c := cap(tk.keys.buf); c != last {
			grows, last = grows+1, c
		}
	}
	if grows > 8 {
		t.Errorf("the arena grew %d times for keys lengthening by 10 bytes", grows)
	}
}
