package render

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/logstat/logstat/report"
	"github.com/logstat/logstat/report/textfmt"
)

// What the report says about its run (--since/--until, --fail-on,
// --compare), worded once for the text, markdown and html renderers.
// The strings are plain: each renderer escapes them for its output.

// windowText is "since to until", "…" for a bound not given; "" without
// a window.
func windowText(r *report.Report) string {
	if r.Window == nil {
		return ""
	}
	bound := func(s string) string {
		if s == "" {
			return "…"
		}
		return textfmt.Clean(s, 0)
	}
	return bound(r.Window.Since) + " to " + bound(r.Window.Until)
}

// thresholdTexts words the --fail-on rules, "5xx>2% at 20.47%", those
// crossed and those not.
func thresholdTexts(r *report.Report) (crossed, within []string) {
	for _, t := range r.Thresholds {
		s := textfmt.Clean(t.Rule, 40) + " at " + thresholdValue(t)
		if t.Crossed {
			crossed = append(crossed, s)
		} else {
			within = append(within, s)
		}
	}
	return crossed, within
}

// thresholdValue writes the value as the rule's limit is: "20.47%" or
// "1,210".
func thresholdValue(t report.Threshold) string {
	if t.Percent() {
		return textfmt.Percent(t.Value)
	}
	if t.Value == math.Trunc(t.Value) && math.Abs(t.Value) < 1e15 {
		return textfmt.Num(int64(t.Value))
	}
	return strconv.FormatFloat(t.Value, 'f', -1, 64)
}

// crossedText is the warning at the top of a report that crossed a
// --fail-on rule; "" when none was.
func crossedText(r *report.Report) string {
	crossed, _ := thresholdTexts(r)
	if len(crossed) == 0 {
		return ""
	}
	return "FAIL-ON CROSSED: " + strings.Join(crossed, ", ")
}

// withinText lists the --fail-on rules not crossed; "" without --fail-on
// or when every rule was crossed.
func withinText(r *report.Report) string {
	crossed, within := thresholdTexts(r)
	switch {
	case len(within) == 0:
		return ""
	case len(crossed) == 0:
		return "no rule crossed: " + strings.Join(within, ", ")
	}
	return "not crossed: " + strings.Join(within, ", ")
}

// compareText says what the report is compared with: the file, its kind,
// the previous period's span and lines.
func compareText(r *report.Report) string {
	c := r.Compare
	if c == nil {
		return ""
	}
	kind := "a JSON report"
	if c.Kind == report.PreviousState {
		kind = "a state file"
	}
	s := textfmt.Clean(c.Source, 0) + ", " + kind
	if c.Time != nil {
		const layout = "2006-01-02 15:04:05 -0700"
		s += " · " + c.Time.First.Format(layout) + " → " + c.Time.Last.Format(layout) + " (" + textfmt.Span(c.Time.Last.Sub(c.Time.First)) + ")"
	}
	s += " · " + textfmt.Num(c.Lines.Previous.Read) + " line"
	if c.Lines.Previous.Read != 1 {
		s += "s"
	}
	s += " read"
	if !c.Complete {
		s += " · a partial report"
	}
	return s
}

// compareLinesText is the line counts then and now: "Lines: read 180 →
// 216 (+20%) · parsed … · malformed …".
func compareLinesText(c *report.Comparison) string {
	now := func(prev, change int64) int64 { return prev + change }
	part := func(name string, prev, change int64) string {
		d := report.Delta{Previous: prev, Count: now(prev, change), Change: change, New: prev == 0 && change > 0, Gone: prev > 0 && prev+change == 0}
		if prev > 0 {
			ratio := float64(d.Count) / float64(prev)
			d.Ratio = &ratio
		}
		s := name + " " + textfmt.Num(prev) + " → " + textfmt.Num(d.Count)
		if ch := changeText(d); ch != "" {
			s += " (" + ch + ")"
		}
		return s
	}
	p, ch := c.Lines.Previous, c.Lines.Change
	parts := []string{part("read", p.Read, ch.Read), part("parsed", p.Parsed, ch.Parsed), part("malformed", p.Malformed, ch.Malformed)}
	if p.Skipped > 0 || ch.Skipped != 0 {
		parts = append(parts, part("skipped", p.Skipped, ch.Skipped))
	}
	return "Lines: " + strings.Join(parts, " · ")
}

// changeText words a change: "new", "gone", "same", "×30" for a count
// at least doubled, else "+12%" or "-40%"; "" for none in either period.
func changeText(d report.Delta) string {
	switch {
	case d.New:
		return "new"
	case d.Gone:
		return "gone"
	case d.Previous == 0:
		return ""
	case d.Change == 0:
		return "same"
	}
	ratio := float64(d.Count) / float64(d.Previous)
	if ratio >= 2 {
		if ratio < 10 {
			return "×" + strconv.FormatFloat(math.Round(ratio*10)/10, 'f', -1, 64)
		}
		return "×" + textfmt.Num(int64(math.Round(ratio)))
	}
	pct := (ratio - 1) * 100
	if math.Abs(pct) < 9.95 {
		return fmt.Sprintf("%+.1f%%", pct)
	}
	return fmt.Sprintf("%+.0f%%", pct)
}

// sharesText is a share then and now: "1.40% → 12.50%".
func sharesText(d report.Delta) string {
	return textfmt.Percent(d.PreviousPercent) + " → " + textfmt.Percent(d.Percent)
}

// pointsText is a change of share in percentage points: "+11.10",
// "-0.25", "0.00".
func pointsText(p float64) string {
	if p == 0 {
		return "0.00"
	}
	return fmt.Sprintf("%+.2f", p)
}

// compareClasses are the classes to show: all but "other" when it has
// none in either period, as the classes table does.
func compareClasses(c *report.Comparison) []report.ClassChange {
	var out []report.ClassChange
	for _, cl := range c.Classes {
		if cl.Class == "other" && cl.Previous == 0 && cl.Count == 0 {
			continue
		}
		out = append(out, cl)
	}
	return out
}
