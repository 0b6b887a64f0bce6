package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/term"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/internal/follow"
	"github.com/logstat/logstat/internal/ingest"
	"github.com/logstat/logstat/internal/live"
	"github.com/logstat/logstat/internal/metrics"
	"github.com/logstat/logstat/internal/state"
	"github.com/logstat/logstat/internal/threshold"
	"github.com/logstat/logstat/parser"
	"github.com/logstat/logstat/report"
	"github.com/logstat/logstat/report/catalog"
	"github.com/logstat/logstat/report/diagnose"
	"github.com/logstat/logstat/report/render"
)

// saveEvery is how often follow mode saves --state, besides at exit.
const saveEvery = 5 * time.Second

// followWorld is what follow mode takes from the world: the clock, a
// ticker and file events. Tests give their own, so they never sleep.
type followWorld struct {
	now   func() time.Time
	tick  func(d time.Duration) (c <-chan time.Time, stop func())
	watch func(patterns []string) (c <-chan struct{}, stop func())
}

// realWorld is the world of the logstat command.
var realWorld = followWorld{
	now: time.Now,
	tick: func(d time.Duration) (<-chan time.Time, func()) {
		t := time.NewTicker(d)
		return t.C, t.Stop
	},
	watch: func(patterns []string) (<-chan struct{}, func()) {
		w, err := follow.Watch(patterns)
		if err != nil {
			return nil, func() {} // no file events here: the ticker alone
		}
		return w.C, func() { w.Close() }
	},
}

// follower is follow mode's moving parts.
type follower struct {
	o      options
	world  followWorld
	pool   *ingest.Pool
	fl     *follow.Follower
	win    *live.Window
	show   func(live.Status) error
	saved  time.Time // when --state was last saved
	errs   map[string]bool
	format string
}

// runFollow is `logstat -f FILE...`: follow the files as they grow, show
// the live view each --interval, and on SIGINT or SIGTERM write the report
// of all that was read (with --state, of all earlier runs too) and exit 0.
func runFollow(ctx context.Context, o options, stdout, stderr io.Writer, world followWorld) int {
	if len(o.args) == 0 || hasStdin(o.args) {
		return fail(stderr, "logstat", usagef("-f follows files: name them (a stream is read without -f: tail -F access.log | logstat)"))
	}
	spec, err := resolveFormat(ctx, o)
	if err != nil {
		return fail(stderr, "logstat", &usageError{err})
	}
	if err := checkOut(o, nil, nil); err != nil {
		return fail(stderr, "logstat", err)
	}
	st, err := loadState(o)
	if err != nil {
		return fail(stderr, "logstat", err)
	}
	f := newFollower(o, world, st, stdout)
	f.fl = follow.New(follow.Config{Patterns: o.args, FromStart: o.fromStart, Spec: spec, Positions: f.positions(st), Now: world.now}, f.pool)
	if o.listen != "" {
		if err := f.serveMetrics(ctx, stderr); err != nil {
			return fail(stderr, "logstat", err)
		}
	}
	tick, stopTick := world.tick(o.interval)
	defer stopTick()
	var wake <-chan struct{}
	if !o.poll {
		var stopWatch func()
		wake, stopWatch = world.watch(o.args)
		defer stopWatch()
	}
	f.poll(stderr)
	for {
		select {
		case <-ctx.Done():
			return f.finish(stdout, stderr)
		case <-wake:
			f.poll(stderr)
		case <-tick:
			f.poll(stderr)
			if err := f.interval(); err != nil {
				warn(stderr, "logstat", "%v", err)
			}
		}
	}
}

// serveMetrics serves /metrics and /healthz on --listen until ctx ends;
// it returns once listening, having said where on stderr.
func (f *follower) serveMetrics(ctx context.Context, stderr io.Writer) error {
	h, err := metrics.Handler(metricsSource{f}, metrics.Options{})
	if err != nil {
		return err
	}
	ready := make(chan string, 1)
	failed := make(chan error, 1)
	go func() {
		failed <- metrics.Serve(ctx, f.o.listen, h, func(addr string) { ready <- addr })
	}()
	select {
	case addr := <-ready:
		warn(stderr, "logstat", "metrics on http://%s/metrics", addr)
		return nil
	case err := <-failed:
		return fmt.Errorf("--listen %s: %w", f.o.listen, err)
	}
}

// metricsSource gives the metrics the running total and the follower's
// counts, at each scrape.
type metricsSource struct{ f *follower }

func (m metricsSource) Snapshot() *aggregate.Summary { return m.f.win.Total() }

func (m metricsSource) FollowStats() (rotations, truncations int64, files int) {
	s := m.f.fl.Stats()
	return s.Rotations, s.Truncations, s.Files
}

func hasStdin(args []string) bool {
	for _, a := range args {
		if a == "-" {
			return true
		}
	}
	return false
}

func newFollower(o options, world followWorld, st *state.File, stdout io.Writer) *follower {
	base := aggregate.New(summaryOptions(o))
	format := ""
	if st != nil {
		base, format = st.Summary, st.Format
	}
	return &follower{
		o: o, world: world, format: format, errs: map[string]bool{}, saved: world.now(),
		pool: newFollowPool(o),
		win:  live.New(base, world.now()),
		show: liveView(o, stdout),
	}
}

// newFollowPool is the pool of follow mode's parse workers, keeping only
// the lines within --since/--until.
func newFollowPool(o options) *ingest.Pool {
	p := ingest.NewPool(o.workers, summaryOptions(o), ingest.MaxLineSize)
	p.SetWindow(o.window)
	return p
}

