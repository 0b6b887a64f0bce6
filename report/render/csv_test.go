package render

import (
	"bytes"
	"encoding/csv"
	"slices"
	"testing"

	"github.com/logstat/logstat/report"
)

func TestCSVText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Not Found", "Not Found"},
		{"formula", "=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"},
		{"plus", "+1+1", "'+1+1"},
		{"minus", "-", "'-"},
		{"at", "@SUM(A1)", "'@SUM(A1)"},
		{"tab", "\t=1", "'\t=1"},
		{"carriage return", "\r=1", "'\r=1"},
		{"inside is fine", "a=b", "a=b"},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := csvText(tc.in); got != tc.want {
				t.Errorf("csvText(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestCSV: one row per code under the header, quoting and formula cells
// safe, read back by a CSV reader cell for cell.
func TestCSV(t *testing.T) {
	r := &report.Report{Codes: []report.CodeRow{
		{Code: -1, Status: "-", Class: "other", Count: 3, Percent: 1.5, Bytes: 0, Title: "No status"},
		{Code: 404, Status: "404", Class: "4xx", Count: 40, Percent: 18.6, Bytes: 20492, Title: `=cmd|' /C calc'!A0, "quoted"`},
	}}
	var out bytes.Buffer
	if err := Render(&out, "csv", r, Options{}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"class", "code", "status", "count", "percent", "bytes", "title"},
		{"other", "-1", "'-", "3", "1.50", "0", "No status"},
		{"4xx", "404", "404", "40", "18.60", "20492", `'=cmd|' /C calc'!A0, "quoted"`},
	}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("rows %q, want %q", rows, want)
	}
}
