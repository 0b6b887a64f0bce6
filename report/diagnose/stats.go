package diagnose

import "math"

// The statistics the findings weigh their numbers with. A share of
// requests (errors among requests) is a binomial proportion; how far k
// of n lies above a baseline share p is measured by the log-likelihood
// ratio n·KL(k/n ‖ p), which also bounds the binomial tail (Chernoff):
// P(X ≥ k) ≤ exp(−llr). A window picked among many is held to a bound
// that pays for the number of windows it was picked from (a union bound),
// so a quiet log stays quiet however long it is.

// kl is the Kullback-Leibler divergence of Bernoulli(q) from
// Bernoulli(p), 0 < p < 1.
func kl(q, p float64) float64 {
	var d float64
	if q > 0 {
		d += q * math.Log(q/p)
	}
	if q < 1 {
		d += (1 - q) * math.Log((1-q)/(1-p))
	}
	return d
}

// excessLLR is the log-likelihood ratio of k of n against the baseline
// share p, when k/n is above p (0 otherwise): −ln of a bound on the
// chance of seeing k or more by chance.
func excessLLR(k, n int64, p float64) float64 {
	if n <= 0 || k <= 0 {
		return 0
	}
	q := float64(k) / float64(n)
	if q <= p {
		return 0
	}
	return float64(n) * kl(q, p)
}

// binomLL is the log-likelihood of k of n at their own share.
func binomLL(k, n int64) float64 {
	if n <= 0 || k <= 0 || k >= n {
		return 0
	}
	q := float64(k) / float64(n)
	return float64(k)*math.Log(q) + float64(n-k)*math.Log(1-q)
}

// alpha is the chance a finding is allowed of being noise.
const alpha = 0.001

// scanBound is the log-likelihood ratio a window must reach when it was
// picked among the windows of m minutes (m² of them at most).
func scanBound(m int) float64 {
	return 2*math.Log(float64(max(m, 1))) + math.Log(1/alpha)
}

// stepBound is the log-likelihood ratio a change point must reach when it
// was picked among m.
func stepBound(m int) float64 {
	return math.Log(float64(max(m, 1))) + math.Log(1/alpha)
}

// wilson returns the Wilson score interval's lower bound at 95% for the
// share k of n: the share is at least this, with 95% confidence. It is 0
// for n = 0, and meaningful for small n, where k/n alone is not.
func wilson(k, n int64) float64 {
	if n <= 0 || k <= 0 {
		return 0
	}
	const z = 1.959964
	nf := float64(n)
	q := float64(k) / nf
	den := 1 + z*z/nf
	centre := q + z*z/(2*nf)
	margin := z * math.Sqrt(q*(1-q)/nf+z*z/(4*nf*nf))
	return max(0, (centre-margin)/den)
}

// poissonLLR is the log-likelihood ratio of a count k against an
// expected mean mu, when k is above it (0 otherwise): −ln of a bound on
// the chance of k or more.
func poissonLLR(k int64, mu float64) float64 {
	kf := float64(k)
	if kf <= mu || mu <= 0 {
		return 0
	}
	return kf*math.Log(kf/mu) - (kf - mu)
}

// segment is a run of positions [from, to] of a series.
type segment struct {
	from, to int
	score    float64
}

// maxSegments returns up to n disjoint runs of positions with the largest
// sums of score, best first: the maximum-sum segment (Kadane), then the
// best among what is left, and so on. A run is grown as far as its sum
// grows, so it spans an incident from its first minute above the
// threshold the scores are measured from to its last, across short dips.
func maxSegments(score []float64, n int) []segment {
	used := make([]bool, len(score))
	var out []segment
	for len(out) < n {
		best := segment{from: -1}
		cur, start := 0.0, 0
		for i, s := range score {
			if used[i] {
				cur, start = 0, i+1
				continue
			}
			if cur <= 0 {
				cur, start = 0, i
			}
			cur += s
			if cur > best.score {
				best = segment{from: start, to: i, score: cur}
			}
		}
		if best.from < 0 {
			break
		}
		for i := best.from; i <= best.to; i++ {
			used[i] = true
		}
		out = append(out, best)
	}
	return out
}
