package live

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/jedib0t/go-pretty/v6/table"
	"github.com/jedib0t/go-pretty/v6/text"

	"github.com/logstat/logstat/report"
)

// ScreenOptions shape the full-screen view.
type ScreenOptions struct {
	Width, Height int // the terminal's size
	Color         bool
	Codes, Paths  int // rows of codes and of error paths (0: fit the height)
}

// WriteScreen draws st as a full screen: the cursor goes home and the
// screen is cleared first. Every value from the logs is escaped.
func WriteScreen(w io.Writer, st Status, opt ScreenOptions) error {
	var b strings.Builder
	b.WriteString("\x1b[H\x1b[2J")
	fmt.Fprintf(&b, "logstat -f · %s · %d files · since %s (%s)\n", st.Time.Format("15:04:05"), st.Files,
		st.Since.Format("2006-01-02 15:04:05"), st.Time.Sub(st.Since).Round(time.Second))
	fmt.Fprintf(&b, "lines %s read · %s parsed · %s malformed · %d rotations · %d truncations\n",
		report.Num(st.Lines.Read), report.Num(st.Lines.Parsed), report.Num(st.Lines.Malformed), st.Rotated, st.Trunc)
	ratio := fmt.Sprintf("5xx ratio: %s last minute · %s last 5 min", pct(st.ErrorRatio1m), pct(st.ErrorRatio5m))
	if opt.Color && st.ErrorRatio1m >= 0.05 {
		ratio = text.Colors{text.FgRed, text.Bold}.Sprint(ratio)
	}
	b.WriteString(ratio + "\n\n")
	b.WriteString(rateTable(st, opt))
	if len(st.TopErrorPaths) > 0 {
		b.WriteString("\nTop error paths, last 5 minutes\n")
		for _, p := range st.TopErrorPaths[:min(len(st.TopErrorPaths), max(opt.Paths, 1))] {
			fmt.Fprintf(&b, "  %8s  %s  %s\n", report.Num(p.Count), statusText(p.Code), report.Clean(p.Path, max(opt.Width-20, 20)))
		}
	}
	if len(st.Findings) > 0 {
		b.WriteString("\nFindings, last 15 minutes\n")
		for _, f := range st.Findings {
			fmt.Fprintf(&b, "  %s\n", report.Clean(f, max(opt.Width-4, 20)))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// rateTable is the table of classes and top codes with their rates.
func rateTable(st Status, opt ScreenOptions) string {
	tb := table.NewWriter()
	tb.SetStyle(table.StyleLight)
	tb.AppendHeader(table.Row{"", "count", "/s 1 min", "/s 5 min", "/s since start"})
	row := func(name string, r Rate) table.Row {
		return table.Row{name, report.Num(r.Count), rate(r.PerMin), rate(r.Per5m), rate(r.All)}
	}
	tb.AppendRow(row("all", st.Requests))
	for _, c := range st.Classes {
		if c.Count > 0 {
			tb.AppendRow(row(c.Class, c.Rate))
		}
	}
	tb.AppendSeparator()
	n := opt.Codes
	if n <= 0 {
		n = 8
	}
	for _, c := range st.Codes[:min(n, len(st.Codes))] {
		tb.AppendRow(row(c.Status, c.Rate))
	}
	cfgs := []table.ColumnConfig{}
	for i := 2; i <= 5; i++ {
		cfgs = append(cfgs, table.ColumnConfig{Number: i, Align: text.AlignRight})
	}
	tb.SetColumnConfigs(cfgs)
	return tb.Render() + "\n"
}

// WriteLine writes st as one compact line, for a log or a pipe.
func WriteLine(w io.Writer, st Status) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s lines=%d parsed=%d malformed=%d rate_1m=%s/s", st.Time.Format(time.RFC3339), st.Lines.Read, st.Lines.Parsed, st.Lines.Malformed, rate(st.Requests.PerMin))
	for _, c := range st.Classes {
		if c.Count > 0 {
			fmt.Fprintf(&b, " %s=%d", c.Class, c.Count)
		}
	}
	fmt.Fprintf(&b, " 5xx_ratio_1m=%s files=%d rotations=%d\n", pct(st.ErrorRatio1m), st.Files, st.Rotated)
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteJSON writes st as one JSON object on one line.
func WriteJSON(w io.Writer, st Status) error {
	b, err := json.Marshal(st)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func rate(v float64) string {
	switch {
	case v == 0:
		return "0"
	case v < 10:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}

func pct(v float64) string { return strconv.FormatFloat(100*v, 'f', 1, 64) + "%" }

func statusText(code int) string {
	switch {
	case code < 0:
		return "-  "
	case code < 100:
		return fmt.Sprintf("%03d", code)
	}
	return strconv.Itoa(code)
}
