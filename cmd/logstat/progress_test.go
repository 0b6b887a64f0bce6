package main

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/logstat/logstat/internal/ingest"
)

// fakeClock is a clock the test moves: the delay and each tick fire when
// the test sends on them, at the time the test has set.
type fakeClock struct {
	mu    sync.Mutex
	t     time.Time
	delay chan time.Time
	ticks chan time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), delay: make(chan time.Time), ticks: make(chan time.Time)}
}

func (f *fakeClock) clock() clock {
	return clock{
		now: func() time.Time {
			f.mu.Lock()
			defer f.mu.Unlock()
			return f.t
		},
		after:  func(time.Duration) <-chan time.Time { return f.delay },
		ticker: func(time.Duration) (<-chan time.Time, func()) { return f.ticks, func() {} },
	}
}

// advance moves the time on by d without firing anything.
func (f *fakeClock) advance(d time.Duration) time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t = f.t.Add(d)
	return f.t
}

// recordingBar records what startProgress draws, one event per call.
type recordingBar struct{ events chan string }

func newRecordingBar() *recordingBar { return &recordingBar{events: make(chan string, 16)} }

func (r *recordingBar) show()                       { r.events <- "show" }
func (r *recordingBar) set(bytes int64, msg string) { r.events <- fmt.Sprintf("set %d %s", bytes, msg) }
func (r *recordingBar) done()                       { r.events <- "done" }

// expect reads the next events and checks them. It blocks until they come:
// startProgress draws after the test's send on the delay or tick channel
// returns, and before stop returns.
func (r *recordingBar) expect(t *testing.T, want ...string) {
	t.Helper()
	for _, w := range want {
		if got := <-r.events; got != w {
			t.Fatalf("event %q, want %q", got, w)
		}
	}
}

func TestProgressFrames(t *testing.T) {
	clk := newFakeClock()
	b := newRecordingBar()
	p := &ingest.Progress{}
	stop := startProgress(b, p, clk.clock(), progressDelay, progressTick)

	// The rate counts from the start of the run, not from the delay.
	p.Bytes.Store(512 << 10)
	p.Lines.Store(4_000_000)
	clk.delay <- clk.advance(2 * time.Second)
	b.expect(t, "set 524288 4,000,000 lines, 2.0M/s", "show") // the first frame, then the bar

	p.Lines.Store(5_000_000)
	clk.ticks <- clk.advance(time.Second / 2)
	b.expect(t, "set 524288 5,000,000 lines, 2.0M/s")

	p.Bytes.Store(1 << 20)
	stop()
	b.expect(t, "set 1048576 5,000,000 lines, 2.0M/s", "done") // the last frame, then the bar goes
	if len(b.events) != 0 {
		t.Errorf("events after done: %q", <-b.events)
	}
}

func TestProgressSilentForShortRuns(t *testing.T) {
	b := newRecordingBar()
	stop := startProgress(b, &ingest.Progress{}, newFakeClock().clock(), progressDelay, progressTick)
	stop()
	if len(b.events) != 0 {
		t.Errorf("a run shorter than the delay drew: %q", <-b.events)
	}
}

// TestPrettyBarStartsWithTheRun: go-pretty counts the elapsed time, and
// the ETA from it, from the tracker's start, which must be the start of
// the run and not the moment the bar is first drawn, or the ETA stays
// under go-pretty's precision and is not shown. A bar never shown draws
// nothing.
func TestPrettyBarStartsWithTheRun(t *testing.T) {
	var out bytes.Buffer
	b := newPrettyBar(&out, 1<<20, 100, progressTick)
	if !b.tr.IsStarted() {
		t.Error("the tracker is not started when the bar is made")
	}
	b.set(256<<10, "reading")
	b.done()
	if out.Len() != 0 {
		t.Errorf("a bar never shown drew %q", out.String())
	}
}

func TestProgressNotOnPipes(t *testing.T) {
	// run's stderr here is a buffer, not a terminal: nothing but errors.
	_, _, errOut := runCLI(t, "", sample)
	if errOut != "" {
		t.Errorf("stderr %q, want nothing", errOut)
	}
}
