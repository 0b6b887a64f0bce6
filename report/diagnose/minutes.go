package diagnose

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/report/textfmt"
)

// secondsDuration is n seconds as a Duration.
func secondsDuration(n int64) time.Duration { return time.Duration(n) * time.Second }

// The per-minute counts of the Summary (aggregate.Minutes), laid out for
// the findings that look at time: storms, steps, floods, and the window
// of every finding.

// Series a finding counts per minute: an aggregate series (a class, a
// code, scanner probes), or one of these, derived from them.
const (
	// seriesClient4xx is the 4xx without scanner probes.
	seriesClient4xx = aggregate.NumSeries + iota
	// seriesOwn404 is the 404 without scanner probes (as many scanner
	// probes as there are 404s at most are taken off).
	seriesOwn404
	// seriesTotal is every request.
	seriesTotal
)

// minuteSeries is the per-minute counts from the first minute with
// requests to the last, empty minutes included.
type minuteSeries struct {
	start  int64 // Unix minute of rows[0]
	rows   []aggregate.MinuteCounts
	active int // minutes with requests
}

// minutes returns the Summary's per-minute counts, nil when it has none
// (no record had a time).
func (d *diagnosis) minutes() *minuteSeries {
	if d.ms != nil || d.noMinutes {
		return d.ms
	}
	each := d.s.Minutes.Each()
	if len(each) == 0 {
		d.noMinutes = true
		return nil
	}
	ms := &minuteSeries{start: each[0].Minute, rows: make([]aggregate.MinuteCounts, each[len(each)-1].Minute-each[0].Minute+1)}
	for _, m := range each {
		ms.rows[m.Minute-ms.start] = m.Counts
	}
	ms.active = len(each)
	d.ms = ms
	return ms
}

// count returns series k of minute i.
func (ms *minuteSeries) count(i, k int) int64 {
	c := &ms.rows[i]
	switch k {
	case seriesTotal:
		return c.Total()
	case seriesClient4xx:
		return int64(c[aggregate.Class4xx]) - int64(c[aggregate.SeriesScanner])
	case seriesOwn404:
		return max(0, int64(c[aggregate.Series404])-int64(c[aggregate.SeriesScanner]))
	}
	return int64(c[k])
}

// sum returns series k over minutes [from, to].
func (ms *minuteSeries) sum(k, from, to int) int64 {
	var n int64
	for i := from; i <= to; i++ {
		n += ms.count(i, k)
	}
	return n
}

// time returns the start of minute i.
func (ms *minuteSeries) time(i int) int64 { return (ms.start + int64(i)) * 60 }

// index returns the minute of Unix time unix, clamped to the series.
func (ms *minuteSeries) index(unix int64) int {
	i := floorDiv(unix, 60) - ms.start
	return int(max(0, min(i, int64(len(ms.rows)-1))))
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// firstLast returns the first and last minute where series k counts,
// false when it never does.
func (ms *minuteSeries) firstLast(k int) (int, int, bool) {
	first, last := -1, -1
	for i := range ms.rows {
		if ms.count(i, k) > 0 {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	return first, last, first >= 0
}

// seriesWindow returns the times from the first to the end of the last
// minute where series k counts, nil when the Summary has no per-minute
// counts of it.
func (d *diagnosis) seriesWindow(k int) (from, to *time.Time) {
	ms := d.minutes()
	if ms == nil {
		return nil, nil
	}
	a, b, ok := ms.firstLast(k)
	if !ok {
		return nil, nil
	}
	return timePtr(ms.time(a), d.loc), timePtr(ms.time(b+1), d.loc)
}

// logWindow is the log's whole time range, nil when it has none.
func (d *diagnosis) logWindow() (from, to *time.Time) {
	if d.s.First.IsZero() {
		return nil, nil
	}
	f, l := d.s.First, d.s.Last
	return &f, &l
}

// Strip is a finding's requests per step around its window, for drawing
// it: Counts are the requests the finding is about and Totals all
// requests, each step StepSeconds long from Start (60: per minute, more
// when the window is long, so that a strip has at most maxStrip steps).
type Strip struct {
	Start       time.Time `json:"start"`
	StepSeconds int64     `json:"step_seconds"`
	Counts      []int64   `json:"counts"`
	Totals      []int64   `json:"totals"`
	// From and To are the steps of the window: Counts[From:To+1].
	From int `json:"from"`
	To   int `json:"to"`
}

const (
	maxStrip     = 90 // steps in a strip at most
	stripContext = 15 // minutes shown either side of a window, at most
)

// strip returns the strip of series k over minutes [from, to] with some
// context either side.
func (d *diagnosis) strip(k, from, to int) *Strip {
	ms := d.minutes()
	if ms == nil {
		return nil
	}
	ctx := max(stripContext, (to-from+1)/3)
	a, b := max(0, from-ctx), min(len(ms.rows)-1, to+ctx)
	step := (b - a + maxStrip) / maxStrip // minutes per step
	// Align the steps on the window's start.
	a = from - (from-a)/step*step
	st := &Strip{Start: time.Unix(ms.time(a), 0).In(d.loc), StepSeconds: int64(step) * 60, From: (from - a) / step, To: (to - a) / step}
	for i := a; i <= b; i += step {
		j := min(i+step-1, len(ms.rows)-1)
		st.Counts = append(st.Counts, ms.sum(k, i, j))
		st.Totals = append(st.Totals, ms.sum(seriesTotal, i, j))
	}
	return st
}

var sparks = []rune("▁▂▃▄▅▆▇█")

// stripLine draws a strip as one line of evidence: the share of the
// finding's requests per step as bars, the window in brackets.
func (d *diagnosis) stripLine(st *Strip, what string) string {
	if st == nil || len(st.Counts) < 2 {
		return ""
	}
	// A strip of every request draws counts; others draw shares.
	byCount := slices.Equal(st.Counts, st.Totals)
	value := func(i int) float64 {
		if byCount {
			return float64(st.Counts[i])
		}
		return share(st.Counts[i], st.Totals[i])
	}
	var top float64
	for i := range st.Counts {
		top = max(top, value(i))
	}
	var b strings.Builder
	for i := range st.Counts {
		if i == st.From {
			b.WriteRune('[')
		}
		switch {
		case st.Totals[i] == 0:
			b.WriteRune(' ')
		case top == 0:
			b.WriteRune(sparks[0])
		default:
			b.WriteRune(sparks[int(value(i)/top*float64(len(sparks)-1)+0.5)])
		}
		if i == st.To {
			b.WriteRune(']')
		}
	}
	unit := "minute"
	if st.StepSeconds > 60 {
		unit = fmt.Sprintf("%d minutes", st.StepSeconds/60)
	}
	end := st.Start.Add(time.Duration(int64(len(st.Counts))*st.StepSeconds) * time.Second)
	peak := pctText(top)
	if byCount {
		peak = textfmt.Num(int64(top))
	}
	return fmt.Sprintf("%s per %s, %s: %s (peak %s; the window in brackets)", what, unit, d.span(st.Start.Unix(), end.Unix()), b.String(), peak)
}

// minutesText writes a duration in whole minutes: "10 min", "3 h 5 min".
func minutesText(m int) string {
	switch {
	case m < 60:
		return fmt.Sprintf("%d min", m)
	case m%60 == 0:
		return fmt.Sprintf("%d h", m/60)
	}
	return fmt.Sprintf("%d h %d min", m/60, m%60)
}
