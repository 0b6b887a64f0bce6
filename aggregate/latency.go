package aggregate

import (
	"math/bits"
	"time"
)

// latencySub is the number of sub-buckets per power of two: a quantile is
// known to within about 1/(2·latencySub) of its value.
const latencySub = 4

// Latency is a histogram of request times in microseconds with log-scale
// buckets (four per power of two), plus the exact count, sum and maximum.
// It merges exactly.
type Latency struct {
	Count  int64
	Sum    time.Duration
	Max    time.Duration
	counts [64 * latencySub]int64
}

func latencyBucket(us uint64) int {
	if us < latencySub {
		return int(us)
	}
	exp := bits.Len64(us) - 1                         // us in [2^exp, 2^(exp+1))
	mant := int(us>>(uint(exp)-2)) & (latencySub - 1) // next two bits
	return exp*latencySub + mant
}

// bucketMid is a representative value of a bucket, in microseconds.
func bucketMid(i int) float64 {
	if i < latencySub {
		return float64(i)
	}
	exp, mant := i/latencySub, i%latencySub
	lo := float64(uint64(1)<<uint(exp)) * (1 + float64(mant)/latencySub)
	width := float64(uint64(1)<<uint(exp)) / latencySub
	return lo + width/2
}

func (l *Latency) add(d time.Duration) {
	l.Count++
	l.Sum += d
	if d > l.Max {
		l.Max = d
	}
	l.counts[latencyBucket(uint64(d/time.Microsecond))]++
}

func (l *Latency) merge(o *Latency) {
	l.Count += o.Count
	l.Sum += o.Sum
	l.Max = max(l.Max, o.Max)
	for i, n := range o.counts {
		l.counts[i] += n
	}
}

// Quantile estimates the q-quantile (0..1) of the request times; 0 when
// there are none.
func (l *Latency) Quantile(q float64) time.Duration {
	if l.Count == 0 {
		return 0
	}
	rank := int64(q*float64(l.Count-1)) + 1
	var seen int64
	for i, n := range l.counts {
		seen += n
		if seen >= rank {
			d := time.Duration(bucketMid(i) * float64(time.Microsecond))
			return min(d, l.Max)
		}
	}
	return l.Max
}

// Mean is the average request time.
func (l *Latency) Mean() time.Duration {
	if l.Count == 0 {
		return 0
	}
	return l.Sum / time.Duration(l.Count)
}

// Merge adds o's request times into l.
func (l *Latency) Merge(o *Latency) { l.merge(o) }
