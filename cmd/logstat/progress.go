package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/jedib0t/go-pretty/v6/progress"

	"github.com/logstat/logstat/internal/ingest"
	"github.com/logstat/logstat/report"
)

// progressDelay: runs shorter than this show no progress bar at all.
const progressDelay = 2 * time.Second

// startProgress draws a progress bar on w for a run reading total bytes
// (0 when unknown, as for stdin) once delay has passed, and returns the
// function that removes it. The bar shows bytes read, lines per second and,
// when the total is known, the time left.
func startProgress(w io.Writer, p *ingest.Progress, total int64, cols int, delay, tick time.Duration) (stop func()) {
	quit := make(chan struct{})
	finished := make(chan struct{})
	begun := time.Now()
	// The tracker starts now, though drawn only after delay: its elapsed
	// time, and the ETA go-pretty works out from it, count from the start
	// of the run.
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
	go func() {
		defer close(finished)
		timer := time.NewTimer(delay)
		defer timer.Stop()
		select {
		case <-quit:
			return
		case <-timer.C:
		}
		update := func() {
			lines := p.Lines.Load()
			rate := float64(lines) / max(time.Since(begun).Seconds(), 1e-3) / 1e6
			tr.SetValue(p.Bytes.Load())
			tr.UpdateMessage(fmt.Sprintf("%s lines, %.1fM/s", report.Num(lines), rate))
		}
		update() // the first frame shows what was read already
		go pw.Render()
		ticker := time.NewTicker(tick)
		defer ticker.Stop()
		for {
			select {
			case <-quit:
				update()
				tr.MarkAsDone()
				pw.Stop()
				for pw.IsRenderInProgress() {
					time.Sleep(tick / 4)
				}
				return
			case <-ticker.C:
				update()
			}
		}
	}()
	return func() {
		close(quit)
		<-finished
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
