package aggregate

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// exactAtMost counts the times ≤ b.
func exactAtMost(times []time.Duration, b time.Duration) int64 {
	var n int64
	for _, d := range times {
		if d <= b {
			n++
		}
	}
	return n
}

var promBounds = secs(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)

func TestCountsAtMostExact(t *testing.T) {
	tests := []struct {
		name   string
		times  []time.Duration
		bounds []time.Duration
		want   []int64
	}{
		{"none", nil, secs(0.1, 1), []int64{0, 0}},
		{"on the bounds", secs(0.1, 0.1, 1), secs(0.1, 1), []int64{2, 3}},
		{"between", secs(0.05, 0.3, 2, 20), secs(0.1, 0.5, 10), []int64{1, 2, 3}},
		{"zeros", secs(0, 0), secs(0, 0.005), []int64{2, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := latencyOf(tt.times).CountsAtMost(tt.bounds)
			if !slices.Equal(got, tt.want) {
				t.Errorf("CountsAtMost = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestCountsAtMostSketch checks the sketch's counts: every time ≤ bound,
// and no time γ or more above it.
func TestCountsAtMostSketch(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var times []time.Duration
	for range 20000 {
		// Log-uniform from 100 µs to 100 s, a tenth of them on whole ms.
		d := time.Duration(float64(100*time.Microsecond) * math.Pow(10, 6*r.Float64()))
		if r.IntN(10) == 0 {
			d = d.Round(time.Millisecond)
		}
		times = append(times, d)
	}
	l := latencyOf(times)
	got := l.CountsAtMost(promBounds)
	for i, b := range promBounds {
		lo := exactAtMost(times, b)
		hi := exactAtMost(times, time.Duration(float64(b)*latencyGamma))
		if got[i] < lo || got[i] > hi {
			t.Errorf("le %v: %d, want within [%d, %d]", b, got[i], lo, hi)
		}
	}
	if all := l.CountsAtMost([]time.Duration{l.Max}); all[0] != l.Count {
		t.Errorf("le Max: %d, want Count %d", all[0], l.Count)
	}
}

// TestCountsAtMostMonotonic adds times on, just above and below the bounds
// one at a time, across the move to the sketch and with merges: no count
// ever decreases.
func TestCountsAtMostMonotonic(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var l Latency
	prev := make([]int64, len(promBounds))
	check := func(step int) {
		t.Helper()
		got := l.CountsAtMost(promBounds)
		for i := range got {
			if got[i] < prev[i] {
				t.Fatalf("step %d: le %v went from %d to %d", step, promBounds[i], prev[i], got[i])
			}
		}
		prev = got
	}
	for step := range 3000 {
		b := promBounds[r.IntN(len(promBounds))]
		d := b + time.Duration(r.IntN(3)-1)*b/100 // on, 1% above or 1% below
		if step%100 == 99 {
			o := latencyOf([]time.Duration{d, d, d})
			l.Merge(o)
		} else {
			l.add(d)
		}
		check(step)
	}
}
