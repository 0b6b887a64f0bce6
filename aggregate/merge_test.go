package aggregate

import (
	"fmt"
	"reflect"
	"sort"
	"testing"
)

// diffSummaries reports how got differs from want on every exact field,
// and on the top lists when tops is set.
func diffSummaries(got, want *Summary, tops bool) []string {
	var d []string
	if got.Lines != want.Lines {
		d = append(d, fmt.Sprintf("Lines %+v, want %+v", got.Lines, want.Lines))
	}
	if got.Classes != want.Classes {
		d = append(d, fmt.Sprintf("Classes %+v, want %+v", got.Classes, want.Classes))
	}
	gc, wc := got.Codes(), want.Codes()
	if len(gc) != len(wc) {
		d = append(d, fmt.Sprintf("%d codes, want %d", len(gc), len(wc)))
	} else {
		for i := range gc {
			g, w := gc[i], wc[i]
			if g.Code != w.Code || g.Counter != w.Counter {
				d = append(d, fmt.Sprintf("code %d %+v, want code %d %+v", g.Code, g.Counter, w.Code, w.Counter))
				continue
			}
			if g.Scanner != w.Scanner || !reflect.DeepEqual(g.Latency, w.Latency) {
				d = append(d, fmt.Sprintf("code %d scanner %d latency %+v, want %d %+v", g.Code, g.Scanner, g.Latency.Count, w.Scanner, w.Latency.Count))
			}
			if (g.Sub == nil) != (w.Sub == nil) || (g.Sub != nil && !reflect.DeepEqual(g.Sub.Top(-1), w.Sub.Top(-1))) {
				d = append(d, fmt.Sprintf("code %d sub-statuses differ", g.Code))
			}
			if !tops {
				continue
			}
			if (g.Paths == nil) != (w.Paths == nil) {
				d = append(d, fmt.Sprintf("code %d: has lists %v, want %v", g.Code, g.Paths != nil, w.Paths != nil))
				continue
			}
			if g.Paths == nil {
				continue
			}
			for _, l := range []struct {
				name string
				g, w *TopK
			}{{"paths", g.Paths, w.Paths}, {"clients", g.Clients, w.Clients}, {"hosts", g.Hosts, w.Hosts},
				{"referers", g.Referers, w.Referers}, {"upstreams", g.Upstreams, w.Upstreams}, {"upstream addrs", g.UpstreamAddrs, w.UpstreamAddrs}} {
				if l.g.Approximate() != l.w.Approximate() {
					d = append(d, fmt.Sprintf("code %d %s: Approximate %v, want %v", g.Code, l.name, l.g.Approximate(), l.w.Approximate()))
				}
				if gt, wt := l.g.Top(-1), l.w.Top(-1); !reflect.DeepEqual(gt, wt) {
					d = append(d, fmt.Sprintf("code %d %s: %v, want %v", g.Code, l.name, gt, wt))
				}
			}
		}
	}
	if gb, wb := got.Timeline.Buckets(0, 0), want.Timeline.Buckets(0, 0); got.Timeline.Step != want.Timeline.Step || !reflect.DeepEqual(gb, wb) {
		d = append(d, fmt.Sprintf("timeline step %d with %d buckets, want step %d with %d", got.Timeline.Step, len(gb), want.Timeline.Step, len(wb)))
	}
	if got.Manifests() != want.Manifests() || got.Segments() != want.Segments() {
		d = append(d, fmt.Sprintf("media %d/%d, want %d/%d", got.Manifests(), got.Segments(), want.Manifests(), want.Segments()))
	}
	if tops && !reflect.DeepEqual(got.ScannerClients.Top(-1), want.ScannerClients.Top(-1)) {
		d = append(d, "scanner clients differ")
	}
	if !got.First.Equal(want.First) || !got.Last.Equal(want.Last) {
		d = append(d, fmt.Sprintf("range %v–%v, want %v–%v", got.First, got.Last, want.First, want.Last))
	}
	if !reflect.DeepEqual(got.Malformed.ByReason, want.Malformed.ByReason) {
		d = append(d, fmt.Sprintf("ByReason %v, want %v", got.Malformed.ByReason, want.Malformed.ByReason))
	}
	if !reflect.DeepEqual(got.Malformed.Samples, want.Malformed.Samples) {
		d = append(d, fmt.Sprintf("Samples %+v, want %+v", got.Malformed.Samples, want.Malformed.Samples))
	}
	return d
}

