package ingest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"

	"github.com/logstat/logstat/internal/timewin"
)

// hourly returns n combined lines an hour apart from start.
func hourly(start time.Time, n int) []byte {
	var b bytes.Buffer
	for i := range n {
		ts := start.Add(time.Duration(i) * time.Hour).Format("02/Jan/2006:15:04:05 -0700")
		fmt.Fprintf(&b, "198.51.100.7 - - [%s] \"GET /h/%d HTTP/1.1\" 200 1 \"-\" \"agent\"\n", ts, i)
	}
	return b.Bytes()
}

// TestWindow: lines outside [since, until) are skipped, not summarised;
// rotated files wholly outside are passed over unread, in any order.
func TestWindow(t *testing.T) {
	zone := time.FixedZone("", 2*3600)
	day := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, zone) }
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(hourly(day(22, 0), 5)) // after --until
	zw.Close()
	dir := t.TempDir()
	files := map[string][]byte{
		"a.log.3.gz": gz.Bytes(),
		"a.log.2":    hourly(day(18, 0), 24), // before --since
		"a.log.1":    hourly(day(19, 20), 8), // 19th 20:00 … 20th 03:00: 4 in
		"a.log":      hourly(day(20, 4), 24), // 20th 04:00 … 21st 03:00: 20 in
	}
	var names []string
	for _, n := range []string{"a.log", "a.log.3.gz", "a.log.1", "a.log.2"} { // any order
		names = append(names, filepath.Join(dir, n))
		writeAt(t, names[len(names)-1], files[n])
	}
	now := day(25, 0)
	since, _ := timewin.Parse("2026-11-20", now, nil)
	until, _ := timewin.Parse("2026-11-21", now, nil)
	res := Run(context.Background(), names, Config{Window: timewin.Window{Since: since, Until: until}})
	if err := res.Err(); err != nil {
		t.Fatal(err)
	}
	s := res.Summary
	if s.Lines.Parsed != 24 || s.Lines.Skipped != 4+4 || s.Lines.Malformed != 0 {
		t.Errorf("lines %+v, want 24 parsed, 8 skipped", s.Lines)
	}
	if !s.First.Equal(day(20, 0)) || !s.Last.Equal(day(20, 23)) {
		t.Errorf("time range %v – %v", s.First, s.Last)
	}
	for i, want := range []bool{false, true, false, true} {
		if res.Sources[i].Outside != want {
			t.Errorf("%s: Outside = %v, want %v", filepath.Base(names[i]), res.Sources[i].Outside, want)
		}
	}
}

func writeAt(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
