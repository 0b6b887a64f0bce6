// Package live keeps what a follower reads as a running total, a ring of
// per-interval counts and a ring of per-minute summaries, and draws the
// live view from them: rates over the last minute, five minutes and since
// the start, the error ratio, the top error paths of the last minutes,
// and the findings of the last quarter hour.
package live

import (
	"sort"
	"sync"
	"time"

	"github.com/logstat/logstat/aggregate"
)

// Window lengths.
const (
	shortWindow   = time.Minute
	longWindow    = 5 * time.Minute
	summaryWindow = 15 * time.Minute // minute summaries kept, for findings
	findingsEvery = 10 * time.Second // how often the findings are diagnosed again
)

// Window accumulates the summaries a follower cuts, at most one per
// tick. Add is called by one goroutine; Total and Status may be called
// from others.
type Window struct {
	mu      sync.Mutex
	total   *aggregate.Summary // since the start, a saved state included
	opts    aggregate.Options
	start   time.Time
	base    int64       // requests in the saved state, not read now
	ticks   []tickCount // the last longWindow of cuts, oldest first
	minutes []minute    // the last summaryWindow of minutes, oldest first
	// findings are the last diagnosed, at findingsTime (findingsAt).
	findings     []string
	findingsTime time.Time
}

// tickCount is what one cut held: requests per class and per code.
type tickCount struct {
	at      time.Time
	classes [aggregate.NumClasses]int64
	codes   map[int]int64
}

type minute struct {
	start time.Time
	sum   *aggregate.Summary
}

// New starts a Window at now from base, what earlier runs read (an empty
// Summary when none).
func New(base *aggregate.Summary, now time.Time) *Window {
	return &Window{total: base, opts: base.Options(), start: now, base: base.Lines.Parsed}
}

// Add adds a cut made at now.
func (w *Window) Add(cut *aggregate.Summary, now time.Time) {
	tc := tickCount{at: now, codes: map[int]int64{}}
	for c := range tc.classes {
		tc.classes[c] = cut.Classes[c].Count
	}
	for _, cs := range cut.Codes() {
		tc.codes[cs.Code] = cs.Count
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.total.Merge(cut)
	w.ticks = append(w.ticks, tc)
	for len(w.ticks) > 0 && now.Sub(w.ticks[0].at) >= longWindow {
		w.ticks = w.ticks[1:]
	}
	m := now.Truncate(time.Minute)
	if n := len(w.minutes); n == 0 || !w.minutes[n-1].start.Equal(m) {
		w.minutes = append(w.minutes, minute{start: m, sum: aggregate.New(w.opts)})
	}
	w.minutes[len(w.minutes)-1].sum.Merge(cut)
	for len(w.minutes) > 0 && now.Sub(w.minutes[0].start) >= summaryWindow+time.Minute {
		w.minutes = w.minutes[1:]
	}
}

// Total returns a copy of the running total.
func (w *Window) Total() *aggregate.Summary {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := aggregate.New(w.opts)
	s.Merge(w.total)
	return s
}

// Recent returns the summary of the minutes that began within d of now
// (the current minute included).
func (w *Window) Recent(d time.Duration, now time.Time) *aggregate.Summary {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := aggregate.New(w.opts)
	for _, m := range w.minutes {
		if now.Sub(m.start) < d {
			s.Merge(m.sum)
		}
	}
	return s
}

// Rate is a count and its rates per second over the last minute, the last
// five minutes and since the start (over as much of each as has passed).
type Rate struct {
	Count  int64   `json:"count"`
	PerMin float64 `json:"per_second_1m"`
	Per5m  float64 `json:"per_second_5m"`
	All    float64 `json:"per_second_since_start"`
}

// rates computes a Rate from the ticks within each window; total is the
// count since the start (a saved state included), read this run's.
func (w *Window) rates(now time.Time, count func(tickCount) int64, total, read int64) Rate {
	r := Rate{Count: total}
	var short, long int64
	for _, t := range w.ticks {
		n := count(t)
		if now.Sub(t.at) < shortWindow {
			short += n
		}
		long += n
	}
	since := now.Sub(w.start).Seconds()
	r.PerMin = float64(short) / min(shortWindow.Seconds(), max(since, 1))
	r.Per5m = float64(long) / min(longWindow.Seconds(), max(since, 1))
	r.All = float64(read) / max(since, 1)
	return r
}

// codesByRecent orders codes by their count over the last five minutes,
// then over all time.
func codesByRecent(total *aggregate.Summary, ticks []tickCount) []int {
	recent := map[int]int64{}
	for _, t := range ticks {
		for c, n := range t.codes {
			recent[c] += n
		}
	}
	var codes []int
	for _, cs := range total.Codes() {
		codes = append(codes, cs.Code)
	}
	sort.SliceStable(codes, func(i, j int) bool {
		a, b := codes[i], codes[j]
		if recent[a] != recent[b] {
			return recent[a] > recent[b]
		}
		return total.Code(a).Count > total.Code(b).Count
	})
	return codes
}

// sortPaths orders paths by count, then path, then code.
func sortPaths(p []PathCount) {
	sort.Slice(p, func(i, j int) bool {
		if p[i].Count != p[j].Count {
			return p[i].Count > p[j].Count
		}
		if p[i].Path != p[j].Path {
			return p[i].Path < p[j].Path
		}
		return p[i].Code < p[j].Code
	})
}
