package render

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/jedib0t/go-pretty/v6/text"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/report"
	"github.com/logstat/logstat/report/diagnose"
	"github.com/logstat/logstat/report/textfmt"
)

// valueWidth bounds a log value (path, client) in a table cell.
const valueWidth = 60

// renderText writes the report for a person at a terminal (the "text"
// renderer): every log value through textfmt.Clean, tables fitted to
// opt.Width.
func renderText(w io.Writer, r *report.Report, opt Options) error {
	if opt.Width <= 0 {
		opt.Width = 120
	}
	tw := &textWriter{w: w, opt: opt}
	tw.header(r)
	tw.findings(r)
	tw.compare(r)
	tw.classes(r)
	tw.timeline(r)
	tw.codes(r)
	tw.edge(r)
	tw.latency(r)
	tw.sources(r)
	tw.malformed(r)
	tw.errors(r)
	return tw.err
}

// textWriter remembers the first write error so that sections stay short.
type textWriter struct {
	w   io.Writer
	opt Options
	err error
}

func (t *textWriter) printf(format string, a ...any) {
	if t.err == nil {
		_, t.err = fmt.Fprintf(t.w, format, a...)
	}
}

func (t *textWriter) heading(s string) {
	if t.opt.Color {
		s = text.Colors{text.Bold}.Sprint(s)
	}
	t.printf("\n%s\n", s)
}

var classColors = map[string]text.Colors{
	"1xx": {text.FgBlue}, "2xx": {text.FgGreen}, "3xx": {text.FgCyan},
	"4xx": {text.FgYellow}, "5xx": {text.FgRed, text.Bold}, "other": {text.FgMagenta},
}

// warn marks s as a warning (bold red on a terminal).
func (t *textWriter) warn(s string) string {
	if !t.opt.Color {
		return s
	}
	return text.Colors{text.FgRed, text.Bold}.Sprint(s)
}

func (t *textWriter) paint(class, s string) string {
	if !t.opt.Color {
		return s
	}
	return classColors[class].Sprint(s)
}

func (t *textWriter) header(r *report.Report) {
	srcs := make([]string, len(r.Sources))
	for i, s := range r.Sources {
		srcs[i] = textfmt.Clean(s, 0)
	}
	t.printf("logstat: %s · format %s\n", strings.Join(srcs, ", "), formatText(r))
	if p := partialText(r); p != "" {
		t.printf("%s\n", t.warn(p))
	}
	if c := crossedText(r); c != "" {
		t.printf("%s\n", t.warn(c))
	}
	t.printf("Lines: %s\n", linesText(r))
	if r.Time != nil {
		t.printf("Time:  %s\n", timeText(r))
	}
	if w := windowText(r); w != "" {
		t.printf("Window: %s\n", w)
	}
	if c := compareText(r); c != "" {
		t.printf("Compared with: %s\n", c)
	}
	if w := withinText(r); w != "" {
		t.printf("Fail-on: %s\n", w)
	}
	if r.Profile != "web" {
		t.printf("Codes read with the %s profile (--profile %s)\n", r.Profile, r.Profile)
	}
	if s := profileSuggestionText(r); s != "" {
		t.printf("%s\n", textfmt.Clean(s, 0))
	}
}

// profileSuggestionText is the report's sentence on a better profile;
// for a report read back from a JSON file that names the profile
// without the sentence, one that names the flag.
func profileSuggestionText(r *report.Report) string {
	switch {
	case r.ProfileSuggestion != "":
		return r.ProfileSuggestion
	case r.ProfileSuggested != "":
		return "--profile " + r.ProfileSuggested + " may read the codes of this log better."
	}
	return ""
}

// formatText says which format the lines were read as, with each input's
// when they differ; input names are cleaned for a terminal.
func formatText(r *report.Report) string {
	format := r.Format
	switch {
	case len(r.SourceFormats) > 0:
		var each []string
		for _, src := range r.Sources {
			if f, ok := r.SourceFormats[src]; ok {
				each = append(each, textfmt.Clean(src, 0)+": "+f)
			}
		}
		format += " (" + strings.Join(each, ", ") + ")"
	case r.Lines.Read == 0:
		format = "none (no lines to read)"
	case r.FormatDetected:
		format += " (detected)"
	}
	return format
}

// partialText says why a report does not cover all its input, "" when it
// does.
func partialText(r *report.Report) string {
	switch {
	case r.Interrupted:
		return "PARTIAL REPORT: interrupted; it covers the lines read until then"
	case !r.Complete:
		return "PARTIAL REPORT: an input could not be read to its end (see Errors below)"
	}
	return ""
}

