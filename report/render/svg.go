package render

import (
	"strconv"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/report"
	"github.com/logstat/logstat/report/textfmt"
	"github.com/logstat/logstat/report/timeline"
)

// The HTML page's charts as geometry for its template. The SVGs have no
// viewBox: across, bars are placed in percentages of the page's width;
// down, in pixels, and text keeps its CSS size. So the charts fill a
// phone's screen or a wide window with legible labels, and print as
// they show.

// svgTimeline draws one row of bars per class, each scaled to the class's
// own peak (as the text report's sparklines), so that a few errors show
// beside many successes — but magnified at most maxMagnify times against
// the busiest class's peak, so that three 5xx in three days do not draw
// as tall as an outage. A label line above each row names the class and
// its peak.
type svgTimeline struct {
	Heading, From, To string // the first and last bucket's start
	Height, AxisY     int
	Rows              []svgTimelineRow
}

type svgTimelineRow struct {
	Class, Label string
	LabelY       int
	Bars         []svgRect
}

// svgRect is a bar with its tooltip: X and W in percent, Y and H in pixels.
type svgRect struct {
	X, W, Title string
	Y, H        int
}

// Timeline geometry, in pixels down.
const (
	tlRow       = 58  // one class: label line and bars
	tlBar       = 36  // tallest bar
	tlAxis      = 18  // the times below
	tlMaxColumn = 400 // most bars in a row; more buckets are summed
	maxMagnify  = 10  // a small class's bars are at most this many times taller than the busiest's scale
)

func newSVGTimeline(tl *timeline.Timeline) *svgTimeline {
	if tl == nil || len(tl.Buckets) < 2 {
		return nil
	}
	group := (len(tl.Buckets) + tlMaxColumn - 1) / tlMaxColumn
	cols := (len(tl.Buckets) + group - 1) / group
	unit := tl.Step
	if group > 1 {
		unit = strconv.Itoa(group) + " " + tl.Step + "s"
	}
	s := &svgTimeline{Heading: "Requests per " + unit,
		From: tl.Buckets[0].Start.Format("2006-01-02 15:04"), To: tl.Buckets[len(tl.Buckets)-1].Start.Format("2006-01-02 15:04 -0700")}
	step := 100 / float64(cols)
	var busiest int64
	for c := aggregate.Class(0); c < aggregate.NumClasses; c++ {
		_, peak, _ := groupBuckets(tl, c, group)
		busiest = max(busiest, peak)
	}
	for c := aggregate.Class(0); c < aggregate.NumClasses; c++ {
		values, peak, peakAt := groupBuckets(tl, c, group)
		if peak == 0 {
			continue
		}
		scale := max(peak, busiest/maxMagnify) // the count drawn full height
		top := len(s.Rows) * tlRow
		row := svgTimelineRow{Class: "c" + c.String(), LabelY: top + 14,
			Label: c.String() + " · peak " + textfmt.Num(peak) + " at " + tl.Buckets[peakAt].Start.Format("01-02 15:04")}
		for i, v := range values {
			if v == 0 {
				continue
			}
			h := max(1, int(v*tlBar/scale))
			row.Bars = append(row.Bars, svgRect{
				X: pct(float64(i) * step), W: pct(step * 0.8), Y: top + 20 + tlBar - h, H: h,
				Title: tl.Buckets[i*group].Start.Format("2006-01-02 15:04") + " · " + c.String() + ": " + textfmt.Num(v),
			})
		}
		s.Rows = append(s.Rows, row)
	}
	s.Height = len(s.Rows)*tlRow + tlAxis
	s.AxisY = s.Height - 4
	return s
}

// groupBuckets sums each group of buckets of one class, and finds the
// largest sum and the bucket it starts at.
func groupBuckets(tl *timeline.Timeline, c aggregate.Class, group int) (values []int64, peak int64, peakAt int) {
	for i := 0; i < len(tl.Buckets); i += group {
		var v int64
		for _, b := range tl.Buckets[i:min(i+group, len(tl.Buckets))] {
			v += b.Class(c)
		}
		if v > peak {
			peak, peakAt = v, i
		}
		values = append(values, v)
	}
	return values, peak, peakAt
}

// svgBars draws one bar per status code under a label line, scaled to
// the largest count.
type svgBars struct {
	Height int
	Bars   []svgBar
}

type svgBar struct {
	Class, Label string
	LabelY       int
	Rect         svgRect
}

// Code bars geometry, in pixels down.
const (
	barRow = 40
	barH   = 14
)

func newSVGBars(codes []report.CodeRow) *svgBars {
	if len(codes) == 0 {
		return nil
	}
	var top int64
	for _, c := range codes {
		top = max(top, c.Count)
	}
	b := &svgBars{Height: len(codes) * barRow}
	for i, c := range codes {
		w := 0.0
		if top > 0 && c.Count > 0 {
			w = max(0.3, float64(c.Count)*100/float64(top))
		}
		label := c.Status + " " + c.Title + " · " + textfmt.Num(c.Count) + " (" + textfmt.Percent(c.Percent) + ")"
		b.Bars = append(b.Bars, svgBar{
			Class: "c" + c.Class, Label: label, LabelY: i*barRow + 14,
			Rect: svgRect{X: "0%", W: pct(w), Y: i*barRow + 20, H: barH, Title: label},
		})
	}
	return b
}

// pct writes a percentage for an SVG attribute: "12.5%".
func pct(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) + "%" }
