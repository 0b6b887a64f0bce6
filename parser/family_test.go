package parser

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// Helpers shared by the tests of the format families: table tests of
// lines, allocation guards, benchmarks, whole files and fuzz invariants.

// The CDN samples: the shared corpus (outside the module: its tests skip
// when it is absent) and the copies and synthetic logs of testdata/cdn.
const (
	cdnCorpus   = corpusDir + "/cdn"
	cdnTestdata = "../testdata/cdn"
)

// seedFile adds the lines of a testdata/cdn file to a fuzz corpus.
func seedFile(f *testing.F, file string) {
	data, err := os.ReadFile(filepath.Join(cdnTestdata, file))
	if err != nil {
		f.Fatal(err)
	}
	for _, l := range logLines(data) {
		f.Add(string(l))
	}
}

// lineCase is one line of a family and what parsing it must give: a
// Record (want), a skip, or a malformed reason at an offset.
type lineCase struct {
	name string
	line string
	want want
	skip bool
	err  string // the reason, for a malformed line
	off  int    // where the error is
}

// checkLines parses each case's line with a fresh parser of spec.
func checkLines(t *testing.T, spec Spec, cases []lineCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var rec Record
			err := spec.NewParser().Parse([]byte(c.line), &rec)
			var le *LineError
			switch {
			case c.skip:
				if err != ErrSkip {
					t.Fatalf("Parse = %v, want a skip", err)
				}
			case c.err != "":
				if !errors.As(err, &le) || le.Reason != c.err || le.Offset != c.off {
					t.Fatalf("Parse = %v, want %q at byte %d", err, c.err, c.off)
				}
			case err != nil:
				t.Fatalf("Parse = %v", err)
			default:
				if got := wantOf(&rec); !reflect.DeepEqual(got, c.want) {
					t.Errorf("got  %+v\nwant %+v", got, c.want)
				}
			}
		})
	}
}

// checkAllocs is the allocation guard of a family: once a parser has seen
// the lines, parsing them again allocates nothing, each alone or all in
// turn.
func checkAllocs(t *testing.T, spec Spec, lines [][]byte) {
	t.Helper()
	p := spec.NewParser()
	var rec Record
	for _, l := range lines {
		p.Parse(l, &rec) // warm: scratch, zones
	}
	for i, l := range lines {
		if n := testing.AllocsPerRun(50, func() { p.Parse(l, &rec) }); n != 0 {
			t.Errorf("%s line %d: %.1f allocs per Parse, want 0", spec.Name(), i, n)
		}
	}
	i := 0
	if n := testing.AllocsPerRun(200, func() { p.Parse(lines[i%len(lines)], &rec); i++ }); n != 0 {
		t.Errorf("%s, lines in turn: %.2f allocs per Parse, want 0", spec.Name(), n)
	}
}

// benchLinesOf parses lines in turn with one parser of spec.
func benchLinesOf(b *testing.B, spec Spec, lines [][]byte) {
	p := spec.NewParser()
	var rec Record
	total := 0
	for _, l := range lines {
		if err := p.Parse(l, &rec); err != nil && err != ErrSkip {
			b.Fatalf("%s: %v", l, err)
		}
		total += len(l)
	}
	b.SetBytes(int64(total / len(lines)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p.Parse(lines[i], &rec)
		if i++; i == len(lines) {
			i = 0
		}
	}
}

// fileCase is what a whole log file gives: the format Detect finds on its
// first 200 lines (or the Problem it reports), then, parsed with that
// format, lines per status, skipped lines and malformed ones by reason.
type fileCase struct {
	file      string
	detect    string // "" when no format fits
	problem   string // the Detection's Problem when none fits
	statuses  map[int]int
	skipped   int
	malformed map[string]int
}

// checkFiles checks each file of dir, skipping the files that are absent
// (the shared corpus lies outside the module).
func checkFiles(t *testing.T, dir string, cases []fileCase) {
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, c.file))
			if err != nil {
				t.Skipf("%s not available: %v", c.file, err)
			}
			lines := logLines(data)
			d := Detect(lines[:min(200, len(lines))])
			if c.detect == "" {
				if d.Spec != nil || d.Problem != c.problem {
					t.Fatalf("Detect = %v, problem %q; want none, problem %q", d.Spec, d.Problem, c.problem)
				}
				return
			}
			if d.Spec == nil || d.Spec.Name() != c.detect {
				t.Fatalf("Detect = %v (%s), want %s", d.Spec, d.Problem, c.detect)
			}
			statuses, skipped, malformed := tallyLines(d.Spec, lines)
			if c.malformed == nil {
				c.malformed = map[string]int{}
			}
			if !reflect.DeepEqual(statuses, c.statuses) || skipped != c.skipped || !reflect.DeepEqual(malformed, c.malformed) {
				t.Errorf("statuses %v, %d skipped, malformed %v; want %v, %d, %v", statuses, skipped, malformed, c.statuses, c.skipped, c.malformed)
			}
		})
	}
}

