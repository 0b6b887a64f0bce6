package aggregate

import (
	"sort"
	"time"
)

// CountsAtMost returns, for each bound, how many request times are at most
// that bound: the cumulative buckets of a Prometheus histogram ("le").
//
// While l is Exact the counts are exact. Beyond, they come from the sketch,
// which knows a time only by its bucket: every time ≤ bound is counted, and
// so are the times of the bucket holding bound that lie above it, which
// are less than a factor γ = (1+α)/(1−α), 2.02%, above bound. A count thus
// never decreases as times are added or merged in (going from the exact
// times to the sketch only adds times of that bucket), so the counts can
// be exposed as the counters of a histogram.
func (l *Latency) CountsAtMost(bounds []time.Duration) []int64 {
	out := make([]int64, len(bounds))
	if l.Count <= LatencyExactLimit {
		small := l.small[:l.Count]
		for i, b := range bounds {
			out[i] = int64(sort.Search(len(small), func(j int) bool { return small[j] > b }))
		}
		return out
	}
	for i, b := range bounds {
		out[i] = l.sketch.countTo(latencyIndex(b))
	}
	return out
}

// countTo is how many times are in the buckets up to and including last
// (-1: the zero bucket alone).
func (s *latencySketch) countTo(last int) int64 {
	n := s.zero
	s.each(func(i int, c int64) {
		if i <= last {
			n += c
		}
	})
	return n
}
