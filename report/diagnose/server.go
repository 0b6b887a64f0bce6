package diagnose

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/report/catalog"
	"github.com/logstat/logstat/report/textfmt"
	"github.com/logstat/logstat/report/timeline"
)

// Findings about this server and its upstreams: spikes, error rates,
// concentrated 5xx, aborted requests and upstream failures.

// spikes finds buckets where a class's share of requests rose well above
// its own median share.
func (d *diagnosis) spikes() {
	tl := timeline.Of(d.s, d.opt.Bucket)
	if tl == nil {
		return
	}
	var busy int
	for _, b := range tl.Buckets {
		if b.Total > 0 {
			busy++
		}
	}
	if busy < minSpikeBuckets {
		return
	}
	for _, class := range []aggregate.Class{aggregate.Class5xx, aggregate.Class4xx, aggregate.ClassOther} {
		var rates []float64
		for _, b := range tl.Buckets {
			if b.Total > 0 {
				rates = append(rates, share(b.Class(class), b.Total))
			}
		}
		sort.Float64s(rates)
		base := rates[len(rates)/2]
		type window struct {
			from, to     int
			count, total int64
			peak         float64
			excess       float64
		}
		var windows []window
		in := false
		for i, b := range tl.Buckets {
			n := b.Class(class)
			rate := share(n, b.Total)
			hot := n >= minSpikeCount && rate >= 2*base && rate-base >= 0.05
			if !hot {
				in = false
				continue
			}
			if !in {
				windows = append(windows, window{from: i})
				in = true
			}
			w := &windows[len(windows)-1]
			w.to = i
			w.count += n
			w.total += b.Total
			w.peak = max(w.peak, rate)
			w.excess += float64(n) - base*float64(b.Total)
		}
		sort.SliceStable(windows, func(i, j int) bool { return windows[i].excess > windows[j].excess })
		for _, w := range windows[:min(3, len(windows))] {
			from := tl.Buckets[w.from].Start
			to := tl.Buckets[w.to].Start.Add(time.Duration(tl.StepSeconds) * time.Second)
			sev := Warning
			if class == aggregate.Class5xx {
				sev = Critical
			}
			info := catalog.ClassInfo(class.String())
			d.add(Finding{
				Kind: "spike", Severity: sev, Class: class.String(),
				Title: fmt.Sprintf("%s spike: %s of requests %s, against %s usually", class, pctText(share(w.count, w.total)),
					d.span(from.Unix(), to.Unix()), pctText(base)),
				Evidence: []string{
					fmt.Sprintf("%s of %s requests in %s were %s (peak %s of one %s)", textfmt.Num(w.count), textfmt.Num(w.total),
						d.span(from.Unix(), to.Unix()), class, pctText(w.peak), tl.Step),
					fmt.Sprintf("median %s share per %s over the log: %s", class, tl.Step, pctText(base)),
					fmt.Sprintf("%s codes over the whole log: %s", class, d.codesOf(class)),
				},
				Action:   "Look at what changed when it started (a deploy, a config reload, an upstream or database incident, a traffic surge) and read the error log for that window. " + info.Action,
				Requests: w.count,
				From:     &from, To: &to,
			})
		}
	}
}

// errorRate reports a high share of server errors over the whole log.
func (d *diagnosis) errorRate() {
	n := d.s.Classes[aggregate.Class5xx].Count
	if n < minCodeCount || share(n, d.total()) < 0.01 {
		return
	}
	d.add(Finding{
		Kind: "error-rate", Severity: Critical, Class: "5xx",
		Title:    fmt.Sprintf("%s of all requests failed with a server error (5xx)", pctText(share(n, d.total()))),
		Evidence: []string{fmt.Sprintf("%s of %s requests: %s", textfmt.Num(n), textfmt.Num(d.total()), d.codesOf(aggregate.Class5xx))},
		Action:   catalog.ClassInfo("5xx").Action,
		Requests: n,
	})
}

