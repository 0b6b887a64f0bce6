package diagnose

import (
	"strings"
	"testing"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/parser"
)

// TestUpstreamByOrigin: a 502 or 504 is read by what the origin did, as
// the log's origin status says; each reading with a log that gives it
// and a near miss that reads otherwise.
func TestUpstreamByOrigin(t *testing.T) {
	ok := func() *logGen { return newLog().add(500, line{upstream: "200"}) }
	tests := []struct {
		name        string
		fires, near *logGen
		title       string // in the upstream finding's title
		evident     string // in its evidence
	}{
		{"502 with no origin response",
			ok().add(30, line{status: 502, upstream: "-"}),
			ok().add(14, line{status: 502, upstream: "-"}).add(16, line{status: 502, upstream: "502"}),
			"502 with no origin response: the origin could not be reached", "origin status: no response ×30 (100%)"},
		{"origin 5xx passed through",
			ok().add(16, line{status: 502, upstream: "502"}).add(14, line{status: 502, upstream: "-"}),
			ok().add(14, line{status: 502, upstream: "502"}).add(16, line{status: 502, upstream: "-"}),
			"502 from the origin side: the origin failed", "origin status: 502 ×16 (53%), no response ×14 (47%)"},
		{"504 with origin timeouts",
			ok().add(30, line{status: 504, upstream: "504", secs: 60}),
			ok().add(30, line{status: 504, upstream: "-", secs: 60}),
			"504: the origin is too slow (its status is 504: it timed out)", "request time: median 60 s"},
		{"504 with no origin response in time",
			ok().add(30, line{status: 504, upstream: "-", secs: 60}),
			ok().add(30, line{status: 504, upstream: "504", secs: 60}),
			"504 with no origin response in time", "origin status: no response ×30"},
		{"502 although the origin answered",
			ok().add(20, line{status: 502, upstream: "200"}).add(10, line{status: 502, upstream: "-"}),
			ok().add(10, line{status: 502, upstream: "200"}).add(20, line{status: 502, upstream: "-"}),
			"502 although the origin answered (200 ×20)", "origin status: 200 ×20 (67%)"},
		{"several tries, the last a timeout",
			ok().add(30, line{status: 504, upstream: "502, 504"}),
			ok().add(30, line{status: 504, upstream: "504, 502"}),
			"504: the origin is too slow", `$upstream_status values: "502, 504" ×30`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := find(tc.fires.findings(t), "upstream")
			if f == nil {
				t.Fatalf("no upstream finding: %v", kinds(tc.fires.findings(t)))
			}
			if !strings.Contains(f.Title, tc.title) {
				t.Errorf("title %q, want %q", f.Title, tc.title)
			}
			if ev := strings.Join(f.Evidence, " · "); !strings.Contains(ev, tc.evident) {
				t.Errorf("evidence %q lacks %q", ev, tc.evident)
			}
			if f.Action == "" || f.Requests != 30 {
				t.Errorf("action %q, requests %d", f.Action, f.Requests)
			}
			if n := find(tc.near.findings(t), "upstream"); n != nil && strings.Contains(n.Title, tc.title) {
				t.Errorf("the near miss reads the same: %q", n.Title)
			}
		})
	}
}

// TestUpstreamWithoutOrigin: a log without origin statuses keeps the
// reading of request times alone.
func TestUpstreamWithoutOrigin(t *testing.T) {
	s := aggregate.New(aggregate.Options{})
	for i := range 530 {
		rec := parser.Record{Status: 200, RequestTime: 50e6, Path: []byte("/"), Client: []byte("192.0.2.1")}
		if i >= 500 {
			rec.Status, rec.RequestTime = 502, 10e6
		}
		s.Add(&rec)
	}
	f := find(Diagnose(s, Options{}), "upstream")
	if f == nil || !strings.Contains(f.Title, "the upstream could not be reached or broke the answer") || strings.Contains(strings.Join(f.Evidence, " "), "origin status") {
		t.Errorf("finding %+v", f)
	}
}

