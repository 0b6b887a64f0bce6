package diagnose

import (
	"fmt"
	"sort"
	"strings"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/report/catalog"
	"github.com/logstat/logstat/report/textfmt"
)

// Floods and top talkers: one client, network or user agent sending far
// more than its share of requests, read from the Summary's talkers
// (aggregate.Talkers) with the first and last second each was seen.

// floodRate is the request rate, per second, from which one source over
// its whole span is more than a person or an ordinary crawler sends.
const floodRate = 10

// talker is one candidate source.
type talker struct {
	kind         string // "client", "network", "user agent"
	name         string // as shown
	it           aggregate.Item
	count        int64 // its requests, at least (Count-Err)
	rate         float64
	inWindow     int64   // all requests in the minutes of its span
	surge        float64 // requests per minute in its span against the median minute elsewhere, 0 when unknown
	burst        bool    // its span is at most half the log's
	flood, heavy bool
}

// floods reports sources that flood (a burst or surge of requests, a
// quarter or more of all requests then, at floodRate or more) as
// warnings, critical when most of their requests failed (5xx or 499), and
// clients that send a third or more of a log's requests steadily, one a
// second or more (a proxy in front, a monitor), as information. A network or user agent that one
// reported client accounts for is left out.
func (d *diagnosis) floods() {
	if d.s.First.IsZero() {
		return
	}
	t := &d.s.Talkers
	var reported []talker
	clients := d.talkers("client", t.Clients, func(v string) string { return v })
	for _, c := range clients {
		if c.flood || c.heavy {
			reported = append(reported, c)
			d.talkerFinding(c, t)
		}
	}
	for _, n := range d.talkers("network", t.Networks, aggregate.NetworkName) {
		if !(n.flood || n.heavy) || d.explainedBy(n, reported, func(c talker) bool {
			return c.kind == "client" && (strings.HasPrefix(c.it.Value, n.it.Value) || strings.HasSuffix(c.it.Value, n.it.Value))
		}) {
			continue
		}
		reported = append(reported, n)
		d.talkerFinding(n, t)
	}
	for _, a := range d.talkers("user agent", t.Agents, func(v string) string { return v }) {
		// A common browser has a large share of any log: a user agent is
		// a flood only as a burst or surge, never a steady top talker.
		if !a.flood || !(a.burst || a.surge >= 3) || d.explainedBy(a, reported, func(talker) bool { return true }) {
			continue
		}
		d.talkerFinding(a, t)
	}
}

// explainedBy reports whether a reported source that related accepts
// sent 80% of t's requests or more within its span.
func (d *diagnosis) explainedBy(t talker, reported []talker, related func(talker) bool) bool {
	for _, r := range reported {
		if related(r) && float64(r.count) >= 0.8*float64(t.count) && r.it.First <= t.it.Last && r.it.Last >= t.it.First {
			return true
		}
	}
	return false
}

// talkers reads the top values of a talker list as candidates.
func (d *diagnosis) talkers(kind string, l *aggregate.TalkerList, name func(string) string) []talker {
	ms := d.minutes()
	total := d.total()
	logSpan := d.s.Last.Unix() - d.s.First.Unix() + 1
	var median float64
	if ms != nil && ms.active >= minMinutes {
		var per []int64
		for i := range ms.rows {
			if n := ms.count(i, seriesTotal); n > 0 {
				per = append(per, n)
			}
		}
		sort.Slice(per, func(i, j int) bool { return per[i] < per[j] })
		median = float64(per[len(per)/2])
	}
	var out []talker
	for _, it := range l.Top(5) {
		count := it.Count - it.Err
		if count < 100 || it.First == 0 {
			continue
		}
		c := talker{kind: kind, name: name(it.Value), it: it, count: count}
		span := it.Last - it.First + 1
		c.rate = float64(count) / float64(span)
		c.burst = 2*span <= logSpan
		c.inWindow = count
		if ms != nil {
			a, b := ms.index(it.First), ms.index(it.Last)
			c.inWindow = max(count, ms.sum(seriesTotal, a, b))
			if median > 0 {
				c.surge = float64(c.inWindow) / float64(b-a+1) / median
			}
		}
		shWin := share(count, c.inWindow)
		c.flood = shWin >= 0.25 && c.rate >= floodRate && (c.burst || c.surge >= 3 || logSpan < 600)
		c.heavy = !c.flood && kind == "client" && total >= minRequests && share(count, total) >= 0.3 && c.rate >= 1
		out = append(out, c)
	}
	return out
}

