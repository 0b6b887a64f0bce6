package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/jedib0t/go-pretty/v6/table"
	"github.com/jedib0t/go-pretty/v6/text"

	"github.com/logstat/logstat/report"
	"github.com/logstat/logstat/report/textfmt"
)

// renderMarkdown writes the report for mail and chat (the "markdown"
// renderer): the findings, the classes, the codes with their titles and
// actions, and the top paths of each error code, as GitHub-flavoured
// Markdown that also reads as plain text (padded tables). Every string
// goes through mdText: log values cannot open a link, an HTML tag or
// emphasis.
func renderMarkdown(w io.Writer, r *report.Report, _ Options) error {
	var b strings.Builder
	mdHeader(&b, r)
	mdFindings(&b, r)
	mdCompare(&b, r)
	mdClasses(&b, r)
	mdCodes(&b, r)
	mdEdge(&b, r)
	mdErrorPaths(&b, r)
	mdMalformed(&b, r)
	_, err := io.WriteString(w, b.String())
	return err
}

func mdHeader(b *strings.Builder, r *report.Report) {
	b.WriteString("# logstat report\n\n")
	if p := partialText(r); p != "" {
		fmt.Fprintf(b, "> **%s**\n\n", mdText(p))
	}
	if c := crossedText(r); c != "" {
		fmt.Fprintf(b, "> **%s**\n\n", mdText(c))
	}
	srcs := make([]string, len(r.Sources))
	for i, s := range r.Sources {
		srcs[i] = mdText(s)
	}
	fmt.Fprintf(b, "- **Inputs:** %s\n", strings.Join(srcs, ", "))
	fmt.Fprintf(b, "- **Format:** %s\n", mdText(formatText(r)))
	fmt.Fprintf(b, "- **Lines:** %s\n", linesText(r))
	if r.Time != nil {
		fmt.Fprintf(b, "- **Time:** %s\n", timeText(r))
	}
	if w := windowText(r); w != "" {
		fmt.Fprintf(b, "- **Window:** %s\n", mdText(w))
	}
	if c := compareText(r); c != "" {
		fmt.Fprintf(b, "- **Compared with:** %s\n", mdText(c))
	}
	if w := withinText(r); w != "" {
		fmt.Fprintf(b, "- **Fail-on:** %s\n", mdText(w))
	}
	if r.Profile != "web" {
		fmt.Fprintf(b, "- **Profile:** %s\n", mdText(r.Profile))
	}
	if s := profileSuggestionText(r); s != "" {
		fmt.Fprintf(b, "- **Suggestion:** %s\n", mdText(s))
	}
	for _, e := range r.Errors {
		fmt.Fprintf(b, "- **Input with problems:** %s\n", mdText(e.Error))
	}
}

func mdFindings(b *strings.Builder, r *report.Report) {
	if len(r.Findings) == 0 {
		b.WriteString("\n## Findings\n\nNothing stands out.\n")
		return
	}
	fmt.Fprintf(b, "\n## Findings (%d)\n\n", len(r.Findings))
	for i, f := range r.Findings {
		fmt.Fprintf(b, "%d. **%s** %s\n", i+1, strings.ToUpper(f.Severity.String()), mdText(f.Title))
		for _, e := range f.Evidence {
			fmt.Fprintf(b, "   - %s\n", mdText(e))
		}
		fmt.Fprintf(b, "   - **Action:** %s\n", mdText(f.Action))
	}
}

func mdCompare(b *strings.Builder, r *report.Report) {
	c := r.Compare
	if c == nil {
		return
	}
	fmt.Fprintf(b, "\n## Against the previous period (%s)\n\n%s\n\n", mdText(c.Source), mdText(compareLinesText(c)))
	rows := [][]string{}
	for _, cl := range compareClasses(c) {
		rows = append(rows, []string{cl.Class, textfmt.Num(cl.Previous), textfmt.Num(cl.Count), changeText(cl.Delta), sharesText(cl.Delta), pointsText(cl.Points)})
	}
	b.WriteString(mdTable([]string{"Class", "Before", "Now", "Change", "Share", "Points"}, []int{2, 3, 4, 5, 6}, rows))
	if len(c.Codes) == 0 {
		return
	}
	b.WriteString("\n")
	rows = [][]string{}
	for _, cc := range c.Codes {
		rows = append(rows, []string{mdText(textfmt.Clean(cc.Status, 12)), mdText(cc.Title), textfmt.Num(cc.Previous), textfmt.Num(cc.Count),
			changeText(cc.Delta), sharesText(cc.Delta), pointsText(cc.Points)})
	}
	b.WriteString(mdTable([]string{"Code", "Title", "Before", "Now", "Change", "Share", "Points"}, []int{3, 4, 5, 6, 7}, rows))
}

