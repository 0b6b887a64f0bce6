package render

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/report"
	"github.com/logstat/logstat/report/textfmt"
)

// The "html" renderer: one self-contained page (inline CSS, inline SVG
// charts, no script, no fetched resource; a Content-Security-Policy that
// allows none) that reads on a phone and prints. html/template escapes
// every string; log values also go through textfmt.Clean first, so that
// control and bidi characters show as escapes rather than reorder text.

//go:embed html.tmpl
var htmlText string

var htmlTemplate = template.Must(template.New("report").Parse(htmlText))

// htmlValueWidth bounds a log value (path, client, host) on the page.
const htmlValueWidth = 200

func renderHTML(w io.Writer, r *report.Report, _ Options) error {
	return htmlTemplate.Execute(w, newHTMLView(r))
}

// htmlView is what the page shows, every string and number already
// written as it appears.
type htmlView struct {
	Sources                       []string
	Format, Lines, Time, Partial  string
	Window, Crossed, Within       string
	CompareWith                   string
	Profile, ProfileSuggested     string
	Findings                      []htmlFinding
	Compare                       *htmlCompare
	Timeline                      *svgTimeline
	Classes                       []htmlRow
	CodeBars                      *svgBars
	Codes                         []htmlRow
	Edge                          []htmlEdgeTable
	Latency                       []htmlLatency
	LatencyEstimated              string
	ErrorSources                  []htmlSource
	MalformedHeading              string
	Malformed                     []htmlRow
	MalformedSamples, InputErrors []string
	Schema                        int
}

type htmlFinding struct {
	Severity, Title, Action string
	Evidence                []string
}

// htmlRow is a table row: a status (or class, or reason), its title and
// numbers, and below it what it means and what to do.
type htmlRow struct {
	Class, Status, Title  string
	Count, Percent, Bytes string
	Explanation, Action   string
	Sub                   bool // a sub-code of the row before
}

// htmlCompare is the change against the previous period.
type htmlCompare struct {
	Heading, Lines string
	Classes, Codes []htmlChange
}

// htmlChange is one class or code then and now.
type htmlChange struct {
	Class, Status, Title               string
	Before, Now, Change, Share, Points string
}

type htmlLatency struct {
	Class, Status, Count, P50, P90, P99, Max string
}

// htmlSource is where one error code comes from.
type htmlSource struct {
	Class, Heading, Note string
	Lists                []htmlTopList
}

type htmlTopList struct {
	Name  string
	Items []htmlTopItem
}

type htmlTopItem struct{ Value, Count string }

func newHTMLView(r *report.Report) *htmlView {
	v := &htmlView{
		Format: formatText(r), Lines: linesText(r), Partial: partialText(r), Schema: r.Schema,
		Timeline: newSVGTimeline(r.Timeline), CodeBars: newSVGBars(r.Codes),
	}
	for _, s := range r.Sources {
		v.Sources = append(v.Sources, textfmt.Clean(s, 0))
	}
	if r.Time != nil {
		v.Time = timeText(r)
	}
	v.Window, v.Crossed, v.Within, v.CompareWith = windowText(r), crossedText(r), withinText(r), compareText(r)
	v.Compare = newHTMLCompare(r.Compare)
	if r.Profile != "web" {
		v.Profile = r.Profile
	}
	v.ProfileSuggested = profileSuggestionText(r)
	for _, f := range r.Findings {
		hf := htmlFinding{Severity: f.Severity.String(), Title: textfmt.Clean(f.Title, 0), Action: f.Action}
		for _, e := range f.Evidence {
			hf.Evidence = append(hf.Evidence, textfmt.Clean(e, 0))
		}
		v.Findings = append(v.Findings, hf)
	}
	for _, c := range r.Classes {
		if c.Count == 0 && c.Class == "other" {
			continue
		}
		v.Classes = append(v.Classes, htmlRow{Class: c.Class, Status: c.Class, Title: c.Title, Count: textfmt.Num(c.Count),
			Percent: textfmt.Percent(c.Percent), Bytes: textfmt.Size(c.Bytes), Explanation: c.Explanation})
	}
	v.Codes = htmlCodes(r)
	v.Edge = htmlEdge(r)
	v.Latency, v.LatencyEstimated = htmlLatencies(r)
	v.ErrorSources = htmlSources(r)
	htmlMalformed(v, r)
	for _, e := range r.Errors {
		v.InputErrors = append(v.InputErrors, textfmt.Clean(e.Error, 0))
	}
	return v
}

