// Package promtest runs a real Prometheus server for integration tests:
// it starts one scraping a target and answers instant queries. Only tests
// import it; a test that needs Prometheus skips when the Debian package
// prometheus is not installed.
package promtest

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

// poll is how often Start asks a starting Prometheus whether it is ready.
const poll = 50 * time.Millisecond

// Start starts the Prometheus binary bin on a free loopback port, scraping
// target every second, its storage in a temporary directory, and returns
// the address of its API once it is ready, failing the test at deadline.
// A port taken between being found free and Prometheus listening on it is
// tried again, with another. Prometheus is killed when the test ends.
func Start(t testing.TB, bin, target string, deadline time.Time) string {
	t.Helper()
	dir := t.TempDir()
	config := fmt.Sprintf("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n  - job_name: logstat\n    static_configs:\n      - targets: ['%s']\n", target)
	configFile := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(configFile, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	for attempt := 1; ; attempt++ {
		addr := freeAddr(t)
		cmd := exec.Command(bin, "--config.file="+configFile, "--storage.tsdb.path="+filepath.Join(dir, fmt.Sprint("data", attempt)),
			"--web.listen-address="+addr, "--log.level=warn")
		log := &syncLog{}
		cmd.Stdout, cmd.Stderr = log, log
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() {
			_ = cmd.Wait() // "signal: killed" at the end
			close(done)
		}()
		t.Cleanup(func() {
			_ = cmd.Process.Kill() // it may have exited already
			<-done
			if t.Failed() {
				t.Logf("prometheus on %s: %s; log:\n%s", addr, cmd.ProcessState, log.String())
			}
		})
		if waitReady(t, addr, done, deadline, log) {
			return addr
		}
		if attempt == 3 {
			t.Fatalf("prometheus exited (%s) before it was ready, 3 times; last log:\n%s", cmd.ProcessState, log.String())
		}
		t.Logf("prometheus on %s exited (%s) before it was ready: trying another port", addr, cmd.ProcessState)
	}
}

// waitReady polls Prometheus at addr until it is ready (true) or has
// exited (false), failing the test at deadline.
func waitReady(t testing.TB, addr string, exited <-chan struct{}, deadline time.Time, log *syncLog) bool {
	t.Helper()
	for {
		select {
		case <-exited:
			return false
		default:
		}
		if resp, err := http.Get("http://" + addr + "/-/ready"); err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return true
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("prometheus on %s not ready in time; log:\n%s", addr, log.String())
		}
		time.Sleep(poll)
	}
}

// freeAddr returns a loopback address with a port free a moment ago.
func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

// Query runs an instant query against the Prometheus API at api, at time
// at unless it is zero; the query must give one sample.
func Query(api string, at time.Time, query string) (float64, error) {
	q := url.Values{"query": {query}}
	if !at.IsZero() {
		q.Set("time", strconv.FormatFloat(float64(at.UnixMilli())/1000, 'f', 3, 64))
	}
	resp, err := http.Get("http://" + api + "/api/v1/query?" + q.Encode())
	if err != nil {
		return 0, err
	}
	var r struct {
		Status string
		Error  string
		Data   struct {
			Result []struct {
				Value [2]any
			}
		}
	}
	err = json.NewDecoder(resp.Body).Decode(&r)
	if cerr := resp.Body.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, err
	}
	if r.Status != "success" {
		return 0, fmt.Errorf("query failed: %s", r.Error)
	}
	if len(r.Data.Result) != 1 {
		return 0, fmt.Errorf("%d samples", len(r.Data.Result))
	}
	s, ok := r.Data.Result[0].Value[1].(string)
	if !ok {
		return 0, fmt.Errorf("value %v", r.Data.Result[0].Value)
	}
	return strconv.ParseFloat(s, 64)
}

// syncLog collects a process's output, safe to read while it writes.
type syncLog struct {
	mu  sync.Mutex
	buf []byte
}

func (l *syncLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = append(l.buf, p...)
	return len(p), nil
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return string(l.buf)
}
