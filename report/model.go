package report

import (
	"math"
	"strings"
	"time"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/internal/threshold"
	"github.com/logstat/logstat/internal/timewin"
	"github.com/logstat/logstat/report/catalog"
	"github.com/logstat/logstat/report/diagnose"
	"github.com/logstat/logstat/report/textfmt"
	"github.com/logstat/logstat/report/timeline"
)

// Schema is the version of the JSON contract. It changes only if a field is
// removed or changes meaning; new fields may appear at any time.
const Schema = 1

// Input is everything a report is made from.
type Input struct {
	Summary        *aggregate.Summary
	Format         string            // format name: preset or "custom", "mixed" when inputs differ
	SourceFormats  map[string]string // each input's format, when mixed
	FormatDetected bool              // chosen by autodetection
	Sources        []string          // inputs as named by the user
	Errors         []SourceError
	TopN           int // entries per top list (default 10)
	// Profile selects the platform reading of each code: web (default),
	// cdn, video or api.
	Profile string
	// Bucket is the timeline step: "minute", "hour", "day", "week", or ""
	// to choose from the time span.
	Bucket string
	// Interrupted: the run was stopped (a signal) before it read all its
	// inputs; the report covers the lines read until then.
	Interrupted bool
	// Incomplete: some input could not be read, or not to its end (named
	// in Errors).
	Incomplete bool
	// Window is --since/--until: the lines outside it were skipped.
	Window timewin.Window
	// Thresholds are the --fail-on rules held against the Summary
	// (threshold.Check); none without --fail-on.
	Thresholds []threshold.Result
	// Previous is the report of an earlier period to compare with
	// (--compare); nil for none.
	Previous *Previous
}

// SourceError is an input that could not be read, or not to its end.
type SourceError struct {
	Source string `json:"source"`
	Error  string `json:"error"`
}

// Report is the JSON contract, and the model the text report is drawn from.
type Report struct {
	Schema         int      `json:"schema"`
	Format         string   `json:"format"`
	FormatDetected bool     `json:"format_detected"`
	Sources        []string `json:"sources"`
	// Complete is false when the report does not cover all the input
	// asked for: the run was interrupted (Interrupted), or an input could
	// not be read or was cut short (Errors names it).
	Complete    bool `json:"complete"`
	Interrupted bool `json:"interrupted,omitempty"`
	// SourceFormats gives each input's format when Format is "mixed".
	SourceFormats map[string]string `json:"source_formats,omitempty"`
	Lines         Lines             `json:"lines"`
	Time          *TimeRange        `json:"time,omitempty"`
	Classes       []ClassRow        `json:"classes"`
	Codes         []CodeRow         `json:"codes"`
	Malformed     Malformed         `json:"malformed"`
	Errors        []SourceError     `json:"errors,omitempty"`
	// Profile is the reading used; ProfileSuggested names a better one
	// for this log (catalog.Suggest: video for manifests and segments,
	// cdn for cache statuses or edge codes, api for API calls), and
	// ProfileSuggestion says why, in a sentence that names the flag.
	Profile           string             `json:"profile"`
	ProfileSuggested  string             `json:"profile_suggested,omitempty"`
	ProfileSuggestion string             `json:"profile_suggestion,omitempty"`
	Timeline          *timeline.Timeline `json:"timeline,omitempty"`
	Findings          []diagnose.Finding `json:"findings"`
	// Window is the --since/--until of the run; omitted without them.
	Window *Window `json:"window,omitempty"`
	// Thresholds are the --fail-on rules and how the report stands to
	// each; omitted without --fail-on.
	Thresholds []Threshold `json:"thresholds,omitempty"`
	// Compare is the change against a previous period (--compare);
	// omitted without it.
	Compare *Comparison `json:"compare,omitempty"`
	// Cache is the cache's verdicts over all codes, when the log has
	// them (CDN logs: CloudFront x-edge-result-type, Gcore's cache
	// status, Cloudflare CacheCacheStatus, $upstream_cache_status).
	Cache *CacheRow `json:"cache,omitempty"`
	// Streaming splits the requests into manifests, segments and the
	// rest, by class and code, when the log has manifests or segments.
	Streaming *Streaming `json:"streaming,omitempty"`
}

