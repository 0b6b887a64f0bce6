package metrics

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// promDeadline bounds the wait for a real Prometheus: the one place the
// tests wait on the clock, because Prometheus scrapes on its own.
const promDeadline = 30 * time.Second

// TestPrometheusScrapes runs a real Prometheus scraping Handler every
// second and queries it until the counts are the ones logged, before and
// after more requests.
func TestPrometheusScrapes(t *testing.T) {
	bin := tool(t, "prometheus", "prometheus")
	if testing.Short() {
		t.Skip("starts a Prometheus server")
	}
	src := knownSource()
	h, err := Handler(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	target, stop, done := serve(t, h)
	defer func() {
		stop()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	api := startPrometheus(t, bin, target)

	deadline := time.Now().Add(promDeadline)
	waitValue(t, api, `logstat_requests_total{code="404"}`, 2, deadline)
	src.add(times(3, req{404, 10, 0.02})...)
	waitValue(t, api, `logstat_requests_total{code="404"}`, 5, deadline)
	for query, want := range map[string]float64{
		`sum(logstat_requests_total)`:                                     11,
		`logstat_lines_total{result="malformed"}`:                         1,
		`logstat_request_duration_seconds_bucket{class="4xx",le="0.025"}`: 5,
		`logstat_request_duration_seconds_count{class="2xx"}`:             3,
	} {
		waitValue(t, api, query, want, deadline)
	}
}

// startPrometheus starts Prometheus on a free loopback port, scraping
// target every second, with its storage in a temporary directory; it is
// killed when the test ends. It returns the address of its API.
func startPrometheus(t *testing.T, bin, target string) string {
	t.Helper()
	dir := t.TempDir()
	config := fmt.Sprintf("global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: logstat\n    static_configs:\n      - targets: ['%s']\n", target)
	configFile := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(configFile, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	cmd := exec.Command(bin, "--config.file="+configFile, "--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+addr, "--log.level=warn")
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := cmd.Process.Kill(); err != nil {
			t.Error(err)
		}
		_ = cmd.Wait() // "signal: killed"
		if t.Failed() {
			t.Logf("prometheus log:\n%s", log.String())
		}
	})
	return addr
}

// freeAddr returns a loopback address with a port free a moment ago.
func freeAddr(t *testing.T) string {
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

// waitValue queries Prometheus until query gives one sample of value want,
// failing the test at the deadline.
func waitValue(t *testing.T, api, query string, want float64, deadline time.Time) {
	t.Helper()
	for {
		got, err := queryValue(api, query)
		if err == nil && got == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: got %v (%v), want %v within %v", query, got, err, want, promDeadline)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// queryValue runs an instant query that must give one sample.
func queryValue(api, query string) (float64, error) {
	resp, err := http.Get("http://" + api + "/api/v1/query?query=" + url.QueryEscape(query))
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
