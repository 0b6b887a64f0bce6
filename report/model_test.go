package report

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/internal/threshold"
	"github.com/logstat/logstat/internal/timewin"
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
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"code":-1`) {
		t.Errorf("bad JSON:\n%s", b)
	}
}

func statuses(r *Report) []string {
	var s []string
	for _, c := range r.Codes {
		s = append(s, c.Status)
	}
	return s
}

func TestBuildWindow(t *testing.T) {
	at := time.Date(2026, 11, 20, 14, 0, 0, 0, time.FixedZone("", 3600))
	tests := []struct {
		name string
		w    timewin.Window
		want *Window
	}{
		{"none", timewin.Window{}, nil},
		{"instant and wall clock", timewin.Window{
			Since: timewin.Bound{At: at, Set: true},
			Until: timewin.Bound{At: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC), Naive: true, Set: true},
		}, &Window{Since: "2026-11-20T14:00:00+01:00", Until: "2026-11-21 00:00:00 (log time)"}},
		{"since only", timewin.Window{Since: timewin.Bound{At: at.UTC(), Set: true}}, &Window{Since: "2026-11-20T13:00:00Z"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Build(Input{Summary: summaryOf(t, 200), Window: tc.w})
			if (r.Window == nil) != (tc.want == nil) || r.Window != nil && *r.Window != *tc.want {
				t.Errorf("window = %+v, want %+v", r.Window, tc.want)
			}
			b, _ := json.Marshal(r)
			if got := strings.Contains(string(b), `"window"`); got != (tc.want != nil) {
				t.Errorf("JSON has a window: %v, want %v\n%s", got, tc.want != nil, b)
			}
		})
	}
}

func TestBuildThresholds(t *testing.T) {
	s := summaryOf(t, 200, 200, 500)
	rules, err := threshold.Parse("5xx>2%,500>1,malformed>1%")
	if err != nil {
		t.Fatal(err)
	}
	r := Build(Input{Summary: s, Thresholds: threshold.Check(rules, s)})
	want := []Threshold{{"5xx>2%", 33.33, true}, {"500>1", 1, false}, {"malformed>1%", 0, false}}
	if !slices.Equal(r.Thresholds, want) {
		t.Errorf("thresholds = %+v, want %+v", r.Thresholds, want)
	}
	b, _ := json.Marshal(r)
	if !strings.Contains(string(b), `"thresholds":[{"rule":"5xx\u003e2%","value":33.33,"crossed":true},`) {
		t.Errorf("JSON thresholds:\n%s", b)
	}
	b, _ = json.Marshal(Build(Input{Summary: s, Thresholds: threshold.Check(nil, s)}))
	if strings.Contains(string(b), `"thresholds"`) {
		t.Errorf("thresholds without --fail-on:\n%s", b)
	}
}
