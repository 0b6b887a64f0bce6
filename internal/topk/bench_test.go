package topk

import (
	"testing"
)

// checkBuckets fails the test when tk's invariants do not hold.
func checkBuckets(t *testing.T, tk *List) {
	t.Helper()
	checkIndex(t, tk)
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
			tk := New(tt.capac)
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
	tk := New(200)
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
	tk := New(200)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		tk.Add(keys[i&(len(keys)-1)])
	}
}

func BenchmarkTopKMerge(b *testing.B) {
	r := newRand(11)
	parts := make([]*List, 4)
	for i := range parts {
		parts[i] = sketch(200, skewedStream(r, 20000, 5000))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		m := New(200)
		for _, p := range parts {
			m.Merge(p)
		}
	}
}
