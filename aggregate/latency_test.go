package aggregate

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"
	"unsafe"
)

// secs turns seconds into request times.
func secs(s ...float64) []time.Duration {
	out := make([]time.Duration, len(s))
	for i, v := range s {
		out[i] = time.Duration(math.Round(v * 1e9))
	}
	return out
}

func latencyOf(ts []time.Duration) *Latency {
	var l Latency
	for _, d := range ts {
		l.add(d)
	}
	return &l
}

func TestLatencyNearestRank(t *testing.T) {
	tests := []struct {
		name          string
		times         []time.Duration
		p50, p90, p99 time.Duration
	}{
		// Issue #8: they were 0.295 and 0.426.
		{"issue: 0.1 0.2 0.3 0.4 10", secs(0.1, 0.2, 0.3, 0.4, 10), secs(0.3)[0], secs(10)[0], secs(10)[0]},
		{"unsorted", secs(10, 0.3, 0.1, 0.4, 0.2), secs(0.3)[0], secs(10)[0], secs(10)[0]},
		// The 404s of testdata/w3c/iis_w3c_lnav_logfile_w3c_big_head26.log,
		// 8 distinct of 9: ranks 5, 9, 9. Were 0.147, 0.360, 0.360.
		{"IIS sample 404s", secs(0.283, 0.157, 0.376, 0.152, 0.157, 0.137, 0.149, 2.411, 0.156), secs(0.157)[0], secs(2.411)[0], secs(2.411)[0]},
		// Ranks 4, 8, 8: below 10 times the 90th percentile is the maximum.
		{"8 distinct", secs(0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.007, 0.008), secs(0.004)[0], secs(0.008)[0], secs(0.008)[0]},
		{"10 distinct", secs(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), secs(5)[0], secs(9)[0], secs(10)[0]},
		{"one time", secs(0.042), secs(0.042)[0], secs(0.042)[0], secs(0.042)[0]},
		{"zeros", secs(0, 0, 0), 0, 0, 0},
		{"none", nil, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := latencyOf(tt.times)
			if !l.Exact() {
				t.Error("not Exact")
			}
			got := [3]time.Duration{l.Quantile(0.5), l.Quantile(0.9), l.Quantile(0.99)}
			if want := [3]time.Duration{tt.p50, tt.p90, tt.p99}; got != want {
				t.Errorf("p50, p90, p99 = %v, want %v", got, want)
			}
			if len(tt.times) > 0 && (l.Quantile(0) != slices.Min(tt.times) || l.Quantile(1) != slices.Max(tt.times)) {
				t.Errorf("Quantile(0), (1) = %v, %v, want the minimum and maximum", l.Quantile(0), l.Quantile(1))
			}
		})
	}
}

func TestLatencyRank(t *testing.T) {
	tests := []struct {
		name string
		q    float64
		n    int64
		want int64
	}{
		{"median of 5", 0.5, 5, 3},
		{"median of 4", 0.5, 4, 2},
		{"p90 of 10", 0.9, 10, 9},
		{"p90 of 11", 0.9, 11, 10},
		{"p99 of 100", 0.99, 100, 99},
		{"0.29 of 100 (28.999999999999996)", 0.29, 100, 29},
		{"0.57 of 100 (56.99999999999999)", 0.57, 100, 57},
		{"p99 of 8", 0.99, 8, 8},
		{"q 0", 0, 7, 1},
		{"q 1", 1, 7, 7},
		{"q below 0", -1, 7, 1},
		{"q above 1", 2, 7, 7},
		{"q NaN", math.NaN(), 7, 1},
		{"huge n", 0.5, 1 << 40, 1 << 39},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := latencyRank(tt.q, tt.n); got != tt.want {
				t.Errorf("latencyRank(%v, %d) = %d, want %d", tt.q, tt.n, got, tt.want)
			}
		})
	}
}

