package report

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/logstat/logstat/aggregate"
)

// Finding is one problem the log shows, with the numbers behind it.
type Finding struct {
	Kind     string     `json:"kind"`     // spike, error-rate, concentration, slow-upstream, client-aborts, upstream, scanners, broken-links, auth-burst, one-client, rate-limit, redirects, malformed, no-status
	Severity string     `json:"severity"` // critical, warning, info
	Status   string     `json:"status,omitempty"`
	Class    string     `json:"class,omitempty"`
	Title    string     `json:"title"`
	Evidence []string   `json:"evidence"`
	Action   string     `json:"action"`
	Requests int64      `json:"requests"` // requests concerned
	From     *time.Time `json:"from,omitempty"`
	To       *time.Time `json:"to,omitempty"`
}

var severityRank = map[string]int{"critical": 0, "warning": 1, "info": 2}

// Thresholds below which a pattern is too small to be called a finding.
const (
	minSpikeBuckets = 6    // buckets with traffic needed for a baseline
	minSpikeCount   = 10   // errors in a bucket for it to spike
	minCodeCount    = 20   // requests of a code before it is diagnosed
	concentrated    = 0.5  // share of one path/client/host that is "most"
	scannerShare    = 0.2  // share of 404s on scanner paths
	redirectShare   = 0.3  // share of requests that are redirects
	abortShare      = 0.01 // share of requests that are 499
)

// Diagnose reads a summary (and the report built from it, for the
// timeline) and returns the problems it shows, most severe first.
func Diagnose(s *aggregate.Summary, r *Report) []Finding {
	d := &diagnosis{s: s, r: r, loc: time.UTC}
	if !s.First.IsZero() {
		d.loc = s.First.Location()
	}
	d.spikes()
	d.errorRate()
	d.concentration()
	d.aborts()
	d.upstream()
	d.notFound()
	d.authBursts()
	d.dominantClient()
	d.rateLimit()
	d.redirects()
	d.quality()
	sort.SliceStable(d.out, func(i, j int) bool {
		a, b := d.out[i], d.out[j]
		if severityRank[a.Severity] != severityRank[b.Severity] {
			return severityRank[a.Severity] < severityRank[b.Severity]
		}
		return a.Requests > b.Requests
	})
	if d.out == nil {
		d.out = []Finding{}
	}
	return d.out
}

type diagnosis struct {
	s   *aggregate.Summary
	r   *Report
	loc *time.Location
	out []Finding
}

func (d *diagnosis) add(f Finding) { d.out = append(d.out, f) }

func (d *diagnosis) total() int64 { return d.s.Lines.Parsed }

func share(n, of int64) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

func pctText(f float64) string {
	switch {
	case f >= 0.1:
		return fmt.Sprintf("%.0f%%", f*100)
	case f >= 0.001:
		return fmt.Sprintf("%.1f%%", f*100)
	}
	return fmt.Sprintf("%.2f%%", f*100)
}

func (d *diagnosis) when(unix int64) string {
	return time.Unix(unix, 0).In(d.loc).Format("2006-01-02 15:04")
}

func (d *diagnosis) span(from, to int64) string {
	if from == 0 {
		return ""
	}
	a, b := d.when(from), d.when(to)
	if a == b {
		return a + " " + time.Unix(from, 0).In(d.loc).Format("-0700")
	}
	if a[:10] == b[:10] {
		b = b[11:]
	}
	return a + "–" + b + " " + time.Unix(from, 0).In(d.loc).Format("-0700")
}

func timePtr(unix int64, loc *time.Location) *time.Time {
	t := time.Unix(unix, 0).In(loc)
	return &t
}

// topValues lists "value ×count" for the first n items.
func topValues(items []aggregate.Item, n int) string {
	var parts []string
	for _, it := range items[:min(n, len(items))] {
		c := Num(it.Count)
		if it.Err > 0 {
			c = "≤" + c
		}
		parts = append(parts, fmt.Sprintf("%s ×%s", Clean(it.Value, 60), c))
	}
	return strings.Join(parts, ", ")
}

// codesOf lists the class's codes with their counts, most frequent first.
func (d *diagnosis) codesOf(class aggregate.Class) string {
	var cs []*aggregate.CodeStats
	for _, c := range d.s.Codes() {
		if aggregate.ClassOf(c.Code) == class {
			cs = append(cs, c)
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Count > cs[j].Count })
	var parts []string
	for _, c := range cs[:min(4, len(cs))] {
		parts = append(parts, fmt.Sprintf("%s %s ×%s", StatusText(c.Code), Lookup(c.Code).Title, Num(c.Count)))
	}
	return strings.Join(parts, ", ")
}
