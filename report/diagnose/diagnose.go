// Package diagnose reads an aggregate.Summary and says what stands out:
// storms of errors and steps that persist (a deploy), floods from one
// client, network or user agent, high shares of errors, 5xx concentrated
// on one path, host or upstream, slow upstreams, 502s and 504s read by
// what the origin did (no response, a timeout, a failure passed on, an
// answer the edge lost: edge.go), cache errors on successful answers,
// scanners, broken links, password guessing, one client behind most of
// a 4xx, rate limits, redirects and unreadable lines. Each Finding has a
// Severity, its numbers, an action and, on a log with times, the window
// it concerns.
//
// Findings that look at time read the Summary's per-minute counts
// (aggregate.Minutes), whatever step the report's timeline is drawn in, so
// a ten-minute storm in a ten-hour log is found with its real start and
// end. Thresholds weigh a share against its baseline with the binomial
// likelihood ratio (stats.go) rather than fixed counts, so a small log
// still shows what is plainly bad and a long quiet one stays quiet.
//
// The diagnosis is a function of the Summary and Options alone: it reads
// nothing a report adds, so that summaries merged from state files (logstat
// merge, logstat --state) give the same findings as one run over all their
// logs, and a live view can diagnose the summary of its last minutes.
//
// Dependencies: diagnose uses aggregate, report/catalog (titles and actions
// of codes) and report/textfmt (numbers and log values in the evidence,
// made safe with textfmt.Clean). The report package puts its findings in
// the report; renderers show them.
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
	Kind     string   `json:"kind"` // spike, regression, flood, top-talker, error-rate, concentration, slow-upstream, client-aborts, upstream, cache-errors, scanners, broken-links, auth-burst, one-client, rate-limit, redirects, malformed, no-status, small-sample
	Severity Severity `json:"severity"`
	Status   string   `json:"status,omitempty"`
	Class    string   `json:"class,omitempty"`
	Title    string   `json:"title"`
	Evidence []string `json:"evidence"`
	Action   string   `json:"action"`
	Requests int64    `json:"requests"` // requests concerned
	// From and To are the window the finding concerns, on a log with
	// times: To is the end of its last minute (or second, for a window
	// read from the first and last time a value was seen).
	From *time.Time `json:"from,omitempty"`
	To   *time.Time `json:"to,omitempty"`
	// Rate is the requests per second of a flood or top talker over its
	// window.
	Rate float64 `json:"rate_per_second,omitempty"`
	// Minutes are the finding's requests per minute around its window
	// (storms, steps, floods), for drawing it.
	Minutes *Strip `json:"minutes,omitempty"`

	impact float64 // orders findings of one severity
}

// Options are everything besides the Summary that the diagnosis reads.
type Options struct {
	// Profile is the platform reading of codes whose actions a finding
	// quotes: web (default), cdn, video or api.
	Profile string
	// Bucket was the timeline step spikes were looked for in. Findings
	// now read per-minute counts whatever the report's step, and ignore
	// it.
	Bucket string
	// Format names the log format, for the wording of the malformed-lines
	// finding ("unknown" when no format matched).
	Format string
}

// Thresholds below which a pattern is too small to be called a finding.
const (
	minCodeCount  = 20   // requests of a code before a share of it is read by client, path or referer
	concentrated  = 0.5  // share of one path/client/host that is "most"
	scannerShare  = 0.2  // share of 404s on scanner paths
	redirectShare = 0.3  // share of requests that are redirects
	abortShare    = 0.01 // share of requests that are 499
	// A log with fewer requests, or fewer minutes with requests, is too
	// small for rates, spikes and steps: only what is plainly bad is
	// said.
	minRequests = 100
	minMinutes  = 10
)

// Diagnose returns the problems s shows, most severe first, then those of
// most impact (5xx before floods before 4xx, more requests first); an
// empty, non-nil slice when nothing stands out. It reads s and opt only,
// and does not change s.
func Diagnose(s *aggregate.Summary, opt Options) []Finding {
	d := &diagnosis{s: s, opt: opt, loc: time.UTC}
	if !s.First.IsZero() {
		d.loc = s.First.Location()
	}
	d.smallSample()
	d.regressions()
	d.storms()
	d.errorRate()
	d.concentration()
	d.floods()
	d.aborts()
	d.upstream()
	d.cacheErrors()
	d.notFound()
	d.authBursts()
	d.dominantClient()
	d.rateLimit()
	d.redirects()
	d.quality()
	for i := range d.out {
		f := &d.out[i]
		f.impact = float64(f.Requests) * kindWeight(f)
		if f.From == nil {
			f.From, f.To = d.logWindow()
		}
		if f.From != nil && !windowWorded[f.Kind] {
			// Every renderer shows the evidence: the window goes there.
			f.Evidence = append(f.Evidence, "when: "+d.span(f.From.Unix(), f.To.Unix()))
		}
	}
	sort.SliceStable(d.out, func(i, j int) bool {
		a, b := d.out[i], d.out[j]
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
		}
		return a.impact > b.impact
	})
	if d.out == nil {
		d.out = []Finding{}
	}
	return d.out
}

// windowWorded are the kinds whose title or evidence already says their
// window.
var windowWorded = map[string]bool{"spike": true, "regression": true, "flood": true, "top-talker": true,
	"concentration": true, "auth-burst": true, "one-client": true, "error-rate": true}

// kindWeight ranks findings of one severity: failed requests weigh most,
// then floods (they threaten capacity), then client errors, then the rest.
func kindWeight(f *Finding) float64 {
	switch {
	case f.Class == "5xx" || strings.HasPrefix(f.Status, "5"):
		return 8
	case f.Kind == "flood":
		return 4
	case f.Kind == "regression" || f.Kind == "spike":
		return 3
	case f.Class == "4xx" || strings.HasPrefix(f.Status, "4"):
		return 1
	case f.Kind == "small-sample":
		return 0
	}
	return 0.5
}

type diagnosis struct {
	s   *aggregate.Summary
	opt Options
	loc *time.Location
	out []Finding

	ms        *minuteSeries // per-minute counts, read once
	noMinutes bool
	small     bool // too small for rates (smallSample says why)
	steps     []step
	// windowed5xx are the 5xx that storms and steps report, stormOf
	// the storms of one code.
	windowed5xx int64
	stormOf     []stormCode
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

// zone writes the log's UTC offset: "+0000".
func (d *diagnosis) zone() string {
	if d.s.First.IsZero() {
		return "+0000"
	}
	return d.s.First.Format("-0700")
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