// linesText counts the lines: "216 read · 215 parsed · 1 malformed".
func linesText(r *report.Report) string {
	s := fmt.Sprintf("%s read · %s parsed · %s malformed", textfmt.Num(r.Lines.Read), textfmt.Num(r.Lines.Parsed), textfmt.Num(r.Lines.Malformed))
	if r.Lines.Skipped > 0 {
		s += " · " + textfmt.Num(r.Lines.Skipped) + " skipped"
	}
	return s
}

// timeText is the time span of a report that has one: first → last (span).
func timeText(r *report.Report) string {
	const layout = "2006-01-02 15:04:05 -0700"
	return fmt.Sprintf("%s → %s (%s)", r.Time.First.Format(layout), r.Time.Last.Format(layout), textfmt.Span(r.Time.Last.Sub(r.Time.First)))
}

var severityColors = map[diagnose.Severity]text.Colors{
	diagnose.Critical: {text.FgRed, text.Bold}, diagnose.Warning: {text.FgYellow, text.Bold}, diagnose.Info: {text.FgCyan},
}

func (t *textWriter) findings(r *report.Report) {
	if len(r.Findings) == 0 {
		t.heading("Findings: nothing stands out")
		return
	}
	t.heading(fmt.Sprintf("Findings (%d)", len(r.Findings)))
	wrap := max(40, t.opt.Width)
	for i, f := range r.Findings {
		label := strings.ToUpper(f.Severity.String())
		if t.opt.Color {
			label = severityColors[f.Severity].Sprint(label)
		}
		t.printf("%s\n", hang(fmt.Sprintf("%d. [%s] ", i+1, label), textfmt.Clean(f.Title, 0), wrap))
		for _, e := range f.Evidence {
			t.printf("%s\n", hang("   · ", textfmt.Clean(e, 0), wrap))
		}
		t.printf("%s\n", hang("   → ", f.Action, wrap))
	}
}

// hang writes prefix and body wrapped to width columns in all, indenting
// continuation lines under the body.
func hang(prefix, body string, width int) string {
	pw := text.RuneWidthWithoutEscSequences(prefix)
	lines := strings.Split(text.WrapSoft(body, max(20, width-pw)), "\n")
	pad := strings.Repeat(" ", pw)
	for i, l := range lines {
		if i == 0 {
			lines[i] = prefix + strings.TrimRight(l, " ")
		} else {
			lines[i] = pad + strings.TrimRight(l, " ")
		}
	}
	return strings.Join(lines, "\n")
}

func (t *textWriter) timeline(r *report.Report) {
	tl := r.Timeline
	if tl == nil || len(tl.Buckets) < 2 {
		return
	}
	// One character per bucket while they fit; else each character sums
	// group buckets, and the heading and peaks say so.
	width := max(10, t.opt.Width-40)
	group := (len(tl.Buckets) + width - 1) / width
	unit := tl.Step
	if group > 1 {
		unit = fmt.Sprintf("%d %ss", group, tl.Step)
	}
	first, last := tl.Buckets[0].Start, tl.Buckets[len(tl.Buckets)-1].Start
	t.heading(fmt.Sprintf("Requests per %s, %s → %s", unit, first.Format("2006-01-02 15:04"), last.Format("2006-01-02 15:04 -0700")))
	rows := make([][]int64, aggregate.NumClasses)
	var busiest int64
	for c := range rows {
		for i := 0; i < len(tl.Buckets); i += group {
			var v int64
			for _, b := range tl.Buckets[i:min(i+group, len(tl.Buckets))] {
				v += b.Class(aggregate.Class(c))
			}
			rows[c] = append(rows[c], v)
			busiest = max(busiest, v)
		}
	}
	for c, values := range rows {
		peak, peakAt := int64(0), 0
		for i, v := range values {
			if v > peak {
				peak, peakAt = v, i*group
			}
		}
		if peak == 0 {
			continue
		}
		// Each row to its own peak, magnified at most maxMagnify times
		// against the busiest row (as the HTML charts).
		name := aggregate.Class(c).String()
		t.printf("  %-5s %s  peak %s at %s\n", t.paint(name, name), sparkline(values, max(peak, busiest/maxMagnify)), textfmt.Num(peak), tl.Buckets[peakAt].Start.Format("01-02 15:04"))
	}
}

var sparks = []rune("▁▂▃▄▅▆▇█")

// sparkline draws one rune per value, top drawn full height. A zero is a
// space, so that "none" and "few" look different.
func sparkline(values []int64, top int64) string {
	var b strings.Builder
	for _, v := range values {
		if v == 0 || top == 0 {
			b.WriteRune(' ')
			continue
		}
		i := int((v*int64(len(sparks)-1) + top - 1) / top)
		b.WriteRune(sparks[min(i, len(sparks)-1)])
	}
	return b.String()
}

