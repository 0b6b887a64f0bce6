package render

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/parser"
	"github.com/logstat/logstat/report"
)

// latencySummary has a 200 with 0.1 0.2 0.3 0.4 10 s (issue #8) and, when
// many is set, a 404 with 1..100 ms: more times than are kept exactly.
func latencySummary(many bool) *aggregate.Summary {
	s := aggregate.New(aggregate.Options{})
	add := func(status int, d time.Duration) {
		s.Add(&parser.Record{Status: status, Bytes: 1, RequestTime: d, Path: []byte("/"), Client: []byte("10.0.0.1")})
	}
	for _, ms := range []int{100, 200, 300, 400, 10000} {
		add(200, time.Duration(ms)*time.Millisecond)
	}
	for i := 1; many && i <= 100; i++ {
		add(404, time.Duration(i)*time.Millisecond)
	}
	return s
}

func TestLatencyJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := Render(&buf, "json", report.Build(report.Input{Summary: latencySummary(true), Format: "custom"}), Options{}); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Codes []struct {
			Status  string
			Latency map[string]any
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]any{
		// Nearest ranks 3, 5, 5; exact, so no "estimated".
		"200": {"count": 5.0, "mean": 2.2, "p50": 0.3, "p90": 10.0, "p99": 10.0, "max": 10.0},
		// Ranks 50, 90, 99 of 1..100 ms, within 1%.
		"404": {"count": 100.0, "mean": 0.0505, "p50": 0.05, "p90": 0.09, "p99": 0.099, "max": 0.1, "estimated": true},
	}
	for _, c := range got.Codes {
		w := want[c.Status]
		if len(c.Latency) != len(w) {
			t.Errorf("%s: latency %v, want %v", c.Status, c.Latency, w)
			continue
		}
		for k, v := range w {
			g, ok := c.Latency[k]
			if f, isNum := v.(float64); isNum && ok {
				if gf, _ := g.(float64); gf < f*(1-aggregate.LatencyAccuracy) || gf > f*(1+aggregate.LatencyAccuracy) {
					t.Errorf("%s: %s = %v, want %v within 1%%", c.Status, k, g, v)
				}
			} else if g != v {
				t.Errorf("%s: %s = %v, want %v", c.Status, k, g, v)
			}
		}
	}
}

func TestLatencyText(t *testing.T) {
	tests := []struct {
		name     string
		many     bool
		rows     []string // the table rows, fields separated by spaces; ≈ before estimates
		footnote bool
	}{
		{"exact", false, []string{"200 5 0.300 10.000 10.000 10.000"}, false},
		// 1..100 ms: ranks 50, 90, 99 as estimated (within 1%, so the
		// third decimal may differ), the maximum exact.
		{"estimated", true, []string{"200 5 0.300 10.000 10.000 10.000", "404 100 ≈0.050 ≈0.090 ≈0.099 0.100"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Render(&buf, "text", report.Build(report.Input{Summary: latencySummary(tt.many), Format: "custom"}), Options{}); err != nil {
				t.Fatal(err)
			}
			_, section, _ := strings.Cut(buf.String(), "Request times (seconds)")
			section, _, _ = strings.Cut(section, "Where the errors come from")
			var rows [][]string
			for _, line := range strings.Split(section, "\n") {
				if f := strings.Fields(strings.ReplaceAll(line, "│", " ")); len(f) == 6 && f[0] != "CODE" {
					rows = append(rows, f)
				}
			}
			if len(rows) != len(tt.rows) {
				t.Fatalf("%d rows, want %d:\n%s", len(rows), len(tt.rows), section)
			}
			for i, row := range rows {
				for j, want := range strings.Fields(tt.rows[i]) {
					if !cellMatches(row[j], want) {
						t.Errorf("row %d column %d: %q, want %q:\n%s", i+1, j+1, row[j], want, section)
					}
				}
			}
			if got := strings.Contains(section, "≈ estimated within 1% (codes with more than 64 request times)"); got != tt.footnote {
				t.Errorf("footnote %v, want %v:\n%s", got, tt.footnote, section)
			}
		})
	}
}

// cellMatches compares a table cell: exactly, or for an estimate (≈) as a
// number within 1% (and a rounding of the third decimal).
func cellMatches(got, want string) bool {
	w, estimate := strings.CutPrefix(want, "≈")
	if !estimate {
		return got == want
	}
	g, ok := strings.CutPrefix(got, "≈")
	gf, err1 := strconv.ParseFloat(g, 64)
	wf, err2 := strconv.ParseFloat(w, 64)
	return ok && err1 == nil && err2 == nil && math.Abs(gf-wf) <= wf*aggregate.LatencyAccuracy+0.0005
}
