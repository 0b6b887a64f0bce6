package metrics

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Handler serves src's metrics, with the standard process and Go
// collectors', on GET /metrics, and on GET /healthz "ok" (200) while at
// least one file is being read, else "not reading any file" (503: the
// log does not exist yet, or every file went away) — a readiness check
// rather than a liveness one. Other paths are 404.
func Handler(src Source, opts Options) (http.Handler, error) {
	c, err := NewCollector(src, opts)
	if err != nil {
		return nil, err
	}
	reg := prometheus.NewRegistry()
	for _, c := range []prometheus.Collector{
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewGoCollector(),
		c,
	} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	// As promhttp.Handler, with a metric that only a broken collector
	// would not leave out alone (a value a label cannot hold): the other
	// metrics are still served, and promhttp_metric_handler_errors_total
	// counts the failure.
	metrics := promhttp.HandlerFor(reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError, Registry: reg})
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.InstrumentMetricHandler(reg, metrics))
	mux.HandleFunc("GET /healthz", healthz(src))
	return mux, nil
}

func healthz(src Source) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		msg := "ok\n"
		if _, _, files := src.FollowStats(); files == 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			msg = "not reading any file\n"
		}
		// An error here is the client's going away: nothing to do.
		_, _ = io.WriteString(w, msg)
	}
}

// ShutdownTimeout is how long Serve lets scrapes in progress finish once
// its context ends.
const ShutdownTimeout = 5 * time.Second

// Serve listens on addr (host:port; port 0 picks a free one), calls ready
// (when not nil) with the address it listens on, and serves h until ctx
// ends; it then stops accepting, lets requests in progress finish for up
// to ShutdownTimeout, and returns nil. It returns an error when it cannot
// listen or serving fails.
func Serve(ctx context.Context, addr string, h http.Handler, ready func(addr string)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	if ready != nil {
		ready(ln.Addr().String())
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		WriteTimeout:      time.Minute,
		IdleTimeout:       2 * time.Minute,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	stop, cancel := context.WithTimeout(context.WithoutCancel(ctx), ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(stop); err != nil {
		// Scrapes still running: cut them.
		if err := srv.Close(); err != nil {
			return err
		}
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
