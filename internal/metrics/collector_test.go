package metrics

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	dto "github.com/prometheus/client_model/go"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/parser"
)

// knownSource is the source of the golden exposition.
func knownSource() *fakeSource {
	src := newFakeSource()
	src.add(req{200, 100, 0.004}, req{200, 100, 0.1}, req{200, 100, 1.5})
	src.add(times(2, req{404, 50, 0.003})...)
	src.add(req{502, 150, 12}, req{0, -1, -1}, req{parser.StatusNone, -1, -1})
	src.sum.AddMalformed(aggregate.Sample{Reason: "bad"})
	src.sum.AddSkipped()
	src.sum.AddSkipped()
	src.rotations, src.truncations, src.files = 2, 1, 1
	return src
}

const knownExposition = `
# HELP logstat_files Files being read.
# TYPE logstat_files gauge
logstat_files 1
# HELP logstat_lines_total Log lines read, by result: parsed, malformed (did not fit the format) or skipped (not a request).
# TYPE logstat_lines_total counter
logstat_lines_total{result="malformed"} 1
logstat_lines_total{result="parsed"} 8
logstat_lines_total{result="skipped"} 2
# HELP logstat_request_duration_seconds Request times logged, by status class. Beyond 64 times of a class a bucket also counts times up to 2% above its bound.
# TYPE logstat_request_duration_seconds histogram
logstat_request_duration_seconds_bucket{class="2xx",le="0.005"} 1
logstat_request_duration_seconds_bucket{class="2xx",le="0.01"} 1
logstat_request_duration_seconds_bucket{class="2xx",le="0.025"} 1
logstat_request_duration_seconds_bucket{class="2xx",le="0.05"} 1
logstat_request_duration_seconds_bucket{class="2xx",le="0.1"} 2
logstat_request_duration_seconds_bucket{class="2xx",le="0.25"} 2
logstat_request_duration_seconds_bucket{class="2xx",le="0.5"} 2
logstat_request_duration_seconds_bucket{class="2xx",le="1"} 2
logstat_request_duration_seconds_bucket{class="2xx",le="2.5"} 3
logstat_request_duration_seconds_bucket{class="2xx",le="5"} 3
logstat_request_duration_seconds_bucket{class="2xx",le="10"} 3
logstat_request_duration_seconds_bucket{class="2xx",le="+Inf"} 3
logstat_request_duration_seconds_sum{class="2xx"} 1.604
logstat_request_duration_seconds_count{class="2xx"} 3
logstat_request_duration_seconds_bucket{class="4xx",le="0.005"} 2
logstat_request_duration_seconds_bucket{class="4xx",le="0.01"} 2
logstat_request_duration_seconds_bucket{class="4xx",le="0.025"} 2
logstat_request_duration_seconds_bucket{class="4xx",le="0.05"} 2
logstat_request_duration_seconds_bucket{class="4xx",le="0.1"} 2
logstat_request_duration_seconds_bucket{class="4xx",le="0.25"} 2
logstat_request_duration_seconds_bucket{class="4xx",le="0.5"} 2
logstat_request_duration_seconds_bucket{class="4xx",le="1"} 2
logstat_request_duration_seconds_bucket{class="4xx",le="2.5"} 2
logstat_request_duration_seconds_bucket{class="4xx",le="5"} 2
logstat_request_duration_seconds_bucket{class="4xx",le="10"} 2
logstat_request_duration_seconds_bucket{class="4xx",le="+Inf"} 2
logstat_request_duration_seconds_sum{class="4xx"} 0.006
logstat_request_duration_seconds_count{class="4xx"} 2
logstat_request_duration_seconds_bucket{class="5xx",le="0.005"} 0
logstat_request_duration_seconds_bucket{class="5xx",le="0.01"} 0
logstat_request_duration_seconds_bucket{class="5xx",le="0.025"} 0
logstat_request_duration_seconds_bucket{class="5xx",le="0.05"} 0
logstat_request_duration_seconds_bucket{class="5xx",le="0.1"} 0
logstat_request_duration_seconds_bucket{class="5xx",le="0.25"} 0
logstat_request_duration_seconds_bucket{class="5xx",le="0.5"} 0
logstat_request_duration_seconds_bucket{class="5xx",le="1"} 0
logstat_request_duration_seconds_bucket{class="5xx",le="2.5"} 0
logstat_request_duration_seconds_bucket{class="5xx",le="5"} 0
logstat_request_duration_seconds_bucket{class="5xx",le="10"} 0
logstat_request_duration_seconds_bucket{class="5xx",le="+Inf"} 1
logstat_request_duration_seconds_sum{class="5xx"} 12
logstat_request_duration_seconds_count{class="5xx"} 1
# HELP logstat_requests_total Requests logged, by status class and status code as logged ("000"; "-" when none was logged).
# TYPE logstat_requests_total counter
logstat_requests_total{class="2xx",code="200"} 3
logstat_requests_total{class="4xx",code="404"} 2
logstat_requests_total{class="5xx",code="502"} 1
logstat_requests_total{class="other",code="-"} 1
logstat_requests_total{class="other",code="000"} 1
# HELP logstat_response_bytes_total Response body bytes logged, by status class.
# TYPE logstat_response_bytes_total counter
logstat_response_bytes_total{class="1xx"} 0
logstat_response_bytes_total{class="2xx"} 300
logstat_response_bytes_total{class="3xx"} 0
logstat_response_bytes_total{class="4xx"} 100
logstat_response_bytes_total{class="5xx"} 150
logstat_response_bytes_total{class="other"} 0
# HELP logstat_rotations_total Times a followed path came to name another file or went away, since logstat started.
# TYPE logstat_rotations_total counter
logstat_rotations_total 2
# HELP logstat_truncations_total Times a followed file was truncated (copytruncate) or rewritten, since logstat started.
# TYPE logstat_truncations_total counter
logstat_truncations_total 1
`

