package metrics

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/logstat/logstat/aggregate"
)

var vhostDesc = prometheus.NewDesc("logstat_vhost_requests_total",
	`Requests logged, by virtual host (a bounded set; "other" for the rest) and status class.`,
	[]string{"vhost", "class"}, nil)

// otherHost is the vhost value of every request without one of its own.
const otherHost = "other"

// hostLabels gives the first max hosts a vhost value of their own, for
// good: a host without one at a scrape never gets one later (the set was
// full), so every series, "other" included, only grows.
type hostLabels struct {
	src HostSource
	max int

	mu       sync.Mutex
	admitted map[string]bool // by label value
}

func newHostLabels(src HostSource, max int) *hostLabels {
	return &hostLabels{src: src, max: max, admitted: map[string]bool{}}
}

// collect sends the requests of every admitted host, and the others as
// vhost="other".
func (h *hostLabels) collect(ch chan<- prometheus.Metric) {
	hosts, rest := h.src.HostCounts()
	byLabel := map[string]ClassCounts{}
	for name, counts := range hosts {
		label := hostLabel(name)
		byLabel[label] = addCounts(byLabel[label], counts)
	}
	admitted := h.admit(byLabel)
	other := rest
	for label, counts := range byLabel {
		if !admitted[label] {
			other = addCounts(other, counts)
			continue
		}
		sendHost(ch, label, counts)
	}
	sendHost(ch, otherHost, other)
}

// admit gives hosts a label of their own while there is room, the most
// requested first, and returns a copy of the admitted set.
func (h *hostLabels) admit(byLabel map[string]ClassCounts) map[string]bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.admitted) >= h.max {
		return maps.Clone(h.admitted)
	}
	var fresh []string
	for label := range byLabel {
		if label != otherHost && label != "" && !h.admitted[label] {
			fresh = append(fresh, label)
		}
	}
	slices.SortFunc(fresh, func(a, b string) int {
		if c := cmp.Compare(total(byLabel[b]), total(byLabel[a])); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	for _, label := range fresh[:min(len(fresh), h.max-len(h.admitted))] {
		h.admitted[label] = true
	}
	return maps.Clone(h.admitted)
}

// sendHost sends a host's counts, for the classes it had requests of.
func sendHost(ch chan<- prometheus.Metric, label string, counts ClassCounts) {
	for class, n := range counts {
		if n > 0 {
			ch <- prometheus.MustNewConstMetric(vhostDesc, prometheus.CounterValue, float64(n), label, aggregate.Class(class).String())
		}
	}
}

// hostLabel is a host as a label value: valid UTF-8, which a logged
// host need not be. Hosts that differ only in invalid bytes share one.
func hostLabel(name string) string { return strings.ToValidUTF8(name, "\uFFFD") }

func addCounts(a, b ClassCounts) ClassCounts {
	for i := range a {
		a[i] += b[i]
	}
	return a
}

func total(c ClassCounts) int64 {
	var n int64
	for _, v := range c {
		n += v
	}
	return n
}
