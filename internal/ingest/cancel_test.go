package ingest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"
)

// endless is a log that never ends; it calls at once when it has
// produced after bytes, and counts the reads made after that.
type endless struct {
	line  []byte
	n     int
	after int
	at    func()
	late  int // reads after at was called
}

func (e *endless) Read(p []byte) (int, error) {
	if e.at == nil {
		e.late++
	}
	n := 0
	for n < len(p) {
		k := copy(p[n:], e.line[e.n%len(e.line):])
		n += k
		e.n += k
	}
	if e.at != nil && e.n >= e.after {
		e.at()
		e.at = nil
	}
	return n, nil
}

// runAsync runs Run in a goroutine and returns its result; it fails the
// test if Run does not return (a guard only: no test waits for it when
// Run works).
func runAsync(t *testing.T, ctx context.Context, names []string, cfg Config) *Result {
	t.Helper()
	done := make(chan *Result, 1)
	go func() { done <- Run(ctx, names, cfg) }()
	select {
	case res := <-done:
		return res
	case <-time.After(time.Minute):
		t.Fatal("Run did not stop after cancellation")
		return nil
	}
}

func TestCancel(t *testing.T) {
	line := []byte(combinedLine(150, 404) + "\n")
	tests := []struct {
		name    string
		after   int // bytes read before cancelling; -1: cancelled before Run
		workers int
		chunk   int
	}{
		{"before run", -1, 2, 0},
		{"while reading", 8 << 20, 4, 0},
		{"while reading, tiny chunks", 1 << 20, 2, 64},
		{"one worker", 4 << 20, 1, 4096},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			in := &endless{line: line, after: tt.after, at: cancel}
			if tt.after < 0 {
				in.at()
				in.at = nil
			}
			names := []string{"-", writeFiles(t, line)[0]}
			res := runAsync(t, ctx, names, Config{Stdin: in, Workers: tt.workers, chunkSize: tt.chunk})
			// Promptly: the goroutine reading standard input may have one
			// read under way and one buffer ahead; nothing more is read.
			if in.late > 2 {
				t.Errorf("%d reads after the cancellation", in.late)
			}
			for i, s := range res.Sources {
				if !errors.Is(s.Err, context.Canceled) {
					t.Errorf("source %d: Err = %v, want context.Canceled", i, s.Err)
				}
			}
			if !errors.Is(res.Err(), context.Canceled) {
				t.Errorf("Err() = %v", res.Err())
			}
			if res.Summary == nil {
				t.Fatal("no summary")
			}
			// The lines counted as read are the lines summarised.
			if tt.after > 0 && (res.Summary.Lines.Parsed == 0 || res.Summary.Lines.Read() != res.Sources[0].Lines) {
				t.Errorf("%+v, source %+v", res.Summary.Lines, res.Sources[0])
			}
		})
	}
}

// doneWatch is a context that calls onDone the first time somebody waits
// on it (calls Done): the reader is then blocked, or about to be.
type doneWatch struct {
	context.Context
	once   sync.Once
	onDone func()
}

func (w *doneWatch) Done() <-chan struct{} {
	w.once.Do(func() { go w.onDone() })
	return w.Context.Done()
}

// TestCancelBlocked: inputs that block a read (or an open) forever give up
// when the context is done, and every complete line received before is
// counted, also when autodetection was still waiting for more lines.
func TestCancelBlocked(t *testing.T) {
	lines := strings.Repeat(combinedLine(200, 502)+"\n", 37)
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	tests := []struct {
		name   string
		names  []string
		stdin  func(cancel func(), prog *Progress) io.Reader
		parsed int64
	}{
		{"pipe whose writer stalls after 37 lines and half a line", []string{"-"}, func(cancel func(), prog *Progress) io.Reader {
			pr, pw := io.Pipe()
			data := []byte(lines + `198.51.100.7 - - [01/Mar/2024:10:00:00 +0000] "GET /ha`)
			go func() {
				pw.Write(data) // then the writer stalls
				// Once logstat has taken the bytes (counted above the
				// goroutine reading the pipe), the signal comes.
				for prog.Bytes.Load() < int64(len(data)) {
					time.Sleep(time.Millisecond) // polling a counter, not timing anything
				}
				cancel()
			}()
			return pr
		}, 37},
		{"FIFO without a writer", []string{fifo}, nil, 0},
		{"a device that never ends (/dev/zero)", []string{"/dev/zero"}, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, cancel := context.WithCancel(context.Background())
			defer cancel()
			var ctx context.Context = base
			var stdin io.Reader
			prog := &Progress{}
			if tt.stdin != nil {
				stdin = tt.stdin(cancel, prog)
			} else {
				ctx = &doneWatch{Context: base, onDone: cancel}
			}
			if tt.names[0] == "/dev/zero" {
				if _, err := os.Stat("/dev/zero"); err != nil {
					t.Skip("no /dev/zero")
				}
			}
			res := runAsync(t, ctx, tt.names, Config{Stdin: stdin, Workers: 2, Progress: prog})
			if !errors.Is(res.Err(), context.Canceled) {
				t.Errorf("Err() = %v, want context.Canceled", res.Err())
			}
			l := res.Summary.Lines
			if l.Parsed != tt.parsed || l.Read() != res.Sources[0].Lines {
				t.Errorf("lines %+v (source: %d read), want %d parsed", l, res.Sources[0].Lines, tt.parsed)
			}
		})
	}
}

// TestCancelGzipOfZeros: a small gzip file that inflates without end (no
// newline, ever) stops at the cancellation, between two reads.
func TestCancelGzipOfZeros(t *testing.T) {
	var member bytes.Buffer
	zw := gzip.NewWriter(&member)
	zw.Write(make([]byte, 1<<20))
	zw.Close()
	// 256 members of a MiB each: 256 MiB inflated, from a few KiB.
	name := writeFiles(t, bytes.Repeat(member.Bytes(), 256))[0]
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	prog := &Progress{}
	// Cancel once a little has been read: the progress counter moves
	// with the compressed bytes consumed.
	go func() {
		for prog.Bytes.Load() == 0 {
			time.Sleep(time.Millisecond) // polling a counter, not timing anything
		}
		cancel()
	}()
	res := runAsync(t, ctx, []string{name}, Config{Workers: 2, Progress: prog, MaxLineSize: 4 << 20})
	if !errors.Is(res.Err(), context.Canceled) {
		t.Errorf("Err() = %v, want context.Canceled", res.Err())
	}
	if got := res.Sources[0].Bytes; got >= 256<<20 {
		t.Errorf("read all %d bytes: the cancellation did not stop the inflating", got)
	}
}