func TestLatencyCountSumMean(t *testing.T) {
	var l Latency
	for i := 1; i <= 1000; i++ {
		l.add(time.Duration(i) * time.Millisecond)
	}
	if l.Count != 1000 || l.Max != time.Second || l.Min != time.Millisecond || l.Sum != 500500*time.Millisecond || l.Mean() != 500500*time.Microsecond {
		t.Errorf("count %d min %v max %v sum %v mean %v", l.Count, l.Min, l.Max, l.Sum, l.Mean())
	}
	var empty Latency
	if empty.Quantile(0.5) != 0 || empty.Mean() != 0 || !empty.Exact() {
		t.Error("an empty Latency must give 0 and be Exact")
	}
}

// distributions are request times of several shapes, in nanoseconds.
var distributions = []struct {
	name string
	draw func(r *rand.Rand) time.Duration
}{
	{"uniform 0-2s", func(r *rand.Rand) time.Duration { return time.Duration(r.Int64N(2e9)) }},
	{"log-normal around 50ms", func(r *rand.Rand) time.Duration { return time.Duration(50e6 * math.Exp(1.5*r.NormFloat64())) }},
	{"with outliers", func(r *rand.Rand) time.Duration {
		if r.IntN(100) == 0 {
			return time.Duration(60e9 + r.Int64N(3600e9)) // timeouts up to an hour
		}
		return time.Duration(2e6 + r.Int64N(20e6))
	}},
	{"ms resolution with zeros", func(r *rand.Rand) time.Duration { return time.Duration(r.IntN(20)) * time.Millisecond }},
	{"µs to hours", func(r *rand.Rand) time.Duration { return time.Duration(math.Exp(r.Float64() * math.Log(3600e9))) }},
}

func TestLatencySketchAccuracy(t *testing.T) {
	qs := []float64{0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999}
	for di, dist := range distributions {
		t.Run(dist.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(di), 8))
			ts := make([]time.Duration, 100000)
			for i := range ts {
				ts[i] = dist.draw(r)
			}
			l := latencyOf(ts)
			slices.Sort(ts)
			if l.Exact() || l.Min != ts[0] || l.Max != ts[len(ts)-1] {
				t.Fatalf("Exact %v, min %v max %v, want false, %v, %v", l.Exact(), l.Min, l.Max, ts[0], ts[len(ts)-1])
			}
			for _, q := range qs {
				want := ts[latencyRank(q, int64(len(ts)))-1]
				got := l.Quantile(q)
				if !withinAccuracy(got, want) {
					t.Errorf("Quantile(%v) = %v, want %v within %v%%", q, got, want, LatencyAccuracy*100)
				}
			}
		})
	}
}

// withinAccuracy says whether an estimate is within LatencyAccuracy of the
// true time (within 1 µs under 1 µs; a nanosecond for rounding).
func withinAccuracy(got, want time.Duration) bool {
	diff := math.Abs(float64(got - want))
	if want < time.Microsecond {
		return diff < float64(time.Microsecond)
	}
	return diff <= LatencyAccuracy*float64(want)+1
}