func (f *follower) positions(st *state.File) []ingest.Position {
	if st == nil {
		return nil
	}
	return st.Positions
}

// poll reads what the files gained; each distinct error is said once.
func (f *follower) poll(stderr io.Writer) {
	for _, err := range f.fl.Poll() {
		if msg := err.Error(); !f.errs[msg] {
			f.errs[msg] = true
			warn(stderr, "logstat", "%s", msg)
		}
	}
}

// interval adds what was parsed since the last one to the window, shows
// the view, and saves --state when it is time.
func (f *follower) interval() error {
	now := f.world.now()
	f.win.Add(f.pool.Cut(), now)
	if err := f.show(f.status(now)); err != nil {
		return fmt.Errorf("writing the live view: %w", err)
	}
	if f.o.state != "" && now.Sub(f.saved) >= saveEvery {
		f.saved = now
		return f.save()
	}
	return nil
}

func (f *follower) status(now time.Time) live.Status {
	s := f.fl.Stats()
	src := live.Sources{Files: s.Files, Rotations: s.Rotations, Truncations: s.Truncations}
	return f.win.Status(now, src, 5, catalog.StatusText, f.findings)
}

// findings words the findings of a summary, one line each.
func (f *follower) findings(s *aggregate.Summary) []string {
	var out []string
	for _, fd := range diagnose.Diagnose(s, diagnose.Options{Profile: f.o.profile}) {
		out = append(out, "["+fd.Severity.String()+"] "+fd.Title)
	}
	return out
}

// save writes --state: the total and where reading stopped.
func (f *follower) save() error {
	err := state.Save(f.o.state, &state.File{Written: f.world.now(), Format: f.formatName(), Positions: f.fl.Positions(), Summary: f.win.Total()})
	if err != nil {
		return fmt.Errorf("saving --state: %w", err)
	}
	return nil
}

// formatName is the format of the lines read: the files', "mixed" when
// they differ.
func (f *follower) formatName() string {
	name := f.format
	for _, r := range f.fl.Results() {
		if r.Spec == nil {
			continue
		}
		switch {
		case name == "":
			name = r.Spec.Name()
		case name != r.Spec.Name():
			return "mixed"
		}
	}
	if name == "" {
		return parser.NoFormatName
	}
	return name
}

// finish reads what the files hold at the signal, saves --state and
// writes the report of everything read.
func (f *follower) finish(stdout, stderr io.Writer) int {
	f.fl.Poll()
	f.win.Add(f.pool.Cut(), f.world.now())
	code := exitOK
	if f.o.state != "" {
		if err := f.save(); err != nil {
			warn(stderr, "logstat", "%v", err)
			code = exitInput
		}
	}
	f.fl.Close()
	f.pool.Close()
	var names []string
	for _, r := range f.fl.Results() {
		names = append(names, r.Name)
	}
	total := f.win.Total()
	rep := report.Build(report.Input{Summary: total, Format: f.formatName(), Sources: names, TopN: f.o.top, Profile: f.o.profile, Bucket: f.o.bucket,
		Window: f.o.window, Thresholds: threshold.Check(f.o.rules, total)})
	if f.o.output == "json" && f.o.out == "" {
		// After JSON lines, the report is one line too.
		if err := writeCompactJSON(stdout, rep); err != nil {
			return fail(stderr, "logstat", fmt.Errorf("writing the report: %w", err))
		}
		return checkThresholds(f.o, total, code, stderr)
	}
	if isTerminal(stdout) && f.o.out == "" {
		io.WriteString(stdout, "\n")
	}
	if err := writeReport(rep, f.o, stdout); err != nil {
		return fail(stderr, "logstat", fmt.Errorf("writing the report: %w", err))
	}
	return checkThresholds(f.o, total, code, stderr)
}

func writeCompactJSON(w io.Writer, rep *report.Report) error {
	var b bytes.Buffer
	if err := render.Render(&b, "json", rep, render.Options{}); err != nil {
		return err
	}
	var c bytes.Buffer
	if err := json.Compact(&c, b.Bytes()); err != nil {
		return err
	}
	_, err := w.Write(append(c.Bytes(), '\n'))
	return err
}

// liveView picks how each interval is shown (--view): by default a full
// screen on a terminal, JSON lines with -o json, else one compact line;
// none shows nothing (a service whose metrics are scraped).
func liveView(o options, stdout io.Writer) func(live.Status) error {
	view := o.view
	if view == "auto" {
		switch {
		case o.output == "json":
			view = "json"
		case isTerminal(stdout):
			view = "screen"
		default:
			view = "line"
		}
	}
	switch view {
	case "none":
		return func(live.Status) error { return nil }
	case "json":
		return func(st live.Status) error { return live.WriteJSON(stdout, st) }
	case "screen":
		tty := isTerminal(stdout)
		return func(st live.Status) error {
			w, h := 80, 24
			if f, ok := stdout.(*os.File); ok && tty {
				if cw, ch, err := term.GetSize(int(f.Fd())); err == nil {
					w, h = cw, ch
				}
			}
			return live.WriteScreen(stdout, st, live.ScreenOptions{Width: w, Height: h, Color: useColor(tty, o.noColor, os.LookupEnv), Paths: max(h-24, 3)})
		}
	}
	return func(st live.Status) error { return live.WriteLine(stdout, st) }
}