func TestExposition(t *testing.T) {
	c, err := NewCollector(knownSource(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := testutil.CollectAndCompare(c, strings.NewReader(knownExposition)); err != nil {
		t.Error(err)
	}
}

func TestNoSnapshotYet(t *testing.T) {
	src := &nilSource{}
	c, err := NewCollector(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := `
# HELP logstat_files Files being read.
# TYPE logstat_files gauge
logstat_files 0
`
	if err := testutil.CollectAndCompare(c, strings.NewReader(want), "logstat_files", "logstat_requests_total"); err != nil {
		t.Error(err)
	}
}

// nilSource has no Summary yet and reads no file.
type nilSource struct{}

func (nilSource) Snapshot() *aggregate.Summary          { return nil }
func (nilSource) FollowStats() (r, tr int64, files int) { return 0, 0, 0 }

func TestCodeLabel(t *testing.T) {
	tests := []struct {
		code int
		want string
	}{{404, "404"}, {0, "000"}, {9, "009"}, {parser.StatusNone, "-"}, {999, "999"}}
	for _, tt := range tests {
		if got := codeLabel(tt.code); got != tt.want {
			t.Errorf("codeLabel(%d) = %q, want %q", tt.code, got, tt.want)
		}
	}
}

func TestOptionsChecked(t *testing.T) {
	tests := []struct {
		name    string
		opts    Options
		wantErr string
	}{
		{"defaults", Options{}, ""},
		{"own buckets", Options{Buckets: []float64{0.1, 1}}, ""},
		{"descending", Options{Buckets: []float64{1, 0.1}}, "ascending"},
		{"repeated", Options{Buckets: []float64{1, 1}}, "ascending"},
		{"negative", Options{Buckets: []float64{-1}}, "ascending"},
		{"NaN", Options{Buckets: []float64{math.NaN()}}, "ascending"},
		{"hosts without host counts", Options{MaxHostLabels: 5}, "per host"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewCollector(newFakeSource(), tt.opts)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("error %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("error %v, want one saying %q", err, tt.wantErr)
			}
		})
	}
}

// gather returns every sample of a collector's counters and histogram
// buckets by series (name, labels and le).
func gather(t *testing.T, c prometheus.Collector) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	for _, f := range gatherFamilies(t, c) {
		for _, m := range f.GetMetric() {
			key := f.GetName() + labelString(m.GetLabel())
			switch {
			case m.Counter != nil:
				out[key] = m.GetCounter().GetValue()
			case m.Histogram != nil:
				h := m.GetHistogram()
				out[key+"_count"] = float64(h.GetSampleCount())
				out[key+"_sum"] = h.GetSampleSum()
				for _, b := range h.GetBucket() {
					out[key+"_le_"+strconv.FormatFloat(b.GetUpperBound(), 'g', -1, 64)] = float64(b.GetCumulativeCount())
				}
			}
		}
	}
	return out
}

// gatherFamilies gathers a collector's metrics, checked as a pedantic
// registry does.
func gatherFamilies(t *testing.T, c prometheus.Collector) []*dto.MetricFamily {
	t.Helper()
	reg := prometheus.NewPedanticRegistry()
	if err := reg.Register(c); err != nil {
		t.Fatal(err)
	}
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	return families
}

func labelString(ls []*dto.LabelPair) string {
	pairs := make([]string, len(ls))
	for i, l := range ls {
		pairs[i] = l.GetName() + "=" + l.GetValue()
	}
	return "{" + strings.Join(pairs, ",") + "}"
}

// TestCountersMonotonic scrapes a growing Summary, across the move of
// each class's times from exact to the sketch, with times on and around
// the bucket bounds: no series ever goes down or goes away.
func TestCountersMonotonic(t *testing.T) {
	src := newFakeSource()
	c, err := NewCollector(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(7, 8))
	codes := []int{200, 204, 301, 404, 499, 502, 504, 0, parser.StatusNone}
	prev := map[string]float64{}
	for step := range 60 {
		for range 10 {
			b := prometheus.DefBuckets[r.IntN(len(prometheus.DefBuckets))]
			secs := b * []float64{0.99, 1, 1.01}[r.IntN(3)]
			if r.IntN(5) == 0 {
				secs = -1
			}
			src.add(req{codes[r.IntN(len(codes))], int64(r.IntN(1000)), secs})
		}
		if step%10 == 0 {
			src.sum.AddMalformed(aggregate.Sample{Reason: "bad"})
			src.rotations++
		}
		got := gather(t, c)
		for key, v := range prev {
			if g, ok := got[key]; !ok || g < v {
				t.Fatalf("step %d: %s went from %v to %v (present: %v)", step, key, v, g, ok)
			}
		}
		prev = got
	}
}

// TestStateContinues: a Summary saved and restored (--state) gives the
// same exposition, so the counters go on where they were.
func TestStateContinues(t *testing.T) {
	src := knownSource()
	data, err := src.sum.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	restored, err := aggregate.DecodeSummary(data)
	if err != nil {
		t.Fatal(err)
	}
	src.sum = restored
	c, err := NewCollector(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := testutil.CollectAndCompare(c, strings.NewReader(knownExposition)); err != nil {
		t.Errorf("restored: %v", err)
	}
}
