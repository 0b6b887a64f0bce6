package aggregate

import (
	"math"
	"time"
)

// LatencyExactLimit is how many request times a Latency keeps as they are:
// up to that count its quantiles are exact.
const LatencyExactLimit = 64

// Latency summarises request times: the exact count, sum, minimum and
// maximum, and for the quantiles either the times themselves (up to
// LatencyExactLimit of them) or, beyond that, a quantile sketch with
// relative error LatencyAccuracy (see latency_index.go). The zero value is
// an empty Latency.
//
// Merging is exact: merging Latencies in any order gives the same value
// (reflect.DeepEqual) as adding all their times to one. A Latency holding
// more than LatencyExactLimit times shares its buckets with its copies:
// copy one by merging it into a zero Latency.
type Latency struct {
	Count  int64
	Sum    time.Duration
	Max    time.Duration
	Min    time.Duration
	small  [LatencyExactLimit]time.Duration // the times ascending while Count ≤ LatencyExactLimit; all 0 after
	sketch latencySketch                    // the times once Count > LatencyExactLimit; empty before
}

// Exact reports whether Quantile gives exact values rather than estimates:
// whether there are at most LatencyExactLimit times.
func (l *Latency) Exact() bool { return l.Count <= LatencyExactLimit }

func (l *Latency) add(d time.Duration) {
	if l.Count <= LatencyExactLimit {
		l.addSmall(d)
		return
	}
	l.Count++
	l.Sum += d
	l.Max = max(l.Max, d)
	l.Min = min(l.Min, d)
	l.sketch.count(latencyLookup(d))
}

// addSmall is add while the times are in l.small, and for the one that
// moves them into the sketch.
func (l *Latency) addSmall(d time.Duration) {
	n := l.Count
	l.Count++
	l.Sum += d
	if n == 0 || d > l.Max {
		l.Max = d
	}
	if n == 0 || d < l.Min {
		l.Min = d
	}
	if n < LatencyExactLimit {
		one := [1]time.Duration{d}
		l.mergeSmall(int(n), one[:])
		return
	}
	l.fold(LatencyExactLimit)
	l.sketch.count(latencyLookup(d))
}

// mergeSmall merges the ascending times o into the first n of l.small,
// which must have room for them.
func (l *Latency) mergeSmall(n int, o []time.Duration) {
	i, j := n-1, len(o)-1
	for k := n + len(o) - 1; j >= 0; k-- {
		if i >= 0 && l.small[i] > o[j] {
			l.small[k] = l.small[i]
			i--
		} else {
			l.small[k] = o[j]
			j--
		}
	}
}

// fold moves the first n times of l.small into the sketch, which the
// Latency uses from now on.
func (l *Latency) fold(n int) {
	latencyOnce.Do(initLatencyIndex)
	for i, d := range l.small[:n] {
		l.sketch.count(latencyLookup(d))
		l.small[i] = 0
	}
}

func (l *Latency) merge(o *Latency) {
	if o.Count == 0 {
		return
	}
	if o == l {
		c := *o // its small times; the sketch's buckets just double
		o = &c
	}
	n := l.Count
	l.Count += o.Count
	l.Sum += o.Sum
	if n == 0 || o.Max > l.Max {
		l.Max = o.Max
	}
	if n == 0 || o.Min < l.Min {
		l.Min = o.Min
	}
	if l.Count <= LatencyExactLimit {
		l.mergeSmall(int(n), o.small[:o.Count])
		return
	}
	if n <= LatencyExactLimit {
		l.fold(int(n))
	}
	if o.Count <= LatencyExactLimit {
		for _, d := range o.small[:o.Count] {
			l.sketch.count(latencyLookup(d))
		}
		return
	}
	l.sketch.merge(&o.sketch)
}

// Merge adds o's request times into l.
func (l *Latency) Merge(o *Latency) { l.merge(o) }

// Quantile returns the q-quantile (0 ≤ q ≤ 1) of the request times, 0 when
// there are none. It is the nearest rank: with the n times in ascending
// order, the one of rank ⌈q·n⌉ (at least 1), so for 0.1 0.2 0.3 0.4 10 the
// 0.5-quantile is 0.3 (rank 3) and the 0.9- and 0.99-quantiles are 10
// (rank 5). Quantile(0) is Min and Quantile(1) is Max.
//
// While Exact, that is the time itself. Beyond, it is the sketch's estimate
// of the time of that rank, within LatencyAccuracy of it relative to its
// value (and within 1 µs for times under 1 µs), and never below Min nor
// above Max.
func (l *Latency) Quantile(q float64) time.Duration {
	if l.Count == 0 {
		return 0
	}
	k := latencyRank(q, l.Count)
	switch {
	case l.Count <= LatencyExactLimit:
		return l.small[k-1]
	case k == 1:
		return l.Min
	case k == l.Count:
		return l.Max
	}
	return min(max(l.sketch.value(k), l.Min), l.Max)
}

// latencyRank is the nearest rank ⌈q·n⌉ within 1..n. A q·n that is an
// integer but for float rounding (0.29·100 = 28.999999999999996) counts as
// that integer.
func latencyRank(q float64, n int64) int64 {
	r := math.Ceil(q*float64(n) - 1e-9)
	switch {
	case !(r >= 1): // also NaN
		return 1
	case r >= float64(n):
		return n
	}
	return int64(r)
}

// Mean is the average request time.
func (l *Latency) Mean() time.Duration {
	if l.Count == 0 {
		return 0
	}
	return l.Sum / time.Duration(l.Count)
}