// concentration finds 5xx codes that come mostly from one path, host or
// upstream.
func (d *diagnosis) concentration() {
	hosts := map[string]bool{}
	for _, c := range d.s.Codes() {
		if c.Hosts != nil {
			for _, it := range c.Hosts.Top(2) {
				hosts[it.Value] = true
			}
		}
	}
	for _, c := range d.s.Codes() {
		if aggregate.ClassOf(c.Code) != aggregate.Class5xx || c.Count < minCodeCount || c.Paths == nil {
			continue
		}
		var ev []string
		title := ""
		if top := c.Paths.Top(5); len(top) > 0 && share(top[0].Count-top[0].Err, c.Count) >= concentrated {
			ev = append(ev, fmt.Sprintf("path %s: %s of %s (%s)", textfmt.Clean(top[0].Value, 80), textfmt.Num(top[0].Count), textfmt.Num(c.Count), pctText(share(top[0].Count, c.Count))))
			title = "on " + textfmt.Clean(top[0].Value, 60)
		}
		if top := c.Hosts.Top(1); len(top) > 0 && len(hosts) > 1 && share(top[0].Count-top[0].Err, c.Count) >= 0.8 {
			ev = append(ev, fmt.Sprintf("host %s: %s of %s", textfmt.Clean(top[0].Value, 60), textfmt.Num(top[0].Count), textfmt.Num(c.Count)))
			if title == "" {
				title = "on host " + textfmt.Clean(top[0].Value, 60)
			}
		}
		if top := c.UpstreamAddrs.Top(2); len(top) > 1 && share(top[0].Count-top[0].Err, c.Count) >= 0.6 {
			ev = append(ev, fmt.Sprintf("upstream %s: %s of %s (the next, %s: %s)", textfmt.Clean(top[0].Value, 60), textfmt.Num(top[0].Count), textfmt.Num(c.Count), textfmt.Clean(top[1].Value, 60), textfmt.Num(top[1].Count)))
			if title == "" {
				title = "from upstream " + textfmt.Clean(top[0].Value, 60)
			}
		}
		if len(ev) == 0 {
			continue
		}
		e := d.lookup(c.Code)
		d.add(Finding{
			Kind: "concentration", Severity: Critical, Status: catalog.StatusText(c.Code),
			Title:    fmt.Sprintf("%s %s errors concentrate %s", catalog.StatusText(c.Code), e.Title, title),
			Evidence: ev,
			Action:   "A single failing route or backend rather than a general outage: reproduce that request, read the application and upstream logs for it, and check the backend it goes to. " + e.Action,
			Requests: c.Count,
		})
	}
}

// latencyOf merges the request times of one class's codes.
func (d *diagnosis) latencyOf(class aggregate.Class) aggregate.Latency {
	var l aggregate.Latency
	for _, c := range d.s.Codes() {
		if aggregate.ClassOf(c.Code) == class {
			l.Merge(&c.Latency)
		}
	}
	return l
}

func secs(t time.Duration) string { return fmt.Sprintf("%.3g s", t.Seconds()) }

// aborts reads 499 (client closed the connection) with the request times.
func (d *diagnosis) aborts() {
	c := d.s.Code(499)
	if c == nil || c.Count < minCodeCount || share(c.Count, d.total()) < abortShare {
		return
	}
	ok := d.latencyOf(aggregate.Class2xx)
	if c.Latency.Count >= 10 {
		p50, p90 := c.Latency.Quantile(0.5), c.Latency.Quantile(0.9)
		base := ok.Quantile(0.5)
		if p50 >= time.Second || (base > 0 && p50 >= 5*base) {
			ev := []string{fmt.Sprintf("499: %s requests (%s), median request time %s, 90th percentile %s", textfmt.Num(c.Count), pctText(share(c.Count, d.total())), secs(p50), secs(p90))}
			if ok.Count > 0 {
				ev = append(ev, fmt.Sprintf("2xx: median %s over %s requests", secs(base), textfmt.Num(ok.Count)))
			}
			if c.Paths != nil {
				ev = append(ev, "paths: "+topValues(c.Paths.Top(3), 3))
			}
			d.add(Finding{
				Kind: "slow-upstream", Severity: Warning, Status: "499",
				Title:    fmt.Sprintf("Clients give up waiting: 499s took a median %s", secs(p50)),
				Evidence: ev,
				Action:   "The backend is slower than clients (or a load balancer in front) are willing to wait. Find what makes those requests slow (upstream response time, database), add caching, or raise client timeouts only if slow answers are expected.",
				Requests: c.Count,
			})
			return
		}
	}
	if share(c.Count, d.total()) < 0.05 {
		return
	}
	ev := []string{fmt.Sprintf("%s of %s requests (%s) ended with 499", textfmt.Num(c.Count), textfmt.Num(d.total()), pctText(share(c.Count, d.total())))}
	if c.Clients != nil {
		ev = append(ev, "clients: "+topValues(c.Clients.Top(3), 3))
	}
	action := "Log $request_time and $upstream_response_time to tell a slow backend from clients that hang up on purpose."
	if c.Latency.Count > 0 {
		action = "Request times are short, so the backend is not the cause: look at the clients (health checks with short timeouts, bots, a flood of requests that disconnect at once)."
	}
	d.add(Finding{
		Kind: "client-aborts", Severity: Warning, Status: "499",
		Title:    fmt.Sprintf("%s of requests were abandoned by the client (499)", pctText(share(c.Count, d.total()))),
		Evidence: ev, Action: action, Requests: c.Count,
	})
}

