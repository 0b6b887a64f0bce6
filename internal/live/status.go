package live

import (
	"time"

	"github.com/logstat/logstat/aggregate"
)

// Status is what the live view shows at one moment.
type Status struct {
	Time    time.Time `json:"time"`
	Since   time.Time `json:"since"`
	Lines   Lines     `json:"lines"`
	Files   int       `json:"files"`
	Rotated int64     `json:"rotations"`
	Trunc   int64     `json:"truncations"`
	// Requests are all requests; Classes and Codes by class and code
	// (the codes most frequent over the last five minutes first).
	Requests Rate        `json:"requests"`
	Classes  []ClassRate `json:"classes"`
	Codes    []CodeRate  `json:"codes"`
	// ErrorRatio is the share of 5xx among the requests of the last
	// minute and the last five minutes (0 when there were none).
	ErrorRatio1m float64 `json:"error_ratio_1m"`
	ErrorRatio5m float64 `json:"error_ratio_5m"`
	// TopErrorPaths are the paths of most 4xx and 5xx answers over the
	// last five minutes.
	TopErrorPaths []PathCount `json:"top_error_paths"`
	// Findings are those of the last quarter hour, one line each.
	Findings []string `json:"findings"`
}

// Lines counts the lines read, a saved state's included.
type Lines struct {
	Read      int64 `json:"read"`
	Parsed    int64 `json:"parsed"`
	Malformed int64 `json:"malformed"`
	Skipped   int64 `json:"skipped"`
}

// ClassRate is a class's Rate.
type ClassRate struct {
	Class string `json:"class"`
	Rate
}

// CodeRate is a code's Rate.
type CodeRate struct {
	Code   int    `json:"code"`
	Status string `json:"status"`
	Class  string `json:"class"`
	Rate
}

// PathCount is a path and how often it got an error, with its main code.
type PathCount struct {
	Path  string `json:"path"`
	Count int64  `json:"count"`
	Code  int    `json:"code"`
}

// Sources are the facts about the files the view shows beside the counts.
type Sources struct {
	Files                  int
	Rotations, Truncations int64
}

// findingsAt returns the findings of the last quarter hour, diagnosed
// again only every findingsEvery: merging fifteen minute summaries and
// diagnosing them at every tick would cost more than the reading.
func (w *Window) findingsAt(now time.Time, findings func(*aggregate.Summary) []string) []string {
	w.mu.Lock()
	fresh := w.findings != nil && now.Sub(w.findingsTime) < findingsEvery
	cached := w.findings
	w.mu.Unlock()
	if fresh {
		return cached
	}
	f := findings(w.Recent(summaryWindow, now))
	if f == nil {
		f = []string{}
	}
	w.mu.Lock()
	w.findings, w.findingsTime = f, now
	w.mu.Unlock()
	return f
}

// Status computes the Status at now. findings, when not nil, words the
// findings of a summary (the report's diagnosis), one line each; status
// writes a code as logged ("404", "000", "-").
func (w *Window) Status(now time.Time, src Sources, topPaths int, status func(code int) string, findings func(*aggregate.Summary) []string) Status {
	w.mu.Lock()
	total := w.total
	st := Status{Time: now, Since: w.start, Files: src.Files, Rotated: src.Rotations, Trunc: src.Truncations,
		Lines: Lines{Read: total.Lines.Read(), Parsed: total.Lines.Parsed, Malformed: total.Lines.Malformed, Skipped: total.Lines.Skipped}}
	read := total.Lines.Parsed - w.base
	st.Requests = w.rates(now, func(t tickCount) int64 { return sumOf(t.classes[:]) }, total.Lines.Parsed, read)
	for c := aggregate.Class(0); c < aggregate.NumClasses; c++ {
		r := w.rates(now, func(t tickCount) int64 { return t.classes[c] }, total.Classes[c].Count, total.Classes[c].Count)
		st.Classes = append(st.Classes, ClassRate{Class: c.String(), Rate: r})
	}
	for _, code := range codesByRecent(total, w.ticks) {
		n := total.Code(code).Count
		r := w.rates(now, func(t tickCount) int64 { return t.codes[code] }, n, n)
		st.Codes = append(st.Codes, CodeRate{Code: code, Status: status(code), Class: aggregate.ClassOf(code).String(), Rate: r})
	}
	st.ErrorRatio1m, st.ErrorRatio5m = ratio(st.Classes[aggregate.Class5xx].PerMin, st.Requests.PerMin), ratio(st.Classes[aggregate.Class5xx].Per5m, st.Requests.Per5m)
	w.mu.Unlock()

	recent := w.Recent(longWindow, now)
	st.TopErrorPaths = topErrorPaths(recent, topPaths)
	if findings != nil {
		st.Findings = w.findingsAt(now, findings)
	}
	return st
}

func sumOf(v []int64) int64 {
	var n int64
	for _, x := range v {
		n += x
	}
	return n
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// topErrorPaths merges the top paths of the 4xx and 5xx codes of s.
func topErrorPaths(s *aggregate.Summary, n int) []PathCount {
	var out []PathCount
	for _, cs := range s.Codes() {
		if c := aggregate.ClassOf(cs.Code); (c != aggregate.Class4xx && c != aggregate.Class5xx) || cs.Paths == nil {
			continue
		}
		for _, it := range cs.Paths.Top(n) {
			out = append(out, PathCount{Path: it.Value, Count: it.Count, Code: cs.Code})
		}
	}
	sortPaths(out)
	if len(out) > n {
		out = out[:n]
	}
	return out
}
