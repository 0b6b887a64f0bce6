package metrics

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

func TestHandler(t *testing.T) {
	src := knownSource()
	h, err := Handler(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, method, path string
		files              int
		wantStatus         int
		wantBody           []string
	}{
		{"metrics", "GET", "/metrics", 1, 200, []string{
			`logstat_requests_total{class="4xx",code="404"} 2`,
			`logstat_request_duration_seconds_bucket{class="2xx",le="0.1"} 2`,
			"go_goroutines ", "process_cpu_seconds_total ", "promhttp_metric_handler_requests_total{code=\"200\"}",
		}},
		{"healthy", "GET", "/healthz", 1, 200, []string{"ok\n"}},
		{"reading no file", "GET", "/healthz", 0, 503, []string{"not reading any file\n"}},
		{"head", "HEAD", "/healthz", 1, 200, nil},
		{"post", "POST", "/metrics", 1, 405, nil},
		{"elsewhere", "GET", "/", 1, 404, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src.mu.Lock()
			src.files = tt.files
			src.mu.Unlock()
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
			if rec.Code != tt.wantStatus {
				t.Errorf("status %d, want %d", rec.Code, tt.wantStatus)
			}
			for _, want := range tt.wantBody {
				if !strings.Contains(rec.Body.String(), want) {
					t.Errorf("body lacks %q:\n%s", want, rec.Body)
				}
			}
		})
	}
}

func TestHandlerRefusesHostLabelsWithoutHostCounts(t *testing.T) {
	if _, err := Handler(newFakeSource(), Options{MaxHostLabels: 10}); err == nil {
		t.Error("no error")
	}
}

// serve runs Serve on 127.0.0.1:0 in the background; it returns the
// address, a stop function and Serve's result.
func serve(t *testing.T, h http.Handler) (addr string, stop func(), done <-chan error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	errc := make(chan error, 1)
	go func() { errc <- Serve(ctx, "127.0.0.1:0", h, func(a string) { ready <- a }) }()
	select {
	case addr = <-ready:
	case err := <-errc:
		cancel()
		t.Fatalf("Serve: %v", err)
	}
	return addr, cancel, errc
}

func TestServe(t *testing.T) {
	h, err := Handler(knownSource(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	addr, stop, done := serve(t, h)
	if host, port, err := net.SplitHostPort(addr); err != nil || host != "127.0.0.1" || port == "0" {
		t.Errorf("ready got %q (%v), want 127.0.0.1 and the port chosen", addr, err)
	}
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	if cerr := resp.Body.Close(); err == nil {
		err = cerr
	}
	if err != nil || resp.StatusCode != 200 || string(body) != "ok\n" {
		t.Errorf("GET /healthz: %d %q %v", resp.StatusCode, body, err)
	}
	stop()
	if err := <-done; err != nil {
		t.Errorf("Serve after the context ended: %v", err)
	}
	if _, err := http.Get("http://" + addr + "/healthz"); err == nil {
		t.Error("still serving after the context ended")
	}
}

func TestServeCannotListen(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := ln.Close(); err != nil {
			t.Error(err)
		}
	})
	called := false
	err = Serve(context.Background(), ln.Addr().String(), http.NotFoundHandler(), func(string) { called = true })
	if err == nil || called {
		t.Errorf("Serve on a port in use: %v (ready called: %v), want an error before ready", err, called)
	}
}

// TestConcurrentScrapes scrapes from several goroutines while the source
// grows (for the race detector), host labels included.
func TestConcurrentScrapes(t *testing.T) {
	src := &hostSource{fakeSource: knownSource(), hosts: map[string]ClassCounts{}}
	h, err := Handler(src, Options{MaxHostLabels: 3})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 5 {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
				if rec.Code != 200 {
					t.Errorf("status %d", rec.Code)
				}
			}
		})
	}
	for i := range 20 {
		src.add(req{200 + i, 1, 0.01})
		src.mu.Lock()
		src.hosts[fmt.Sprint("h", i)] = counts2xx5xx(int64(i), 0)
		src.mu.Unlock()
	}
	wg.Wait()
}