// anyEviction reports whether a top list of s ever evicted.
func anyEviction(s *Summary) bool {
	for _, cs := range s.Codes() {
		if cs.Paths != nil && (cs.Paths.Approximate() || cs.Clients.Approximate() || cs.Hosts.Approximate()) {
			return true
		}
	}
	return false
}

// TestMergeEqualsWhole is the merge property: a stream cut at random
// points into 2–4 parts, summarised part by part and merged, equals the
// summary of the whole stream on every exact field, and on the top lists
// when no list evicted anything.
func TestMergeEqualsWhole(t *testing.T) {
	tests := []struct {
		name    string
		opts    Options
		n       int
		sources int
		paths   int
		tops    bool // top lists must be equal too
	}{
		{"defaults", Options{}, 3000, 3, 40, true},
		{"few samples", Options{MaxSamples: 2}, 2000, 4, 40, true},
		{"keep query", Options{KeepQuery: true}, 2000, 1, 40, true},
		{"few top codes", Options{MaxTopCodes: 3}, 3000, 2, 40, true},
		{"one top code", Options{MaxTopCodes: 1}, 1000, 2, 40, true},
		{"evicting lists", Options{TopCapacity: 8}, 3000, 2, 200, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for trial := range 20 {
				g := newRecordGen(uint64(1000*trial + len(tt.name)))
				g.paths = tt.paths
				evs := g.events(tt.n, tt.sources)
				whole := feed(New(tt.opts), evs)

				parts := 2 + g.r.IntN(3)
				cuts := []int{0, len(evs)}
				for range parts - 1 {
					cuts = append(cuts, g.r.IntN(len(evs)+1))
				}
				sort.Ints(cuts)
				merged := New(tt.opts)
				evicted := anyEviction(whole)
				for p := 0; p+1 < len(cuts); p++ {
					part := feed(New(tt.opts), evs[cuts[p]:cuts[p+1]])
					evicted = evicted || anyEviction(part)
					merged.Merge(part)
				}
				if tt.tops && evicted {
					t.Fatalf("trial %d: a top list evicted; the case should not", trial)
				}
				if d := diffSummaries(merged, whole, tt.tops && !evicted); len(d) > 0 {
					t.Fatalf("trial %d, cuts %v:\n%s", trial, cuts, d)
				}
			}
		})
	}
}

// TestMergeOrderFree merges the parts in another order: every exact field
// still matches.
func TestMergeOrderFree(t *testing.T) {
	g := newRecordGen(77)
	evs := g.events(4000, 3)
	opts := Options{MaxTopCodes: 4, MaxSamples: 5}
	whole := feed(New(opts), evs)
	a, b, c := feed(New(opts), evs[:1000]), feed(New(opts), evs[1000:2500]), feed(New(opts), evs[2500:])
	merged := New(opts)
	merged.Merge(c)
	merged.Merge(a)
	merged.Merge(b)
	if d := diffSummaries(merged, whole, true); len(d) > 0 {
		t.Fatalf("%s", d)
	}
}

func TestMergeMismatchedTopCodes(t *testing.T) {
	s, o := New(Options{MaxTopCodes: 4}), New(Options{MaxTopCodes: 1})
	s.Add(rec(502, 1, "/a"))
	o.Add(rec(404, 1, "/b"))
	o.Add(rec(502, 1, "/c")) // o keeps lists for 404 only
	s.Merge(o)
	cs := s.Code(502)
	if cs.Count != 2 {
		t.Errorf("502 count = %d", cs.Count)
	}
	if !cs.Paths.Approximate() {
		t.Error("502 paths miss o's line but are not Approximate")
	}
	if s.Code(404).Paths.Approximate() {
		t.Error("404 paths are complete but Approximate")
	}
	s.Merge(s) // merging itself is a no-op
	if s.Lines.Parsed != 3 {
		t.Errorf("after self-merge Parsed = %d", s.Lines.Parsed)
	}
}
