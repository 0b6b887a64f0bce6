package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// previousLogFile is the log of the previous period in the comparison
// goldens; previousReport is its report, written once by
//
//	cd testdata/golden && logstat -o json --out previous.json previous.log
//
// and kept as it was (a report of an older logstat must still compare).
const (
	previousLogFile = "../../testdata/golden/previous.log"
	previousReport  = "../../testdata/golden/previous.json"
)

// compareArgs are the flags of the comparison goldens: a window that
// holds the whole sample, --fail-on rules one of which is crossed, and
// the previous period as a JSON report.
var compareArgs = []string{"--since", "2015-05-17", "--until", "2015-05-21", "--fail-on", "4xx>10%,5xx>2%,502>0", "--compare", previousReport}

// TestCompareGolden: the report of the sample against the previous
// period, with the window and the --fail-on rules, in text, json,
// markdown and html (go test ./cmd/logstat -update rewrites them).
func TestCompareGolden(t *testing.T) {
	for _, tc := range []struct{ output, golden string }{
		{"text", "sample-compare.txt"},
		{"json", "sample-compare.json"},
		{"markdown", "sample-compare.md"},
		{"html", "sample-compare.html"},
	} {
		t.Run(tc.output, func(t *testing.T) {
			args := append(append([]string{"-o", tc.output}, compareArgs...), sample)
			code, out, errOut := runCLI(t, "", args...)
			if code != exitThreshold || !strings.Contains(errOut, "--fail-on 4xx>10% crossed: 20.47%") {
				t.Fatalf("exit %d, stderr %q: want 3, 4xx>10%% crossed", code, errOut)
			}
			checkGolden(t, tc.golden, out)
		})
	}
}

// checkGolden compares out with testdata/golden/name, or writes it with
// -update.
func checkGolden(t *testing.T, name, out string) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "golden", name)
	if *update {
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
}