// compare shows the change against the previous period (--compare):
// lines, then classes and codes, previous count, count, change and
// share.
func (t *textWriter) compare(r *report.Report) {
	c := r.Compare
	if c == nil {
		return
	}
	t.heading("Against the previous period (" + textfmt.Clean(c.Source, 0) + ")")
	t.printf("%s\n", hang("", compareLinesText(c), max(40, t.opt.Width)))
	g := &grid{header: []string{"Class", "Before", "Now", "Change", "Share", "Points"}, right: []int{2, 3, 4, 5, 6}}
	for _, cl := range compareClasses(c) {
		g.add(t.paint(cl.Class, cl.Class), textfmt.Num(cl.Previous), textfmt.Num(cl.Count), changeText(cl.Delta), sharesText(cl.Delta), pointsText(cl.Points))
	}
	t.printf("%s\n", g)
	if len(c.Codes) == 0 {
		return
	}
	t.printf("\n")
	g = &grid{header: []string{"Code", "Title", "Before", "Now", "Change", "Share", "Points"}, right: []int{3, 4, 5, 6, 7},
		wrap: []wrapColumn{{number: 2, min: 12}}}
	for _, cc := range c.Codes {
		g.add(t.paint(cc.Class, textfmt.Clean(cc.Status, 12)), cc.Title, textfmt.Num(cc.Previous), textfmt.Num(cc.Count),
			changeText(cc.Delta), sharesText(cc.Delta), pointsText(cc.Points))
	}
	out, _ := g.fit(t.opt.Width)
	t.printf("%s\n", out)
}

func (t *textWriter) latency(r *report.Report) {
	var rows []report.CodeRow
	for _, c := range r.Codes {
		if c.Latency != nil {
			rows = append(rows, c)
		}
	}
	if len(rows) == 0 {
		return
	}
	t.heading("Request times (seconds)")
	g := &grid{header: []string{"Code", "Requests", "Median", "90th", "99th", "Max"}, right: []int{2, 3, 4, 5, 6}}
	estimated := false
	for _, c := range rows {
		l := c.Latency
		mark := "" // before estimated percentiles
		if l.Estimated {
			mark, estimated = "≈", true
		}
		g.add(t.paint(c.Class, c.Status), textfmt.Num(l.Count),
			mark+seconds(l.P50), mark+seconds(l.P90), mark+seconds(l.P99), seconds(l.Max))
	}
	t.printf("%s\n", g)
	if estimated {
		t.printf("≈ estimated within %g%% (codes with more than %d request times)\n", aggregate.LatencyAccuracy*100, aggregate.LatencyExactLimit)
	}
}

func seconds(s float64) string { return strconv.FormatFloat(s, 'f', 3, 64) }

func (t *textWriter) classes(r *report.Report) {
	t.heading("Status classes")
	g := &grid{header: []string{"Class", "Requests", "%", "Bytes", "Meaning"}, right: []int{2, 3, 4}, wrap: []wrapColumn{{number: 5, min: 20}}}
	for _, c := range r.Classes {
		if c.Count == 0 && c.Class == "other" {
			continue
		}
		g.add(t.paint(c.Class, c.Class), textfmt.Num(c.Count), textfmt.Percent(c.Percent), textfmt.Size(c.Bytes), c.Title+": "+c.Explanation)
	}
	out, _ := g.fit(t.opt.Width)
	t.printf("%s\n", out)
}

func (t *textWriter) codes(r *report.Report) {
	t.heading("Status codes")
	if len(r.Codes) == 0 {
		t.printf("No request lines were parsed.\n")
		return
	}
	g := &grid{header: []string{"Code", "Title", "Requests", "%", "Bytes", "What it means", "What to do"}, right: []int{3, 4, 5},
		wrap: []wrapColumn{{number: 2, min: 12}, {number: 6, min: 18}, {number: 7, min: 18}}}
	t.codeRows(g, r, true)
	if out, ok := g.fit(t.opt.Width); ok {
		t.printf("%s\n", out)
		return
	}
	// Too narrow for the meanings beside the numbers: list them below.
	g = &grid{header: g.header[:5], right: g.right, wrap: g.wrap[:1]}
	t.codeRows(g, r, false)
	out, _ := g.fit(t.opt.Width)
	t.printf("%s\n", out)
	wrap := max(30, t.opt.Width)
	for _, c := range r.Codes {
		t.printf("%s\n", hang(t.paint(c.Class, c.Status)+" ", c.Title+": "+c.Explanation, wrap))
		t.printf("%s\n", hang("    → ", c.Action, wrap))
		for _, sc := range c.Subcodes {
			if sc.Explanation != "" {
				t.printf("%s\n", hang("    ↳ "+textfmt.Clean(sc.Value, 12)+" ", sc.Title+": "+sc.Explanation+" "+sc.Action, wrap))
			}
		}
	}
}

