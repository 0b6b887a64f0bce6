// Package diagnose reads an aggregate.Summary and says what stands out:
// spikes and high shares of errors, 5xx concentrated on one path, host or
// upstream, slow upstreams, scanners, broken links, password guessing, one
// client behind most of a 4xx, rate limits, redirects and unreadable lines.
// Each Finding has a Severity, its numbers and an action.
//
// The diagnosis is a function of the Summary and Options alone: it reads
// nothing a report adds, so that summaries merged from state files (logstat
// merge, logstat --state) give the same findings as one run over all their
// logs, and a live view can diagnose the summary of its last minutes.
//
// Dependencies: diagnose uses aggregate, report/catalog (titles and actions
// of codes), report/timeline (spikes) and report/textfmt (numbers and log
// values in the evidence, made safe with textfmt.Clean). The report package
// puts its findings in the report; renderers show them.
package diagnose

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/report/catalog"
	"github.com/logstat/logstat/report/textfmt"
)

// Finding is one problem the log shows, with the numbers behind it.
type Finding struct {
	Kind     string     `json:"kind"` // spike, error-rate, concentration, slow-upstream, client-aborts, upstream, scanners, broken-links, auth-burst, one-client, rate-limit, redirects, malformed, no-status
	Severity Severity   `json:"severity"`
	Status   string     `json:"status,omitempty"`
	Class    string     `json:"class,omitempty"`
	Title    string     `json:"title"`
	Evidence []string   `json:"evidence"`
	Action   string     `json:"action"`
	Requests int64      `json:"requests"` // requests concerned
	From     *time.Time `json:"from,omitempty"`
	To       *time.Time `json:"to,omitempty"`
}

// Options are everything besides the Summary that the diagnosis reads.
type Options struct {
	// Profile is the platform reading of codes whose actions a finding
	// quotes: web (default), cdn, video or api.
	Profile string
	// Bucket is the timeline step spikes are looked for in ("minute",
	// "hour", "day", "week"; "" chooses from the time span, as the
	// report's timeline does).
	Bucket string
	// Format names the log format, for the wording of the malformed-lines
	// finding ("unknown" when no format matched).
	Format string
}

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

// Diagnose returns the problems s shows, most severe first (then those
// concerning more requests first); an empty, non-nil slice when nothing
// stands out. It reads s and opt only, and does not change s.
func Diagnose(s *aggregate.Summary, opt Options) []Finding {
	d := &diagnosis{s: s, opt: opt, loc: time.UTC}
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
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
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
	opt Options
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
		c := textfmt.Num(it.Count)
		if it.Err > 0 {
			c = "≤" + c
		}
		parts = append(parts, fmt.Sprintf("%s ×%s", textfmt.Clean(it.Value, 60), c))
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
		parts = append(parts, fmt.Sprintf("%s %s ×%s", catalog.StatusText(c.Code), d.lookup(c.Code).Title, textfmt.Num(c.Count)))
	}
	return strings.Join(parts, ", ")
}

// lookup is the catalog entry of code as the profile in use reads it.
func (d *diagnosis) lookup(code int) catalog.Entry {
	return catalog.LookupProfile(code, d.opt.Profile)
}

// MalformedReasons returns the reasons of a malformed-line count (reason
// to lines), most frequent first, ties by name.
func MalformedReasons(byReason map[string]int64) []string {
	rs := make([]string, 0, len(byReason))
	for r := range byReason {
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool {
		if byReason[rs[i]] != byReason[rs[j]] {
			return byReason[rs[i]] > byReason[rs[j]]
		}
		return rs[i] < rs[j]
	})
	return rs
}
