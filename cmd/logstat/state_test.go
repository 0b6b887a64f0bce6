package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/logstat/logstat/bench/loggen/gen"
)

// genLog returns n generated nginx lines with request times and upstream
// statuses, from line offset of one stream.
func genLog(t *testing.T, n int) [][]byte {
	t.Helper()
	var b bytes.Buffer
	if err := gen.Write(&b, gen.Config{Seed: 5, Paths: 300, Clients: 40, Tail: []string{"request_time", "upstream_status"}}, int64(n)); err != nil {
		t.Fatal(err)
	}
	return bytes.SplitAfter(b.Bytes(), []byte("\n"))
}

// exactReport is the JSON report without what depends on how the lines
// were read (sources, formats named per input): what a merge must equal.
func exactReport(t *testing.T, out string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("not JSON: %v\n%.300s", err, out)
	}
	for _, k := range []string{"sources", "source_formats", "format", "format_detected"} {
		delete(m, k)
	}
	return m
}

// TestMergeEqualsOneRun: states of three parts of a log (three hosts),
// merged in any order, give the report of one run over all of it.
func TestMergeEqualsOneRun(t *testing.T) {
	lines := genLog(t, 3000)
	dir := t.TempDir()
	var logs, states []string
	for i, part := range [][][]byte{lines[:700], lines[700:2100], lines[2100:]} {
		log := writeFile(t, "part"+string(rune('a'+i))+".log", bytes.Join(part, nil))
		st := filepath.Join(dir, "host"+string(rune('a'+i))+".state")
		if code, _, errOut := runCLI(t, "", "--state", st, "-o", "json", log); code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		logs, states = append(logs, log), append(states, st)
	}
	code, whole, errOut := runCLI(t, "", append([]string{"-o", "json"}, logs...)...)
	if code != 0 {
		t.Fatalf("one run: exit %d: %s", code, errOut)
	}
	want := exactReport(t, whole)
	for _, order := range [][]int{{0, 1, 2}, {2, 0, 1}, {1, 2, 0}} {
		args := []string{"merge", "-o", "json"}
		for _, i := range order {
			args = append(args, states[i])
		}
		code, out, errOut := runCLI(t, "", args...)
		if code != 0 {
			t.Fatalf("merge %v: exit %d: %s", order, code, errOut)
		}
		got := exactReport(t, out)
		for k := range want {
			if !reflect.DeepEqual(got[k], want[k]) {
				g, _ := json.Marshal(got[k])
				w, _ := json.Marshal(want[k])
				t.Errorf("merge %v: %s differs:\n got %.600s\nwant %.600s", order, k, g, w)
			}
		}
	}
}

// TestStateReadsEachLineOnce: hourly runs with --state over a log that
// grows and is rotated report every line once, cumulatively.
func TestStateReadsEachLineOnce(t *testing.T) {
	lines := genLog(t, 600)
	dir := t.TempDir()
	log := filepath.Join(dir, "access.log")
	st := filepath.Join(dir, "logstat.state")
	appendLines := func(name string, from, to int) {
		f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		f.Write(bytes.Join(lines[from:to], nil))
		f.Close()
	}
	steps := []struct {
		name   string
		change func()
		read   int64 // lines read in all runs so far
	}{
		{"first", func() { appendLines(log, 0, 200) }, 200},
		{"appended", func() { appendLines(log, 200, 260) }, 260},
		{"rotated, with late writes to the old file", func() {
			appendLines(log, 260, 300)
			os.Rename(log, log+".1")
			appendLines(log+".1", 300, 310)
			appendLines(log, 310, 400)
		}, 400},
		{"nothing new", func() {}, 400},
	}
	for _, s := range steps {
		s.change()
		code, out, errOut := runCLI(t, "", "--state", st, "-o", "json", filepath.Join(dir, "access.log*"))
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", s.name, code, errOut)
		}
		if r := decode(t, out); r.Lines.Read != s.read || r.Lines.Malformed != 0 {
			t.Errorf("%s: %+v, want %d read", s.name, r.Lines, s.read)
		}
	}
	// The state alone renders the same report.
	code, out, _ := runCLI(t, "", "merge", "-o", "json", st)
	if r := decode(t, out); code != 0 || r.Lines.Read != 400 {
		t.Errorf("merge of the state: exit %d, %+v", code, r.Lines)
	}
}

func TestStateRefusals(t *testing.T) {
	log := writeFile(t, "access.log", bytes.Join(genLog(t, 50), nil))
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain.state")
	keep := filepath.Join(dir, "keep.state")
	if code, _, errOut := runCLI(t, "", "--state", plain, log); code != 0 {
		t.Fatal(errOut)
	}
	if code, _, errOut := runCLI(t, "", "--state", keep, "--keep-query", log); code != 0 {
		t.Fatal(errOut)
	}
	data, _ := os.ReadFile(plain)
	cut := writeFile(t, "cut.state", data[:len(data)/2])
	tests := []struct {
		name   string
		args   []string
		code   int
		errOut string
	}{
		{"merge of states with other options", []string{"merge", plain, keep}, 2, "made with --keep-query true, not false"},
		{"a state cut short", []string{"merge", plain, cut}, 1, cut + ": not a logstat state"},
		{"a log given as a state", []string{"merge", log}, 1, log + ": not a logstat state"},
		{"--state made with other options", []string{"--state", keep, log}, 2, "--state " + keep + ": made with --keep-query true"},
		{"--state that is not a state", []string{"--state", log, filepath.Join(dir, "other.log")}, 1, "not a logstat state"},
		{"--state naming an input", []string{"--state", log, log}, 2, "is also an input: the state would overwrite the log"},
		{"--state and --out the same", []string{"--state", plain, "--out", plain, log}, 2, "name the same file"},
		{"merge without states", []string{"merge"}, 2, "Usage: logstat merge"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, "", tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.errOut) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, tt.code, tt.errOut)
			}
		})
	}
	if after, _ := os.ReadFile(log); len(after) == 0 || bytes.HasPrefix(after, []byte("logstat-state")) {
		t.Error("the log was overwritten")
	}
}

// TestMergeToEveryOutput: logstat merge renders every output format.
func TestMergeToEveryOutput(t *testing.T) {
	log := writeFile(t, "access.log", bytes.Join(genLog(t, 300), nil))
	st := filepath.Join(t.TempDir(), "host.state")
	if code, _, errOut := runCLI(t, "", "--state", st, log); code != 0 {
		t.Fatal(errOut)
	}
	for format, want := range map[string]string{"html": "<svg", "markdown": "## ", "csv": "class,code", "json": `"schema"`, "text": "Status codes"} {
		code, out, errOut := runCLI(t, "", "merge", "-o", format, st)
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("merge -o %s: exit %d (%s), output lacks %q: %.200s", format, code, errOut, want, out)
		}
	}
	html := filepath.Join(t.TempDir(), "fleet.html")
	if code, _, errOut := runCLI(t, "", "merge", "-o", html, st); code != 0 {
		t.Fatalf("merge -o fleet.html: exit %d: %s", code, errOut)
	}
	if data, err := os.ReadFile(html); err != nil || !bytes.Contains(data, []byte("<html")) {
		t.Errorf("merge -o fleet.html wrote %.100q (%v)", data, err)
	}
}
