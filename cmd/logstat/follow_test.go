package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeWorld is a followWorld driven by the test: ticks are sent by hand,
// the clock moves a second per tick, and there are no file events.
type fakeWorld struct {
	tick chan time.Time
	mu   sync.Mutex
	now  time.Time
}

func (w *fakeWorld) clock() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.now
}

// advance moves the clock a second on and returns the new time.
func (w *fakeWorld) advance() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.now = w.now.Add(time.Second)
	return w.now
}

func newFakeWorld() *fakeWorld {
	return &fakeWorld{tick: make(chan time.Time), now: time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)}
}

func (w *fakeWorld) world() followWorld {
	return followWorld{
		now:   w.clock,
		tick:  func(time.Duration) (<-chan time.Time, func()) { return w.tick, func() {} },
		watch: func([]string) (<-chan struct{}, func()) { return nil, func() {} },
	}
}

func appendLines(t *testing.T, name string, from, n, status int) {
	t.Helper()
	f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for i := from; i < from+n; i++ {
		fmt.Fprintf(f, "198.51.100.7 - - [02/Dec/2026:10:00:00 +0000] \"GET /n/%d HTTP/1.1\" %d 10 \"-\" \"agent\" 0.%03d\n", i, status, i%1000)
	}
}

// followSession runs logstat -f with args in a fake world; next sends a
// tick (the clock a second on) and returns the JSON line it showed, stop
// sends the signal and returns the exit code and the final report.
type followSession struct {
	t     *testing.T
	w     *fakeWorld
	lines *bufio.Scanner
	done  chan int
	stop  func() (int, map[string]any)
}

func startFollow(t *testing.T, args ...string) *followSession {
	return startFollowErr(t, io.Discard, args...)
}

// startFollowErr is startFollow with stderr given.
func startFollowErr(t *testing.T, stderr io.Writer, args ...string) *followSession {
	t.Helper()
	w := newFakeWorld()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	s := &followSession{t: t, w: w, lines: bufio.NewScanner(pr), done: make(chan int, 1)}
	s.lines.Buffer(make([]byte, 1<<20), 1<<22)
	go func() {
		o, err := parseFlags(append([]string{"-f", "-o", "json"}, args...))
		if err == nil {
			err = o.validate()
		}
		if err != nil {
			t.Error(err)
			s.done <- 2
			pw.Close()
			return
		}
		code := runFollow(ctx, o, pw, stderr, w.world())
		pw.Close()
		s.done <- code
	}()
	s.stop = func() (int, map[string]any) {
		cancel()
		var last string
		for s.lines.Scan() {
			last = s.lines.Text()
		}
		var rep map[string]any
		if err := json.Unmarshal([]byte(last), &rep); err != nil {
			t.Fatalf("the last line is no report: %v\n%.300s", err, last)
		}
		return <-s.done, rep
	}
	return s
}

func (s *followSession) next() map[string]any {
	s.t.Helper()
	s.w.tick <- s.w.advance()
	if !s.lines.Scan() {
		s.t.Fatal("no live line after a tick")
	}
	var st map[string]any
	if err := json.Unmarshal(s.lines.Bytes(), &st); err != nil {
		s.t.Fatalf("live line is not JSON: %v: %s", err, s.lines.Text())
	}
	return st
}

func linesParsed(m map[string]any) int64 {
	lines, _ := m["lines"].(map[string]any)
	for _, k := range []string{"Parsed", "parsed"} {
		if v, ok := lines[k].(float64); ok {
			return int64(v)
		}
	}
	return -1
}

// TestFollowCLI: logstat -f shows a JSON line per interval while a log
// grows and is rotated, and on the signal writes the report of every line
// and exits 0; with --state a second follower goes on where it stopped.
func TestFollowCLI(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "access.log")
	st := filepath.Join(dir, "follow.state")
	appendLines(t, log, 0, 5, 200) // there before: not read (no --from-start)

	s := startFollow(t, "--state", st, log)
	s.next()
	appendLines(t, log, 5, 10, 502)
	if got := linesParsed(s.next()); got != 10 {
		t.Errorf("after 10 new lines the view says %d parsed", got)
	}
	appendLines(t, log, 15, 3, 404)
	os.Rename(log, log+".1")
	appendLines(t, log+".1", 18, 2, 404) // late writes
	appendLines(t, log, 20, 4, 200)
	s.next()
	code, rep := s.stop()
	if code != 0 || linesParsed(rep) != 19 {
		t.Fatalf("exit %d, report with %d lines; want 0 and 19", code, linesParsed(rep))
	}

	// Restarted: lines written while it was down are read too.
	appendLines(t, log, 24, 6, 503)
	s2 := startFollow(t, "--state", st, log)
	s2.next()
	appendLines(t, log, 30, 1, 200)
	s2.next()
	code, rep = s2.stop()
	if code != 0 || linesParsed(rep) != 26 {
		t.Errorf("restarted: exit %d, report with %d lines; want 0 and 26 (all runs)", code, linesParsed(rep))
	}
}

func TestFollowRefusesStdin(t *testing.T) {
	code, _, errOut := runCLI(t, "", "-f", "-")
	if code != 2 || !strings.Contains(errOut, "-f follows files") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

// TestFollowMetrics: with --listen, /metrics counts what was followed and
// /healthz answers; port 0 picks a port, said on stderr.
func TestFollowMetrics(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "access.log")
	appendLines(t, log, 0, 0, 200)
	var errOut lockedBuffer
	s := startFollowErr(t, &errOut, "--listen", "127.0.0.1:0", log)
	s.next() // listening by now: runFollow says so before following
	addr := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(errOut.String()), "logstat: metrics on http://"), "/metrics")
	appendLines(t, log, 0, 7, 502)
	appendLines(t, log, 7, 2, 200)
	s.next()
	body := httpGet(t, "http://"+addr+"/metrics")
	for _, want := range []string{`logstat_requests_total{class="5xx",code="502"} 7`, `logstat_lines_total{result="parsed"} 9`, "logstat_files 1"} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if h := httpGet(t, "http://"+addr+"/healthz"); !strings.Contains(h, "ok") {
		t.Errorf("/healthz: %q", h)
	}
	if code, _ := s.stop(); code != 0 {
		t.Errorf("exit %d", code)
	}
}

func httpGet(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// lockedBuffer is a bytes.Buffer safe for another goroutine's writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
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
