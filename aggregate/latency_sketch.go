package aggregate

import (
	"math"
	"time"
)

// latencyPageSize is how many buckets a page of a sketch holds: a factor
// γ^64 ≈ 3.6 of time.
const latencyPageSize = 64

const latencyPages = (latencyBins + latencyPageSize - 1) / latencyPageSize

type latencyPage [latencyPageSize]int64

// latencySketch counts times in the buckets of latencyIndex, grouped into
// pages that are allocated when a time first falls into one: a sketch holds
// memory for the range of times it saw, not for all of them, and equal
// contents have equal pages whatever the order of adds and merges.
type latencySketch struct {
	zero  int64
	pages [latencyPages]*latencyPage
}

// count counts a time in bucket i (from latencyLookup: -1 is the zero
// bucket). Small enough to be inlined, as latencyLookup is, into the adds.
func (s *latencySketch) count(i int) {
	if i < 0 {
		s.zero++
		return
	}
	s.bucket(i)[uint(i)%latencyPageSize]++
}

// bucket returns the page of bucket i, allocating it if need be.
func (s *latencySketch) bucket(i int) *latencyPage {
	p := s.pages[uint(i)/latencyPageSize]
	if p == nil {
		p = new(latencyPage)
		s.pages[uint(i)/latencyPageSize] = p
	}
	return p
}

func (s *latencySketch) merge(o *latencySketch) {
	s.zero += o.zero
	for pi, op := range o.pages {
		if op == nil {
			continue
		}
		p := s.bucket(pi * latencyPageSize)
		for j, n := range op {
			p[j] += n
		}
	}
}

// each calls f with every non-empty bucket, by ascending index.
func (s *latencySketch) each(f func(i int, n int64)) {
	for pi, p := range s.pages {
		if p == nil {
			continue
		}
		for j, n := range p {
			if n != 0 {
				f(pi*latencyPageSize+j, n)
			}
		}
	}
}

// value is the estimate of the time of rank k (1-based): the value of the
// bucket where the counts, in ascending order of time, reach k.
func (s *latencySketch) value(k int64) time.Duration {
	seen := s.zero
	if seen >= k {
		return 0
	}
	for pi, p := range s.pages {
		if p == nil {
			continue
		}
		for j, n := range p {
			if seen += n; seen >= k {
				return latencyValue(pi*latencyPageSize + j)
			}
		}
	}
	return math.MaxInt64 // k beyond the count
}
