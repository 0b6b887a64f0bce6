// Package metrics serves what logstat counts as Prometheus metrics: a
// prometheus.Collector that computes every value at scrape time from one
// consistent aggregate.Summary, an HTTP handler for /metrics and /healthz,
// and Serve, which runs that handler until its context ends.
//
// A Summary only grows, so the counters never go backwards while logstat
// runs; restored from a state file (--state) it holds the counts of the
// earlier runs, and the counters go on from them across restarts. The
// follower's rotation and truncation counters count since the process
// started (Prometheus' rate() reads a reset as one).
//
// Labels stay bounded: class (6 values), code (the status as logged, at most
// 1001 values), result (3), and with Options.MaxHostLabels a vhost label of
// at most that many values plus "other". There is never a path, client or
// user-agent label.
package metrics

import (
	"fmt"
	"math"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/logstat/logstat/aggregate"
)

// Source is what the metrics are computed from.
type Source interface {
	// Snapshot returns everything counted so far as one consistent
	// Summary (whole lines only), nil when there is nothing yet. It is
	// called once per scrape, possibly by several scrapes at once; the
	// collector only reads the Summary and does not keep it.
	Snapshot() *aggregate.Summary
	// FollowStats returns how many times followed paths were rotated
	// (came to name another file, or went away) and files truncated or
	// rewritten, and how many files are being read now.
	FollowStats() (rotations, truncations int64, files int)
}

// ClassCounts are request counts by status class (aggregate.Class order).
type ClassCounts [aggregate.NumClasses]int64

// HostSource is a Source that also counts requests per virtual host
// ($host, %v), which Options.MaxHostLabels needs. aggregate.Summary does
// not count them yet (its per-code host lists are top-k estimates, only
// for non-2xx codes, and may lose a host again: not counters).
type HostSource interface {
	Source
	// HostCounts returns the requests of each host counted on its own,
	// and rest: all other requests (no host logged, or a host beyond the
	// source's own cap). Both must be taken at one instant, and never
	// decrease; a host may leave hosts only by moving into rest, for
	// good.
	HostCounts() (hosts map[string]ClassCounts, rest ClassCounts)
}

// Options configure the metrics.
type Options struct {
	// Buckets are the upper bounds in seconds of the
	// logstat_request_duration_seconds histogram, ascending, ≥ 0
	// (prometheus.DefBuckets, 5 ms to 10 s, when nil).
	Buckets []float64
	// MaxHostLabels, when positive, serves logstat_vhost_requests_total
	// {vhost, class}: the first MaxHostLabels hosts seen (the most
	// requested first when several appear in one scrape) keep a vhost
	// value of their own for as long as the process runs; all other
	// requests count as vhost="other". It needs a HostSource.
	MaxHostLabels int
}

// NewCollector returns the collector of src's metrics: the Options are
// checked here.
func NewCollector(src Source, opts Options) (prometheus.Collector, error) {
	buckets := opts.Buckets
	if buckets == nil {
		buckets = prometheus.DefBuckets
	}
	bounds, err := durations(buckets)
	if err != nil {
		return nil, err
	}
	c := &collector{src: src, buckets: buckets, bounds: bounds}
	if opts.MaxHostLabels > 0 {
		hs, ok := src.(HostSource)
		if !ok {
			return nil, fmt.Errorf("metrics: MaxHostLabels needs a source that counts requests per host (%T does not)", src)
		}
		c.hosts = newHostLabels(hs, opts.MaxHostLabels)
	}
	return c, nil
}

// durations converts histogram bounds in seconds, which must be finite,
// ≥ 0 and strictly ascending.
func durations(buckets []float64) ([]time.Duration, error) {
	out := make([]time.Duration, len(buckets))
	for i, b := range buckets {
		if math.IsNaN(b) || b < 0 || b > math.MaxInt64/1e9 || (i > 0 && b <= buckets[i-1]) {
			return nil, fmt.Errorf("metrics: histogram buckets must be ascending seconds ≥ 0, got %v", buckets)
		}
		out[i] = time.Duration(math.Round(b * 1e9))
	}
	return out, nil
}
