package ingest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/klauspost/compress/gzip"
)

// logWriter writes numbered combined lines to files, as a server would.
type logWriter struct {
	t    *testing.T
	dir  string
	next int // number of the next line
}

func (w *logWriter) path(name string) string { return filepath.Join(w.dir, name) }

// write appends n lines to the file name (creating it).
func (w *logWriter) write(name string, n int) {
	w.t.Helper()
	f, err := os.OpenFile(w.path(name), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		w.t.Fatal(err)
	}
	defer f.Close()
	for range n {
		fmt.Fprintf(f, "198.51.100.%d - - [01/Mar/2024:10:00:00 +0000] \"GET /n/%d HTTP/1.1\" 200 %d \"-\" \"agent\"\n", w.next%250, w.next, w.next)
		w.next++
	}
}

func (w *logWriter) rename(from, to string) {
	w.t.Helper()
	if err := os.Rename(w.path(from), w.path(to)); err != nil {
		w.t.Fatal(err)
	}
}

// copyTruncate copies from to to, then truncates from, as logrotate's
// copytruncate does.
func (w *logWriter) copyTruncate(from, to string) {
	w.t.Helper()
	data, err := os.ReadFile(w.path(from))
	if err != nil {
		w.t.Fatal(err)
	}
	if err := os.WriteFile(w.path(to), data, 0o644); err != nil {
		w.t.Fatal(err)
	}
	if err := os.Truncate(w.path(from), 0); err != nil {
		w.t.Fatal(err)
	}
}

// gzipFile replaces name by name.gz, as logrotate's compress does.
func (w *logWriter) gzipFile(name string) {
	w.t.Helper()
	data, err := os.ReadFile(w.path(name))
	if err != nil {
		w.t.Fatal(err)
	}
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	zw.Close()
	if err := os.WriteFile(w.path(name+".gz"), b.Bytes(), 0o644); err != nil {
		w.t.Fatal(err)
	}
	os.Remove(w.path(name))
}

// incremental runs over the files matching access.log* from positions.
func (w *logWriter) incremental(positions []Position) *Result {
	w.t.Helper()
	names, _ := filepath.Glob(w.path("access.log*"))
	res := Run(context.Background(), names, Config{Incremental: true, Positions: positions, Workers: 2})
	if err := res.Err(); err != nil {
		w.t.Fatal(err)
	}
	return res
}

// TestIncrementalRotations: runs that go on from the positions of the one
// before read every line once, whatever happened to the files between
// them: appends, a rename with late writes to the renamed file, a
// copytruncate, a gzip of a rotated file, an unfinished last line.
func TestIncrementalRotations(t *testing.T) {
	w := &logWriter{t: t, dir: t.TempDir()}
	w.write("access.log", 100)
	// An unfinished line: nginx is writing it.
	f, _ := os.OpenFile(w.path("access.log"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`198.51.100.1 - - [01/Mar/2024:10:00:00 +0000] "GET /n/100 HTTP/1.1" 200 100 "-"`)
	f.Close()
	var total int64
	steps := []struct {
		name   string
		change func()
		want   int64 // lines new in this run
	}{
		{"first run", func() {}, 100},
		{"the line finished, appends", func() {
			f, _ := os.OpenFile(w.path("access.log"), os.O_APPEND|os.O_WRONLY, 0)
			f.WriteString(" \"agent\"\n")
			f.Close()
			w.next++
			w.write("access.log", 50)
		}, 51},
		{"rename rotation with late writes to the renamed file", func() {
			w.write("access.log", 10)
			w.rename("access.log", "access.log.1")
			w.write("access.log.1", 7) // nginx writes on until it reopens
			w.write("access.log", 40)
		}, 57},
		{"copytruncate, then the rotated file gzipped", func() {
			w.write("access.log", 5)
			w.gzipFile("access.log.1")
			w.copyTruncate("access.log", "access.log.2")
			w.write("access.log", 12)
		}, 17},
		{"nothing new", func() {}, 0},
	}
	var positions []Position
	for _, st := range steps {
		st.change()
		res := w.incremental(positions)
		got := res.Summary.Lines.Parsed
		total += got
		if got != st.want || res.Summary.Lines.Malformed != 0 {
			t.Errorf("%s: %d lines parsed (%d malformed), want %d", st.name, got, res.Summary.Lines.Malformed, st.want)
			for _, s := range res.Sources {
				t.Logf("  %s: from %d, %d lines, passed %v", filepath.Base(s.Name), s.From, s.Lines, s.Passed)
			}
		}
		positions = res.Positions
	}
	if want := int64(w.next); total != want {
		t.Errorf("%d lines over all runs, %d written", total, want)
	}
}
