package ingest

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

// TestDetectionSample: autodetection passes over lines it cannot use and
// samples on until it has enough usable ones.
func TestDetectionSample(t *testing.T) {
	good := strings.Repeat(combinedLine(200, 404)+"\n", 60)
	tests := []struct {
		name      string
		text      string
		parsed    int64
		malformed []int64 // line numbers
	}{
		{"a first line longer than the line limit (20 MiB)",
			strings.Repeat("x", 20<<20) + "\n" + good, 60, []int64{1}},
		{"a first line longer than the limit, without a newline after it",
			strings.Repeat("x", 20<<20), 0, []int64{1}},
		{"first lines too long to sample, but parsed",
			strings.Repeat(combinedLine(100<<10, 200)+"\n", 3) + good, 63, nil},
		{"junk at the top, more than one sample's worth",
			strings.Repeat("junk banner line\n", 500) + good, 60, lineRange(1, 500)},
		{"junk, blank lines, then a last line without newline",
			"junk\n\n\n" + strings.TrimSuffix(good[:len(good)/60], "\n"), 1, []int64{1, 2, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, writeFiles(t, []byte(tt.text)), Config{Workers: 2})
			if tt.parsed > 0 && res.Spec.Name() != "combined" {
				t.Errorf("detected %s, want combined", res.Spec.Name())
			}
			if got := res.Summary.Lines.Parsed; got != tt.parsed {
				t.Errorf("parsed %d, want %d (%+v)", got, tt.parsed, res.Summary.Lines)
			}
			if got := malformedLines(res.Summary, 0); len(tt.malformed) <= 10 && !reflect.DeepEqual(got, tt.malformed) {
				t.Errorf("malformed lines %v, want %v", got, tt.malformed)
			}
			if got := res.Summary.Lines.Malformed; got != int64(len(tt.malformed)) {
				t.Errorf("%d malformed, want %d", got, len(tt.malformed))
			}
			if n := int64(bytes.Count([]byte(tt.text), []byte{'\n'})); res.Sources[0].Lines < n {
				t.Errorf("%d lines read, the input has %d", res.Sources[0].Lines, n)
			}
		})
	}
}

func lineRange(from, to int64) []int64 {
	var out []int64
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}