// tallyLines parses lines in order with one parser of spec.
func tallyLines(spec Spec, lines [][]byte) (statuses map[int]int, skipped int, malformed map[string]int) {
	statuses, malformed = map[int]int{}, map[string]int{}
	p := spec.NewParser()
	var rec Record
	for _, l := range lines {
		switch err := p.Parse(l, &rec); {
		case err == ErrSkip:
			skipped++
		case err != nil:
			malformed[err.(*LineError).Reason]++
		default:
			statuses[rec.Status]++
		}
	}
	return statuses, skipped, malformed
}

// lineOutcome is what a parser made of a line, comparable.
type lineOutcome struct {
	skip   bool
	reason string
	offset int
	rec    want
}

// parseAny parses line with p and checks what must hold for any
// input: the line is left as it was; an error is ErrSkip or a *LineError
// within the line; numbers are in range; no text field is "-".
func parseAny(t *testing.T, p Parser, line []byte) lineOutcome {
	t.Helper()
	orig := bytes.Clone(line)
	var rec Record
	err := p.Parse(line, &rec)
	if !bytes.Equal(line, orig) {
		t.Fatalf("Parse(%q) modified the line", line)
	}
	if err == ErrSkip {
		return lineOutcome{skip: true}
	}
	if err != nil {
		var le *LineError
		if !errors.As(err, &le) || le.Reason == "" || le.Offset < 0 || le.Offset > len(line) {
			t.Fatalf("Parse(%q) = %#v", line, err)
		}
		return lineOutcome{reason: le.Reason, offset: le.Offset}
	}
	if rec.Status < StatusNone || rec.Status > 999 || rec.Bytes < -1 || rec.RequestTime < -1 {
		t.Fatalf("Parse(%q): Status %d Bytes %d RequestTime %d", line, rec.Status, rec.Bytes, rec.RequestTime)
	}
	// (A request's target may be "-": it is what the client sent.)
	for i, v := range [][]byte{rec.Client, rec.User, rec.Protocol, rec.Referer, rec.UserAgent, rec.Host, rec.SubStatus, rec.CacheStatus} {
		if len(v) == 1 && v[0] == '-' {
			t.Fatalf("Parse(%q): field %d is \"-\"", line, i)
		}
	}
	return lineOutcome{rec: wantOf(&rec)}
}

// checkStateless fails when a parser that has read other lines reads line
// otherwise than a fresh one: a value must not outlive its line.
func checkStateless(t *testing.T, spec Spec, before [][]byte, line []byte) {
	t.Helper()
	used := spec.NewParser()
	var rec Record
	for _, b := range before {
		used.Parse(b, &rec)
	}
	got, fresh := parseAny(t, used, line), parseAny(t, spec.NewParser(), line)
	if !reflect.DeepEqual(got, fresh) {
		t.Fatalf("%s: %q after other lines:\n %+v\na fresh parser:\n %+v", spec.Name(), line, got, fresh)
	}
}
