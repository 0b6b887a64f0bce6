package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/jedib0t/go-pretty/v6/progress"
	"golang.org/x/term"

	"github.com/logstat/logstat/internal/ingest"
	"github.com/logstat/logstat/report"
)

const (
	// progressDelay: runs shorter than this show no progress bar at all.
	progressDelay = 2 * time.Second
	// progressTick is how often the bar's values are updated and redrawn.
	progressTick = 150 * time.Millisecond
)

// A bar is what startProgress draws on: go-pretty's progress tracker on a
// terminal (prettyBar), a recorder in tests.
type bar interface {
	show()                       // start drawing, after the delay
	set(bytes int64, msg string) // the values of the next frame
	done()                       // remove the bar; it is gone on return
}

// A clock is the time as startProgress sees it: the real one, or one that a
// test moves by hand.
type clock struct {
	now func() time.Time
	// after fires once, d from now; ticker fires every d until stopped.
	after  func(d time.Duration) <-chan time.Time
	ticker func(d time.Duration) (ticks <-chan time.Time, stop func())
}

var realClock = clock{
	now:   time.Now,
	after: time.After,
	ticker: func(d time.Duration) (<-chan time.Time, func()) {
		t := time.NewTicker(d)
		return t.C, t.Stop
	},
}

// startTerminalProgress starts a progress bar on stderr when it is a
// terminal and -q is not given, and returns the function that removes it.
func startTerminalProgress(stderr io.Writer, quiet bool, p *ingest.Progress, names []string) (stop func()) {
	f, ok := stderr.(*os.File)
	if !ok || quiet || !term.IsTerminal(int(f.Fd())) {
		return func() {}
	}
	cols, _, err := term.GetSize(int(f.Fd()))
	if err != nil || cols <= 0 {
		cols = 80
	}
	b := newPrettyBar(stderr, inputSize(names), cols, progressTick)
	return startProgress(b, p, realClock, progressDelay, progressTick)
}

// startProgress shows b once delay has passed and then updates it every
// tick with the bytes and lines p has counted, until the returned function
// is called, which removes it. A run that ends before delay shows nothing.
func startProgress(b bar, p *ingest.Progress, c clock, delay, tick time.Duration) (stop func()) {
	quit := make(chan struct{})
	finished := make(chan struct{})
	begun := c.now()
	frame := func() {
		lines := p.Lines.Load()
		rate := float64(lines) / max(c.now().Sub(begun).Seconds(), 1e-3) / 1e6
		b.set(p.Bytes.Load(), fmt.Sprintf("%s lines, %.1fM/s", report.Num(lines), rate))
	}
	go func() {
		defer close(finished)
		select {
		case <-quit:
			return
		case <-c.after(delay):
		}
		frame() // the first frame shows what was read already
		b.show()
		ticks, stopTicks := c.ticker(tick)
		defer stopTicks()
		for {
			select {
			case <-quit:
				frame()
				b.done()
				return
			case <-ticks:
				frame()
			}
		}
	}()
	return func() {
		close(quit)
		<-finished
	}
}

// prettyBar is a bar drawn by go-pretty: bytes read, lines per second and,
// when the total is known, the percentage and the time left.
type prettyBar struct {
	pw       progress.Writer
	tr       *progress.Tracker
	tick     time.Duration
	rendered chan struct{} // closed when pw.Render returns; nil until shown
}

// newPrettyBar makes the bar for a run reading total bytes (0 when unknown,
// as for stdin) on a terminal cols wide. Its tracker starts now, though
// drawn only once shown: its elapsed time, and the ETA go-pretty works out
// from it, count from the start of the run.
func newPrettyBar(w io.Writer, total int64, cols int, tick time.Duration) *prettyBar {
	pw := progress.NewWriter()
	pw.SetOutputWriter(w)
	pw.SetUpdateFrequency(tick)
	pw.SetAutoStop(false)
	// Stay within the terminal, or every redraw wraps into a new line.
	pw.SetTerminalWidth(cols)
	pw.SetMessageLength(28)
	pw.SetTrackerLength(max(10, min(30, cols-60)))
	pw.Style().Visibility.ETA = total > 0
	pw.Style().Visibility.Percentage = total > 0
	pw.Style().Visibility.Value = true
	tr := &progress.Tracker{Message: "reading", Total: total, Units: progress.UnitsBytes, RemoveOnCompletion: true}
	pw.AppendTracker(tr)
	return &prettyBar{pw: pw, tr: tr, tick: tick}
}

func (b *prettyBar) show() {
	b.rendered = make(chan struct{})
	go func() {
		defer close(b.rendered)
		b.pw.Render()
	}()
}

func (b *prettyBar) set(bytes int64, msg string) {
	b.tr.SetValue(bytes)
	b.tr.UpdateMessage(msg)
}

func (b *prettyBar) done() {
	b.tr.MarkAsDone()
	if b.rendered == nil {
		return
	}
	for {
		// A Stop that comes before Render has set itself up is lost:
		// repeat it until Render returns.
		b.pw.Stop()
		select {
		case <-b.rendered:
			return
		case <-time.After(b.tick / 4):
		}
	}
}

// inputSize sums the sizes of the named regular files; 0 when any is not
// one (stdin, a pipe), so that no wrong ETA is shown.
func inputSize(names []string) int64 {
	var total int64
	for _, n := range names {
		st, err := os.Stat(n)
		if err != nil || !st.Mode().IsRegular() {
			return 0
		}
		total += st.Size()
	}
	return total
}