func mdClasses(b *strings.Builder, r *report.Report) {
	b.WriteString("\n## Status classes\n\n")
	rows := [][]string{}
	for _, c := range r.Classes {
		if c.Count == 0 && c.Class == "other" {
			continue
		}
		rows = append(rows, []string{c.Class, textfmt.Num(c.Count), textfmt.Percent(c.Percent), textfmt.Size(c.Bytes), mdText(c.Title)})
	}
	b.WriteString(mdTable([]string{"Class", "Requests", "%", "Bytes", "Meaning"}, []int{2, 3, 4}, rows))
}

func mdCodes(b *strings.Builder, r *report.Report) {
	b.WriteString("\n## Status codes\n\n")
	if len(r.Codes) == 0 {
		b.WriteString("No request lines were parsed.\n")
		return
	}
	rows := [][]string{}
	for _, c := range r.Codes {
		rows = append(rows, []string{c.Status, mdText(c.Title), textfmt.Num(c.Count), textfmt.Percent(c.Percent), textfmt.Size(c.Bytes)})
		for _, sc := range c.Subcodes {
			rows = append(rows, []string{"↳ " + mdText(sc.Value), mdText(subcodeTitle(sc)), textfmt.Num(sc.Count), textfmt.Percent(sc.Percent), ""})
		}
	}
	b.WriteString(mdTable([]string{"Code", "Title", "Requests", "%", "Bytes"}, []int{3, 4, 5}, rows))
	b.WriteString("\nWhat to do:\n\n")
	for _, c := range r.Codes {
		fmt.Fprintf(b, "- **%s %s:** %s\n", c.Status, mdText(c.Title), mdText(c.Action))
		for _, sc := range c.Subcodes {
			if sc.Action != "" {
				fmt.Fprintf(b, "  - **%s %s:** %s\n", mdText(sc.Value), mdText(sc.Title), mdText(sc.Action))
			}
		}
	}
}

func mdErrorPaths(b *strings.Builder, r *report.Report) {
	errs := errorCodes(r)
	if len(errs) == 0 {
		return
	}
	b.WriteString("\n## Top paths per error code\n")
	for _, c := range errs {
		fmt.Fprintf(b, "\n### %s %s · %s requests (%s)\n\n", c.Status, mdText(c.Title), textfmt.Num(c.Count), textfmt.Percent(c.Percent))
		if c.TopApproximate {
			b.WriteString("Approximate: too many distinct values to count each; counts are upper bounds.\n\n")
		}
		rows := [][]string{}
		for _, it := range c.TopPaths {
			rows = append(rows, []string{mdText(textfmt.Clean(it.Value, valueWidth)), topCount(it)})
		}
		b.WriteString(mdTable([]string{"Path", "Requests"}, []int{2}, rows))
	}
}

func mdMalformed(b *strings.Builder, r *report.Report) {
	if r.Lines.Malformed == 0 {
		return
	}
	fmt.Fprintf(b, "\n## Malformed lines: %s (%s of lines read)\n\n", textfmt.Num(r.Lines.Malformed), textfmt.Percent(report.Percent(r.Lines.Malformed, r.Lines.Read)))
	rows := [][]string{}
	for _, reason := range r.Malformed.Reasons() {
		rows = append(rows, []string{mdText(textfmt.Clean(reason, 100)), textfmt.Num(r.Malformed.ByReason[reason])})
	}
	b.WriteString(mdTable([]string{"Reason", "Lines"}, []int{2}, rows))
}

// mdTable renders a GitHub-flavoured Markdown table, its columns padded
// so that it also reads as plain text; right lists the 1-based columns
// aligned right. The cells must be escaped already (mdText), except for
// "|", which go-pretty escapes.
func mdTable(header []string, right []int, rows [][]string) string {
	tb := table.NewWriter()
	tb.Style().Markdown.PadContent = true
	tb.AppendHeader(cellsRow(header))
	for _, r := range rows {
		tb.AppendRow(cellsRow(r))
	}
	var configs []table.ColumnConfig
	for _, n := range right {
		configs = append(configs, table.ColumnConfig{Number: n, Align: text.AlignRight})
	}
	tb.SetColumnConfigs(configs)
	return tb.RenderMarkdown() + "\n"
}

// mdText makes s literal text in Markdown: terminal escapes made visible
// (textfmt.Clean), and a backslash before each character that could start
// emphasis, code, a link, an HTML tag or an entity (\ ` * _ [ ] < > ~ &),
// and before a first character that could start a block (a heading, a
// list, a quote) or a list number's "." or ")". A "|" is left to mdTable,
// which escapes it in cells, and to mdText's callers outside tables, where
// it means nothing.
func mdText(s string) string {
	s = textfmt.Clean(s, 0)
	var b strings.Builder
	for i, r := range s {
		if strings.ContainsRune("\\`*_[]<>~&", r) || (i == 0 && strings.ContainsRune("#+-=>|", r)) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if n := leadingDigits(out); n > 0 && n < len(out) && (out[n] == '.' || out[n] == ')') {
		out = out[:n] + "\\" + out[n:]
	}
	return out
}

func leadingDigits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}
