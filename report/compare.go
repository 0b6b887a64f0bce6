package report

import (
	"math"
	"slices"
	"strconv"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/report/catalog"
)

// Kinds of file a previous period is read from.
const (
	PreviousState  = "state"  // a --state file, built into a Report with the run's options
	PreviousReport = "report" // a JSON report (-o json)
)

// Previous is the report of an earlier period to hold this one against
// (--compare).
type Previous struct {
	Source string // the file, as the user named it
	Kind   string // PreviousState or PreviousReport
	Report *Report
}

// Comparison is a report against a previous period: per line count,
// class and code, the previous count, this one and the change.
type Comparison struct {
	Source string `json:"source"` // the previous period's file, as named
	Kind   string `json:"kind"`   // "state" or "report"
	// Complete is the previous report's own "complete": false when it
	// did not cover all its input.
	Complete bool        `json:"complete"`
	Time     *TimeRange  `json:"time,omitempty"` // the previous period's span
	Lines    LinesChange `json:"lines"`
	// Classes lists 1xx … 5xx and other, as the report does.
	Classes []ClassChange `json:"classes"`
	// Codes lists every code seen in either period, by code: a code not
	// seen before is New, one not seen now is Gone.
	Codes []CodeChange `json:"codes"`
}

// LinesChange is the previous period's line counts and this report's
// minus them.
type LinesChange struct {
	Previous Lines `json:"previous"`
	Change   Lines `json:"change"`
}

// Delta is one count in the previous period and now.
type Delta struct {
	Previous int64 `json:"previous"`
	Count    int64 `json:"count"`
	Change   int64 `json:"change"` // Count − Previous
	// Ratio is Count / Previous to four significant digits; omitted when
	// Previous is 0.
	Ratio *float64 `json:"ratio,omitempty"`
	// PreviousPercent and Percent are shares of the parsed lines of each
	// period (two decimals); Points is their difference, in percentage
	// points.
	PreviousPercent float64 `json:"previous_percent"`
	Percent         float64 `json:"percent"`
	Points          float64 `json:"points"`
	// New: none before, some now. Gone: some before, none now.
	New  bool `json:"new,omitempty"`
	Gone bool `json:"gone,omitempty"`
}

// ClassChange is one status class against the previous period.
type ClassChange struct {
	Class string `json:"class"`
	Delta
}

// CodeChange is one status code against the previous period.
type CodeChange struct {
	Code   int    `json:"code"`
	Status string `json:"status"`
	Class  string `json:"class"`
	Title  string `json:"title"`
	Delta
}

// Compare holds the report cur against prev. Only counts are compared,
// so a previous report read from JSON and one built from a state of the
// same lines give the same comparison; a code's status and title come
// from its number (the catalog's, for cur's profile), never from the
// previous file.
func Compare(cur *Report, prev *Previous) *Comparison {
	p := prev.Report
	c := &Comparison{
		Source: prev.Source, Kind: prev.Kind, Complete: p.Complete, Time: p.Time,
		Lines: LinesChange{Previous: p.Lines, Change: Lines{
			Read:      cur.Lines.Read - p.Lines.Read,
			Parsed:    cur.Lines.Parsed - p.Lines.Parsed,
			Malformed: cur.Lines.Malformed - p.Lines.Malformed,
			Skipped:   cur.Lines.Skipped - p.Lines.Skipped,
		}},
		Classes: []ClassChange{},
		Codes:   []CodeChange{},
	}
	pt, ct := p.Lines.Parsed, cur.Lines.Parsed
	prevClass := map[string]int64{}
	for _, row := range p.Classes {
		prevClass[row.Class] += row.Count
	}
	curClass := map[string]int64{}
	for _, row := range cur.Classes {
		curClass[row.Class] += row.Count
	}
	for k := aggregate.Class(0); k < aggregate.NumClasses; k++ {
		name := k.String()
		c.Classes = append(c.Classes, ClassChange{Class: name, Delta: delta(prevClass[name], curClass[name], pt, ct)})
	}
	prevCode, curCode := map[int]int64{}, map[int]int64{}
	for _, row := range p.Codes {
		prevCode[row.Code] += row.Count
	}
	for _, row := range cur.Codes {
		curCode[row.Code] += row.Count
	}
	var order []int
	for code := range prevCode {
		order = append(order, code)
	}
	for code := range curCode {
		if _, seen := prevCode[code]; !seen {
			order = append(order, code)
		}
	}
	slices.Sort(order)
	for _, code := range order {
		c.Codes = append(c.Codes, CodeChange{
			Code: code, Status: catalog.StatusText(code), Class: aggregate.ClassOf(code).String(),
			Title: catalog.LookupProfile(code, cur.Profile).Title,
			Delta: delta(prevCode[code], curCode[code], pt, ct),
		})
	}
	return c
}

// delta compares a count of prevTotal parsed lines with one of curTotal.
func delta(prev, count, prevTotal, curTotal int64) Delta {
	d := Delta{
		Previous: prev, Count: count, Change: count - prev,
		PreviousPercent: Percent(prev, prevTotal), Percent: Percent(count, curTotal),
		New: prev == 0 && count > 0, Gone: prev > 0 && count == 0,
	}
	d.Points = math.Round((d.Percent-d.PreviousPercent)*100) / 100
	if prev > 0 {
		r, _ := strconv.ParseFloat(strconv.FormatFloat(float64(count)/float64(prev), 'g', 4, 64), 64)
		d.Ratio = &r
	}
	return d
}
