package render

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/logstat/logstat/report"
)

var update = flag.Bool("update", false, "rewrite the markdown, csv and html golden files under testdata/golden")

// goldenDir holds the CLI's golden files; report/render is as deep in the
// tree as cmd/logstat, so the report's sources read the same from both.
var goldenDir = filepath.Join("..", "..", "testdata", "golden")

// TestGoldenCompare: the report of the sample with a window, --fail-on
// rules and a comparison (testdata/golden/sample-compare.*, written by go
// test ./cmd/logstat -update), read back from its JSON, renders as the
// CLI wrote it in text, markdown and html.
func TestGoldenCompare(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(goldenDir, "sample-compare.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r report.Report
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	if r.Compare == nil || r.Window == nil || len(r.Thresholds) == 0 {
		t.Fatalf("sample-compare.json lacks compare, window or thresholds")
	}
	for _, tc := range []struct{ renderer, golden string }{
		{"text", "sample-compare.txt"}, {"json", "sample-compare.json"}, {"markdown", "sample-compare.md"}, {"html", "sample-compare.html"},
	} {
		t.Run(tc.renderer, func(t *testing.T) {
			var out bytes.Buffer
			if err := Render(&out, tc.renderer, &r, Options{Width: 120}); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(goldenDir, tc.golden)
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out.Bytes(), want) {
				t.Errorf("output differs from %s (go test ./cmd/logstat -update writes it):\n%s", path, out.String())
			}
		})
	}
}

// sampleReport is the report of the bundled sample log, read back from
// the CLI's JSON golden file: the JSON carries everything the renderers
// show, which TestGolden checks for text and json.
func sampleReport(t *testing.T) *report.Report {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(goldenDir, "sample.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r report.Report
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

// TestGolden renders the sample report in every format and compares it
// with testdata/golden/sample.*: text and json as the CLI writes them
// (the report read back from JSON renders the same), markdown, csv and
// html as written by go test ./report/render -update.
func TestGolden(t *testing.T) {
	tests := []struct {
		name, renderer, golden string
		updates                bool // -update rewrites it
	}{
		{"text", "text", "sample.txt", false},
		{"json", "json", "sample.json", false},
		{"markdown", "markdown", "sample.md", true},
		{"csv", "csv", "sample.csv", true},
		{"html", "html", "sample.html", true},
	}
	r := sampleReport(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := Render(&out, tc.renderer, r, Options{Width: 120}); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(goldenDir, tc.golden)
			if *update && tc.updates {
				if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (go test ./report/render -update writes it)", err)
			}
			if !bytes.Equal(out.Bytes(), want) {
				t.Errorf("output differs from %s (go test ./report/render -update to accept markdown, csv and html):\n%s", path, out.String())
			}
		})
	}
}
