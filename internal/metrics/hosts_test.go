package metrics

import (
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

// hostSource is a HostSource whose host counts tests set.
type hostSource struct {
	*fakeSource
	mu    sync.Mutex
	hosts map[string]ClassCounts
	rest  ClassCounts
}

func (h *hostSource) HostCounts() (map[string]ClassCounts, ClassCounts) {
	h.mu.Lock()
	defer h.mu.Unlock()
	hosts := make(map[string]ClassCounts, len(h.hosts))
	for k, v := range h.hosts {
		hosts[k] = v
	}
	return hosts, h.rest
}

// counts2xx5xx is ClassCounts with 2xx and 5xx requests.
func counts2xx5xx(ok, failed int64) ClassCounts {
	var c ClassCounts
	c[1], c[4] = ok, failed
	return c
}

func TestVHostLabels(t *testing.T) {
	const help = `
# HELP logstat_vhost_requests_total Requests logged, by virtual host (a bounded set; "other" for the rest) and status class.
# TYPE logstat_vhost_requests_total counter
`
	tests := []struct {
		name  string
		max   int
		hosts map[string]ClassCounts
		rest  ClassCounts
		want  string
	}{
		{
			name:  "room for all",
			max:   5,
			hosts: map[string]ClassCounts{"a.example": counts2xx5xx(10, 1), "b.example": counts2xx5xx(3, 0)},
			want: `logstat_vhost_requests_total{class="2xx",vhost="a.example"} 10
logstat_vhost_requests_total{class="5xx",vhost="a.example"} 1
logstat_vhost_requests_total{class="2xx",vhost="b.example"} 3
`,
		},
		{
			name:  "capped: the most requested first, the rest and no host in other",
			max:   1,
			hosts: map[string]ClassCounts{"a.example": counts2xx5xx(3, 0), "b.example": counts2xx5xx(10, 1)},
			rest:  counts2xx5xx(2, 0),
			want: `logstat_vhost_requests_total{class="2xx",vhost="b.example"} 10
logstat_vhost_requests_total{class="5xx",vhost="b.example"} 1
logstat_vhost_requests_total{class="2xx",vhost="other"} 5
`,
		},
		{
			name:  "a host named other or empty is other",
			max:   5,
			hosts: map[string]ClassCounts{"other": counts2xx5xx(4, 0), "": counts2xx5xx(1, 0)},
			want: `logstat_vhost_requests_total{class="2xx",vhost="other"} 5
`,
		},
		{
			name:  "invalid UTF-8 is replaced, hosts meeting there add up",
			max:   5,
			hosts: map[string]ClassCounts{"x\xff.example": counts2xx5xx(1, 0), "x\xfe.example": counts2xx5xx(2, 0)},
			want:  "logstat_vhost_requests_total{class=\"2xx\",vhost=\"x\uFFFD.example\"} 3\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := &hostSource{fakeSource: newFakeSource(), hosts: tt.hosts, rest: tt.rest}
			c, err := NewCollector(src, Options{MaxHostLabels: tt.max})
			if err != nil {
				t.Fatal(err)
			}
			if err := testutil.CollectAndCompare(c, strings.NewReader(help+tt.want), "logstat_vhost_requests_total"); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestVHostLabelsMonotonic: hosts arriving after the cap is reached stay
// in other for good, so that other never goes down; a host the source
// moves into its rest moves into other.
func TestVHostLabelsMonotonic(t *testing.T) {
	src := &hostSource{fakeSource: newFakeSource(), hosts: map[string]ClassCounts{}}
	c, err := NewCollector(src, Options{MaxHostLabels: 2})
	if err != nil {
		t.Fatal(err)
	}
	steps := []func(){
		func() { src.hosts["a"] = counts2xx5xx(1, 0) },
		func() { src.hosts["b"] = counts2xx5xx(5, 0); src.hosts["c"] = counts2xx5xx(2, 0) },
		func() { src.hosts["d"] = counts2xx5xx(50, 0) }, // too late for a label
		func() { src.hosts["a"] = counts2xx5xx(3, 1) },
		func() { delete(src.hosts, "b"); src.rest = addCounts(src.rest, counts2xx5xx(6, 0)) },
	}
	prev := map[string]float64{}
	for i, step := range steps {
		step()
		got := gather(t, c)
		for key, v := range prev {
			// A series may end (b, moved into other), not go down.
			if g, ok := got[key]; ok && g < v {
				t.Errorf("step %d: %s went from %v to %v", i, key, v, got[key])
			}
		}
		prev = got
	}
	if _, ok := prev[`logstat_vhost_requests_total{class=2xx,vhost=d}`]; ok {
		t.Error("d got a label after the cap was reached")
	}
	if got := prev[`logstat_vhost_requests_total{class=2xx,vhost=other}`]; got != 2+50+6 {
		t.Errorf("other = %v, want 58 (c, d and b moved into rest)", got)
	}
}
