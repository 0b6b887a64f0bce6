package report

import (
	"encoding/json"
	"testing"
)

func TestCompare(t *testing.T) {
	prevStatuses := []int{200, 200, 200, 200, 301, 502, 502}
	var curStatuses []int
	for range 60 {
		curStatuses = append(curStatuses, 502)
	}
	curStatuses = append(curStatuses, 200, 200, 200, 200, 200, 200, 404)
	prev := Build(Input{Summary: summaryOf(t, prevStatuses...)})
	cur := Build(Input{Summary: summaryOf(t, curStatuses...), Previous: &Previous{Source: "yesterday.json", Kind: PreviousReport, Report: prev}})
	c := cur.Compare
	if c == nil || c.Source != "yesterday.json" || c.Kind != "report" || !c.Complete || c.Time == nil {
		t.Fatalf("compare = %+v", c)
	}
	if c.Lines.Previous.Parsed != 7 || c.Lines.Change.Parsed != 60 || c.Lines.Change.Read != 60 {
		t.Errorf("lines = %+v", c.Lines)
	}
	type row struct {
		status      string
		prev, count int64
		ratio       float64 // 0: none
		newly, gone bool
		points      float64
	}
	want := []row{
		{"200", 4, 6, 1.5, false, false, 8.96 - 57.14},
		{"301", 1, 0, 0, false, true, -14.29},
		{"404", 0, 1, 0, true, false, 1.49},
		{"502", 2, 60, 30, false, false, 89.55 - 28.57},
	}
	if len(c.Codes) != len(want) {
		t.Fatalf("codes = %+v, want %d", c.Codes, len(want))
	}
	for i, w := range want {
		got := c.Codes[i]
		ratio := 0.0
		if got.Ratio != nil {
			ratio = *got.Ratio
		}
		if got.Status != w.status || got.Previous != w.prev || got.Count != w.count || got.Change != w.count-w.prev ||
			ratio != w.ratio || (got.Ratio == nil) != (w.prev == 0) || got.New != w.newly || got.Gone != w.gone ||
			abs(got.Points-w.points) > 0.005 || got.Title == "" {
			t.Errorf("code %d = %+v (ratio %v), want %+v", i, got, ratio, w)
		}
	}
	if len(c.Classes) != 6 {
		t.Fatalf("classes = %+v", c.Classes)
	}
	five := c.Classes[4]
	if five.Class != "5xx" || five.Previous != 2 || five.Count != 60 || *five.Ratio != 30 || five.PreviousPercent != 28.57 || five.Percent != 89.55 || five.Points != 60.98 {
		t.Errorf("5xx = %+v", five)
	}
	if one := c.Classes[0]; one.Ratio != nil || one.New || one.Gone || one.Points != 0 {
		t.Errorf("1xx, none in either = %+v", one)
	}
}

func abs(f float64) float64 { return max(f, -f) }

// TestCompareFromJSON: a previous report read back from its JSON gives
// the comparison the report itself gives.
func TestCompareFromJSON(t *testing.T) {
	prev := Build(Input{Summary: summaryOf(t, 200, 200, 404, 500, -1, 0)})
	b, err := json.Marshal(prev)
	if err != nil {
		t.Fatal(err)
	}
	var decoded Report
	if err := json.Unmarshal(b, &decoded); err != nil {
		t.Fatal(err)
	}
	cur := Build(Input{Summary: summaryOf(t, 200, 404, 404, 503)})
	direct, _ := json.Marshal(Compare(cur, &Previous{Source: "p", Kind: PreviousState, Report: prev}))
	read, _ := json.Marshal(Compare(cur, &Previous{Source: "p", Kind: PreviousState, Report: &decoded}))
	if string(direct) != string(read) {
		t.Errorf("from the report:\n%s\nfrom its JSON:\n%s", direct, read)
	}
}

func TestCompareOmitted(t *testing.T) {
	b, _ := json.Marshal(Build(Input{Summary: summaryOf(t, 200)}))
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"compare", "window", "thresholds"} {
		if _, ok := m[k]; ok {
			t.Errorf("%q in a report without --compare, --since or --fail-on", k)
		}
	}
}
