package diagnose

import (
	"fmt"
	"strings"
	"time"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/report/catalog"
	"github.com/logstat/logstat/report/textfmt"
)

// Findings about this server and its upstreams: concentrated 5xx,
// aborted requests and upstream failures (storms, steps and error rates
// are in storm.go).

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
		if aggregate.ClassOf(c.Code) != aggregate.Class5xx || c.Count < 10 || c.Paths == nil {
			continue
		}
		var ev []string
		var from, to *time.Time
		title := ""
		if top := c.Paths.Top(5); len(top) > 0 && wilson(top[0].Count-top[0].Err, c.Count) >= concentrated {
			if top[0].First != 0 && d.inStorm(c.Code, top[0].First, top[0].Last) {
				continue // the storm of this code names the path, with its window
			}
			ev = append(ev, fmt.Sprintf("path %s: %s of %s (%s)", textfmt.Clean(top[0].Value, 80), textfmt.Num(top[0].Count), textfmt.Num(c.Count), pctText(share(top[0].Count, c.Count))))
			title = "on " + textfmt.Clean(top[0].Value, 60)
			if top[0].First != 0 {
				ev = append(ev, "between "+strings.Replace(d.spanSecs(top[0].First, top[0].Last), "–", " and ", 1)+" "+d.zone())
				from, to = timePtr(top[0].First, d.loc), timePtr(top[0].Last+1, d.loc)
			}
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
		if from == nil {
			from, to = d.seriesWindow(aggregate.SeriesOfCode(c.Code))
		}
		sev := Critical
		if share(c.Count, d.total()) < 0.01 {
			sev = Warning // a route that fails, in a log that mostly works
		}
		d.add(Finding{
			Kind: "concentration", Severity: sev, Status: catalog.StatusText(c.Code),
			Title:    fmt.Sprintf("%s %s errors concentrate %s", catalog.StatusText(c.Code), e.Title, title),
			Evidence: ev,
			Action:   "A single failing route or backend rather than a general outage: reproduce that request, read the application and upstream logs for it, and check the backend it goes to. " + e.Action,
			Requests: c.Count, From: from, To: to,
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
			from, to := d.seriesWindow(aggregate.Series499)
			d.add(Finding{
				Kind: "slow-upstream", Severity: Warning, Status: "499",
				Title:    fmt.Sprintf("Clients give up waiting: 499s took a median %s", secs(p50)),
				Evidence: ev,
				Action:   "The backend is slower than clients (or a load balancer in front) are willing to wait. Find what makes those requests slow (upstream response time, database), add caching, or raise client timeouts only if slow answers are expected.",
				Requests: c.Count, From: from, To: to,
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
	from, to := d.seriesWindow(aggregate.Series499)
	d.add(Finding{
		Kind: "client-aborts", Severity: Warning, Status: "499",
		Title:    fmt.Sprintf("%s of requests were abandoned by the client (499)", pctText(share(c.Count, d.total()))),
		Evidence: ev, Action: action, Requests: c.Count, From: from, To: to,
	})
}

// upstream reads 502 and 504 with the upstream's own status: from the
// origin's final status when the log has it (exact, per code: no origin
// response, an origin that timed out or failed, or one that answered),
// else from the $upstream_status values kept with the top lists.
func (d *diagnosis) upstream() {
	for _, code := range []int{502, 504} {
		c := d.s.Code(code)
		if c == nil || c.Count < 10 && (c.Count < 3 || wilson(c.Count, d.total()) < 0.05) {
			continue
		}
		// nginx writes 504 into $upstream_status when the upstream timed
		// out, 502 when it could not connect or got an invalid answer
		// (or the upstream answered 502 itself), "-" when no upstream
		// could be tried at all.
		var timeouts, failures int64
		var ev []string
		origin := originOf(c) // exact, when the log has the origin's status
		if origin.logged > 0 {
			ev = append(ev, origin.evidence())
		}
		if c.Upstreams != nil && c.Upstreams.Len() > 0 {
			for _, it := range c.Upstreams.Top(-1) {
				if lastStatus(it.Value) == "504" {
					timeouts += it.Count
				} else {
					failures += it.Count
				}
			}
			if origin.logged == 0 || triedSeveral(c.Upstreams.Top(4)) {
				ev = append(ev, "$upstream_status values: "+quotedValues(c.Upstreams.Top(4)))
			}
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
		title, action, read := upstreamText(code, origin)
		switch {
		case read:
		case timeouts > failures || (code == 504 && failures == 0):
			title = fmt.Sprintf("%s: the upstream is too slow (timeouts)", catalog.StatusText(code))
			action = "The backend answers later than the proxy waits (proxy_read_timeout): find the slow requests in the backend, or raise the timeout only for routes that are slow by design."
		default:
			title = fmt.Sprintf("%s: the upstream could not be reached or broke the answer", catalog.StatusText(code))
			action = "Connections to the backend were refused or reset, or its answers were invalid (or it answered 502 itself): check that its processes are running and listening, their connection limits, crashes and recent deploys, and the backend's own log for those times."
		}
		if c.Sub != nil && c.Sub.Len() > 0 {
			ev = append(ev, "detail: "+topValues(c.Sub.Top(3), 3))
		}
		sev := Critical
		if share(c.Count, d.total()) < 0.005 {
			sev = Warning // a few failed tries in a log that mostly works
		}
		from, to := d.seriesWindow(aggregate.SeriesOfCode(code))
		d.add(Finding{
			Kind: "upstream", Severity: sev, Status: catalog.StatusText(code),
			Title: title, Evidence: append([]string{fmt.Sprintf("%s requests answered %s", textfmt.Num(c.Count), catalog.StatusText(code))}, ev...),
			Action: action, Requests: c.Count, From: from, To: to,
		})
	}
}

// triedSeveral tells whether an $upstream_status value lists several
// tries ("502, 504"), which the origin's final status does not show.
func triedSeveral(items []aggregate.Item) bool {
	for _, it := range items {
		if strings.ContainsAny(it.Value, ",:") {
			return true
		}
	}
	return false
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
