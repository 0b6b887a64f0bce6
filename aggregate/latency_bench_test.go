package aggregate

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// benchTimes returns n request times drawn from a log-normal distribution
// around 50 ms (a typical web backend), from a fixed seed.
func benchTimes(n int) []time.Duration {
	r := rand.New(rand.NewPCG(1, 2))
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = time.Duration(50e6 * math.Exp(1.5*r.NormFloat64()))
	}
	return out
}

func BenchmarkLatencyAdd(b *testing.B) {
	ts := benchTimes(1 << 14)
	var l Latency
	for _, d := range ts {
		l.add(d) // warm-up: every bucket the values need exists
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		l.add(ts[i&(len(ts)-1)])
	}
}

func BenchmarkLatencyMerge(b *testing.B) {
	var x, y Latency
	for _, d := range benchTimes(1 << 14) {
		x.add(d)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		y.Merge(&x)
	}
}

func BenchmarkLatencyQuantile(b *testing.B) {
	var l Latency
	for _, d := range benchTimes(1 << 14) {
		l.add(d)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		l.Quantile(0.99)
	}
}