// TestErrorRateByOrigin: the error-rate finding says how many server
// errors had an origin response and how many are the edge's own.
func TestErrorRateByOrigin(t *testing.T) {
	g := steady(900, 60, line{status: 503, upstream: "503"})
	g.add(40, line{status: 503, upstream: "-"})
	f := find(g.findings(t), "error-rate")
	if f == nil {
		t.Fatalf("no error-rate finding: %v", kinds(g.findings(t)))
	}
	want := "with an origin response 60 (503 ×60); with no origin response (the edge's own) 40 (503 ×40)"
	if ev := strings.Join(f.Evidence, " · "); !strings.Contains(ev, want) {
		t.Errorf("evidence %q lacks %q", ev, want)
	}
	// Without origin statuses, no such line.
	s := aggregate.New(aggregate.Options{})
	for i := range 1000 {
		rec := parser.Record{Status: 200, RequestTime: -1, Path: []byte("/"), Client: []byte("192.0.2.1")}
		if i%10 == 0 {
			rec.Status = 503
		}
		s.Add(&rec)
	}
	f = find(Diagnose(s, Options{}), "error-rate")
	if f == nil || strings.Contains(strings.Join(f.Evidence, " "), "origin response") {
		t.Errorf("finding %+v", f)
	}
}

// verdicts are n requests of one status with one cache verdict.
type verdicts struct {
	n, status int
	verdict   string
}

// cacheLog is a summary of requests of media segments with cache verdicts.
func cacheLog(parts ...verdicts) *aggregate.Summary {
	s := aggregate.New(aggregate.Options{})
	for _, p := range parts {
		for range p.n {
			s.Add(&parser.Record{Status: p.status, RequestTime: -1, Path: []byte("/v/seg-1.ts"), Client: []byte("192.0.2.1"),
				CacheStatus: []byte(p.verdict)})
		}
	}
	return s
}

// TestCacheErrors: errors the cache logged on successful answers are a
// finding past 2% of them (a warning past 5%); errors on 4xx and 5xx,
// which their own findings report, are not.
func TestCacheErrors(t *testing.T) {
	tests := []struct {
		name string
		s    *aggregate.Summary
		want Severity // -1: no finding
	}{
		{"a tenth of the successes", cacheLog(verdicts{1000, 200, "Hit"}, verdicts{100, 200, "Error"}), Warning},
		{"3% of the successes", cacheLog(verdicts{1000, 200, "Miss"}, verdicts{35, 206, "Error"}), Info},
		{"1.5% of the successes", cacheLog(verdicts{1000, 200, "Hit"}, verdicts{15, 200, "Error"}), -1},
		{"errors only on 4xx and 5xx", cacheLog(verdicts{1000, 200, "Hit"}, verdicts{400, 404, "Error"}, verdicts{50, 503, "Error"}), -1},
		{"too few to say", cacheLog(verdicts{20, 200, "Hit"}, verdicts{9, 200, "Error"}), -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := find(Diagnose(tc.s, Options{}), "cache-errors")
			switch {
			case tc.want < 0 && f != nil:
				t.Errorf("a finding: %s %v", f.Title, f.Evidence)
			case tc.want >= 0 && f == nil:
				t.Error("no finding")
			case f != nil && f.Severity != tc.want:
				t.Errorf("severity %s, want %s", f.Severity, tc.want)
			case f != nil && (f.Action == "" || !strings.Contains(f.Evidence[0], "were logged as errors") || !strings.Contains(f.Evidence[2], "media segment")):
				t.Errorf("evidence %q", f.Evidence)
			}
		})
	}
	f := find(Diagnose(cacheLog(verdicts{1000, 200, "Hit"}, verdicts{100, 200, "Error"}, verdicts{50, 404, "Error"}), Options{}), "cache-errors")
	if f == nil || f.Requests != 100 || !strings.Contains(f.Evidence[0], "100 of 1,100 2xx and 3xx answers") || !strings.Contains(f.Evidence[1], "150 of 1,150") {
		t.Errorf("finding %+v", f)
	}
}