func TestLatencyIndex(t *testing.T) {
	latencyIndex(time.Second) // fills the tables
	// The bounds are ⌊1000·γ^i⌋: bound·99^i ≤ 1000·101^i < (bound+1)·99^i.
	num, den := big.NewInt(1000), big.NewInt(1)
	for i, b := range latencyBounds[:latencyBins-1] {
		lo := new(big.Int).Mul(big.NewInt(int64(b)), den)
		hi := new(big.Int).Add(lo, den)
		if lo.Cmp(num) > 0 || hi.Cmp(num) <= 0 {
			t.Fatalf("bound %d is %d, not ⌊1000·(101/99)^%d⌋", i, b, i)
		}
		num.Mul(num, big.NewInt(101))
		den.Mul(den, big.NewInt(99))
	}
	if b := latencyBounds[latencyBins-1]; b != math.MaxInt64 || latencyBounds[latencyBins-2] >= b {
		t.Errorf("the last bounds are %d, %d", latencyBounds[latencyBins-2], b)
	}
	// latencyIndex is the first bucket whose bound is not below the time.
	ref := func(d time.Duration) int {
		if d < time.Microsecond {
			return -1
		}
		i, _ := slices.BinarySearch(latencyBounds[:], d)
		return i
	}
	check := func(d time.Duration) {
		if got, want := latencyIndex(d), ref(d); got != want {
			t.Fatalf("latencyIndex(%d) = %d, want %d", d, got, want)
		}
	}
	for _, b := range latencyBounds {
		check(b)
		check(b - 1)
		check(min(b+1, math.MaxInt64))
	}
	// Every slice of a power of two the lookup uses meets at most two
	// buckets.
	for e := latencyMinExp; e < 63; e++ {
		for sub := time.Duration(0); sub < 1<<latencySubBits; sub++ {
			first := max(1<<e|sub<<(e-latencySubBits), time.Microsecond)
			last := 1<<e | (sub+1)<<(e-latencySubBits) - 1
			check(first)
			check(last)
			if ref(last)-ref(first) > 1 {
				t.Fatalf("%d to %d: buckets %d to %d", first, last, ref(first), ref(last))
			}
		}
	}
	for _, d := range []time.Duration{0, -1, math.MinInt64, time.Microsecond - 1} {
		if i := latencyIndex(d); i != -1 {
			t.Errorf("%v in bucket %d, want the zero bucket", d, i)
		}
	}
	if i := latencyIndex(time.Microsecond); i != 0 {
		t.Errorf("1µs in bucket %d, want 0", i)
	}
	for d := time.Microsecond; d > 0; d += d/97 + 1 {
		i := latencyIndex(d)
		// ⌈log_γ x⌉, but for math.Log's rounding.
		if f := math.Log(float64(d)/1e3) / math.Log(latencyGamma); float64(i) < f-1e-9 || float64(i) > math.Ceil(f)+1e-9 {
			t.Fatalf("%v in bucket %d, log_γ is %v", d, i, f)
		}
		if v := latencyValue(i); !withinAccuracy(v, d) {
			t.Fatalf("%v in bucket %d stands for %v", d, i, v)
		}
	}
	// Bucket 0 holds only 1 µs itself (under it is the zero bucket), and
	// the last one's value is not a time.Duration.
	for i := 1; i < latencyBins-1; i++ {
		if j := latencyIndex(latencyValue(i)); j != i {
			t.Fatalf("bucket %d stands for %v, which is in bucket %d", i, latencyValue(i), j)
		}
	}
}

