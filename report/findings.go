package report

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/logstat/logstat/aggregate"
)

// Finding is one problem the log shows, with the numbers behind it.
type Finding struct {
	Kind     string     `json:"kind"`     // spike, error-rate, concentration, slow-upstream, client-aborts, upstream, scanners, broken-links, auth-burst, rate-limit, redirects, malformed, no-status
	Severity string     `json:"severity"` // critical, warning, info
	Status   string     `json:"status,omitempty"`
	Class    string     `json:"class,omitempty"`
	Title    string     `json:"title"`
	Evidence []string   `json:"evidence"`
	Action   string     `json:"action"`
	Requests int64      `json:"requests"` // requests concerned
	From     *time.Time `json:"from,omitempty"`
	To       *time.Time `json:"to,omitempty"`
}

var severityRank = map[string]int{"critical": 0, "warning": 1, "info": 2}

// Thresholds below which a pattern is too small to be called a finding.
const (
	minSpikeBuckets = 6    // buckets with traffic needed for a baseline
	minSpikeCount   = 10   // errors in a bucket for it to spike
	minCodeCount    = 20   // requests of a code before it is diagnosed
	concentrated    = 0.5  // share of one path/client/host that is "most"
	scannerShare    = 0.2  // share of 404s on scanner paths
	redirectShare   = 0.3  // share of requests that are redirects
	abortShare      = 0.01 // share of requests that are 499
)

// Diagnose reads a summary (and the report built from it, for the
// timeline) and returns the problems it shows, most severe first.
func Diagnose(s *aggregate.Summary, r *Report) []Finding {
	d := &diagnosis{s: s, r: r, loc: time.UTC}
	if !s.First.IsZero() {
		d.loc = s.First.Location()
	}
	d.spikes()
	d.errorRate()
	d.concentration()
	d.aborts()
	d.upstream()
	d.notFound()
	d.authBursts()
	d.rateLimit()
	d.redirects()
	d.quality()
	sort.SliceStable(d.out, func(i, j int) bool {
		a, b := d.out[i], d.out[j]
		if severityRank[a.Severity] != severityRank[b.Severity] {
			return severityRank[a.Severity] < severityRank[b.Severity]
		}
		return a.Requests > b.Requests
	})
	if d.out == nil {
		d.out = []Finding{}
	}
	return d.out
}

type diagnosis struct {
	s   *aggregate.Summary
	r   *Report
	loc *time.Location
	out []Finding
}

func (d *diagnosis) add(f Finding) { d.out = append(d.out, f) }

func (d *diagnosis) total() int64 { return d.s.Lines.Parsed }

func share(n, of int64) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

func pctText(f float64) string {
	switch {
	case f >= 0.1:
		return fmt.Sprintf("%.0f%%", f*100)
	case f >= 0.001:
		return fmt.Sprintf("%.1f%%", f*100)
	}
	return fmt.Sprintf("%.2f%%", f*100)
}

func (d *diagnosis) when(unix int64) string {
	return time.Unix(unix, 0).In(d.loc).Format("2006-01-02 15:04")
}

func (d *diagnosis) span(from, to int64) string {
	if from == 0 {
		return ""
	}
	a, b := d.when(from), d.when(to)
	if a == b {
		return a + " " + time.Unix(from, 0).In(d.loc).Format("-0700")
	}
	if a[:10] == b[:10] {
		b = b[11:]
	}
	return a + "–" + b + " " + time.Unix(from, 0).In(d.loc).Format("-0700")
}

func timePtr(unix int64, loc *time.Location) *time.Time {
	t := time.Unix(unix, 0).In(loc)
	return &t
}

// topValues lists "value ×count" for the first n items.
func topValues(items []aggregate.Item, n int) string {
	var parts []string
	for _, it := range items[:min(n, len(items))] {
		c := num(it.Count)
		if it.Err > 0 {
			c = "≤" + c
		}
		parts = append(parts, fmt.Sprintf("%s ×%s", Clean(it.Value, 60), c))
	}
	return strings.Join(parts, ", ")
}

