package topk

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
)

func sketch(capacity int, keys ...[][]byte) *List {
	tk := New(capacity)
	for _, ks := range keys {
		for _, k := range ks {
			tk.Add(k)
		}
	}
	return tk
}

func TestTopKMergeExact(t *testing.T) {
	tests := []struct {
		name      string
		capacity  int
		distinctA int
		distinctB int
		shift     int // B's values are k(shift)...: they overlap A's when shift < distinctA
		seed      uint64
	}{
		{"disjoint", 100, 30, 40, 30, 1},
		{"overlapping", 60, 40, 40, 20, 2},
		{"same values", 20, 20, 20, 0, 3},
		{"union fills exactly", 60, 30, 30, 30, 4},
		{"empty side", 10, 10, 0, 0, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRand(tt.seed)
			a := rangeStream(r, 2000, 0, tt.distinctA)
			b := rangeStream(r, 1500, tt.shift, tt.shift+tt.distinctB)
			sa, sb := sketch(tt.capacity, a), sketch(tt.capacity, b)
			sa.Merge(sb)
			whole := sketch(tt.capacity, a, b)
			if sa.Approximate() || whole.Approximate() {
				t.Fatalf("Approximate: merged %v, whole %v", sa.Approximate(), whole.Approximate())
			}
			if got, want := sa.Top(-1), whole.Top(-1); !reflect.DeepEqual(got, want) {
				t.Errorf("merged\n%v\nwant\n%v", got, want)
			}
			checkIndex(t, sa)
		})
	}
}

func TestTopKMergeOverflowMarksApproximate(t *testing.T) {
	a := sketch(3, [][]byte{[]byte("a"), []byte("b")})
	b := sketch(3, [][]byte{[]byte("c"), []byte("d"), []byte("d")})
	a.Merge(b)
	if !a.Approximate() {
		t.Error("union of 4 values in capacity 3 not Approximate")
	}
	if a.Len() != 3 {
		t.Errorf("Len() = %d, want 3", a.Len())
	}
	if top := a.Top(1); top[0].Value != "d" || top[0].Count != 2 {
		t.Errorf("Top(1) = %v", top)
	}
}

func TestTopKMergeGuarantees(t *testing.T) {
	tests := []struct {
		name       string
		capA, capB int
		parts      int
		distinct   int
		seed       uint64
	}{
		{"two evicted halves", 50, 50, 2, 3000, 31},
		{"four parts", 40, 40, 4, 2000, 32},
		{"one side exact", 100, 100, 2, 120, 33},
		{"smaller other capacity", 100, 10, 2, 500, 34},
		{"small evicted into empty large", 100, 10, 1, 500, 36},
		{"larger other capacity", 10, 100, 2, 500, 35},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRand(tt.seed)
			keys := skewedStream(r, 30000, tt.distinct)
			size := len(keys) / tt.parts
			merged := New(tt.capA)
			for p := 0; p < tt.parts; p++ {
				part := keys[p*size : (p+1)*size]
				capacity := tt.capB
				if p == 0 && tt.parts > 1 {
					capacity = tt.capA
				}
				merged.Merge(sketch(capacity, part))
				checkIndex(t, merged)
			}
			keys = keys[:tt.parts*size]
			checkGuarantees(t, merged, countKeys(keys), int64(len(keys)), min(tt.capA, tt.capB))

			// Adding after a merge keeps the guarantees too: values
			// evicted before the merge may come back.
			more := skewedStream(r, 5000, tt.distinct)
			for _, k := range more {
				merged.Add(k)
			}
			checkIndex(t, merged)
			all := append(keys, more...)
			checkGuarantees(t, merged, countKeys(all), int64(len(all)), min(tt.capA, tt.capB))
		})
	}
}

// rangeStream returns n keys drawn uniformly from k(lo)..k(hi-1).
func rangeStream(r *rand.Rand, n, lo, hi int) [][]byte {
	if hi <= lo {
		return nil
	}
	out := make([][]byte, n)
	for i := range out {
		out[i] = fmt.Appendf(nil, "k%d", lo+r.IntN(hi-lo))
	}
	return out
}

// TestTopKMergeLeavesRoomThenAdds is the case a reviewer found: a Merge
// into a larger table leaves a cell holding 100 for an untracked value;
// Adds of values whose cells are empty then fill the table with counts of
// 1. The bound for untracked values must still be the cell, not the
// smallest count, or a later Merge credits that value 1 instead of 100
// (it reported 6 for a value seen 105 times).
func TestTopKMergeLeavesRoomThenAdds(t *testing.T) {
	o := New(1)
	for range 100 {
		o.Add([]byte("a"))
	}
	for range 101 {
		o.Add([]byte("b")) // replaces a, whose cell keeps 100
	}
	tk := New(3)
	tk.Merge(o)
	for i, n := 0, 0; n < 2; i++ {
		k := fmt.Appendf(nil, "x%d", i)
		if cells := cellsOf(tk); cells[hashKey(k)&uint64(len(cells)-1)] == 0 {
			tk.Add(k)
			n++
		}
	}
	u := New(3)
	for range 5 {
		u.Add([]byte("a"))
	}
	u.Merge(tk)
	for _, it := range u.Top(-1) {
		if it.Value == "a" && (it.Count < 105 || it.Count-it.Err > 105) {
			t.Errorf("a: Count %d, Err %d; true count 105", it.Count, it.Err)
		}
	}
}

// TestTopKMergeAddChains alternates Merges of sketches of several
// capacities with Adds, checking the guarantees after every step.
func TestTopKMergeAddChains(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		r := newRand(seed)
		tk := New(4 + r.IntN(30))
		truth := map[string]int64{}
		var total int64
		for step := range 12 {
			keys := skewedStream(r, 200+r.IntN(2000), 20+r.IntN(400))
			if step%2 == 0 {
				tk.Merge(sketch(1+r.IntN(60), keys))
			} else {
				for _, k := range keys {
					tk.Add(k)
				}
			}
			for _, k := range keys {
				truth[string(k)]++
			}
			total += int64(len(keys))
			tracked := map[string]bool{}
			for _, it := range tk.Top(-1) {
				tracked[it.Value] = true
				if n := truth[it.Value]; it.Count < n || it.Count-it.Err > n {
					t.Fatalf("seed %d step %d: %q Count %d Err %d, true %d", seed, step, it.Value, it.Count, it.Err, n)
				}
			}
			checkCells(t, tk, truth, tracked)
			checkIndex(t, tk)
		}
	}
}
