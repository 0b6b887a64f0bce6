package aggregate

import (
	"testing"
)

// checkBuckets checks the Stream-Summary: heap is sorted by count and cut
// into buckets of equal count, contiguous, in ascending order, each slot
// pointing at the bucket that holds it; every other bucket node is free.
func checkBuckets(t *testing.T, tk *TopK) {
	t.Helper()
	live := 0
	for pos := int32(0); pos < int32(len(tk.heap)); {
		b := tk.slots[tk.heap[pos]].b
		bk := tk.buckets[b]
		if bk.start != pos || bk.end <= pos || bk.end > int32(len(tk.heap)) {
			t.Fatalf("bucket %d at %d spans [%d, %d)", b, pos, bk.start, bk.end)
		}
		if pos > 0 && tk.buckets[tk.slots[tk.heap[pos-1]].b].count >= bk.count {
			t.Fatalf("bucket %d (count %d) at %d does not follow a lower count", b, bk.count, pos)
		}
		for q := bk.start; q < bk.end; q++ {
			s := &tk.slots[tk.heap[q]]
			if s.b != b || s.count != bk.count || s.hpos != q {
				t.Fatalf("slot %d at %d: bucket %d count %d hpos %d, want bucket %d count %d", tk.heap[q], q, s.b, s.count, s.hpos, b, bk.count)
			}
		}
		live++
		pos = bk.end
	}
	free := 0
	for id := tk.freeB; id >= 0; id = tk.buckets[id].start {
		if free++; free > len(tk.buckets) {
			t.Fatal("free list loops")
		}
	}
	if live+free != len(tk.buckets) {
		t.Fatalf("%d live and %d free buckets of %d", live, free, len(tk.buckets))
	}
}

func TestTopKBuckets(t *testing.T) {
	tests := []struct {
		name               string
		n, distinct, capac int
		seed               uint64
		skewed             bool
	}{
		{"skewed churn", 20000, 5000, 20, 41, true},
		{"uniform churn", 20000, 300, 50, 42, false},
		{"capacity one", 2000, 5, 1, 43, true},
		{"no eviction", 5000, 64, 64, 44, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRand(tt.seed)
			stream := uniformStream
			if tt.skewed {
				stream = skewedStream
			}
			tk := NewTopK(tt.capac)
			for i, k := range stream(r, tt.n, tt.distinct) {
				tk.Add(k)
				if i%7 == 0 {
					checkBuckets(t, tk)
				}
			}
			checkBuckets(t, tk)
			// A merge rebuilds with large counts and may leave a floor
			// that new values start from.
			o := sketch(tt.capac, stream(r, tt.n/2, tt.distinct))
			tk.Merge(o)
			checkBuckets(t, tk)
			checkIndex(t, tk)
			small := sketch(3*tt.capac, stream(r, tt.n/4, tt.distinct))
			small.Merge(o)
			checkBuckets(t, small)
			for _, k := range stream(r, tt.n/4, tt.distinct) {
				small.Add(k)
				checkBuckets(t, small)
			}
			checkIndex(t, small)
		})
	}
}

// BenchmarkTopKAddRepeat counts values already tracked: no eviction.
func BenchmarkTopKAddRepeat(b *testing.B) {
	keys := skewedStream(newRand(9), 1<<12, 150)
	tk := NewTopK(200)
	for _, k := range keys {
		tk.Add(k)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		tk.Add(keys[i&(len(keys)-1)])
	}
}

// BenchmarkTopKAddSkewed is a long tail with heavy hitters in a full list:
// counts spread over many buckets.
func BenchmarkTopKAddSkewed(b *testing.B) {
	r := newRand(10)
	keys := skewedStream(r, 1<<16, 200000)
	tk := NewTopK(200)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		tk.Add(keys[i&(len(keys)-1)])
	}
}

func BenchmarkTopKMerge(b *testing.B) {
	r := newRand(11)
	parts := make([]*TopK, 4)
	for i := range parts {
		parts[i] = sketch(200, skewedStream(r, 20000, 5000))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		m := NewTopK(200)
		for _, p := range parts {
			m.Merge(p)
		}
	}
}