func TestLatencyExactLimit(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var ts []time.Duration
	for range LatencyExactLimit + 1 {
		ts = append(ts, time.Duration(r.Int64N(1e9)))
	}
	tests := []struct {
		name  string
		parts []int // sizes of the Latencies merged
		exact bool
	}{
		{"at the limit", []int{LatencyExactLimit}, true},
		{"one more", []int{LatencyExactLimit + 1}, false},
		{"two halves at the limit", []int{LatencyExactLimit / 2, LatencyExactLimit / 2}, true},
		{"two halves past it", []int{LatencyExactLimit / 2, LatencyExactLimit/2 + 1}, false},
		{"empty and full", []int{0, LatencyExactLimit}, true},
		{"full and one", []int{LatencyExactLimit, 1}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got Latency
			rest := ts
			for _, n := range tt.parts {
				got.Merge(latencyOf(rest[:n]))
				rest = rest[n:]
			}
			want := latencyOf(ts[:len(ts)-len(rest)])
			if got.Exact() != tt.exact {
				t.Errorf("Exact() = %v, want %v", got.Exact(), tt.exact)
			}
			if !reflect.DeepEqual(&got, want) {
				t.Errorf("merged %+v,\nwant %+v", got, *want)
			}
			if err := checkLatency(&got); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestLatencyMergeOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, dist := range distributions {
		t.Run(dist.name, func(t *testing.T) {
			// Parts of every size class: empty, exact, just past the
			// limit, large.
			sizes := []int{0, 1, 30, LatencyExactLimit, LatencyExactLimit + 1, 500, 20000}
			parts := make([][]time.Duration, len(sizes))
			var all []time.Duration
			for i, n := range sizes {
				for range n {
					parts[i] = append(parts[i], dist.draw(r))
				}
				all = append(all, parts[i]...)
			}
			want := latencyOf(all)
			for trial := range 20 {
				order := r.Perm(len(parts))
				var got Latency
				for _, i := range order {
					if trial%2 == 0 {
						got.Merge(latencyOf(parts[i]))
						continue
					}
					// Into the part instead, as workers merge in
					// any direction.
					p := latencyOf(parts[i])
					p.Merge(&got)
					got = Latency{}
					got.Merge(p)
				}
				if !reflect.DeepEqual(&got, want) {
					t.Fatalf("merged in order %v: %+v,\nwant %+v", order, got, *want)
				}
			}
		})
	}
}

func TestLatencyMergeSelf(t *testing.T) {
	for _, n := range []int{1, LatencyExactLimit / 2, LatencyExactLimit, 1000} {
		t.Run(fmt.Sprint(n, " times"), func(t *testing.T) {
			ts := benchTimes(n)
			l := latencyOf(ts)
			l.Merge(l)
			if want := latencyOf(append(ts, ts...)); !reflect.DeepEqual(l, want) {
				t.Errorf("merged with itself: %+v,\nwant %+v", *l, *want)
			}
		})
	}
}

func TestLatencyAddAllocs(t *testing.T) {
	ts := benchTimes(1 << 12)
	l := latencyOf(ts) // every page the times need
	i := 0
	f := func() {
		l.add(ts[i%len(ts)])
		i++
	}
	if n := totalAllocs(10000, f); n != 0 {
		t.Errorf("%d allocations in 10000 adds after warm-up", n)
	}
}

// TestLatencyMemory bounds what a sketch of 10^5 times takes encoded, and
// logs what it holds in memory (go test -v -run LatencyMemory).
func TestLatencyMemory(t *testing.T) {
	for _, dist := range distributions {
		t.Run(dist.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(7, 8))
			var l Latency
			for range 100000 {
				l.add(dist.draw(r))
			}
			pages := 0
			for _, p := range l.sketch.pages {
				if p != nil {
					pages++
				}
			}
			enc, _ := l.AppendBinary(nil)
			size, page := int(unsafe.Sizeof(l)), int(unsafe.Sizeof(latencyPage{}))
			t.Logf("%d B + %d pages of %d B = %d B in memory, %d B encoded", size, pages, page, size+pages*page, len(enc))
			if len(enc) > 4<<10 {
				t.Errorf("%d bytes encoded", len(enc))
			}
		})
	}
}

// checkLatency checks the invariants that make equal contents equal values:
// the small times ascending and the rest zero, pages only for non-empty
// buckets, the counts adding up, Min and Max in the extreme buckets.
func checkLatency(l *Latency) error {
	if l.Count < 0 {
		return fmt.Errorf("count %d", l.Count)
	}
	n := int64(0) // the small times in use
	if l.Exact() {
		n = l.Count
	}
	if !slices.IsSorted(l.small[:n]) || slices.ContainsFunc(l.small[n:], func(d time.Duration) bool { return d != 0 }) {
		return fmt.Errorf("small times %v with count %d", l.small, l.Count)
	}
	total, lo, hi := l.sketch.zero, -2, -2
	if l.sketch.zero > 0 {
		lo, hi = -1, -1
	}
	for pi, p := range l.sketch.pages {
		if p != nil && *p == (latencyPage{}) {
			return fmt.Errorf("page %d allocated but empty", pi)
		}
	}
	l.sketch.each(func(i int, c int64) {
		total += c
		if lo == -2 {
			lo = i
		}
		hi = i
	})
	switch {
	case l.Exact() && total != 0:
		return fmt.Errorf("%d times in the sketch of an exact Latency", total)
	case !l.Exact() && total != l.Count:
		return fmt.Errorf("%d times in the sketch, count %d", total, l.Count)
	case !l.Exact() && (latencyIndex(l.Min) != lo || latencyIndex(l.Max) != hi):
		return fmt.Errorf("min %v max %v, buckets %d to %d", l.Min, l.Max, lo, hi)
	case l.Exact() && l.Count > 0 && (l.Min != l.small[0] || l.Max != l.small[n-1]):
		return fmt.Errorf("min %v max %v, times %v", l.Min, l.Max, l.small[:n])
	}
	return nil
}
