package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/logstat/logstat/report"
)

// TestCompleteness: a report that does not cover all its input says so, in
// JSON ("complete", "interrupted") and at the top of the text.
func TestCompleteness(t *testing.T) {
	tests := []struct {
		name                  string
		in                    report.Input
		complete, interrupted bool
		textHas               string
	}{
		{"complete", report.Input{}, true, false, ""},
		{"interrupted", report.Input{Interrupted: true}, false, true, "PARTIAL REPORT: interrupted"},
		{"an input cut short", report.Input{Incomplete: true, Errors: []report.SourceError{{Source: "a.gz", Error: "a.gz: gzip data is cut short"}}},
			false, false, "PARTIAL REPORT: an input could not be read to its end"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			in.Summary, in.Format, in.Sources = summaryOf(t, 200, 404), "combined", []string{"a.log"}
			r := report.Build(in)
			var js bytes.Buffer
			if err := Render(&js, "json", r, Options{}); err != nil {
				t.Fatal(err)
			}
			var got map[string]any
			if err := json.Unmarshal(js.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if got["complete"] != tt.complete {
				t.Errorf("complete = %v, want %v", got["complete"], tt.complete)
			}
			if _, has := got["interrupted"]; has != tt.interrupted {
				t.Errorf("interrupted present = %v, want %v", has, tt.interrupted)
			}
			var txt bytes.Buffer
			if err := Render(&txt, "text", r, Options{}); err != nil {
				t.Fatal(err)
			}
			head := strings.SplitN(txt.String(), "\n", 3)[1]
			if tt.textHas != "" && !strings.Contains(head, tt.textHas) {
				t.Errorf("second line %q, want %q", head, tt.textHas)
			}
			if tt.textHas == "" && strings.Contains(txt.String(), "PARTIAL") {
				t.Errorf("a complete report says PARTIAL:\n%s", txt.String())
			}
		})
	}
}
