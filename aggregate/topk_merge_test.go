package aggregate

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
)

func sketch(capacity int, keys ...[][]byte) *TopK {
	tk := NewTopK(capacity)
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
			merged := NewTopK(tt.capA)
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