// codeRows adds a row per code and sub-code, with the meaning and action
// when wide is set.
func (t *textWriter) codeRows(g *grid, r *report.Report, wide bool) {
	for _, c := range r.Codes {
		row := []string{t.paint(c.Class, c.Status), c.Title, textfmt.Num(c.Count), textfmt.Percent(c.Percent), textfmt.Size(c.Bytes)}
		if wide {
			row = append(row, c.Explanation, c.Action)
		}
		g.add(row...)
		for _, sc := range c.Subcodes {
			row := []string{" ↳ " + textfmt.Clean(sc.Value, 12), subcodeTitle(sc), textfmt.Num(sc.Count), textfmt.Percent(sc.Percent), ""}
			if wide {
				row = append(row, sc.Explanation, sc.Action)
			}
			g.add(row...)
		}
	}
}

// subcodeTitle is a sub-code's catalog title, or says it has none.
func subcodeTitle(sc report.SubcodeRow) string {
	if sc.Title == "" {
		return "(not in the catalog)"
	}
	return sc.Title
}

func (t *textWriter) sources(r *report.Report) {
	errs := errorCodes(r)
	if len(errs) == 0 {
		return
	}
	t.heading("Where the errors come from")
	for _, c := range errs {
		note := ""
		if c.TopApproximate {
			note = " (approximate: too many distinct values to count each; counts are upper bounds)"
		}
		t.printf("\n%s %s · %s requests (%s)%s\n", t.paint(c.Class, c.Status), c.Title, textfmt.Num(c.Count), textfmt.Percent(c.Percent), note)
		g := &grid{header: []string{"Top paths", "Requests", "Top clients", "Requests"}, right: []int{2, 4, 6}}
		lists := 2
		if len(c.TopHosts) > 0 {
			g.header = append(g.header, "Top hosts", "Requests")
			lists = 3
		}
		// Each list takes its value and a count of up to 12 columns,
		// with 3 columns of border per cell.
		vw := min(valueWidth, max(12, (t.opt.Width-1-lists*(12+6))/lists))
		for i := range max(len(c.TopPaths), len(c.TopClients), len(c.TopHosts)) {
			row := append(topCells(c.TopPaths, i, vw), topCells(c.TopClients, i, vw)...)
			if lists == 3 {
				row = append(row, topCells(c.TopHosts, i, vw)...)
			}
			g.add(row...)
		}
		t.printf("%s\n", g)
	}
}

// classRank orders the "where from" sections: server errors first.
var classRank = map[string]int{"5xx": 0, "4xx": 1, "other": 2}

// errorCodes are the codes outside 1xx–3xx with top lists, 5xx first,
// then 4xx and other, each most frequent first.
func errorCodes(r *report.Report) []report.CodeRow {
	var errs []report.CodeRow
	for _, c := range r.Codes {
		if _, ok := classRank[c.Class]; ok && len(c.TopPaths) > 0 {
			errs = append(errs, c)
		}
	}
	sort.SliceStable(errs, func(i, j int) bool {
		if classRank[errs[i].Class] != classRank[errs[j].Class] {
			return classRank[errs[i].Class] < classRank[errs[j].Class]
		}
		return errs[i].Count > errs[j].Count
	})
	return errs
}

func topCells(items []report.TopItem, i, width int) []string {
	if i >= len(items) {
		return []string{"", ""}
	}
	return []string{textfmt.Clean(items[i].Value, width), topCount(items[i])}
}

// topCount writes a top list's count, "≤" before an upper bound.
func topCount(it report.TopItem) string {
	if it.Error > 0 {
		return "≤" + textfmt.Num(it.Count)
	}
	return textfmt.Num(it.Count)
}

func (t *textWriter) malformed(r *report.Report) {
	if r.Lines.Malformed == 0 {
		return
	}
	t.heading(fmt.Sprintf("Malformed lines: %s (%s of lines read)", textfmt.Num(r.Lines.Malformed), textfmt.Percent(report.Percent(r.Lines.Malformed, r.Lines.Read))))
	g := &grid{header: []string{"Reason", "Lines"}, right: []int{2}}
	for _, reason := range r.Malformed.Reasons() {
		g.add(textfmt.Clean(reason, max(20, min(100, t.opt.Width-16))), textfmt.Num(r.Malformed.ByReason[reason]))
	}
	t.printf("%s\n", g)
	if len(r.Malformed.Samples) > 0 {
		t.printf("First malformed lines:\n")
		for _, s := range r.Malformed.Samples {
			t.printf("  %s:%d: %s\n", textfmt.Clean(s.Source, 0), s.Line, textfmt.Clean(s.Reason, 100))
		}
	}
}

func (t *textWriter) errors(r *report.Report) {
	if len(r.Errors) == 0 {
		return
	}
	t.heading("Inputs with problems")
	for _, e := range r.Errors {
		t.printf("  %s\n", textfmt.Clean(e.Error, 0))
	}
}