// codesOf lists the class's codes with their counts, most frequent first.
func (d *diagnosis) codesOf(class aggregate.Class) string {
	var cs []*aggregate.CodeStats
	for _, c := range d.s.Codes() {
		if aggregate.ClassOf(c.Code) == class {
			cs = append(cs, c)
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Count > cs[j].Count })
	var parts []string
	for _, c := range cs[:min(4, len(cs))] {
		parts = append(parts, fmt.Sprintf("%s %s ×%s", StatusText(c.Code), Lookup(c.Code).Title, num(c.Count)))
	}
	return strings.Join(parts, ", ")
}

// spikes finds buckets where a class's share of requests rose well above
// its own median share.
func (d *diagnosis) spikes() {
	tl := d.r.Timeline
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
			sev := "warning"
			if class == aggregate.Class5xx {
				sev = "critical"
			}
			info := ClassInfo(class.String())
			d.add(Finding{
				Kind: "spike", Severity: sev, Class: class.String(),
				Title: fmt.Sprintf("%s spike: %s of requests %s, against %s usually", class, pctText(share(w.count, w.total)),
					d.span(from.Unix(), to.Unix()), pctText(base)),
				Evidence: []string{
					fmt.Sprintf("%s of %s requests in %s were %s (peak %s of one %s)", num(w.count), num(w.total),
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
		Kind: "error-rate", Severity: "critical", Class: "5xx",
		Title:    fmt.Sprintf("%s of all requests failed with a server error (5xx)", pctText(share(n, d.total()))),
		Evidence: []string{fmt.Sprintf("%s of %s requests: %s", num(n), num(d.total()), d.codesOf(aggregate.Class5xx))},
		Action:   ClassInfo("5xx").Action,
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
			ev = append(ev, fmt.Sprintf("path %s: %s of %s (%s)", Clean(top[0].Value, 80), num(top[0].Count), num(c.Count), pctText(share(top[0].Count, c.Count))))
			title = "on " + Clean(top[0].Value, 60)
		}
		if top := c.Hosts.Top(1); len(top) > 0 && len(hosts) > 1 && share(top[0].Count-top[0].Err, c.Count) >= 0.8 {
			ev = append(ev, fmt.Sprintf("host %s: %s of %s", Clean(top[0].Value, 60), num(top[0].Count), num(c.Count)))
			if title == "" {
				title = "on host " + Clean(top[0].Value, 60)
			}
		}
		if top := c.UpstreamAddrs.Top(2); len(top) > 1 && share(top[0].Count-top[0].Err, c.Count) >= 0.6 {
			ev = append(ev, fmt.Sprintf("upstream %s: %s of %s (the next, %s: %s)", Clean(top[0].Value, 60), num(top[0].Count), num(c.Count), Clean(top[1].Value, 60), num(top[1].Count)))
			if title == "" {
				title = "from upstream " + Clean(top[0].Value, 60)
			}
		}
		if len(ev) == 0 {
			continue
		}
		e := Lookup(c.Code)
		d.add(Finding{
			Kind: "concentration", Severity: "critical", Status: StatusText(c.Code),
			Title:    fmt.Sprintf("%s %s errors concentrate %s", StatusText(c.Code), e.Title, title),
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
			ev := []string{fmt.Sprintf("499: %s requests (%s), median request time %s, 90th percentile %s", num(c.Count), pctText(share(c.Count, d.total())), secs(p50), secs(p90))}
			if ok.Count > 0 {
				ev = append(ev, fmt.Sprintf("2xx: median %s over %s requests", secs(base), num(ok.Count)))
			}
			if c.Paths != nil {
				ev = append(ev, "paths: "+topValues(c.Paths.Top(3), 3))
			}
			d.add(Finding{
				Kind: "slow-upstream", Severity: "warning", Status: "499",
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
	ev := []string{fmt.Sprintf("%s of %s requests (%s) ended with 499", num(c.Count), num(d.total()), pctText(share(c.Count, d.total())))}
	if c.Clients != nil {
		ev = append(ev, "clients: "+topValues(c.Clients.Top(3), 3))
	}
	action := "Log $request_time and $upstream_response_time to tell a slow backend from clients that hang up on purpose."
	if c.Latency.Count > 0 {
		action = "Request times are short, so the backend is not the cause: look at the clients (health checks with short timeouts, bots, a flood of requests that disconnect at once)."
	}
	d.add(Finding{
		Kind: "client-aborts", Severity: "warning", Status: "499",
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
		var down, slow, failed, other int64
		var ev []string
		if c.Upstreams != nil && c.Upstreams.Len() > 0 {
			for _, it := range c.Upstreams.Top(-1) {
				switch lastStatus(it.Value) {
				case "-", "":
					down += it.Count
				case "504":
					slow += it.Count
				case "502", "500", "503":
					failed += it.Count
				default:
					other += it.Count
				}
			}
			ev = append(ev, "upstream statuses: "+topValues(c.Upstreams.Top(4), 4))
		}
		if c.Latency.Count > 0 {
			ev = append(ev, fmt.Sprintf("request time: median %s, max %s", secs(c.Latency.Quantile(0.5)), secs(c.Latency.Max)))
		}
		if c.UpstreamAddrs != nil && c.UpstreamAddrs.Len() > 0 {
			ev = append(ev, "upstreams: "+topValues(c.UpstreamAddrs.Top(3), 3))
		}
		if len(ev) == 0 {
			continue
		}
		var title, action string
		switch {
		case slow > down && slow > failed || (code == 504 && down+failed == 0):
			title = fmt.Sprintf("%s: the upstream is too slow (timeouts)", StatusText(code))
			action = "The backend answers, but later than the proxy waits (proxy_read_timeout). Find the slow requests in the backend, or raise the timeout only for routes that are slow by design."
		case down >= failed:
			title = fmt.Sprintf("%s: the upstream gave no answer (down or refusing connections)", StatusText(code))
			action = "The proxy could not get any response: check that the backend processes are running and listening, their connection limits, and recent restarts or deploys."
		default:
			title = fmt.Sprintf("%s: the upstream itself returned errors", StatusText(code))
			action = "The backend answered with errors that the proxy passed on: read the backend's own logs for those requests."
		}
		d.add(Finding{
			Kind: "upstream", Severity: "critical", Status: StatusText(code),
			Title: title, Evidence: append([]string{fmt.Sprintf("%s requests answered %s", num(c.Count), StatusText(code))}, ev...),
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

// siteHost guesses the site's own host name: the busiest Host when the log
// has one, else the commonest referer host of the non-2xx requests (a
// site's own pages refer most requests for its assets).
func (d *diagnosis) siteHost() string {
	counts := map[string]int64{}
	for _, c := range d.s.Codes() {
		if c.Hosts != nil {
			for _, it := range c.Hosts.Top(3) {
				counts[it.Value] += it.Count
			}
		}
	}
	if len(counts) == 0 {
		for _, c := range d.s.Codes() {
			if c.Referers != nil {
				for _, it := range c.Referers.Top(5) {
					if it.Value != "-" {
						counts[it.Value] += it.Count
					}
				}
			}
		}
	}
	best, n := "", int64(0)
	for h, c := range counts {
		if c > n || (c == n && h < best) {
			best, n = h, c
		}
	}
	return best
}

// notFound tells scanner probes from broken links among the 404s.
func (d *diagnosis) notFound() {
	c := d.s.Code(404)
	if c == nil || c.Count < minCodeCount || c.Paths == nil {
		return
	}
	if share(c.Scanner, c.Count) >= scannerShare {
		var probes []aggregate.Item
		for _, it := range c.Paths.Top(-1) {
			if aggregate.IsScannerPath([]byte(it.Value)) {
				probes = append(probes, it)
			}
		}
		ev := []string{fmt.Sprintf("%s of %s 404s (%s) asked for paths that scanners probe", num(c.Scanner), num(c.Count), pctText(share(c.Scanner, c.Count)))}
		if len(probes) > 0 {
			ev = append(ev, "paths: "+topValues(probes, 5))
		}
		if top := d.s.ScannerClients.Top(3); len(top) > 0 {
			var parts []string
			for _, it := range top {
				parts = append(parts, fmt.Sprintf("%s ×%s (%s)", Clean(it.Value, 40), num(it.Count), d.span(it.First, it.Last)))
			}
			ev = append(ev, "clients: "+strings.Join(parts, ", "))
		}
		d.add(Finding{
			Kind: "scanners", Severity: "info", Status: "404",
			Title:    fmt.Sprintf("Scanners: %s of the 404s are probes for software this site does not run", pctText(share(c.Scanner, c.Count))),
			Evidence: ev,
			Action:   "Harmless while these paths stay absent. Make sure none of them exists (.env, .git), and rate-limit or block the noisiest clients if they cost capacity.",
			Requests: c.Scanner,
		})
	}
	site := d.siteHost()
	if site == "" || c.Referers == nil {
		return
	}
	var own aggregate.Item
	for _, it := range c.Referers.Top(-1) {
		if it.Value == site {
			own = it
		}
	}
	if own.Count < 10 || share(own.Count, c.Count) < 0.1 {
		return
	}
	var broken []aggregate.Item
	for _, it := range c.Paths.Top(-1) {
		if !aggregate.IsScannerPath([]byte(it.Value)) {
			broken = append(broken, it)
		}
	}
	ev := []string{fmt.Sprintf("%s of %s 404s (%s) were requested from pages of %s (their referer)", num(own.Count), num(c.Count), pctText(share(own.Count, c.Count)), Clean(site, 60))}
	if len(broken) > 0 {
		ev = append(ev, "most missing paths: "+topValues(broken, 5))
	}
	d.add(Finding{
		Kind: "broken-links", Severity: "warning", Status: "404",
		Title:    fmt.Sprintf("Broken links: %s 404s come from the site's own pages", num(own.Count)),
		Evidence: ev,
		Action:   "Your pages link to things that are missing: restore the files, fix the links or templates, or redirect the old URLs.",
		Requests: own.Count,
	})
}

// authBursts finds one client collecting most 401/403 answers.
func (d *diagnosis) authBursts() {
	for _, code := range []int{401, 403} {
		c := d.s.Code(code)
		if c == nil || c.Count < minCodeCount || c.Clients == nil {
			continue
		}
		top := c.Clients.Top(1)
		if len(top) == 0 || top[0].Count < minCodeCount || share(top[0].Count-top[0].Err, c.Count) < concentrated {
			continue
		}
		it := top[0]
		ev := []string{fmt.Sprintf("%s got %s of the %s %ss (%s)", Clean(it.Value, 60), num(it.Count), num(c.Count), StatusText(code), pctText(share(it.Count, c.Count)))}
		var from, to *time.Time
		if it.First != 0 && it.Last > it.First {
			minutes := float64(it.Last-it.First) / 60
			ev = append(ev, fmt.Sprintf("%s, about %.0f per minute", d.span(it.First, it.Last), float64(it.Count)/max(minutes, 1)))
			from, to = timePtr(it.First, d.loc), timePtr(it.Last, d.loc)
		}
		if c.Paths != nil {
			ev = append(ev, "paths: "+topValues(c.Paths.Top(3), 3))
		}
		d.add(Finding{
			Kind: "auth-burst", Severity: "warning", Status: StatusText(code),
			Title:    fmt.Sprintf("One client collects most %s %s answers (password guessing or a broken client)", StatusText(code), Lookup(code).Title),
			Evidence: ev,
			Action:   "If it is not your own monitoring or an integration with expired credentials, it is guessing or probing: block or rate-limit that address (fail2ban, limit_req) and check the accounts it targets.",
			Requests: it.Count, From: from, To: to,
		})
	}
}

// rateLimit reads the share of 429s and who gets them.
func (d *diagnosis) rateLimit() {
	c := d.s.Code(429)
	if c == nil || c.Count < 10 || share(c.Count, d.total()) < 0.01 {
		return
	}
	ev := []string{fmt.Sprintf("%s of %s requests (%s) were refused with 429", num(c.Count), num(d.total()), pctText(share(c.Count, d.total())))}
	f := Finding{Kind: "rate-limit", Status: "429", Requests: c.Count}
	top := []aggregate.Item{}
	if c.Clients != nil {
		top = c.Clients.Top(3)
		ev = append(ev, "clients: "+topValues(top, 3))
	}
	if len(top) > 0 && share(top[0].Count, c.Count) >= concentrated {
		f.Severity = "info"
		f.Title = fmt.Sprintf("Rate limiting works on one client: %s gets most 429s", Clean(top[0].Value, 60))
		f.Action = "The limit is doing its job against one heavy client: check whether it is abuse (block it) or a partner integration that needs a higher quota or backoff."
	} else {
		f.Severity = "warning"
		f.Title = fmt.Sprintf("%s of requests hit the rate limit, spread over many clients", pctText(share(c.Count, d.total())))
		f.Action = "Many ordinary clients are limited, so the limits may be too tight for real traffic: compare them with normal per-client rates, raise them or add burst allowance."
	}
	f.Evidence = ev
	d.add(f)
}

// redirects reports redirects taking a large share of requests.
func (d *diagnosis) redirects() {
	var n int64
	var items []aggregate.Item
	for _, code := range []int{301, 302, 303, 307, 308} {
		if c := d.s.Code(code); c != nil {
			n += c.Count
			if c.Paths != nil {
				items = append(items, c.Paths.Top(5)...)
			}
		}
	}
	if n < 50 || share(n, d.total()) < redirectShare {
		return
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].Count > items[j].Count })
	d.add(Finding{
		Kind: "redirects", Severity: "info", Class: "3xx",
		Title:    fmt.Sprintf("Redirects are %s of all requests", pctText(share(n, d.total()))),
		Evidence: []string{fmt.Sprintf("%s redirects (301/302/303/307/308) of %s requests", num(n), num(d.total())), "most redirected: " + topValues(items, 5)},
		Action:   "Every redirect costs clients a round trip: link to the final URLs, fix redirect chains, and use HSTS so browsers go to HTTPS directly.",
		Requests: n,
	})
}

// quality reports lines logstat could not read and statuses that are not
// HTTP answers.
func (d *diagnosis) quality() {
	read := d.s.Lines.Read()
	if m := d.s.Lines.Malformed; m > 0 && share(m, read) >= 0.01 {
		var reasons []string
		for _, r := range d.r.Malformed.reasons() {
			reasons = append(reasons, fmt.Sprintf("%s ×%s", Clean(r, 80), num(d.r.Malformed.ByReason[r])))
		}
		d.add(Finding{
			Kind: "malformed", Severity: "warning",
			Title:    fmt.Sprintf("%s of the lines did not parse as %s", pctText(share(m, read)), d.r.Format),
			Evidence: []string{strings.Join(reasons[:min(3, len(reasons))], "; ")},
			Action:   "If most lines fail the same way, the log format differs from the one used: give it with --format (the log_format or LogFormat string) or --nginx-conf.",
			Requests: m,
		})
	}
	if n := d.s.Classes[aggregate.ClassOther].Count; n > 0 && share(n, d.total()) >= 0.01 {
		d.add(Finding{
			Kind: "no-status", Severity: "info", Class: "other",
			Title:    fmt.Sprintf("%s of requests got no regular HTTP status", pctText(share(n, d.total()))),
			Evidence: []string{d.codesOf(aggregate.ClassOther)},
			Action:   "These requests ended without a normal answer (000: the client left or no response was sent; -: no status was set). Read each code with logstat explain.",
			Requests: n,
		})
	}
}
