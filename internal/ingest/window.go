package ingest

import (
	"bytes"
	"io"
	"os"
	"time"

	"github.com/logstat/logstat/internal/input"
	"github.com/logstat/logstat/internal/timewin"
	"github.com/logstat/logstat/parser"
)

// edgeSize is how much of each end of a file outside tells its span by.
const edgeSize = 64 << 10

// outside tells whether the input name lies wholly outside the window,
// judged by the times of its first and last lines (a plain file) or of
// its first line (gzip, whose end costs a whole read: it is passed over
// only when it starts at or after --until). Logs are written in time
// order; an input whose ends do not parse is read.
func outside(name string, spec parser.Spec, win timewin.Window) bool {
	if !win.Active() || name == input.Stdin {
		return false
	}
	src, err := input.Open(name, nil)
	if err != nil {
		return false // Run says why when it opens it
	}
	defer src.Close()
	head := make([]byte, edgeSize)
	n, _ := io.ReadFull(src, head)
	head = head[:n]
	if spec == nil {
		spec = parser.Detect(usableLines(head, sampleLines)).Spec
		if spec == nil {
			return false
		}
	}
	first, ok := lineTime(spec, firstLine(head))
	if !ok {
		return false
	}
	if win.Until.Set && !win.Contains(first) && !beforeSince(win, first) {
		return true // starts at or after --until
	}
	if src.Compressed || !win.Since.Set {
		return false
	}
	last, ok := lineTime(spec, lastFullLine(name))
	return ok && beforeSince(win, last)
}

// beforeSince tells whether t is before the window's start.
func beforeSince(win timewin.Window, t time.Time) bool {
	return win.Since.Set && !(timewin.Window{Since: win.Since}).Contains(t)
}

// lineTime parses a line and returns its time.
func lineTime(spec parser.Spec, line []byte) (time.Time, bool) {
	var rec parser.Record
	p := spec.NewParser()
	if len(line) == 0 || p.Parse(line, &rec) != nil || rec.Time.IsZero() {
		return time.Time{}, false
	}
	return rec.Time, true
}

func firstLine(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return bytes.TrimSuffix(b[:i], []byte{'\r'})
	}
	return nil
}

// lastFullLine is the last complete line of a plain file.
func lastFullLine(name string) []byte {
	f, err := os.Open(name)
	if err != nil {
		return nil
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil
	}
	off := max(st.Size()-edgeSize, 0)
	tail := make([]byte, st.Size()-off)
	if _, err := f.ReadAt(tail, off); err != nil {
		return nil
	}
	end := bytes.LastIndexByte(tail, '\n')
	if end < 0 {
		return nil
	}
	start := bytes.LastIndexByte(tail[:end], '\n') + 1
	if start == 0 && off > 0 {
		return nil // the line began before the tail
	}
	return bytes.TrimSuffix(tail[start:end], []byte{'\r'})
}
