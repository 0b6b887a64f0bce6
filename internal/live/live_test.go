package live

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/parser"
)

func cutOf(codes map[int]int, path string) *aggregate.Summary {
	s := aggregate.New(aggregate.Options{})
	for code, n := range codes {
		for range n {
			s.Add(&parser.Record{Status: code, Path: []byte(path), Client: []byte("10.0.0.1"), Bytes: 1, RequestTime: -1})
		}
	}
	return s
}

func status(code int) string { return strconv.Itoa(code) }

// TestRates: ten minutes of 10 requests a second, the last minute with
// 5 of them 502s: the rates over each window and the error ratio.
func TestRates(t *testing.T) {
	t0 := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	base := cutOf(map[int]int{200: 1000}, "/old") // a saved state
	w := New(base, t0)
	now := t0
	for s := 1; s <= 600; s++ {
		now = t0.Add(time.Duration(s) * time.Second)
		codes := map[int]int{200: 10}
		if s > 540 {
			codes = map[int]int{200: 5, 502: 5}
		}
		w.Add(cutOf(codes, "/api/checkout"), now)
	}
	st := w.Status(now, Sources{Files: 1}, 5, status, func(s *aggregate.Summary) []string {
		return []string{"finding over " + strconv.FormatInt(s.Lines.Parsed, 10) + " requests"}
	})
	approx := func(name string, got, want float64) {
		t.Helper()
		if got < want-0.01 || got > want+0.01 {
			t.Errorf("%s = %.3f, want %.3f", name, got, want)
		}
	}
	approx("requests per second, 1 min", st.Requests.PerMin, 10)
	approx("requests per second, since start", st.Requests.All, 10) // the saved state's are not this run's
	approx("5xx per second, 1 min", st.Classes[aggregate.Class5xx].PerMin, 5)
	approx("5xx per second, 5 min", st.Classes[aggregate.Class5xx].Per5m, 1)
	approx("5xx ratio, 1 min", st.ErrorRatio1m, 0.5)
	approx("5xx ratio, 5 min", st.ErrorRatio5m, 0.1)
	if st.Requests.Count != 7000 || st.Lines.Parsed != 7000 {
		t.Errorf("count %d, lines %+v: want 7000 with the saved state", st.Requests.Count, st.Lines)
	}
	if len(st.Codes) == 0 || st.Codes[0].Code != 200 || st.Codes[1].Code != 502 {
		t.Errorf("codes %+v", st.Codes)
	}
	if len(st.TopErrorPaths) != 1 || st.TopErrorPaths[0].Count != 300 || st.TopErrorPaths[0].Code != 502 {
		t.Errorf("top error paths %+v", st.TopErrorPaths)
	}
	// Findings see the last quarter hour: 10 minutes here.
	if len(st.Findings) != 1 || st.Findings[0] != "finding over 6000 requests" {
		t.Errorf("findings %q", st.Findings)
	}
}

// TestViews: the three outputs, with a hostile path escaped.
func TestViews(t *testing.T) {
	t0 := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	w := New(aggregate.New(aggregate.Options{}), t0)
	w.Add(cutOf(map[int]int{404: 3}, "/\x1b[31mred</script>"), t0.Add(time.Second))
	st := w.Status(t0.Add(time.Second), Sources{Files: 2, Rotations: 1}, 5, status, nil)
	var screen, line, js bytes.Buffer
	if err := WriteScreen(&screen, st, ScreenOptions{Width: 100, Height: 40}); err != nil {
		t.Fatal(err)
	}
	out := strings.TrimPrefix(screen.String(), "\x1b[H\x1b[2J")
	if strings.Contains(out, "\x1b") || !strings.Contains(out, `/\x1b[31mred</script>`) || !strings.Contains(out, "2 files") {
		t.Errorf("screen:\n%s", out)
	}
	if err := WriteLine(&line, st); err != nil || strings.Count(line.String(), "\n") != 1 || !strings.Contains(line.String(), "4xx=3") {
		t.Errorf("line %q (%v)", line.String(), err)
	}
	if err := WriteJSON(&js, st); err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || strings.Count(js.String(), "\n") != 1 {
		t.Errorf("json %q: %v", js.String(), err)
	}
}

// TestFindingsCached: the findings are diagnosed again only every
// findingsEvery, not at every tick.
func TestFindingsCached(t *testing.T) {
	t0 := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	w := New(aggregate.New(aggregate.Options{}), t0)
	calls := 0
	diag := func(*aggregate.Summary) []string { calls++; return []string{"x"} }
	for s := 1; s <= 25; s++ {
		now := t0.Add(time.Duration(s) * time.Second)
		w.Add(cutOf(map[int]int{200: 1}, "/"), now)
		if st := w.Status(now, Sources{}, 5, status, diag); len(st.Findings) != 1 {
			t.Fatalf("second %d: findings %q", s, st.Findings)
		}
	}
	if calls != 3 { // at 1 s, 11 s and 21 s
		t.Errorf("diagnosed %d times in 25 ticks, want 3", calls)
	}
}
