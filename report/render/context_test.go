package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/logstat/logstat/report"
)

func TestChangeText(t *testing.T) {
	tests := []struct {
		prev, count int64
		want        string
	}{
		{0, 0, ""},
		{0, 5, "new"},
		{5, 0, "gone"},
		{40, 40, "same"},
		{40, 1210, "×30"},
		{1, 1210, "×1,210"},
		{40, 100, "×2.5"},
		{40, 80, "×2"},
		{100, 199, "+99%"},
		{100, 112, "+12%"},
		{1000, 1035, "+3.5%"},
		{100000, 100001, "+0.0%"},
		{100, 60, "-40%"},
		{1000, 995, "-0.5%"},
		{100, 1, "-99%"},
	}
	for _, tc := range tests {
		d := report.Delta{Previous: tc.prev, Count: tc.count, Change: tc.count - tc.prev, New: tc.prev == 0 && tc.count > 0, Gone: tc.prev > 0 && tc.count == 0}
		if got := changeText(d); got != tc.want {
			t.Errorf("%d → %d: %q, want %q", tc.prev, tc.count, got, tc.want)
		}
	}
	for p, want := range map[float64]string{0: "0.00", 11.1: "+11.10", -0.25: "-0.25"} {
		if got := pointsText(p); got != want {
			t.Errorf("pointsText(%v) = %q, want %q", p, got, want)
		}
	}
}

// TestRunContextAtTheTop: the rules crossed come right after the first
// line (or the PARTIAL REPORT line), before the counts, in text, markdown
// and html; those not crossed, the window and the comparison in the
// header.
func TestRunContextAtTheTop(t *testing.T) {
	r := report.Build(report.Input{Summary: summaryOf(t, 200, 500), Sources: []string{"a.log"},
		Previous: &report.Previous{Source: "prev.state", Kind: report.PreviousState, Report: report.Build(report.Input{Summary: summaryOf(t, 200)})}})
	r.Thresholds = []report.Threshold{{Rule: "5xx>2%", Value: 50, Crossed: true}, {Rule: "500>1", Value: 1}}
	r.Window = &report.Window{Until: "2024-01-02 00:00:00 (log time)"}
	for _, tc := range []struct {
		renderer string
		before   []string // each before the next
	}{
		{"text", []string{"FAIL-ON CROSSED: 5xx>2% at 50.00%\nLines:", "Window: … to 2024-01-02 00:00:00 (log time)\n",
			"Compared with: prev.state, a state file · 2024-01-01 00:00:00 +0000 → 2024-01-01 00:00:00 +0000 (0s) · 1 line read\n", "Fail-on: not crossed: 500>1 at 1\n", "Findings", "Against the previous period (prev.state)", "│ 500  │ Internal Server Error │      0 │   1 │    new │"}},
		{"markdown", []string{"> **FAIL-ON CROSSED: 5xx\\>2% at 50.00%**", "- **Inputs:**", "- **Window:** … to 2024-01-02",
			"- **Compared with:** prev.state, a state file", "- **Fail-on:** not crossed: 500\\>1 at 1", "## Against the previous period (prev.state)", "| 500  |"}},
		{"html", []string{`<p class="partial">FAIL-ON CROSSED: 5xx&gt;2% at 50.00%</p>`, `<dl class="meta">`, "<dt>Window</dt><dd>… to 2024-01-02",
			"<dt>Compared with</dt><dd>prev.state, a state file", "<dt>Fail-on</dt><dd>not crossed: 500&gt;1 at 1</dd>", `<section id="compare">`, "<td>Internal Server Error</td>"}},
	} {
		t.Run(tc.renderer, func(t *testing.T) {
			var out bytes.Buffer
			if err := Render(&out, tc.renderer, r, Options{Width: 100}); err != nil {
				t.Fatal(err)
			}
			page, at := out.String(), 0
			for _, want := range tc.before {
				i := strings.Index(page[at:], want)
				if i < 0 {
					t.Fatalf("lacks %q after byte %d:\n%s", want, at, page)
				}
				at += i + len(want)
			}
		})
	}
	r.Thresholds = r.Thresholds[1:]
	var out bytes.Buffer
	if err := Render(&out, "text", r, Options{}); err != nil {
		t.Fatal(err)
	}
	if txt := out.String(); strings.Contains(txt, "CROSSED") || !strings.Contains(txt, "Fail-on: no rule crossed: 500>1 at 1\n") {
		t.Errorf("no rule crossed:\n%s", txt)
	}
}

// TestTextEscapesRunContext: the window, the rules and the previous
// file's name reach a terminal with their escapes and bidi overrides made
// visible.
func TestTextEscapesRunContext(t *testing.T) {
	var out bytes.Buffer
	if err := Render(&out, "text", hostileReport(t), Options{}); err != nil {
		t.Fatal(err)
	}
	txt := out.String()
	if strings.ContainsAny(txt, "\x1b\u202e") {
		t.Errorf("a raw escape or bidi override in the text:\n%q", txt)
	}
	for _, want := range []string{`Window: <script>alert(10)</script>\x1b[31m to …`, `FAIL-ON CROSSED: [x](javascript:alert(11))<b>\u202e at 3`,
		"Compared with: " + hostileSource + ", a JSON report · 0 lines read"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the text lacks %q:\n%s", want, txt)
		}
	}
}
