package ingest

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/logstat/logstat/parser"
)

func TestAutodetect(t *testing.T) {
	tests := []struct {
		format    string
		malformed int
	}{
		{"combined", 0},
		{"common", 0},
		{"vcombined", 0},
		{"main", 0},
		{"combined", 20}, // some junk does not change the verdict
		{"main", 10},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			log := generate(31, genOpts{lines: 300, format: tt.format, malformed: tt.malformed, crlf: 30})
			names := writeFiles(t, log.text)
			res := run(t, names, Config{chunkSize: 1000})
			if !res.Detected || res.Spec == nil || res.Spec.Name() != tt.format {
				t.Fatalf("detected %v, spec %v; want %s", res.Detected, res.Spec, tt.format)
			}
			d := res.Detection
			if d.Lines == 0 || d.Parsed == 0 || d.Parsed > d.Lines || d.Lines > sampleLines {
				t.Errorf("Detection %+v", d)
			}
			wantParsed := log.lines - int64(len(log.malformed))
			if res.Summary.Lines.Parsed != wantParsed || res.Sources[0].Lines != log.lines {
				t.Errorf("%+v, want %d parsed of %d", res.Summary.Lines, wantParsed, log.lines)
			}
		})
	}
}

func TestAutodetectGivenSpec(t *testing.T) {
	log := generate(32, genOpts{lines: 20})
	res := run(t, writeFiles(t, log.text), Config{Spec: parser.PresetFormat("common")})
	if res.Detected || res.Spec.Name() != "common" {
		t.Errorf("detected %v, spec %s", res.Detected, res.Spec.Name())
	}
	if res.Summary.Lines.Parsed != 20 {
		// A preset reads a line that matches it up to its end and has
		// more fields after it (combined's referer and user agent).
		t.Errorf("common parsed %d of 20 combined lines", res.Summary.Lines.Parsed)
	}
}

func TestAutodetectHSphere(t *testing.T) {
	log := generate(33, genOpts{lines: 40})
	base := t.TempDir()
	tests := []struct {
		name string
		path string
		want string
	}{
		{"transfer log", "hsphere/local/home/u/logs/example.com/example.com", "hsphere"},
		{"rotated", "hsphere/local/home/u/logs/example.com/example.com.1", "hsphere"},
		{"elsewhere", "var/log/nginx/access.log", "combined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := filepath.Join(base, tt.path)
			if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(name, log.text, 0o644); err != nil {
				t.Fatal(err)
			}
			res := run(t, []string{name}, Config{})
			if !res.Detected || res.Spec.Name() != tt.want {
				t.Errorf("spec %s (detected %v), want %s", res.Spec.Name(), res.Detected, tt.want)
			}
			if res.Summary.Lines.Parsed != 40 {
				t.Errorf("%+v", res.Summary.Lines)
			}
		})
	}
}

func TestAutodetectUnknown(t *testing.T) {
	r := rand.New(rand.NewPCG(34, 1))
	binary := make([]byte, 50000)
	for i := range binary {
		binary[i] = byte(r.IntN(256))
	}
	var lines int64
	for _, c := range binary {
		if c == '\n' {
			lines++
		}
	}
	if binary[len(binary)-1] != '\n' {
		lines++
	}
	tests := []struct {
		name  string
		data  []byte
		lines int64
	}{
		{"binary", binary, lines},
		{"text", []byte("hello world\nthis is not\na log\n\nat all"), 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, workers := range []int{1, 4} {
				res := run(t, writeFiles(t, tt.data), Config{Workers: workers, chunkSize: 999})
				if !res.Detected || res.Spec.Name() != "unknown" {
					t.Fatalf("spec %s, detected %v", res.Spec.Name(), res.Detected)
				}
				s := res.Summary
				if s.Lines.Parsed != 0 || s.Lines.Malformed != tt.lines || res.Sources[0].Lines != tt.lines {
					t.Errorf("%+v, source %+v; want %d malformed", s.Lines, res.Sources[0], tt.lines)
				}
				if s.Malformed.ByReason[ReasonNoFormat] != tt.lines {
					t.Errorf("reasons %v", s.Malformed.ByReason)
				}
			}
		})
	}
}

// TestAutodetectAfterEmptyFile: a first file with nothing to judge by does
// not decide the format for the files after it.
func TestAutodetectAfterEmptyFile(t *testing.T) {
	log := generate(35, genOpts{lines: 30})
	tests := []struct {
		name  string
		first string
		empty int64 // its lines
	}{
		{"empty file", "", 0},
		{"empty lines", "\n\r\n\n", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			names := writeFiles(t, []byte(tt.first), []byte(tt.first), log.text)
			res := run(t, names, Config{})
			if res.Spec.Name() != "combined" {
				t.Fatalf("spec %s", res.Spec.Name())
			}
			s := res.Summary
			if s.Lines.Parsed != 30 || s.Lines.Malformed != 2*tt.empty || s.Malformed.ByReason[parser.ReasonEmpty] != 2*tt.empty {
				t.Errorf("%+v %v", s.Lines, s.Malformed.ByReason)
			}
			if res.Sources[0].Lines != tt.empty || res.Sources[1].Lines != tt.empty || res.Sources[2].Lines != 30 {
				t.Errorf("sources %+v", res.Sources)
			}
			if tt.empty > 0 {
				if got := malformedLines(s, 1); len(got) != 3 || got[2] != 3 {
					t.Errorf("second file's malformed lines %v", got)
				}
			}
		})
	}
}

func TestDetectEachInput(t *testing.T) {
	common := []byte("192.0.2.1 - - [18/Jul/2023:13:44:16 +0000] \"GET / HTTP/1.1\" 200 5\n")
	combinedLine := []byte("192.0.2.1 - - [18/Jul/2023:13:44:16 +0000] \"GET / HTTP/1.1\" 404 5 \"-\" \"curl\"\n")
	names := writeFiles(t, bytes.Repeat(common, 50), bytes.Repeat(combinedLine, 30), bytes.Repeat(common, 20))
	for _, workers := range []int{1, 3} {
		res := Run(context.Background(), names, Config{Workers: workers, chunkSize: 256})
		var got []string
		for _, s := range res.Sources {
			got = append(got, s.Spec.Name())
		}
		if want := []string{"common", "combined", "common"}; !reflect.DeepEqual(got, want) {
			t.Errorf("workers %d: formats %v, want %v", workers, got, want)
		}
		if res.Summary.Lines.Parsed != 100 || res.Summary.Lines.Malformed != 0 {
			t.Errorf("workers %d: lines %+v, want all 100 parsed", workers, res.Summary.Lines)
		}
		if res.Spec.Name() != "common" || !res.Detected {
			t.Errorf("Result.Spec = %s, want the first input's", res.Spec.Name())
		}
	}
}
