package report

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jedib0t/go-pretty/v6/table"
	"github.com/jedib0t/go-pretty/v6/text"

	"github.com/logstat/logstat/aggregate"
)

// TextOptions shape the terminal report.
type TextOptions struct {
	Width int  // terminal width in columns; 0 means 120
	Color bool // ANSI colours (only on a terminal, never with NO_COLOR)
}

// valueWidth bounds a log value (path, client) in a table cell.
const valueWidth = 60

// WriteText writes the human-readable report.
func WriteText(w io.Writer, r *Report, opt TextOptions) error {
	if opt.Width <= 0 {
		opt.Width = 120
	}
	tw := &textWriter{w: w, opt: opt}
	tw.header(r)
	tw.findings(r)
	tw.classes(r)
	tw.timeline(r)
	tw.codes(r)
	tw.latency(r)
	tw.sources(r)
	tw.malformed(r)
	tw.errors(r)
	return tw.err
}

// textWriter remembers the first write error so that sections stay short.
type textWriter struct {
	w   io.Writer
	opt TextOptions
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

func (t *textWriter) table() table.Writer {
	tb := table.NewWriter()
	tb.SetStyle(table.StyleLight)
	tb.Style().Format.Header = text.FormatUpper
	tb.Style().Options.SeparateRows = false
	return tb
}

func (t *textWriter) render(tb table.Writer) {
	t.printf("%s\n", tb.Render())
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

func (t *textWriter) header(r *Report) {
	srcs := make([]string, len(r.Sources))
	for i, s := range r.Sources {
		srcs[i] = Clean(s, 0)
	}
	format := r.Format
	if len(r.SourceFormats) > 0 {
		var each []string
		for _, src := range r.Sources {
			if f, ok := r.SourceFormats[src]; ok {
				each = append(each, Clean(src, 0)+": "+f)
			}
		}
		format += " (" + strings.Join(each, ", ") + ")"
	} else if r.Lines.Read == 0 {
		format = "none (no lines to read)"
	} else if r.FormatDetected {
		format += " (detected)"
	}
	t.printf("logstat: %s · format %s\n", strings.Join(srcs, ", "), format)
	switch {
	case r.Interrupted:
		t.printf("%s\n", t.warn("PARTIAL REPORT: interrupted; it covers the lines read until then"))
	case !r.Complete:
		t.printf("%s\n", t.warn("PARTIAL REPORT: an input could not be read to its end (see Errors below)"))
	}
	t.printf("Lines: %s read · %s parsed · %s malformed", Num(r.Lines.Read), Num(r.Lines.Parsed), Num(r.Lines.Malformed))
	if r.Lines.Skipped > 0 {
		t.printf(" · %s skipped", Num(r.Lines.Skipped))
	}
	t.printf("\n")
	if r.Time != nil {
		const layout = "2006-01-02 15:04:05 -0700"
		t.printf("Time:  %s → %s (%s)\n", r.Time.First.Format(layout), r.Time.Last.Format(layout), span(r.Time.Last.Sub(r.Time.First)))
	}
	if r.Profile != "web" {
		t.printf("Codes read with the %s profile (--profile %s)\n", r.Profile, r.Profile)
	}
	if r.ProfileSuggested != "" {
		t.printf("Most requests are video manifests and segments: --profile %s reads the codes as a video CDN would.\n", r.ProfileSuggested)
	}
}

var severityColors = map[string]text.Colors{
	"critical": {text.FgRed, text.Bold}, "warning": {text.FgYellow, text.Bold}, "info": {text.FgCyan},
}

func (t *textWriter) findings(r *Report) {
	if len(r.Findings) == 0 {
		t.heading("Findings: nothing stands out")
		return
	}
	t.heading(fmt.Sprintf("Findings (%d)", len(r.Findings)))
	wrap := max(40, t.opt.Width)
	for i, f := range r.Findings {
		label := strings.ToUpper(f.Severity)
		if t.opt.Color {
			label = severityColors[f.Severity].Sprint(label)
		}
		t.printf("%s\n", hang(fmt.Sprintf("%d. [%s] ", i+1, label), Clean(f.Title, 0), wrap))
		for _, e := range f.Evidence {
			t.printf("%s\n", hang("   · ", Clean(e, 0), wrap))
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

func (t *textWriter) timeline(r *Report) {
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
	for c := aggregate.Class(0); c < aggregate.NumClasses; c++ {
		var values []int64
		var peak int64
		peakAt := 0
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
		if peak == 0 {
			continue
		}
		t.printf("  %-5s %s  peak %s at %s\n", t.paint(c.String(), c.String()), sparkline(values), Num(peak), tl.Buckets[peakAt].Start.Format("01-02 15:04"))
	}
}

func (t *textWriter) latency(r *Report) {
	var rows []CodeRow
	for _, c := range r.Codes {
		if c.Latency != nil {
			rows = append(rows, c)
		}
	}
	if len(rows) == 0 {
		return
	}
	t.heading("Request times (seconds)")
	tb := t.table()
	tb.AppendHeader(table.Row{"Code", "Requests", "Median", "90th", "99th", "Max"})
	estimated := false
	for _, c := range rows {
		l := c.Latency
		mark := "" // before estimated percentiles
		if l.Estimated {
			mark, estimated = "≈", true
		}
		tb.AppendRow(table.Row{t.paint(c.Class, c.Status), Num(l.Count),
			mark + seconds(l.P50), mark + seconds(l.P90), mark + seconds(l.P99), seconds(l.Max)})
	}
	tb.SetColumnConfigs([]table.ColumnConfig{
		{Number: 2, Align: text.AlignRight}, {Number: 3, Align: text.AlignRight}, {Number: 4, Align: text.AlignRight},
		{Number: 5, Align: text.AlignRight}, {Number: 6, Align: text.AlignRight},
	})
	t.render(tb)
	if estimated {
		t.printf("≈ estimated within %g%% (codes with more than %d request times)\n", aggregate.LatencyAccuracy*100, aggregate.LatencyExactLimit)
	}
}

func seconds(s float64) string { return strconv.FormatFloat(s, 'f', 3, 64) }

func (t *textWriter) classes(r *Report) {
	t.heading("Status classes")
	tb := t.table()
	tb.AppendHeader(table.Row{"Class", "Requests", "%", "Bytes", "Meaning"})
	for _, c := range r.Classes {
		if c.Count == 0 && c.Class == "other" {
			continue
		}
		tb.AppendRow(table.Row{t.paint(c.Class, c.Class), Num(c.Count), pct(c.Percent), size(c.Bytes), c.Title + ": " + c.Explanation})
	}
	out, _ := fit(tb, t.opt.Width, []wrapColumn{{number: 5, min: 20}}, []table.ColumnConfig{
		{Number: 2, Align: text.AlignRight}, {Number: 3, Align: text.AlignRight}, {Number: 4, Align: text.AlignRight},
	})
	t.printf("%s\n", out)
}

func (t *textWriter) codes(r *Report) {
	t.heading("Status codes")
	if len(r.Codes) == 0 {
		t.printf("No request lines were parsed.\n")
		return
	}
	numbers := []table.ColumnConfig{{Number: 3, Align: text.AlignRight}, {Number: 4, Align: text.AlignRight}, {Number: 5, Align: text.AlignRight}}
	tb := t.table()
	tb.AppendHeader(table.Row{"Code", "Title", "Requests", "%", "Bytes", "What it means", "What to do"})
	t.codeRows(tb, r, true)
	if out, ok := fit(tb, t.opt.Width, []wrapColumn{{number: 2, min: 12}, {number: 6, min: 18}, {number: 7, min: 18}}, numbers); ok {
		t.printf("%s\n", out)
		return
	}
	// Too narrow for the meanings beside the numbers: list them below.
	tb = t.table()
	tb.AppendHeader(table.Row{"Code", "Title", "Requests", "%", "Bytes"})
	t.codeRows(tb, r, false)
	out, _ := fit(tb, t.opt.Width, []wrapColumn{{number: 2, min: 12}}, numbers)
	t.printf("%s\n", out)
	wrap := max(30, t.opt.Width)
	for _, c := range r.Codes {
		t.printf("%s\n", hang(t.paint(c.Class, c.Status)+" ", c.Title+": "+c.Explanation, wrap))
		t.printf("%s\n", hang("    → ", c.Action, wrap))
		for _, sc := range c.Subcodes {
			if sc.Explanation != "" {
				t.printf("%s\n", hang("    ↳ "+Clean(sc.Value, 12)+" ", sc.Title+": "+sc.Explanation+" "+sc.Action, wrap))
			}
		}
	}
}

// codeRows adds a row per code and sub-code, with the meaning and action
// when wide is set.
func (t *textWriter) codeRows(tb table.Writer, r *Report, wide bool) {
	for _, c := range r.Codes {
		row := table.Row{t.paint(c.Class, c.Status), c.Title, Num(c.Count), pct(c.Percent), size(c.Bytes)}
		if wide {
			row = append(row, c.Explanation, c.Action)
		}
		tb.AppendRow(row)
		for _, sc := range c.Subcodes {
			title := sc.Title
			if title == "" {
				title = "(not in the catalog)"
			}
			row := table.Row{" ↳ " + Clean(sc.Value, 12), title, Num(sc.Count), pct(sc.Percent), ""}
			if wide {
				row = append(row, sc.Explanation, sc.Action)
			}
			tb.AppendRow(row)
		}
	}
}

// wrapColumn is a table column that fit may narrow, down to min.
type wrapColumn struct{ number, min int }

// fit renders tb at most width columns wide if it can, by narrowing the
// wrapped columns; ok is false when even their minimum widths are too wide
// (out is then the narrowest rendering). One rendering measures the
// columns, the wrapped ones at most width wide; then the widest of them are
// lowered to a common level, none below its minimum, until the table fits,
// and the table is rendered at those widths: two renderings in all, where
// narrowing a few columns at a time took one per step.
func fit(tb table.Writer, width int, wrap []wrapColumn, fixed []table.ColumnConfig) (string, bool) {
	render := func(widths []int) string {
		configs := append([]table.ColumnConfig{}, fixed...)
		for i, w := range wrap {
			configs = append(configs, table.ColumnConfig{Number: w.number, WidthMax: widths[i], WidthMaxEnforcer: text.WrapSoft})
		}
		tb.SetColumnConfigs(configs)
		return tb.Render()
	}
	widths := make([]int, len(wrap))
	for i := range widths {
		widths[i] = width
	}
	out := render(widths)
	over := renderedWidth(out) - width
	if over <= 0 {
		return out, true
	}
	for i, w := range wrap {
		widths[i] = columnWidth(out, w.number)
	}
	widths = lowerWidest(widths, wrap, over)
	out = render(widths)
	return out, renderedWidth(out) <= width
}

// lowerWidest returns widths with the widest lowered to the highest common
// level that takes away at least over columns in all, none below its
// minimum; every column at its minimum when even that is not enough.
func lowerWidest(widths []int, wrap []wrapColumn, over int) []int {
	at := func(level int) []int {
		out := make([]int, len(widths))
		for i, w := range widths {
			out[i] = min(w, max(level, wrap[i].min))
		}
		return out
	}
	top := slices.Max(widths)
	for level := top - 1; level > 0; level-- {
		cut := 0
		for i, w := range at(level) {
			cut += widths[i] - w
		}
		if cut >= over {
			return at(level)
		}
	}
	return at(0)
}

// renderedWidth is the display width of the widest line.
func renderedWidth(s string) int {
	w := 0
	for _, l := range strings.Split(s, "\n") {
		w = max(w, text.RuneWidthWithoutEscSequences(l))
	}
	return w
}

// columnWidth measures column n (1-based) of a rendered table from its top
// border, whose segments are separated by ┬.
func columnWidth(out string, n int) int {
	top, _, _ := strings.Cut(out, "\n")
	segs := strings.Split(top, "┬")
	if n-1 >= len(segs) {
		return 0
	}
	return max(0, text.RuneWidthWithoutEscSequences(strings.Trim(segs[n-1], "┌┐"))-2)
}

// classRank orders the "where from" sections: server errors first.
var classRank = map[string]int{"5xx": 0, "4xx": 1, "other": 2}

func (t *textWriter) sources(r *Report) {
	var errs []CodeRow
	for _, c := range r.Codes {
		if _, ok := classRank[c.Class]; ok && len(c.TopPaths) > 0 {
			errs = append(errs, c)
		}
	}
	if len(errs) == 0 {
		return
	}
	sort.SliceStable(errs, func(i, j int) bool {
		if classRank[errs[i].Class] != classRank[errs[j].Class] {
			return classRank[errs[i].Class] < classRank[errs[j].Class]
		}
		return errs[i].Count > errs[j].Count
	})
	t.heading("Where the errors come from")
	for _, c := range errs {
		note := ""
		if c.TopApproximate {
			note = " (approximate: too many distinct values to count each; counts are upper bounds)"
		}
		t.printf("\n%s %s · %s requests (%s)%s\n", t.paint(c.Class, c.Status), c.Title, Num(c.Count), pct(c.Percent), note)
		tb := t.table()
		hdr := table.Row{"Top paths", "Requests", "Top clients", "Requests"}
		if len(c.TopHosts) > 0 {
			hdr = append(hdr, "Top hosts", "Requests")
		}
		tb.AppendHeader(hdr)
		rows := max(len(c.TopPaths), len(c.TopClients), len(c.TopHosts))
		lists := 2
		if len(c.TopHosts) > 0 {
			lists = 3
		}
		// Each list takes its value and a count of up to 12 columns,
		// with 3 columns of border per cell.
		vw := min(valueWidth, max(12, (t.opt.Width-1-lists*(12+6))/lists))
		for i := range rows {
			row := table.Row{}
			row = append(row, topCells(c.TopPaths, i, vw)...)
			row = append(row, topCells(c.TopClients, i, vw)...)
			if len(c.TopHosts) > 0 {
				row = append(row, topCells(c.TopHosts, i, vw)...)
			}
			tb.AppendRow(row)
		}
		tb.SetColumnConfigs([]table.ColumnConfig{
			{Number: 2, Align: text.AlignRight}, {Number: 4, Align: text.AlignRight}, {Number: 6, Align: text.AlignRight},
		})
		t.render(tb)
	}
}

func topCells(items []TopItem, i, width int) table.Row {
	if i >= len(items) {
		return table.Row{"", ""}
	}
	count := Num(items[i].Count)
	if items[i].Error > 0 {
		count = "≤" + count
	}
	return table.Row{Clean(items[i].Value, width), count}
}

func (t *textWriter) malformed(r *Report) {
	if r.Lines.Malformed == 0 {
		return
	}
	t.heading(fmt.Sprintf("Malformed lines: %s (%s of lines read)", Num(r.Lines.Malformed), pct(percent(r.Lines.Malformed, r.Lines.Read))))
	tb := t.table()
	tb.AppendHeader(table.Row{"Reason", "Lines"})
	for _, reason := range r.Malformed.reasons() {
		tb.AppendRow(table.Row{Clean(reason, max(20, min(100, t.opt.Width-16))), Num(r.Malformed.ByReason[reason])})
	}
	tb.SetColumnConfigs([]table.ColumnConfig{{Number: 2, Align: text.AlignRight}})
	t.render(tb)
	if len(r.Malformed.Samples) > 0 {
		t.printf("First malformed lines:\n")
		for _, s := range r.Malformed.Samples {
			t.printf("  %s:%d: %s\n", Clean(s.Source, 0), s.Line, Clean(s.Reason, 100))
		}
	}
}

func (t *textWriter) errors(r *Report) {
	if len(r.Errors) == 0 {
		return
	}
	t.heading("Inputs with problems")
	for _, e := range r.Errors {
		t.printf("  %s\n", Clean(e.Error, 0))
	}
}

// Num writes 1234567 as "1,234,567".
func Num(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func pct(p float64) string {
	return strconv.FormatFloat(p, 'f', 2, 64) + "%"
}

// size writes a byte count with binary units.
func size(n int64) string {
	const unit = 1024
	if n < unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit && exp < 5; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

// span writes a duration as "3d 4h 5m", "2h 0m 16s" or "42s".
func span(d time.Duration) string {
	d = d.Round(time.Second)
	days, h := int64(d/(24*time.Hour)), int64(d/time.Hour)%24
	m, sec := int64(d/time.Minute)%60, int64(d/time.Second)%60
	switch {
	case days > 0:
		return fmt.Sprintf("%dd %dh %dm", days, h, m)
	case h > 0:
		return fmt.Sprintf("%dh %dm %ds", h, m, sec)
	case m > 0:
		return fmt.Sprintf("%dm %ds", m, sec)
	}
	return fmt.Sprintf("%ds", sec)
}
