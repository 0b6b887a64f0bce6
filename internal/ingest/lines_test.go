package ingest

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/logstat/logstat/parser"
)

// recordingSpec is a format whose parsers accept every line and record
// it, to see exactly the lines the workers are given.
type recordingSpec struct {
	mu    sync.Mutex
	lines []string
}

func (s *recordingSpec) Name() string             { return "recording" }
func (s *recordingSpec) ExtraNames() []string     { return nil }
func (s *recordingSpec) NewParser() parser.Parser { return recordingParser{s} }

type recordingParser struct{ s *recordingSpec }

func (p recordingParser) Parse(line []byte, rec *parser.Record) error {
	p.s.mu.Lock()
	p.s.lines = append(p.s.lines, string(line))
	p.s.mu.Unlock()
	*rec = parser.Record{Status: 200, Bytes: -1}
	return nil
}

func TestLineSplitting(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"lf", "a\nb\n", []string{"a", "b"}},
		{"crlf stripped", "a\r\nbb\r\n", []string{"a", "bb"}},
		{"one cr stripped", "a\r\r\n", []string{"a\r"}},
		{"lone cr kept", "a\rb\n", []string{"a\rb"}},
		{"last line without newline", "a\nlast", []string{"a", "last"}},
		{"last line crlf without lf", "a\nlast\r", []string{"a", "last"}},
		{"empty file", "", nil},
		{"only newlines", "\n\n", []string{"", ""}},
		{"empty lines inside", "a\n\n\nb\n", []string{"a", "", "", "b"}},
		{"no newline at all", "single", []string{"single"}},
	}
	for _, tt := range tests {
		for _, chunk := range []int{1, 2, 7, 0} {
			t.Run(tt.name, func(t *testing.T) {
				spec := &recordingSpec{}
				names := writeFiles(t, []byte(tt.text))
				res := run(t, names, Config{Spec: spec, Workers: 1, chunkSize: chunk})
				if !reflect.DeepEqual(spec.lines, tt.want) {
					t.Errorf("chunk %d: lines %q, want %q", chunk, spec.lines, tt.want)
				}
				if n := int64(len(tt.want)); res.Sources[0].Lines != n || res.Summary.Lines.Read() != n {
					t.Errorf("chunk %d: %d lines, summary %d, want %d", chunk, res.Sources[0].Lines, res.Summary.Lines.Read(), n)
				}
			})
		}
	}
}

func TestEmptyInputs(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		malformed int64
	}{
		{"empty file", "", 0},
		{"two empty lines", "\n\n", 2},
		{"crlf empty lines", "\r\n\r\n\r\n", 3},
	}
	for _, tt := range tests {
		for _, spec := range []parser.Spec{combined(), nil} {
			t.Run(tt.name, func(t *testing.T) {
				names := writeFiles(t, []byte(tt.text))
				res := run(t, names, Config{Spec: spec})
				s := res.Summary
				if s.Lines.Malformed != tt.malformed || s.Lines.Parsed != 0 || res.Sources[0].Lines != tt.malformed {
					t.Errorf("spec %v: %+v, source %+v", spec, s.Lines, res.Sources[0])
				}
				if tt.malformed > 0 && s.Malformed.ByReason[parser.ReasonEmpty] != tt.malformed {
					t.Errorf("spec %v: reasons %v, want %d %q", spec, s.Malformed.ByReason, tt.malformed, parser.ReasonEmpty)
				}
			})
		}
	}
}

// combinedLine is a valid combined line of exactly n bytes (n ≥ 80),
// padded in the user agent.
func combinedLine(n int, status int) string {
	head := `198.51.100.7 - - [01/Mar/2024:10:00:00 +0000] "GET /big HTTP/1.1" ` + strconv.Itoa(status) + ` 10 "-" "`
	return head + strings.Repeat("U", n-len(head)-1) + `"`
}

func TestHugeLineParsed(t *testing.T) {
	huge := combinedLine(3<<19, 404) // 1.5 MiB
	small := combinedLine(200, 200)
	var filler strings.Builder
	for filler.Len() < ChunkSize-1000 {
		filler.WriteString(small + "\n")
	}
	fillerLines := int64(strings.Count(filler.String(), "\n"))
	tests := []struct {
		name      string
		text      string
		bad       int64 // the malformed line's number
		lines     int64
		specified bool
	}{
		{"first line, detected", huge + "\n" + small + "\njunk\n", 3, 3, false},
		{"first line", huge + "\n" + small + "\njunk\n", 3, 3, true},
		{"across a chunk boundary", filler.String() + huge + "\r\njunk\n" + small, fillerLines + 2, fillerLines + 3, true},
		{"last, without newline", "junk\n" + small + "\n" + huge, 1, 3, true},
		{"consecutive huge lines", small + "\n" + strings.Repeat(strings.Replace(huge, " 404 ", " 200 ", 1)+"\n", 3) + huge + "\njunk\n" + small + "\n", 6, 7, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			names := writeFiles(t, []byte(tt.text))
			cfg := Config{Workers: 2}
			if tt.specified {
				cfg.Spec = combined()
			}
			res := run(t, names, cfg)
			s := res.Summary
			if s.Lines.Parsed != tt.lines-1 || s.Lines.Malformed != 1 {
				t.Fatalf("%+v, want %d parsed, 1 malformed", s.Lines, tt.lines-1)
			}
			if got := malformedLines(s, 0); !reflect.DeepEqual(got, []int64{tt.bad}) {
				t.Errorf("malformed lines %v, want [%d]", got, tt.bad)
			}
			top := s.Code(404).Paths.Top(1)
			if len(top) != 1 || top[0].Value != "/big" || top[0].Count != 1 {
				t.Errorf("404 paths %v", top)
			}
		})
	}
}

