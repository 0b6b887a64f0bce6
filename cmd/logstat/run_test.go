package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

const sample = "../../testdata/sample/access.log"

// runCLI runs logstat with args and returns its exit code and output.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	t.Setenv("COLUMNS", "")
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// jsonReport is the part of the JSON contract the tests look at.
type jsonReport struct {
	Schema         int    `json:"schema"`
	Format         string `json:"format"`
	FormatDetected bool   `json:"format_detected"`
	Complete       bool   `json:"complete"`
	Interrupted    bool   `json:"interrupted"`
	Lines          struct {
		Read, Parsed, Malformed, Skipped int64
	} `json:"lines"`
	Codes []struct {
		Code       int                      `json:"code"`
		Status     string                   `json:"status"`
		Count      int64                    `json:"count"`
		Title      string                   `json:"title"`
		TopPaths   []struct{ Value string } `json:"top_paths"`
		TopClients []struct{ Value string } `json:"top_clients"`
	} `json:"codes"`
	Malformed struct {
		ByReason map[string]int64 `json:"by_reason"`
		Samples  []struct {
			Source string
			Line   int64
			Reason string
		} `json:"samples"`
	} `json:"malformed"`
	Errors []struct{ Source, Error string } `json:"errors"`
}

func decode(t *testing.T, out string) jsonReport {
	t.Helper()
	var r jsonReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	return r
}

// counts maps status text to count.
func (r jsonReport) counts() map[string]int64 {
	m := map[string]int64{}
	for _, c := range r.Codes {
		m[c.Status] = c.Count
	}
	return m
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name, golden string
		args         []string
	}{
		{"text report", "sample.txt", []string{sample}},
		{"json report", "sample.json", []string{"-o", "json", sample}},
		{"text top 3 with query strings", "sample-top3.txt", []string{"--top", "3", "--keep-query", "--format", "combined", sample}},
		{"markdown report", "sample.md", []string{"-o", "markdown", sample}},
		{"csv report", "sample.csv", []string{"-o", "csv", sample}},
		{"html report", "sample.html", []string{"-o", "html", sample}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, "", tc.args...)
			if code != 0 {
				t.Fatalf("exit %d, stderr: %s", code, errOut)
			}
			path := filepath.Join("..", "..", "testdata", "golden", tc.golden)
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/logstat -update to create it)", err)
			}
			if out != string(want) {
				t.Errorf("output differs from %s (go test ./cmd/logstat -update to accept):\n%s", path, out)
			}
		})
	}
}

func TestSampleJSON(t *testing.T) {
	code, out, _ := runCLI(t, "", "-o", "json", sample)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	r := decode(t, out)
	if r.Schema != 1 || r.Format != "combined" || !r.FormatDetected {
		t.Errorf("schema/format = %d/%q/%v", r.Schema, r.Format, r.FormatDetected)
	}
	if r.Lines.Read != r.Lines.Parsed+r.Lines.Malformed+r.Lines.Skipped {
		t.Errorf("lines do not add up: %+v", r.Lines)
	}
	var sum int64
	for _, c := range r.Codes {
		sum += c.Count
		if c.Title == "" {
			t.Errorf("code %s has no title", c.Status)
		}
	}
	if sum != r.Lines.Parsed {
		t.Errorf("codes add up to %d, parsed %d", sum, r.Lines.Parsed)
	}
	if len(r.Malformed.Samples) != 1 || r.Malformed.Samples[0].Line != 215 {
		t.Errorf("malformed samples = %+v, want line 215", r.Malformed.Samples)
	}
}

func TestUseColor(t *testing.T) {
	env := func(v string, set bool) func(string) (string, bool) {
		return func(string) (string, bool) { return v, set }
	}
	tests := []struct {
		name        string
		tty, noFlag bool
		getenv      func(string) (string, bool)
		want        bool
	}{
		{"terminal", true, false, env("", false), true},
		{"pipe", false, false, env("", false), false},
		{"NO_COLOR set", true, false, env("1", true), false},
		{"NO_COLOR empty counts as unset", true, false, env("", true), true},
		{"--no-color", true, true, env("", false), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := useColor(tc.tty, tc.noFlag, tc.getenv); got != tc.want {
				t.Errorf("useColor = %v, want %v", got, tc.want)
			}
		})
	}
}