func newHTMLCompare(c *report.Comparison) *htmlCompare {
	if c == nil {
		return nil
	}
	hc := &htmlCompare{Heading: "Against the previous period (" + textfmt.Clean(c.Source, 0) + ")", Lines: compareLinesText(c)}
	for _, cl := range compareClasses(c) {
		hc.Classes = append(hc.Classes, htmlChange{Class: cl.Class, Status: cl.Class, Before: textfmt.Num(cl.Previous), Now: textfmt.Num(cl.Count),
			Change: changeText(cl.Delta), Share: sharesText(cl.Delta), Points: pointsText(cl.Points)})
	}
	for _, cc := range c.Codes {
		hc.Codes = append(hc.Codes, htmlChange{Class: cc.Class, Status: textfmt.Clean(cc.Status, 12), Title: cc.Title,
			Before: textfmt.Num(cc.Previous), Now: textfmt.Num(cc.Count), Change: changeText(cc.Delta), Share: sharesText(cc.Delta), Points: pointsText(cc.Points)})
	}
	return hc
}

func htmlCodes(r *report.Report) []htmlRow {
	var rows []htmlRow
	for _, c := range r.Codes {
		rows = append(rows, htmlRow{Class: c.Class, Status: c.Status, Title: c.Title, Count: textfmt.Num(c.Count),
			Percent: textfmt.Percent(c.Percent), Bytes: textfmt.Size(c.Bytes), Explanation: c.Explanation, Action: c.Action})
		for _, sc := range c.Subcodes {
			rows = append(rows, htmlRow{Class: c.Class, Status: "↳ " + textfmt.Clean(sc.Value, 12), Title: subcodeTitle(sc),
				Count: textfmt.Num(sc.Count), Percent: textfmt.Percent(sc.Percent), Explanation: sc.Explanation, Action: sc.Action, Sub: true})
		}
	}
	return rows
}

func htmlLatencies(r *report.Report) ([]htmlLatency, string) {
	var rows []htmlLatency
	note := ""
	for _, c := range r.Codes {
		l := c.Latency
		if l == nil {
			continue
		}
		mark := ""
		if l.Estimated {
			mark = "≈"
			note = fmt.Sprintf("≈ estimated within %g%% (codes with more than %d request times)", aggregate.LatencyAccuracy*100, aggregate.LatencyExactLimit)
		}
		rows = append(rows, htmlLatency{Class: c.Class, Status: c.Status, Count: textfmt.Num(l.Count),
			P50: mark + seconds(l.P50), P90: mark + seconds(l.P90), P99: mark + seconds(l.P99), Max: seconds(l.Max)})
	}
	return rows, note
}

func htmlSources(r *report.Report) []htmlSource {
	var out []htmlSource
	for _, c := range errorCodes(r) {
		s := htmlSource{Class: c.Class, Heading: c.Status + " " + c.Title + " · " + textfmt.Num(c.Count) + " requests (" + textfmt.Percent(c.Percent) + ")"}
		if c.TopApproximate {
			s.Note = "Approximate: too many distinct values to count each; counts are upper bounds."
		}
		s.Lists = append(s.Lists, htmlTop("Top paths", c.TopPaths), htmlTop("Top clients", c.TopClients))
		if len(c.TopHosts) > 0 {
			s.Lists = append(s.Lists, htmlTop("Top hosts", c.TopHosts))
		}
		out = append(out, s)
	}
	return out
}

func htmlTop(name string, items []report.TopItem) htmlTopList {
	l := htmlTopList{Name: name}
	for _, it := range items {
		l.Items = append(l.Items, htmlTopItem{Value: textfmt.Clean(it.Value, htmlValueWidth), Count: topCount(it)})
	}
	return l
}

func htmlMalformed(v *htmlView, r *report.Report) {
	if r.Lines.Malformed == 0 {
		return
	}
	v.MalformedHeading = "Malformed lines: " + textfmt.Num(r.Lines.Malformed) + " (" + textfmt.Percent(report.Percent(r.Lines.Malformed, r.Lines.Read)) + " of lines read)"
	for _, reason := range r.Malformed.Reasons() {
		v.Malformed = append(v.Malformed, htmlRow{Title: textfmt.Clean(reason, 0), Count: textfmt.Num(r.Malformed.ByReason[reason])})
	}
	for _, s := range r.Malformed.Samples {
		v.MalformedSamples = append(v.MalformedSamples, fmt.Sprintf("%s:%d: %s", textfmt.Clean(s.Source, 0), s.Line, textfmt.Clean(s.Reason, 0)))
	}
}