func TestTooLongLine(t *testing.T) {
	const max = 1000
	text := combinedLine(200, 200) + "\n" + // 1
		strings.Repeat("x", 5000) + "\n" + // 2: too long
		combinedLine(300, 404) + "\n" + // 3
		combinedLine(max, 404) + "\n" + // 4: at the limit, parsed
		combinedLine(max+1, 404) + "\n" + // 5: too long
		combinedLine(max-1, 404) + "\r\n" + // 6: the CR makes it max bytes
		combinedLine(max, 404) + "\r\n" + // 7: the CR makes it too long
		"junk\n" + // 8
		strings.Repeat("y", 3*max) // 9: too long, at the end
	for _, chunk := range []int{64, 999, 1000, 1001, 4096, 0} {
		for _, workers := range []int{1, 3} {
			names := writeFiles(t, []byte(text))
			res := run(t, names, Config{Spec: combined(), Workers: workers, MaxLineSize: max, chunkSize: chunk})
			s := res.Summary
			if s.Lines.Parsed != 4 || s.Lines.Malformed != 5 || res.Sources[0].Lines != 9 {
				t.Errorf("chunk %d workers %d: %+v, source %+v", chunk, workers, s.Lines, res.Sources[0])
			}
			if got, want := malformedLines(s, 0), []int64{2, 5, 7, 8, 9}; !reflect.DeepEqual(got, want) {
				t.Errorf("chunk %d workers %d: malformed lines %v, want %v", chunk, workers, got, want)
			}
			if n := s.Malformed.ByReason[ReasonTooLong]; n != 4 {
				t.Errorf("chunk %d workers %d: %d too long, want 4 (%v)", chunk, workers, n, s.Malformed.ByReason)
			}
		}
	}
}

// TestTooLongLineDefault uses the real limit: a line one byte over 16 MiB.
func TestTooLongLineDefault(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 16 MiB file")
	}
	var b bytes.Buffer
	b.WriteString(combinedLine(200, 500) + "\n")
	b.WriteString(combinedLine(MaxLineSize+1, 500) + "\n")
	b.WriteString(combinedLine(200, 404) + "\n")
	names := writeFiles(t, b.Bytes())
	for _, spec := range []parser.Spec{combined(), nil} {
		res := run(t, names, Config{Spec: spec, Workers: 2})
		s := res.Summary
		if got := malformedLines(s, 0); !reflect.DeepEqual(got, []int64{2}) || s.Lines.Parsed != 2 {
			t.Errorf("spec %v: malformed lines %v, %+v", spec, got, s.Lines)
		}
		if s.Malformed.ByReason[ReasonTooLong] != 1 {
			t.Errorf("spec %v: reasons %v", spec, s.Malformed.ByReason)
		}
		if res.Spec == nil || res.Spec.Name() != "combined" {
			t.Errorf("spec %v: format %v", spec, res.Spec)
		}
	}
}

// TestManyHugeLines reads lines longer than the default chunk size one
// after another, so that what is left after a chunk's last newline is
// itself longer than a chunk.
func TestManyHugeLines(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 40 MiB file")
	}
	r := rand.New(rand.NewPCG(15, 1))
	var b strings.Builder
	const n = 40
	for i := range n {
		b.WriteString(combinedLine(200+r.IntN(2*ChunkSize), 404))
		if i%3 == 0 {
			b.WriteString("\r")
		}
		b.WriteString("\n")
	}
	b.WriteString("junk\n")
	names := writeFiles(t, []byte(b.String()))
	res := run(t, names, Config{Spec: combined(), Workers: 3})
	s := res.Summary
	if s.Lines.Parsed != n || s.Lines.Malformed != 1 || res.Sources[0].Lines != n+1 {
		t.Errorf("%+v, source %+v; want %d parsed", s.Lines, res.Sources[0], n)
	}
	if got := malformedLines(s, 0); !reflect.DeepEqual(got, []int64{n + 1}) {
		t.Errorf("malformed lines %v (%v)", got, s.Malformed.Samples)
	}
}
