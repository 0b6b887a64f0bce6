package main

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/logstat/logstat/internal/ingest"
)

// lockedBuffer is a bytes.Buffer safe for the renderer's goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitFor returns once the output holds text, or after timeout.
func (l *lockedBuffer) waitFor(text string, timeout time.Duration) {
	for deadline := time.Now().Add(timeout); !strings.Contains(l.String(), text) && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
}

func TestProgressShownAfterDelay(t *testing.T) {
	var out lockedBuffer
	p := &ingest.Progress{}
	p.Bytes.Store(512 << 10)
	p.Lines.Store(123456)
	stop := startProgress(&out, p, 1<<20, 80, 0, 5*time.Millisecond)
	out.waitFor("123,456 lines", 5*time.Second)
	stop()
	if s := out.String(); !strings.Contains(s, "123,456 lines") || !strings.Contains(s, "50") {
		t.Errorf("progress output lacks lines or percentage: %q", s)
	}
}

func TestProgressSilentForShortRuns(t *testing.T) {
	var out lockedBuffer
	stop := startProgress(&out, &ingest.Progress{}, 100, 80, time.Hour, time.Millisecond)
	stop()
	if out.String() != "" {
		t.Errorf("a run shorter than the delay drew %q", out.String())
	}
}

func TestProgressNotOnPipes(t *testing.T) {
	// run's stderr here is a buffer, not a terminal: nothing but errors.
	_, _, errOut := runCLI(t, "", sample)
	if errOut != "" {
		t.Errorf("stderr %q, want nothing", errOut)
	}
}

// TestProgressETA checks that the bar, drawn only after its delay, counts
// the time from the start of the run: a quarter read after 1.1 s leaves
// some 3 s, which go-pretty shows (it hides an ETA under its precision,
// 1 s, which a tracker started at the delay would be under).
func TestProgressETA(t *testing.T) {
	var out lockedBuffer
	p := &ingest.Progress{}
	p.Bytes.Store(256 << 10)
	stop := startProgress(&out, p, 1<<20, 100, 1100*time.Millisecond, 10*time.Millisecond)
	out.waitFor("ETA", 10*time.Second)
	stop()
	if s := out.String(); !strings.Contains(s, "ETA") || !strings.Contains(s, " in 1.") {
		t.Errorf("progress output lacks an ETA or the time since the start: %q", s)
	}
}
