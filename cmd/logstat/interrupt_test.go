package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// stallingStdin gives data, then blocks as a pipe whose writer stalls,
// and calls stalled when the second read starts (the first read's data
// has then been handed over).
type stallingStdin struct {
	data    []byte
	once    sync.Once
	stalled func()
	block   chan struct{}
}

func (s *stallingStdin) Read(p []byte) (int, error) {
	if len(s.data) > 0 {
		n := copy(p, s.data)
		s.data = s.data[n:]
		return n, nil
	}
	s.once.Do(s.stalled)
	<-s.block // never closed: the writer is gone for good
	return 0, nil
}

// doneWatch is a context that calls onDone the first time somebody waits
// on it: logstat is then blocked, or about to be.
type doneWatch struct {
	context.Context
	once   sync.Once
	onDone func()
}

func (w *doneWatch) Done() <-chan struct{} {
	w.once.Do(func() { go w.onDone() })
	return w.Context.Done()
}

// TestInterruptedWhileBlocked: (cat access.log; sleep 30) | logstat gets a
// signal during the sleep: every line received is reported, the report
// says it is partial, exit 130.
func TestInterruptedWhileBlocked(t *testing.T) {
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	for _, output := range []string{"json", "text"} {
		t.Run(output, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			stdin := &stallingStdin{data: data, stalled: cancel, block: make(chan struct{})}
			var out, errOut bytes.Buffer
			code := run(ctx, []string{"-o", output}, stdin, &out, &errOut)
			if code != exitInterrupted || !strings.Contains(errOut.String(), "interrupted") {
				t.Errorf("exit %d, stderr %q: want 130", code, errOut.String())
			}
			want := int64(bytes.Count(data, []byte{'\n'}))
			if output == "text" {
				if !strings.Contains(out.String(), "PARTIAL REPORT: interrupted") || !strings.Contains(out.String(), "216 read") {
					t.Errorf("text report does not say partial, or lacks lines:\n%.400s", out.String())
				}
				return
			}
			r := decode(t, out.String())
			if r.Complete || !r.Interrupted || r.Lines.Read != want {
				t.Errorf("complete %v interrupted %v, %d lines read: want false, true, %d", r.Complete, r.Interrupted, r.Lines.Read, want)
			}
		})
	}
}

// TestInterruptedNginxConfFIFO: a FIFO without a writer as --nginx-conf
// does not hold logstat once a signal comes.
func TestInterruptedNginxConfFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "nginx.conf")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	base, cancel := context.WithCancel(context.Background())
	defer cancel()
	ctx := &doneWatch{Context: base, onDone: cancel}
	var out, errOut bytes.Buffer
	code := run(ctx, []string{"--nginx-conf", fifo, "--format", "main", sample}, strings.NewReader(""), &out, &errOut)
	if code != exitInterrupted || out.Len() != 0 {
		t.Errorf("exit %d, stdout %q, stderr %q: want 130 and nothing on stdout", code, out.String(), errOut.String())
	}
}

// TestCompleteReport: a full read says complete; an input cut short does not.
func TestCompleteReport(t *testing.T) {
	_, out, _ := runCLI(t, "", "-o", "json", sample)
	if r := decode(t, out); !r.Complete || r.Interrupted {
		t.Errorf("complete %v interrupted %v for a whole read", r.Complete, r.Interrupted)
	}
	data, _ := os.ReadFile(sample)
	gz := gzipBytes(t, bytes.Repeat(data, 20))
	cut := writeFile(t, "cut.gz", gz[:len(gz)/2])
	_, out, _ = runCLI(t, "", "-o", "json", sample, cut)
	if r := decode(t, out); r.Complete {
		t.Error("complete is true though an input was cut short")
	}
}