// failuresOf counts a client's requests answered 5xx or 499, from the
// codes' client lists, and lists them.
func (d *diagnosis) failuresOf(client string) (int64, string) {
	var n int64
	var parts []string
	for _, c := range d.s.Codes() {
		if c.Clients == nil || aggregate.ClassOf(c.Code) == aggregate.Class2xx {
			continue
		}
		for _, it := range c.Clients.Top(-1) {
			if it.Value != client {
				continue
			}
			if aggregate.ClassOf(c.Code) == aggregate.Class5xx || c.Code == 499 {
				n += it.Count - it.Err
			}
			parts = append(parts, fmt.Sprintf("%s ×%s", catalog.StatusText(c.Code), textfmt.Num(it.Count)))
		}
	}
	return n, strings.Join(parts, ", ")
}

func (d *diagnosis) talkerFinding(c talker, t *aggregate.Talkers) {
	from, to := c.it.First, c.it.Last+1
	secsSpan := c.it.Last - c.it.First + 1
	who := fmt.Sprintf("%s %s", c.kind, textfmt.Clean(c.name, 80))
	if c.kind == "client" {
		who = textfmt.Clean(c.name, 80)
	}
	ev := []string{fmt.Sprintf("from %s to %s %s: %s requests, %s per second; %s of the %s requests in those minutes",
		d.clockSecs(c.it.First), d.clockSecs(c.it.Last), d.zone(), textfmt.Num(c.count), rateText(c.rate),
		pctText(share(c.count, c.inWindow)), textfmt.Num(c.inWindow))}
	if c.surge > 0 {
		ev = append(ev, fmt.Sprintf("traffic then: %.0f× the usual requests per minute (the median minute of the log)", c.surge))
	}
	if c.it.Err > 0 {
		ev = append(ev, fmt.Sprintf("counts may be %s too high: the list tracks the heaviest sources only", textfmt.Num(c.it.Err)))
	}
	sev := Warning
	var failed int64
	if c.kind == "client" {
		var answers string
		failed, answers = d.failuresOf(c.it.Value)
		if answers != "" {
			ev = append(ev, "its answers other than 2xx: "+answers)
		}
		for _, n := range t.Networks.Top(64) {
			if n.Value != c.it.Value && strings.HasPrefix(c.it.Value, n.Value) && n.Count > c.it.Count {
				ev = append(ev, fmt.Sprintf("its network %s sent %s requests in %s", aggregate.NetworkName(n.Value), textfmt.Num(n.Count), d.spanSecs(n.First, n.Last)))
			}
		}
	}
	if ms := d.minutes(); ms != nil {
		a, b := ms.index(c.it.First), ms.index(c.it.Last)
		st := d.strip(seriesTotal, a, b)
		if line := d.stripLine(st, "requests"); line != "" {
			ev = append(ev, line)
		}
	}
	f := Finding{
		Evidence: ev, Requests: c.count, Rate: roundRate(c.rate),
		From: timePtr(from, d.loc), To: timePtr(to, d.loc),
	}
	if c.flood {
		f.Kind = "flood"
		if 2*failed >= c.count {
			sev = Critical
		}
		f.Severity = sev
		f.Title = fmt.Sprintf("Flood from %s: %s requests in %s (%s per second), %s of all requests then", who, textfmt.Num(c.count),
			textfmt.Span(secondsDuration(secsSpan)), rateText(c.rate), pctText(share(c.count, c.inWindow)))
		f.Action = "One source sends far more than its share. If it is not one of yours (a monitor, a load test, a crawler you allow), rate-limit it (nginx limit_req keyed by $binary_remote_addr) or block it at the firewall or CDN; if the server slowed down or failed meanwhile, it needs the limit, more capacity, or a cache in front of what it asks for."
		if failed > 0 {
			f.Action = fmt.Sprintf("%s of its requests failed: the server could not keep up. ", pctText(share(failed, c.count))) + f.Action
		}
	} else {
		f.Kind, f.Severity = "top-talker", Info
		f.Title = fmt.Sprintf("%s sends %s of all requests (%s per second over %s)", upperFirst(who), pctText(share(c.count, d.total())),
			rateText(c.rate), textfmt.Span(secondsDuration(secsSpan)))
		f.Action = "If it is a proxy, load balancer or CDN in front of the server, log the real client address (nginx realip with X-Forwarded-For, Apache mod_remoteip) so that the findings see clients; otherwise check that it is a client you expect (a monitor, a partner, a crawler)."
	}
	d.add(f)
}

func rateText(r float64) string {
	switch {
	case r >= 100:
		return fmt.Sprintf("%.0f", r)
	case r >= 10:
		return fmt.Sprintf("%.1f", r)
	}
	return fmt.Sprintf("%.2f", r)
}

func roundRate(r float64) float64 {
	return float64(int64(r*100+0.5)) / 100
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
