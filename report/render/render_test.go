package render

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/parser"
	"github.com/logstat/logstat/report"
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

func TestEmptyReport(t *testing.T) {
	r := report.Build(report.Input{Summary: aggregate.New(aggregate.Options{}), Format: "unknown"})
	var buf bytes.Buffer
	if err := Render(&buf, "text", r, Options{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "No request lines were parsed.") {
		t.Errorf("empty report:\n%s", buf.String())
	}
	buf.Reset()
	if err := Render(&buf, "json", r, Options{}); err != nil {
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

var errWrite = errors.New("write failed")

func TestWriteErrorsAreReturned(t *testing.T) {
	r := report.Build(report.Input{Summary: summaryOf(t, 200, 404, 500), Format: "combined", Sources: []string{"a.log"}})
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			count := &failWriter{n: 1 << 30}
			if err := Render(count, name, r, Options{}); err != nil {
				t.Fatal(err)
			}
			writes := 1<<30 - count.n
			// Fail the first write, one in the middle and the last.
			for _, n := range []int{0, writes / 2, writes - 1} {
				if err := Render(&failWriter{n: n}, name, r, Options{}); err == nil {
					t.Errorf("a writer failing after %d writes: no error", n)
				}
			}
		})
	}
}
