package timeline

import (
	"testing"
	"time"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/parser"
)

// summaryOver has one 200 and one 500 at start, and one 404 at start+span.
func summaryOver(span time.Duration) *aggregate.Summary {
	s := aggregate.New(aggregate.Options{})
	start := time.Date(2024, 3, 1, 10, 0, 0, 0, time.FixedZone("", 2*3600))
	for _, r := range []struct {
		status int
		at     time.Duration
	}{{200, 0}, {500, 0}, {404, span}} {
		s.Add(&parser.Record{Status: r.status, RequestTime: -1, Path: []byte("/"), Client: []byte("10.0.0.1"), Time: start.Add(r.at)})
	}
	return s
}

func TestOf(t *testing.T) {
	tests := []struct {
		name    string
		span    time.Duration
		bucket  string
		step    string
		buckets int
	}{
		{"minutes for an hour", time.Hour, "", "minute", 61},
		{"hours for two days", 48 * time.Hour, "", "hour", 49},
		{"days for a month", 30 * 24 * time.Hour, "", "day", 31},
		{"weeks for two years", 2 * 365 * 24 * time.Hour, "", "week", 105},
		{"asked for hours", time.Hour, "hour", "hour", 2},
		{"unknown step chooses", time.Hour, "fortnight", "minute", 61},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tl := Of(summaryOver(tc.span), tc.bucket)
			if tl == nil || tl.Step != tc.step || len(tl.Buckets) < tc.buckets-1 || len(tl.Buckets) > tc.buckets {
				t.Fatalf("timeline %+v, want %d buckets of a %s", tl, tc.buckets, tc.step)
			}
			first, last := tl.Buckets[0], tl.Buckets[len(tl.Buckets)-1]
			if first.Class(aggregate.Class2xx) != 1 || first.Class(aggregate.Class5xx) != 1 || first.Total != 2 || last.Class(aggregate.Class4xx) != 1 {
				t.Errorf("first bucket %+v, last %+v", first, last)
			}
			if _, off := first.Start.Zone(); off != 2*3600 {
				t.Errorf("bucket start %v, want the log's +02:00", first.Start)
			}
		})
	}
	if tl := Of(aggregate.New(aggregate.Options{}), ""); tl != nil {
		t.Errorf("no times gave a timeline: %+v", tl)
	}
}
