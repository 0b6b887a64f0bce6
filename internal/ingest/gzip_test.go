package ingest

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
)

func gz(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestGzipInputs reads the same log plain and compressed in various ways:
// the summaries must be equal.
func TestGzipInputs(t *testing.T) {
	log := generate(21, genOpts{lines: 3000, malformed: 5, crlf: 10})
	half := bytes.IndexByte(log.text[len(log.text)/2:], '\n') + len(log.text)/2 + 1
	tests := []struct {
		name string
		data []byte
	}{
		{"plain", log.text},
		{"gzip named .log", gz(t, log.text)},
		{"two gzip members", append(gz(t, log.text[:half]), gz(t, log.text[half:])...)},
		{"members split mid-line", append(gz(t, log.text[:half-5]), gz(t, log.text[half-5:])...)},
		{"empty member first", append(gz(t, nil), gz(t, log.text)...)},
	}
	opts := Config{Spec: combined(), Workers: 3, chunkSize: 4096}
	opts.Options.MaxSamples = 1000
	names := writeFiles(t, log.text)
	want := oracle(t, combined(), opts.Options, names, [][]byte{log.text})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.WriteFile(names[0], tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			res := run(t, names, opts)
			if d := diffSummaries(res.Summary, want); len(d) > 0 {
				t.Fatalf("%s", d[:min(3, len(d))])
			}
			if s := res.Sources[0]; s.Lines != log.lines || s.Bytes != int64(len(log.text)) {
				t.Errorf("source %+v, want %d lines, %d bytes", s, log.lines, len(log.text))
			}
		})
	}
}

func TestTruncatedGzip(t *testing.T) {
	log := generate(22, genOpts{lines: 5000})
	full := gz(t, log.text)
	cut := full[:len(full)*6/10]
	// What a decompressor gets out of the cut data, line by line.
	zr, err := gzip.NewReader(bytes.NewReader(cut))
	if err != nil {
		t.Fatal(err)
	}
	prefix, err := io.ReadAll(zr)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("reading the cut stream: %v", err)
	}
	wantLines := int64(bytes.Count(prefix, []byte("\n")))
	if len(prefix) > 0 && prefix[len(prefix)-1] != '\n' {
		wantLines++ // the cut line is counted (and is malformed)
	}
	if wantLines < 1000 {
		t.Fatalf("only %d lines before the cut", wantLines)
	}

	dir := t.TempDir()
	bad := filepath.Join(dir, "cut.log.gz")
	good := filepath.Join(dir, "good.log")
	if err := os.WriteFile(bad, cut, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(good, log.text, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, chunk := range []int{64, 0} {
		res := Run(t.Context(), []string{bad, good}, Config{Spec: combined(), Workers: 2, chunkSize: chunk})
		src := res.Sources[0]
		if src.Err == nil || !errors.Is(src.Err, io.ErrUnexpectedEOF) || !strings.Contains(src.Err.Error(), bad) {
			t.Fatalf("chunk %d: Err = %v; want one naming %s and wrapping io.ErrUnexpectedEOF", chunk, src.Err, bad)
		}
		if src.Lines != wantLines || src.Parsed < wantLines-1 || src.Bytes != int64(len(prefix)) {
			t.Errorf("chunk %d: %+v; want %d lines, %d bytes", chunk, src, wantLines, len(prefix))
		}
		if s := res.Sources[1]; s.Err != nil || s.Lines != log.lines {
			t.Errorf("chunk %d: the next file: %+v", chunk, s)
		}
		if n := res.Summary.Lines.Read(); n != wantLines+log.lines {
			t.Errorf("chunk %d: summary has %d lines, want %d", chunk, n, wantLines+log.lines)
		}
		if prefix[len(prefix)-1] != '\n' {
			// The cut line says why it is malformed, with its number.
			if got := res.Summary.Malformed.ByReason[ReasonCutShort]; got != 1 {
				t.Errorf("chunk %d: %d lines cut short, want 1 (reasons %v)", chunk, got, res.Summary.Malformed.ByReason)
			}
			var found bool
			for _, smp := range res.Summary.Malformed.Samples {
				found = found || (smp.Reason == ReasonCutShort && smp.Line == wantLines && smp.Source == bad)
			}
			if !found {
				t.Errorf("chunk %d: no sample for line %d cut short: %+v", chunk, wantLines, res.Summary.Malformed.Samples)
			}
		}
	}
}

func TestStdin(t *testing.T) {
	log := generate(23, genOpts{lines: 400, malformed: 5, noFinalNL: true})
	tests := []struct {
		name string
		data []byte
	}{
		{"plain", log.text},
		{"gzip", gz(t, log.text)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, []string{"-"}, Config{Stdin: bytes.NewReader(tt.data), Workers: 2, chunkSize: 512})
			if res.Spec.Name() != "combined" || !res.Detected {
				t.Errorf("format %s, detected %v", res.Spec.Name(), res.Detected)
			}
			if s := res.Sources[0]; s.Name != "-" || s.Lines != log.lines || s.Parsed != log.lines-int64(len(log.malformed)) {
				t.Errorf("source %+v, want %d lines", s, log.lines)
			}
			if got := malformedLines(res.Summary, 0); !reflect.DeepEqual(got, log.malformed[:min(10, len(log.malformed))]) {
				t.Errorf("malformed lines %v, want %v", got, log.malformed)
			}
		})
	}
}

func TestUnreadableSources(t *testing.T) {
	log := generate(24, genOpts{lines: 50})
	names := writeFiles(t, log.text, log.text)
	dir := filepath.Dir(names[0])
	missing := filepath.Join(dir, "missing.log")
	in := []string{missing, names[0], dir, names[1]}
	res := Run(t.Context(), in, Config{})
	tests := []struct {
		name  string
		i     int
		err   string // a substring of the error; "" for none
		lines int64
	}{
		{"missing first", 0, missing + ": no such file", 0},
		{"file after a missing one", 1, "", 50},
		{"directory", 2, dir + ": is a directory", 0},
		{"file after a directory", 3, "", 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := res.Sources[tt.i]
			if s.Name != in[tt.i] {
				t.Errorf("Name = %q", s.Name)
			}
			switch {
			case tt.err == "" && s.Err != nil:
				t.Errorf("Err = %v", s.Err)
			case tt.err != "" && (s.Err == nil || !strings.Contains(s.Err.Error(), tt.err)):
				t.Errorf("Err = %v, want %q", s.Err, tt.err)
			}
			if s.Lines != tt.lines {
				t.Errorf("Lines = %d, want %d", s.Lines, tt.lines)
			}
		})
	}
	if res.Err() != res.Sources[0].Err {
		t.Errorf("Result.Err() = %v, want the first source's", res.Err())
	}
	if res.Spec.Name() != "combined" || res.Summary.Lines.Parsed != 100 {
		t.Errorf("format %s, %+v", res.Spec.Name(), res.Summary.Lines)
	}
}