// upstream reads 502 and 504 with the upstream's own status.
func (d *diagnosis) upstream() {
	for _, code := range []int{502, 504} {
		c := d.s.Code(code)
		if c == nil || c.Count < 10 {
			continue
		}
		// nginx writes 504 into $upstream_status when the upstream timed
		// out, 502 when it could not connect or got an invalid answer
		// (or the upstream answered 502 itself), "-" when no upstream
		// could be tried at all.
		var timeouts, failures int64
		var ev []string
		if c.Upstreams != nil && c.Upstreams.Len() > 0 {
			for _, it := range c.Upstreams.Top(-1) {
				if lastStatus(it.Value) == "504" {
					timeouts += it.Count
				} else {
					failures += it.Count
				}
			}
			ev = append(ev, "$upstream_status values: "+quotedValues(c.Upstreams.Top(4)))
		}
		if c.Latency.Count > 0 {
			ev = append(ev, fmt.Sprintf("request time: median %s, max %s", secs(c.Latency.Quantile(0.5)), secs(c.Latency.Max)))
		}
		if c.UpstreamAddrs != nil && c.UpstreamAddrs.Len() > 0 {
			ev = append(ev, "upstreams: "+quotedValues(c.UpstreamAddrs.Top(3)))
		}
		if len(ev) == 0 {
			continue
		}
		var title, action string
		if timeouts > failures || (code == 504 && failures == 0) {
			title = fmt.Sprintf("%s: the upstream is too slow (timeouts)", catalog.StatusText(code))
			action = "The backend answers later than the proxy waits (proxy_read_timeout): find the slow requests in the backend, or raise the timeout only for routes that are slow by design."
		} else {
			title = fmt.Sprintf("%s: the upstream could not be reached or broke the answer", catalog.StatusText(code))
			action = "Connections to the backend were refused or reset, or its answers were invalid (or it answered 502 itself): check that its processes are running and listening, their connection limits, crashes and recent deploys, and the backend's own log for those times."
		}
		d.add(Finding{
			Kind: "upstream", Severity: Critical, Status: catalog.StatusText(code),
			Title: title, Evidence: append([]string{fmt.Sprintf("%s requests answered %s", textfmt.Num(c.Count), catalog.StatusText(code))}, ev...),
			Action: action, Requests: c.Count,
		})
	}
}

// lastStatus returns the last value of an $upstream_status list
// ("502, 504 : 200" gives "200").
func lastStatus(v string) string {
	if i := strings.LastIndexAny(v, ",:"); i >= 0 {
		v = v[i+1:]
	}
	return strings.TrimSpace(v)
}

// quotedValues lists values that may themselves contain commas
// ("502, 504"), quoted: `"502, 504" ×12, "-" ×3`.
func quotedValues(items []aggregate.Item) string {
	var parts []string
	for _, it := range items {
		parts = append(parts, fmt.Sprintf("%q ×%s", textfmt.Clean(it.Value, 60), textfmt.Num(it.Count)))
	}
	return strings.Join(parts, ", ")
}