// Window is the time window a report was limited to (--since, --until).
// A bound is RFC 3339 ("2026-11-20T14:00:00Z"), or for a time without a
// zone, compared with each line's time as the log wrote it, a wall clock
// marked "(log time)": "2026-11-20 00:00:00 (log time)". A bound not
// given is omitted.
type Window struct {
	Since string `json:"since,omitempty"`
	Until string `json:"until,omitempty"`
}

// Threshold is one --fail-on rule and the value the report has for it.
type Threshold struct {
	Rule string `json:"rule"` // as written: "5xx>2%"
	// Value is the share in percent (two decimals) when the rule's limit
	// is a share, else the count.
	Value float64 `json:"value"`
	// Crossed: the value is above the rule's limit (compared before
	// rounding).
	Crossed bool `json:"crossed"`
}

// Percent tells whether the rule's limit, and so Value, is a share.
func (t Threshold) Percent() bool { return strings.HasSuffix(t.Rule, "%") }

// Lines counts input lines: Read = Parsed + Malformed + Skipped.
type Lines struct {
	Read      int64 `json:"read"`
	Parsed    int64 `json:"parsed"`
	Malformed int64 `json:"malformed"`
	Skipped   int64 `json:"skipped"`
}

// TimeRange is the span of the records' times, in the log's own offset.
type TimeRange struct {
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
}

// ClassRow is one status class.
type ClassRow struct {
	Class       string  `json:"class"`
	Count       int64   `json:"count"`
	Percent     float64 `json:"percent"`
	Bytes       int64   `json:"bytes"`
	Title       string  `json:"title"`
	Explanation string  `json:"explanation"`
}

// CodeRow is one status code with its catalog entry and top lists.
type CodeRow struct {
	Code        int     `json:"code"`   // -1 when the log shows "-"
	Status      string  `json:"status"` // as logged: "404", "000", "-"
	Class       string  `json:"class"`
	Count       int64   `json:"count"`
	Percent     float64 `json:"percent"`
	Bytes       int64   `json:"bytes"`
	Title       string  `json:"title"`
	Explanation string  `json:"explanation"`
	Action      string  `json:"action"`
	// Top lists are kept for codes outside 2xx; TopApproximate says the
	// counts are upper bounds (too many distinct values to count exactly).
	TopPaths       []TopItem `json:"top_paths"`
	TopClients     []TopItem `json:"top_clients"`
	TopHosts       []TopItem `json:"top_hosts,omitempty"`
	TopApproximate bool      `json:"top_approximate,omitempty"`
	// Subcodes splits the code by X-Err-Code or IIS substatus when the
	// log carries one.
	Subcodes []SubcodeRow `json:"subcodes,omitempty"`
	// Latency summarises request times, for formats that log them.
	Latency *LatencyStats `json:"latency,omitempty"`
	// Origin splits the code (the status the edge answered) by the
	// status its origin gave, OriginNone first then by status, for logs
	// that have both (ALB, Cloudflare, Gcore, nginx $upstream_status).
	Origin []OriginRow `json:"origin,omitempty"`
	// Cache counts the code's requests by the cache's verdict, for logs
	// that have one.
	Cache *CacheRow `json:"cache,omitempty"`
	// Media splits the code's requests into streaming manifests,
	// segments and the rest, when the log has manifests or segments.
	Media *MediaRow `json:"media,omitempty"`
}

// SubcodeRow is one sub-status of a code.
type SubcodeRow struct {
	Value       string  `json:"value"`
	Count       int64   `json:"count"`
	Percent     float64 `json:"percent"` // of the code's requests
	Title       string  `json:"title,omitempty"`
	Explanation string  `json:"explanation,omitempty"`
	Action      string  `json:"action,omitempty"`
}