// comparison is the "compare" object of a JSON report, and what it is
// made of, as generic JSON.
func comparison(t *testing.T, out string) map[string]any {
	t.Helper()
	var r struct {
		Compare map[string]any `json:"compare"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if r.Compare == nil {
		t.Fatalf("no compare in\n%s", out)
	}
	return r.Compare
}

// TestCompareStateOrJSON: the previous period as a state file and as the
// JSON report of the same run give the same comparison, in report mode
// and in logstat merge.
func TestCompareStateOrJSON(t *testing.T) {
	dir := t.TempDir()
	prevState, prevJSON := filepath.Join(dir, "prev.state"), filepath.Join(dir, "prev.json")
	if code, _, errOut := runCLI(t, "", "--state", prevState, "-o", "json", "--out", prevJSON, previousLogFile); code != 0 {
		t.Fatalf("previous run: exit %d: %s", code, errOut)
	}
	curState := filepath.Join(dir, "cur.state")
	if code, _, errOut := runCLI(t, "", "--state", curState, "-o", "json", "--out", filepath.Join(dir, "cur.json"), sample); code != 0 {
		t.Fatalf("current run: exit %d: %s", code, errOut)
	}
	var want map[string]any
	for _, tc := range []struct {
		name, kind string
		args       []string
	}{
		{"report, a JSON report", "report", []string{"-o", "json", "--compare", prevJSON, sample}},
		{"report, a state", "state", []string{"-o", "json", "--compare", prevState, sample}},
		{"merge, a JSON report", "report", []string{"merge", "-o", "json", "--compare", prevJSON, curState}},
		{"merge, a state", "state", []string{"merge", "-o", "json", "--compare", prevState, curState}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, "", tc.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			c := comparison(t, out)
			if c["kind"] != tc.kind || c["source"] != tc.args[len(tc.args)-2] {
				t.Errorf("kind %v, source %v: want %s, %s", c["kind"], c["source"], tc.kind, tc.args[len(tc.args)-2])
			}
			delete(c, "kind")
			delete(c, "source")
			got, _ := json.Marshal(c)
			if want == nil {
				want = c
				checkSampleAgainstPrevious(t, c)
				return
			}
			if w, _ := json.Marshal(want); string(got) != string(w) {
				t.Errorf("comparison differs from the first:\n%s\nwant\n%s", got, w)
			}
		})
	}
}

// checkSampleAgainstPrevious checks a few numbers of the sample against
// previous.log: 404 from 1 to 40, 502 gone, 500 new, the 2xx share down.
func checkSampleAgainstPrevious(t *testing.T, c map[string]any) {
	t.Helper()
	codes := map[string]map[string]any{}
	for _, x := range c["codes"].([]any) {
		row := x.(map[string]any)
		codes[row["status"].(string)] = row
	}
	if r := codes["404"]; r["previous"] != 1.0 || r["count"] != 40.0 || r["change"] != 39.0 || r["ratio"] != 40.0 {
		t.Errorf("404 = %v", r)
	}
	if r := codes["502"]; r["gone"] != true || r["count"] != 0.0 || r["title"] != "Bad Gateway" {
		t.Errorf("502 = %v", r)
	}
	if r := codes["500"]; r["new"] != true || r["previous"] != 0.0 || r["ratio"] != nil {
		t.Errorf("500 = %v", r)
	}
	lines := c["lines"].(map[string]any)
	if prev := lines["previous"].(map[string]any); prev["read"] != 108.0 || lines["change"].(map[string]any)["read"] != 108.0 {
		t.Errorf("lines = %v", lines)
	}
	for _, x := range c["classes"].([]any) {
		row := x.(map[string]any)
		if row["class"] == "2xx" && (row["previous_percent"] != 62.96 || row["percent"] != 59.53 || row["points"] != -3.43) {
			t.Errorf("2xx = %v", row)
		}
	}
}

// TestCompareRefused: a --compare file that is missing, not a state nor a
// JSON report, damaged, or of a newer schema is an input error naming it
// (exit 1), and no report is written; "-" and -f are usage errors.
func TestCompareRefused(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	state := filepath.Join(dir, "good.state")
	if code, _, errOut := runCLI(t, "", "--state", state, "-o", "json", "--out", filepath.Join(dir, "x.json"), previousLogFile); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	whole, err := os.ReadFile(state)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, file string
		code       int
		says       string
	}{
		{"missing", filepath.Join(dir, "nothing.json"), exitInput, "nothing.json: no such file"},
		{"a log", sample, exitInput, "access.log: neither a logstat state (--state FILE) nor a logstat JSON report"},
		{"other JSON", write("other.json", `{"name": "x"}`), exitInput, `other.json: not a logstat JSON report: it lacks "schema"`},
		{"broken JSON", write("broken.json", `{"schema": 1, "lines": `), exitInput, "broken.json: not a logstat JSON report: unexpected end of JSON input"},
		{"newer schema", write("newer.json", `{"schema": 9, "lines": {}, "classes": [], "codes": []}`), exitInput, "newer.json: not a logstat JSON report: JSON schema 9: this logstat reads schema 1"},
		{"state cut short", write("short.state", string(whole[:len(whole)/2])), exitInput, "short.state: not a logstat state"},
		{"empty", write("empty", ""), exitInput, "empty: neither a logstat state"},
		{"a directory", dir, exitInput, "is a directory"},
		{"standard input", "-", exitUsage, "--compare -: name a file"},
	}
	for _, tc := range tests {
		for _, mode := range []string{"report", "merge"} {
			t.Run(tc.name+" "+mode, func(t *testing.T) {
				args := []string{"-o", "json", "--compare", tc.file, sample}
				if mode == "merge" {
					args = []string{"merge", "-o", "json", "--compare", tc.file, state}
				}
				code, out, errOut := runCLI(t, "", args...)
				if code != tc.code || out != "" || !strings.Contains(errOut, tc.says) {
					t.Errorf("exit %d, stdout %.80q, stderr %q: want %d, no report, %q", code, out, errOut, tc.code, tc.says)
				}
			})
		}
	}
	code, _, errOut := runCLI(t, "", "-f", "--compare", previousReport, sample)
	if code != exitUsage || !strings.Contains(errOut, "--compare goes with") {
		t.Errorf("-f --compare: exit %d, stderr %q: want a usage error", code, errOut)
	}
}

// TestCompareOverItself: the report that --compare reads may be the one
// --out replaces, the previous period's report then this one's.
func TestCompareOverItself(t *testing.T) {
	now := filepath.Join(t.TempDir(), "now.json")
	if code, _, errOut := runCLI(t, "", "-o", "json", "--out", now, previousLogFile); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, "", "-o", "json", "--compare", now, "--out", now, sample); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	b, err := os.ReadFile(now)
	if err != nil {
		t.Fatal(err)
	}
	if c := comparison(t, string(b)); c["lines"].(map[string]any)["previous"].(map[string]any)["read"] != 108.0 {
		t.Errorf("compared with %v, want the previous report's 108 lines", c["lines"])
	}
}

// TestCompareFIFOInterrupted: a FIFO without a writer as --compare does
// not hold logstat once a signal comes.
func TestCompareFIFOInterrupted(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "previous.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	for _, args := range [][]string{{"--compare", fifo, sample}, {"merge", "--compare", fifo, sample}} {
		base, cancel := context.WithCancel(context.Background())
		ctx := &doneWatch{Context: base, onDone: cancel}
		var out, errOut bytes.Buffer
		code := run(ctx, args, strings.NewReader(""), &out, &errOut)
		cancel()
		if code != exitInterrupted || out.Len() != 0 || !strings.Contains(errOut.String(), "interrupted while reading --compare") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q: want 130 and nothing on stdout", args, code, out.String(), errOut.String())
		}
	}
}

// TestThresholdsAndWindowInJSON: "thresholds" lists every --fail-on rule
// in report mode and in merge, "window" the --since/--until; both are
// omitted without those flags.
func TestThresholdsAndWindowInJSON(t *testing.T) {
	state := filepath.Join(t.TempDir(), "s.state")
	if code, _, errOut := runCLI(t, "", "--state", state, "-o", "json", "--out", filepath.Join(t.TempDir(), "x.json"), sample); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	type out struct {
		Window     map[string]string `json:"window"`
		Thresholds []struct {
			Rule    string  `json:"rule"`
			Value   float64 `json:"value"`
			Crossed bool    `json:"crossed"`
		} `json:"thresholds"`
	}
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		window map[string]string
		rules  string // rule=value=crossed, space-separated
	}{
		{"report", []string{"-o", "json", "--fail-on", "404>39,malformed>1%", "--since", "2015-05-18T00:00:00Z", sample}, exitOK,
			map[string]string{"since": "2015-05-18T00:00:00Z"}, "404>39=10=false malformed>1%=0.46=false"},
		{"report crossed", []string{"-o", "json", "--fail-on", "404>39", "--until", "2015-05-21 00:00", "--tz", "+02:00", sample}, exitThreshold,
			map[string]string{"until": "2015-05-21T00:00:00+02:00"}, "404>39=40=true"},
		{"merge", []string{"merge", "-o", "json", "--fail-on", "5xx>1%", state}, exitThreshold, nil, "5xx>1%=1.4=true"},
		{"neither", []string{"-o", "json", sample}, exitOK, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, errOut := runCLI(t, "", tc.args...)
			var r out
			if err := json.Unmarshal([]byte(stdout), &r); err != nil || code != tc.code {
				t.Fatalf("exit %d, stderr %q, %v: want exit %d and a JSON report", code, errOut, err, tc.code)
			}
			var rules []string
			for _, th := range r.Thresholds {
				rules = append(rules, fmt.Sprintf("%s=%s=%v", th.Rule, jsonNumber(th.Value), th.Crossed))
			}
			if got := strings.Join(rules, " "); got != tc.rules {
				t.Errorf("thresholds %q, want %q", got, tc.rules)
			}
			if len(r.Window) != len(tc.window) || r.Window["since"] != tc.window["since"] || r.Window["until"] != tc.window["until"] {
				t.Errorf("window %v, want %v", r.Window, tc.window)
			}
			if !strings.Contains(stdout, `"window"`) != (tc.window == nil) || !strings.Contains(stdout, `"thresholds"`) != (tc.rules == "") {
				t.Errorf("window or thresholds present without their flags:\n%.400s", stdout)
			}
		})
	}
}

func jsonNumber(f float64) string {
	b, _ := json.Marshal(f)
	return string(b)
}
