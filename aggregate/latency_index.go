package aggregate

import (
	"math"
	"math/big"
	"math/bits"
	"sync"
	"time"
)

// LatencyAccuracy is the relative error α of the quantile sketch: an
// estimate is within α·x of the time x it stands for.
const LatencyAccuracy = 0.01

// The buckets are DDSketch's (Masson, Rim, Lee: "DDSketch: a fast and
// fully-mergeable quantile sketch with relative-error guarantees", 2019)
// with γ = (1+α)/(1−α) = 101/99: a time of x µs ≥ 1 µs counts in bucket
// i = ⌈log_γ x⌉, which holds (γ^(i−1), γ^i] µs and stands for 2γ^i/(γ+1)
// µs, within α of everything in it. Times under 1 µs (and ≤ 0) count in a
// zero bucket standing for 0.
//
// Indices run from 0 (1 µs) to latencyBins−1 (the longest time.Duration,
// 292 years); 1 ms is 346, 1 s 691, 1 h 1101. The bounds between buckets
// are computed exactly (not with math.Log, whose rounding puts a few
// hundred nanosecond values in the next bucket, differently on each
// architecture), so that every machine counts a time in the same bucket.
const latencyBins = 1839

var latencyGamma = (1 + LatencyAccuracy) / (1 - LatencyAccuracy)

// latencySubBits is how many bits after the leading one of a time
// latencyIndex looks up: 2^6 slices of each power of two, each narrower
// than a bucket (a factor 1+1/64 at most, γ is 1.0202), so that a slice
// meets at most two buckets.
const (
	latencySubBits = 6
	latencyMinExp  = 9 // 1 µs = 1000 ns is in [2^9, 2^10)
)

var (
	latencyOnce sync.Once
	// latencyBounds[i] is the longest time in bucket i: ⌊1000·γ^i⌋ ns.
	latencyBounds [latencyBins]time.Duration
	// latencySlices are the slices by exponent (from latencyMinExp) and
	// sub-bits.
	latencySlices [(63 - latencyMinExp) << latencySubBits]latencySlice
)

// latencySlice is where a slice of a power of two starts: the bucket of its
// shortest time ≥ 1 µs and that bucket's bound, past which its times are in
// the next bucket (kept here to save latencyIndex a dependent load).
type latencySlice struct {
	bound time.Duration
	first int
}

// latencyIndex is the bucket of d, -1 for the zero bucket.
func latencyIndex(d time.Duration) int {
	latencyOnce.Do(initLatencyIndex)
	return latencyLookup(d)
}

// latencyLookup is latencyIndex once the tables are filled: a sketch fills
// them before it counts its first time (Latency.fold, DecodeBinary), and
// then looks times up with this.
func latencyLookup(d time.Duration) int {
	if d < time.Microsecond {
		return -1
	}
	e := bits.Len64(uint64(d)) - 1
	sub := uint64(d) << (63 - e) >> (63 - latencySubBits) & (1<<latencySubBits - 1)
	s := &latencySlices[(e-latencyMinExp)<<latencySubBits|int(sub)]
	// first+1 if d > bound, without a branch that random times would
	// mispredict.
	return s.first + int(uint64(s.bound-d)>>63)
}

// initLatencyIndex fills the tables of latencyIndex (in about half a
// millisecond, hence only once a sketch is needed).
func initLatencyIndex() {
	const prec = 128 // error 2^-117 after latencyBins multiplications
	gamma := new(big.Float).SetPrec(prec).SetRat(big.NewRat(101, 99))
	bound := new(big.Float).SetPrec(prec).SetInt64(1000)
	for i := range latencyBounds {
		b, _ := bound.Int64() // the floor, or MaxInt64 past it
		latencyBounds[i] = time.Duration(b)
		bound.Mul(bound, gamma)
	}
	i := 0
	for k := range latencySlices {
		e, sub := k>>latencySubBits+latencyMinExp, k&(1<<latencySubBits-1)
		first := max(time.Duration(1)<<e|time.Duration(sub)<<(e-latencySubBits), time.Microsecond)
		for first > latencyBounds[i] {
			i++
		}
		latencySlices[k] = latencySlice{latencyBounds[i], i}
	}
}

// latencyValue is the time bucket i stands for.
func latencyValue(i int) time.Duration {
	if i < 0 {
		return 0
	}
	ns := 2 * math.Pow(latencyGamma, float64(i)) / (latencyGamma + 1) * 1e3
	if ns >= math.MaxInt64 {
		return math.MaxInt64
	}
	return time.Duration(math.Round(ns))
}
