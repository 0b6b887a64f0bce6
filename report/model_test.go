package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/parser"
)

func summaryOf(t *testing.T, statuses ...int) *aggregate.Summary {
	t.Helper()
	s := aggregate.New(aggregate.Options{})
	for i, st := range statuses {
		s.Add(&parser.Record{
			Status: st, Bytes: int64(100 * i), RequestTime: -1,
			Path: []byte("/p" + strings.Repeat("x", i%3)), Client: []byte("10.0.0.1"),
			Time: time.Date(2024, 1, 1, 0, i, 0, 0, time.UTC),
		})
	}
	return s
}

func TestBuild(t *testing.T) {
	s := summaryOf(t, 200, 200, 200, 404, 404, 500, 499, 0, parser.StatusNone, 999)
	s.AddMalformed(aggregate.Sample{Source: "a.log", Line: 7, Reason: "bad value in $status"})
	r := Build(Input{Summary: s, Format: "combined", Sources: []string{"a.log"}})

	if r.Lines.Read != 11 || r.Lines.Parsed != 10 || r.Lines.Malformed != 1 {
		t.Errorf("lines = %+v", r.Lines)
	}
	if len(r.Classes) != 6 {
		t.Fatalf("%d classes, want all six", len(r.Classes))
	}
	var classSum, codeSum int64
	var pctSum float64
	for _, c := range r.Classes {
		classSum += c.Count
		pctSum += c.Percent
		if c.Title == "" || c.Explanation == "" {
			t.Errorf("class %s has no title or explanation", c.Class)
		}
	}
	for _, c := range r.Codes {
		codeSum += c.Count
		if c.Title == "" || c.Explanation == "" || c.Action == "" {
			t.Errorf("code %s lacks catalog text: %+v", c.Status, c)
		}
	}
	if classSum != 10 || codeSum != 10 || pctSum < 99.9 || pctSum > 100.1 {
		t.Errorf("classes add to %d (%.2f%%), codes to %d", classSum, pctSum, codeSum)
	}
	want := []string{"-", "000", "200", "404", "499", "500", "999"}
	for i, c := range r.Codes {
		if i >= len(want) || c.Status != want[i] {
			t.Fatalf("codes in order %v, want %v", statuses(r), want)
		}
	}
	if other := r.Classes[5]; other.Class != "other" || other.Count != 3 {
		t.Errorf("other class = %+v, want 3 (-, 000, 999)", other)
	}
	if c := r.Codes[3]; len(c.TopPaths) == 0 || len(c.TopClients) != 1 || c.TopClients[0].Count != 2 {
		t.Errorf("404 top lists = %+v %+v", c.TopPaths, c.TopClients)
	}
	if c := r.Codes[2]; len(c.TopPaths) != 0 || c.TopPaths == nil {
		t.Errorf("200 must have an empty, non-nil top list, got %#v", c.TopPaths)
	}
	if r.Time == nil || !r.Time.First.Equal(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("time = %+v", r.Time)
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(buf.Bytes()) || !strings.Contains(buf.String(), `"code": -1`) {
		t.Errorf("bad JSON:\n%s", buf.String())
	}
}

func statuses(r *Report) []string {
	var s []string
	for _, c := range r.Codes {
		s = append(s, c.Status)
	}
	return s
}

func TestEmptyReport(t *testing.T) {
	r := Build(Input{Summary: aggregate.New(aggregate.Options{}), Format: "unknown"})
	var buf bytes.Buffer
	if err := WriteText(&buf, r, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "No request lines were parsed.") {
		t.Errorf("empty report:\n%s", buf.String())
	}
	buf.Reset()
	if err := WriteJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"codes": []`) || strings.Contains(buf.String(), `"time"`) {
		t.Errorf("empty JSON must have codes [] and no time:\n%s", buf.String())
	}
}

type failWriter struct{ n int }

func (f *failWriter) Write(p []byte) (int, error) {
	if f.n--; f.n < 0 {
		return 0, errWrite
	}
	return len(p), nil
}

var errWrite = &json.UnsupportedValueError{Str: "write failed"}

func TestWriteErrorsAreReturned(t *testing.T) {
	r := Build(Input{Summary: summaryOf(t, 200, 404), Format: "combined"})
	for n := 0; n < 3; n++ {
		if err := WriteText(&failWriter{n: n}, r, TextOptions{}); err == nil {
			t.Errorf("WriteText with a writer failing after %d writes returned nil", n)
		}
	}
	if err := WriteJSON(&failWriter{}, r); err == nil {
		t.Error("WriteJSON ignored a write error")
	}
}

func TestFormatting(t *testing.T) {
	nums := map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -1234: "-1,234"}
	for n, want := range nums {
		if got := Num(n); got != want {
			t.Errorf("Num(%d) = %q, want %q", n, got, want)
		}
	}
	sizes := map[int64]string{0: "0 B", 1023: "1023 B", 1024: "1.0 KiB", 1536: "1.5 KiB", 5 << 30: "5.0 GiB"}
	for n, want := range sizes {
		if got := size(n); got != want {
			t.Errorf("size(%d) = %q, want %q", n, got, want)
		}
	}
	spans := map[time.Duration]string{
		42 * time.Second: "42s", 61 * time.Second: "1m 1s", 2*time.Hour + 16*time.Second: "2h 0m 16s",
		(3*24+4)*time.Hour + 5*time.Minute: "3d 4h 5m",
	}
	for d, want := range spans {
		if got := span(d); got != want {
			t.Errorf("span(%v) = %q, want %q", d, got, want)
		}
	}
}