// LatencyStats are request times in seconds. The percentiles are nearest
// ranks (aggregate.Latency.Quantile): exact, or when Estimated (more than
// aggregate.LatencyExactLimit times) within aggregate.LatencyAccuracy of
// the exact value. Count, Mean and Max are always exact.
type LatencyStats struct {
	Count     int64   `json:"count"`
	Mean      float64 `json:"mean"`
	P50       float64 `json:"p50"`
	P90       float64 `json:"p90"`
	P99       float64 `json:"p99"`
	Max       float64 `json:"max"`
	Estimated bool    `json:"estimated,omitempty"`
}

// TopItem is one entry of a top list. Error is how much Count may overstate
// the true count (0, omitted, when exact).
type TopItem struct {
	Value string `json:"value"`
	Count int64  `json:"count"`
	Error int64  `json:"error,omitempty"`
}

// Malformed reports lines that did not parse.
type Malformed struct {
	ByReason map[string]int64 `json:"by_reason"`
	Samples  []Sample         `json:"samples"`
}

// Sample locates one malformed line.
type Sample struct {
	Source string `json:"source"`
	Line   int64  `json:"line"`
	Reason string `json:"reason"`
}

// Build turns the input into the report model.
func Build(in Input) *Report {
	s := in.Summary
	topN := in.TopN
	if topN <= 0 {
		topN = 10
	}
	r := &Report{
		Schema:         Schema,
		Format:         in.Format,
		FormatDetected: in.FormatDetected,
		Sources:        append([]string{}, in.Sources...),
		Complete:       !in.Interrupted && !in.Incomplete,
		Interrupted:    in.Interrupted,
		SourceFormats:  in.SourceFormats,
		Lines: Lines{
			Read:      s.Lines.Read(),
			Parsed:    s.Lines.Parsed,
			Malformed: s.Lines.Malformed,
			Skipped:   s.Lines.Skipped,
		},
		Classes:   []ClassRow{},
		Codes:     []CodeRow{},
		Malformed: Malformed{ByReason: map[string]int64{}, Samples: []Sample{}},
		Errors:    in.Errors,
	}
	if !s.First.IsZero() {
		r.Time = &TimeRange{First: s.First, Last: s.Last}
	}
	total := s.Lines.Parsed
	for c := aggregate.Class(0); c < aggregate.NumClasses; c++ {
		info := catalog.ClassInfo(c.String())
		r.Classes = append(r.Classes, ClassRow{
			Class: c.String(), Count: s.Classes[c].Count, Percent: Percent(s.Classes[c].Count, total),
			Bytes: s.Classes[c].Bytes, Title: info.Title, Explanation: info.Explanation,
		})
	}
	for _, cs := range s.Codes() {
		e := catalog.LookupProfile(cs.Code, in.Profile)
		row := CodeRow{
			Code: cs.Code, Status: catalog.StatusText(cs.Code), Class: aggregate.ClassOf(cs.Code).String(),
			Count: cs.Count, Percent: Percent(cs.Count, total), Bytes: cs.Bytes,
			Title: e.Title, Explanation: e.Explanation, Action: e.Action,
			TopPaths: []TopItem{}, TopClients: []TopItem{},
		}
		if cs.Paths != nil {
			row.TopPaths = topItems(cs.Paths, topN)
			row.TopClients = topItems(cs.Clients, topN)
			if cs.Hosts.Len() > 0 {
				row.TopHosts = topItems(cs.Hosts, topN)
			}
			row.TopApproximate = cs.Paths.Approximate() || cs.Clients.Approximate() || cs.Hosts.Approximate()
		}
		row.Subcodes = subcodeRows(cs, e)
		row.Latency = latencyStats(&cs.Latency)
		edgeRows(&row, &cs.Edge)
		r.Codes = append(r.Codes, row)
	}
	edgeTotals(r, s)
	r.Profile = in.Profile
	if r.Profile == "" {
		r.Profile = "web"
	}
	sug := catalog.Suggest(s, r.Profile)
	r.ProfileSuggested, r.ProfileSuggestion = sug.Profile, sug.Sentence()
	for reason, n := range s.Malformed.ByReason {
		r.Malformed.ByReason[reason] = n
	}
	for _, m := range s.Malformed.Samples {
		r.Malformed.Samples = append(r.Malformed.Samples, Sample{Source: m.Source, Line: m.Line, Reason: m.Reason})
	}
	r.Timeline = timeline.Of(s, in.Bucket)
	r.Findings = diagnose.Diagnose(s, diagnose.Options{Profile: in.Profile, Bucket: in.Bucket, Format: in.Format})
	r.Window = windowOf(in.Window)
	r.Thresholds = thresholds(in.Thresholds)
	if in.Previous != nil {
		r.Compare = Compare(r, in.Previous)
	}
	return r
}

