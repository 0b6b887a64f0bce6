package metrics

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/logstat/logstat/aggregate"
)

var (
	requestsDesc = prometheus.NewDesc("logstat_requests_total",
		`Requests logged, by status class and status code as logged ("000"; "-" when none was logged).`,
		[]string{"class", "code"}, nil)
	bytesDesc = prometheus.NewDesc("logstat_response_bytes_total",
		"Response body bytes logged, by status class.",
		[]string{"class"}, nil)
	linesDesc = prometheus.NewDesc("logstat_lines_total",
		"Log lines read, by result: parsed, malformed (did not fit the format) or skipped (not a request).",
		[]string{"result"}, nil)
	durationDesc = prometheus.NewDesc("logstat_request_duration_seconds",
		"Request times logged, by status class. Beyond 64 times of a class a bucket also counts times up to 2% above its bound.",
		[]string{"class"}, nil)
	rotationsDesc = prometheus.NewDesc("logstat_rotations_total",
		"Times a followed path came to name another file or went away, since logstat started.",
		nil, nil)
	truncationsDesc = prometheus.NewDesc("logstat_truncations_total",
		"Times a followed file was truncated (copytruncate) or rewritten, since logstat started.",
		nil, nil)
	filesDesc = prometheus.NewDesc("logstat_files",
		"Files being read.",
		nil, nil)
)

// collector computes the metrics from a Source at every scrape.
type collector struct {
	src     Source
	buckets []float64       // histogram bounds in seconds
	bounds  []time.Duration // the same
	hosts   *hostLabels     // nil without the vhost label
}

func (c *collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{requestsDesc, bytesDesc, linesDesc, durationDesc, rotationsDesc, truncationsDesc, filesDesc} {
		ch <- d
	}
	if c.hosts != nil {
		ch <- vhostDesc
	}
}

func (c *collector) Collect(ch chan<- prometheus.Metric) {
	if s := c.src.Snapshot(); s != nil {
		collectSummary(ch, s)
		c.collectDurations(ch, s)
	}
	rotations, truncations, files := c.src.FollowStats()
	ch <- prometheus.MustNewConstMetric(rotationsDesc, prometheus.CounterValue, float64(rotations))
	ch <- prometheus.MustNewConstMetric(truncationsDesc, prometheus.CounterValue, float64(truncations))
	ch <- prometheus.MustNewConstMetric(filesDesc, prometheus.GaugeValue, float64(files))
	if c.hosts != nil {
		c.hosts.collect(ch)
	}
}

// collectSummary sends the counters of requests, bytes and lines.
func collectSummary(ch chan<- prometheus.Metric, s *aggregate.Summary) {
	for _, cs := range s.Codes() {
		class := aggregate.ClassOf(cs.Code).String()
		ch <- prometheus.MustNewConstMetric(requestsDesc, prometheus.CounterValue, float64(cs.Count), class, codeLabel(cs.Code))
	}
	for class, n := range s.Classes {
		ch <- prometheus.MustNewConstMetric(bytesDesc, prometheus.CounterValue, float64(n.Bytes), aggregate.Class(class).String())
	}
	for _, l := range []struct {
		result string
		n      int64
	}{{"parsed", s.Lines.Parsed}, {"malformed", s.Lines.Malformed}, {"skipped", s.Lines.Skipped}} {
		ch <- prometheus.MustNewConstMetric(linesDesc, prometheus.CounterValue, float64(l.n), l.result)
	}
}

// codeLabel writes a status code as logs show it: three digits ("000",
// "404"), "-" for none (parser.StatusNone).
func codeLabel(code int) string {
	if code < 0 {
		return "-"
	}
	s := strconv.Itoa(code)
	for len(s) < 3 {
		s = "0" + s
	}
	return s
}

// collectDurations sends a histogram per class whose requests had times:
// the codes' times merged, counted at the bounds (Latency.CountsAtMost).
func (c *collector) collectDurations(ch chan<- prometheus.Metric, s *aggregate.Summary) {
	var byClass [aggregate.NumClasses]aggregate.Latency
	for _, cs := range s.Codes() {
		byClass[aggregate.ClassOf(cs.Code)].Merge(&cs.Latency)
	}
	for class := range byClass {
		l := &byClass[class]
		if l.Count == 0 {
			continue
		}
		buckets := make(map[float64]uint64, len(c.buckets))
		for i, n := range l.CountsAtMost(c.bounds) {
			buckets[c.buckets[i]] = uint64(n)
		}
		ch <- prometheus.MustNewConstHistogram(durationDesc, uint64(l.Count), l.Sum.Seconds(), buckets, aggregate.Class(class).String())
	}
}
