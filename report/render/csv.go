package render

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/logstat/logstat/report"
)

// csvHeader names the columns of the "csv" renderer.
var csvHeader = []string{"class", "code", "status", "count", "percent", "bytes", "title"}

// renderCSV writes one row per status code (the "csv" renderer), after a
// header row: class, code (numeric, -1 for "-"), status (as logged),
// count, percent (of parsed lines, two decimals), bytes and title. Text
// cells are made safe for spreadsheets by csvText.
func renderCSV(w io.Writer, r *report.Report, _ Options) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, c := range r.Codes {
		row := []string{
			csvText(c.Class), strconv.Itoa(c.Code), csvText(c.Status), strconv.FormatInt(c.Count, 10),
			strconv.FormatFloat(c.Percent, 'f', 2, 64), strconv.FormatInt(c.Bytes, 10), csvText(c.Title),
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvText keeps a spreadsheet from reading a text cell as a formula: a
// cell starting with = + - @ (or a tab or carriage return, which some
// spreadsheets skip before one) gets a leading ', so the status "-" is
// written '-. Quoting commas, quotes and line breaks is encoding/csv's.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
