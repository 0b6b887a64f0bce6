package diagnose

import (
	"math"
	"testing"
)

func TestWilson(t *testing.T) {
	tests := []struct {
		k, n   int64
		lo, hi float64 // the bound lies in [lo, hi]
	}{
		{3, 6, 0.18, 0.19},      // half of six failing: at least 18%
		{15, 40, 0.24, 0.25},    // 15 of 40
		{1, 2, 0.09, 0.10},      // one of two says little
		{0, 100, 0, 0},          // none
		{50, 100, 0.40, 0.41},   // a larger sample, a tighter bound
		{500, 1000, 0.46, 0.47}, // and tighter
	}
	for _, tc := range tests {
		if got := wilson(tc.k, tc.n); got < tc.lo || got > tc.hi {
			t.Errorf("wilson(%d, %d) = %.4f, want in [%.2f, %.2f]", tc.k, tc.n, got, tc.lo, tc.hi)
		}
	}
}

func TestExcessLLR(t *testing.T) {
	// Chernoff: P(X >= k) <= exp(-llr). For 10 of 10 at p = 0.5 the tail
	// is 2^-10 exactly, and the bound is 2^-10 too.
	if got := excessLLR(10, 10, 0.5); math.Abs(got-10*math.Ln2) > 1e-9 {
		t.Errorf("excessLLR(10, 10, 0.5) = %v, want %v", got, 10*math.Ln2)
	}
	if excessLLR(5, 10, 0.5) != 0 || excessLLR(1, 10, 0.5) != 0 {
		t.Error("a share at or below the baseline has a ratio")
	}
	// More of the same share weighs more.
	if excessLLR(30, 100, 0.1) >= excessLLR(300, 1000, 0.1) {
		t.Error("a larger sample of the same share does not weigh more")
	}
	if poissonLLR(30, 10) <= poissonLLR(15, 10) || poissonLLR(5, 10) != 0 {
		t.Error("poissonLLR")
	}
}

func TestMaxSegments(t *testing.T) {
	score := []float64{-1, 2, 3, -1, 4, -10, 1, 1, -5, 2}
	got := maxSegments(score, 3)
	want := []segment{{1, 4, 8}, {6, 7, 2}, {9, 9, 2}} // ties: the earlier first
	if len(got) != len(want) {
		t.Fatalf("%v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("segment %d: %v, want %v", i, got[i], want[i])
		}
	}
	if s := splitQuiet([]float64{1, -1, -1, -1, -1, -1, 2, -1, 3}, 0, 8); len(s) != 2 || s[0].to != 0 || s[1].from != 6 || s[1].to != 8 {
		t.Errorf("splitQuiet %v", s)
	}
}