// windowOf writes the window's bounds as the report gives them; nil when
// it bounds nothing.
func windowOf(w timewin.Window) *Window {
	if !w.Active() {
		return nil
	}
	bound := func(b timewin.Bound) string {
		switch {
		case !b.Set:
			return ""
		case b.Naive:
			return b.At.Format("2006-01-02 15:04:05") + " (log time)"
		}
		return b.At.Format(time.RFC3339)
	}
	return &Window{Since: bound(w.Since), Until: bound(w.Until)}
}

// thresholds converts the --fail-on results, shares rounded to two
// decimals as the report's percentages are.
func thresholds(results []threshold.Result) []Threshold {
	var out []Threshold
	for _, res := range results {
		t := Threshold{Rule: res.Rule, Value: res.Value, Crossed: res.Crossed}
		if t.Percent() {
			t.Value = math.Round(t.Value*100) / 100
		}
		out = append(out, t)
	}
	return out
}

func topItems(t *aggregate.TopK, n int) []TopItem {
	items := t.Top(n)
	out := make([]TopItem, len(items))
	for i, it := range items {
		out[i] = TopItem{Value: textfmt.CleanJSON(it.Value), Count: it.Count, Error: it.Err}
	}
	return out
}

// Percent is n as a percentage of total, rounded to two decimals as the
// report's percentages are; 0 when total is 0.
func Percent(n, total int64) float64 {
	if total == 0 {
		return 0
	}
	return math.Round(float64(n)*10000/float64(total)) / 100
}

// Reasons returns the malformed reasons, most frequent first, in the
// order the diagnosis quotes them.
func (m Malformed) Reasons() []string {
	return diagnose.MalformedReasons(m.ByReason)
}

func subcodeRows(cs *aggregate.CodeStats, e catalog.Entry) []SubcodeRow {
	if cs.Sub == nil {
		return nil
	}
	var rows []SubcodeRow
	for _, it := range cs.Sub.Top(-1) {
		row := SubcodeRow{Value: textfmt.CleanJSON(it.Value), Count: it.Count, Percent: Percent(it.Count, cs.Count)}
		if _, known := e.Subcode("iis-substatus", it.Value); it.Value == "0" && !known {
			continue // IIS logs substatus 0 for "none"
		}
		for _, sc := range e.Subcodes {
			if sc.Value == it.Value {
				row.Title, row.Explanation, row.Action = sc.Title, sc.Explanation, sc.Action
				break
			}
		}
		rows = append(rows, row)
	}
	return rows
}

func latencyStats(l *aggregate.Latency) *LatencyStats {
	if l.Count == 0 {
		return nil
	}
	sec := func(d time.Duration) float64 { return math.Round(d.Seconds()*1e6) / 1e6 }
	return &LatencyStats{
		Count: l.Count, Mean: sec(l.Mean()), P50: sec(l.Quantile(0.5)),
		P90: sec(l.Quantile(0.9)), P99: sec(l.Quantile(0.99)), Max: sec(l.Max),
		Estimated: !l.Exact(),
	}
}
