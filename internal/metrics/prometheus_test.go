package metrics

import (
	"testing"
	"time"

	"github.com/logstat/logstat/internal/promtest"
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
	deadline := time.Now().Add(promDeadline)
	api := promtest.Start(t, bin, target, deadline)
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

// waitValue queries Prometheus until query gives one sample of value want,
// failing the test at the deadline.
func waitValue(t *testing.T, api, query string, want float64, deadline time.Time) {
	t.Helper()
	for {
		got, err := promtest.Query(api, time.Time{}, query)
		if err == nil && got == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: got %v (%v), want %v within %v", query, got, err, want, promDeadline)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
