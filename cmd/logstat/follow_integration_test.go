//go:build unix

package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/logstat/logstat/internal/promtest"
)

// The tests here run the logstat binary as a service is run: a real
// process, a real signal, real files renamed under it, scraped over HTTP
// (and by a real Prometheus). They are the only tests of this package
// that wait on the clock, because a real process runs on its own; each
// wait polls and is bounded.
const (
	binaryScrapeDeadline = 20 * time.Second // for /metrics to count every line
	binaryPromDeadline   = 40 * time.Second // for Prometheus to have scraped it
	binaryPoll           = 50 * time.Millisecond
	binaryExitDeadline   = 10 * time.Second // from SIGTERM to the exit
)

// TestFollowBinaryScrape: the logstat binary following a log across a
// rename-and-create rotation (with late writes to the renamed file) counts
// every line on /metrics, by code, exactly; on SIGTERM it exits 0 and its
// report counts every line once.
func TestFollowBinaryScrape(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the logstat binary, polling it on the clock (-short)")
	}
	t.Parallel()
	bin := buildLogstat(t)
	log := filepath.Join(t.TempDir(), "access.log")
	var lg accessLog
	lg.write(t, log, statusMix(40, 200, 200, 404, 200, 502)) // there at the start: --from-start reads it

	p := startLogstat(t, bin, "-f", log, "--listen", "127.0.0.1:0", "--view", "none", "--interval", "50ms", "--from-start", "-o", "json")
	deadline := time.Now().Add(binaryScrapeDeadline)
	// Rotate only once logstat has the file open: renamed before it was
	// ever opened, the old file would be no rotation it could see.
	waitMetrics(t, p.addr, deadline, 40)

	lg.write(t, log, statusMix(20, 502, 200, 404)) // just before the rename: read from the renamed file
	if err := os.Rename(log, log+".1"); err != nil {
		t.Fatal(err)
	}
	lg.write(t, log+".1", statusMix(5, 404, 502))                      // late writes, after the rename
	lg.write(t, log, statusMix(35, 200, 200, 502, 200, 404, 200, 200)) // the new file
	m := waitMetrics(t, p.addr, deadline, lg.lines)

	var requests float64
	for series, v := range m {
		if strings.HasPrefix(series, "logstat_requests_total{") {
			requests += v
		}
	}
	if requests != float64(lg.lines) {
		t.Errorf("logstat_requests_total sums to %v, want %d (every line written)", requests, lg.lines)
	}
	for _, code := range lg.sortedCodes() {
		series := fmt.Sprintf(`logstat_requests_total{class="%dxx",code="%d"}`, code/100, code)
		if got := m[series]; got != float64(lg.codes[code]) {
			t.Errorf("%s %v, want %d", series, got, lg.codes[code])
		}
	}
	if got := m[`logstat_lines_total{result="malformed"}`]; got != 0 {
		t.Errorf(`logstat_lines_total{result="malformed"} %v, want 0`, got)
	}
	if got := m["logstat_rotations_total"]; got < 1 {
		t.Errorf("logstat_rotations_total %v, want at least 1 (the log was renamed and created again)", got)
	}

	code, out := p.stop(t)
	if code != 0 {
		t.Fatalf("exit %d after SIGTERM, want 0; stderr:\n%s", code, p.stderr.String())
	}
	var rep struct {
		Lines struct{ Read, Parsed, Malformed, Skipped int64 } `json:"lines"`
		Codes []struct {
			Code  int   `json:"code"`
			Count int64 `json:"count"`
		} `json:"codes"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || strings.Count(out, "\n") != 1 {
		t.Fatalf("stdout is not one line of a JSON report (%v):\n%.500s", err, out)
	}
	if n := int64(lg.lines); rep.Lines.Read != n || rep.Lines.Parsed != n || rep.Lines.Malformed != 0 || rep.Lines.Skipped != 0 {
		t.Errorf("report lines %+v, want %d read and parsed, none else", rep.Lines, n)
	}
	got := map[int]int64{}
	for _, c := range rep.Codes {
		got[c.Code] += c.Count
	}
	if fmt.Sprint(got) != fmt.Sprint(lg.codes) {
		t.Errorf("report counts %v by code, want %v", got, lg.codes)
	}
	if errOut := p.stderr.String(); strings.Count(errOut, "\n") != 1 {
		t.Errorf("stderr has more than the address line:\n%s", errOut)
	}
}

// TestFollowBinaryPrometheus: a real Prometheus scraping the logstat
// binary every second computes the 5xx share of the requests followed,
// both from the counters and from their rates.
func TestFollowBinaryPrometheus(t *testing.T) {
	prom, err := exec.LookPath("prometheus")
	if err != nil {
		t.Skipf("prometheus not found (Debian package prometheus): %v", err)
	}
	if testing.Short() {
		t.Skip("builds and runs the logstat binary and a Prometheus server (-short)")
	}
	t.Parallel()
	bin := buildLogstat(t)
	log := filepath.Join(t.TempDir(), "access.log")
	var lg accessLog
	// Before Prometheus starts: 15 of 100 lines are 502, the share the
	// lines written later have too (see the rate query below).
	lg.write(t, log, statusMix(100, 200, 200, 200, 502, 200, 200, 200, 200, 200, 200, 200, 200, 502, 200, 200, 200, 200, 502, 200, 200))
	p := startLogstat(t, bin, "-f", log, "--listen", "127.0.0.1:0", "--view", "none", "--interval", "50ms", "--from-start")
	waitMetrics(t, p.addr, time.Now().Add(binaryScrapeDeadline), 100)

	promStart := time.Now()
	deadline := promStart.Add(binaryPromDeadline)
	api := promtest.Start(t, prom, p.addr, deadline)
	// Prometheus' first sample is of the first 100 lines, all of them:
	// only then are the others written.
	if _, err := waitPromQuery(t, api, deadline, time.Time{}, `sum(logstat_requests_total)`, func(v float64) bool { return v == 100 }); err != nil {
		t.Fatal(err)
	}
	lg.write(t, log, statusMix(200, 200, 200, 200, 502, 200, 200, 200, 200, 200, 200, 200, 200, 502, 200, 200, 200, 200, 502, 200, 200)) // 30 of 200 are 502

	// Queried at a fixed time, so that both queries read the same samples.
	var at time.Time
	ratio := `sum(logstat_requests_total{class="5xx"}) / sum(logstat_requests_total)`
	for {
		at = time.Now()
		n, errN := promtest.Query(api, at, `sum(logstat_requests_total)`)
		r, errR := promtest.Query(api, at, ratio)
		if errN == nil && errR == nil && n == 300 && math.Abs(r-0.15) <= 1e-9 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("within %v of starting Prometheus: sum(logstat_requests_total) %v (%v), %s %v (%v); want 300 and 0.15",
				binaryPromDeadline, n, errN, ratio, r, errR)
		}
		time.Sleep(binaryPoll)
	}

	// rate() extrapolates each series' increase over its range by the same
	// factor when the series have samples at the same times (one scrape)
	// and the same first value to increase ratio: the range (1m) reaches
	// back past Prometheus' start (at is within binaryPromDeadline of it),
	// so its first sample is of the first 100 lines (15 502s, 85 200s), its
	// last of all 300 (45, 255), and both series rose by twice their first
	// value. The share of the rates is then exactly the share of the lines
	// written meanwhile, 30 of 200, whenever the scrapes fell. (With 5 of
	// the first 100 lines 502s, it came out 0.1170 to 0.1178 from run to
	// run: a counter's range is extrapolated back no further than to where
	// it would have been 0, and that point differs between the series.)
	if at.Sub(promStart) >= 55*time.Second {
		t.Fatalf("queried %v after Prometheus started: its first sample may be out of the 1m range", at.Sub(promStart))
	}
	rateRatio := `sum(rate(logstat_requests_total{class="5xx"}[1m])) / sum(rate(logstat_requests_total[1m]))`
	if r, err := promtest.Query(api, at, rateRatio); err != nil || math.Abs(r-0.15) > 1e-9 {
		t.Errorf("%s: %v (%v), want 0.15", rateRatio, r, err)
	}

	if code, _ := p.stop(t); code != 0 {
		t.Errorf("exit %d after SIGTERM, want 0; stderr:\n%s", code, p.stderr.String())
	}
}

// buildLogstat builds the logstat command into a temporary directory, with
// the race detector when this test binary has it, and returns its path.
func buildLogstat(t *testing.T) string {
	t.Helper()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command to build logstat with: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "logstat")
	args := []string{"build", "-o", bin}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "-race" && s.Value == "true" {
				args = append(args, "-race")
			}
		}
	}
	start := time.Now()
	cmd := exec.Command(goCmd, append(args, ".")...) // the test runs in cmd/logstat
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	t.Logf("go %s logstat: %v", strings.Join(append(args[:1:1], args[3:]...), " "), time.Since(start).Round(time.Millisecond))
	return bin
}

// logstatProc is a logstat process; addr is where it serves /metrics.
type logstatProc struct {
	cmd    *exec.Cmd
	addr   string
	stdout bytes.Buffer // read once done is closed
	stderr syncText
	done   chan struct{} // closed when the process has exited
}

// startLogstat starts the logstat binary with args, which must include
// --listen, and returns once it has said where it serves metrics. It is
// ended (SIGTERM, then SIGKILL) when the test ends, if still running.
func startLogstat(t *testing.T, bin string, args ...string) *logstatProc {
	t.Helper()
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &logstatProc{cmd: exec.Command(bin, args...), done: make(chan struct{})}
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, pw
	if err := p.cmd.Start(); err != nil {
		pr.Close()
		pw.Close()
		t.Fatal(err)
	}
	pw.Close() // the child's now
	addrs := make(chan string, 1)
	stderrDone := make(chan struct{})
	go func() {
		defer close(stderrDone)
		defer pr.Close()
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			line := sc.Text()
			p.stderr.add(line + "\n")
			if a, ok := strings.CutPrefix(line, "logstat: metrics on http://"); ok {
				select {
				case addrs <- strings.TrimSuffix(a, "/metrics"):
				default:
				}
			}
		}
	}()
	go func() {
		p.cmd.Wait() // the exit status is read from cmd.ProcessState
		close(p.done)
	}()
	t.Cleanup(func() {
		p.end(t)
		<-stderrDone // the child, holding the pipe's other end, is gone
		if t.Failed() {
			t.Logf("logstat %s: stderr:\n%s", strings.Join(args, " "), p.stderr.String())
		}
	})
	select {
	case p.addr = <-addrs:
	case <-p.done:
		t.Fatalf("logstat exited (%v) before serving metrics", p.cmd.ProcessState)
	case <-time.After(binaryExitDeadline):
		t.Fatalf("logstat did not say where it serves metrics within %v", binaryExitDeadline)
	}
	return p
}

// end sends SIGTERM unless the process has exited, and SIGKILL if it has
// not exited within binaryExitDeadline; it returns once it has.
func (p *logstatProc) end(t *testing.T) {
	select {
	case <-p.done:
		return
	default:
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		t.Errorf("SIGTERM: %v", err)
	}
	select {
	case <-p.done:
	case <-time.After(binaryExitDeadline):
		t.Errorf("logstat still running %v after SIGTERM: killed", binaryExitDeadline)
		p.cmd.Process.Kill()
		<-p.done
	}
}

// stop ends the process with SIGTERM and returns its exit code and what
// it wrote on stdout.
func (p *logstatProc) stop(t *testing.T) (int, string) {
	t.Helper()
	p.end(t)
	return p.cmd.ProcessState.ExitCode(), p.stdout.String()
}

// syncText is text written by one goroutine and read by others.
type syncText struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncText) add(text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.WriteString(text)
}

func (s *syncText) Write(p []byte) (int, error) {
	s.add(string(p))
	return len(p), nil
}

func (s *syncText) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// accessLog writes combined log lines and counts what it wrote.
type accessLog struct {
	lines int
	codes map[int]int64
}

// write appends a line for each status to the file named, in one write.
func (l *accessLog) write(t *testing.T, name string, statuses []int) {
	t.Helper()
	if l.codes == nil {
		l.codes = map[int]int64{}
	}
	var b strings.Builder
	for _, status := range statuses {
		fmt.Fprintf(&b, "203.0.113.%d - - [02/Dec/2026:10:%02d:%02d +0000] \"GET /item/%d HTTP/1.1\" %d %d \"-\" \"Mozilla/5.0\"\n",
			l.lines%250+1, l.lines/60%60, l.lines%60, l.lines, status, 100+l.lines)
		l.lines++
		l.codes[status]++
	}
	f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.WriteString(b.String())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
}

func (l *accessLog) sortedCodes() []int {
	var codes []int
	for c := range l.codes {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	return codes
}

// statusMix is n statuses, pattern repeated.
func statusMix(n int, pattern ...int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = pattern[i%len(pattern)]
	}
	return s
}

// scrapeMetrics gets /metrics from addr: each series' value by its name
// and labels as written.
func scrapeMetrics(addr string) (map[string]float64, error) {
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("/metrics: %s", resp.Status)
	}
	m := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if i < 0 {
			return nil, fmt.Errorf("/metrics line %q", line)
		}
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			return nil, fmt.Errorf("/metrics line %q: %v", line, err)
		}
		m[line[:i]] = v
	}
	return m, sc.Err()
}

// waitMetrics scrapes addr until it counts lines parsed, failing the test
// at the deadline; it returns that scrape.
func waitMetrics(t *testing.T, addr string, deadline time.Time, lines int) map[string]float64 {
	t.Helper()
	const parsed = `logstat_lines_total{result="parsed"}`
	for {
		m, err := scrapeMetrics(addr)
		if err == nil && m[parsed] == float64(lines) {
			return m
		}
		if time.Now().After(deadline) {
			var have []string
			for k, v := range m {
				if strings.HasPrefix(k, "logstat_") && !strings.Contains(k, "_bucket") {
					have = append(have, fmt.Sprintf("%s %v", k, v))
				}
			}
			sort.Strings(have)
			t.Fatalf("/metrics (%v) did not count %d lines parsed in time:\n%s", err, lines, strings.Join(have, "\n"))
		}
		time.Sleep(binaryPoll)
	}
}

// waitPromQuery runs query until ok holds for its value, or the deadline;
// it returns the value.
func waitPromQuery(t *testing.T, api string, deadline, at time.Time, query string, ok func(float64) bool) (float64, error) {
	t.Helper()
	for {
		v, err := promtest.Query(api, at, query)
		if err == nil && ok(v) {
			return v, nil
		}
		if time.Now().After(deadline) {
			return v, fmt.Errorf("%s: %v (%v) at the deadline", query, v, err)
		}
		time.Sleep(binaryPoll)
	}
}
