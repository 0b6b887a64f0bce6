package diagnose

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/report/catalog"
	"github.com/logstat/logstat/report/textfmt"
)

// Findings about clients and content: scanners and broken links, password
// guessing, rate limits, redirects, and lines or statuses that are not
// regular answers.

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
		ev := []string{fmt.Sprintf("%s of %s 404s (%s) asked for paths that scanners probe", textfmt.Num(c.Scanner), textfmt.Num(c.Count), pctText(share(c.Scanner, c.Count)))}
		if len(probes) > 0 {
			ev = append(ev, "paths: "+topValues(probes, 5))
		}
		if top := d.s.ScannerClients.Top(3); len(top) > 0 {
			var parts []string
			for _, it := range top {
				part := fmt.Sprintf("%s ×%s", textfmt.Clean(it.Value, 40), textfmt.Num(it.Count))
				if when := d.span(it.First, it.Last); when != "" {
					part += " (" + when + ")"
				}
				parts = append(parts, part)
			}
			ev = append(ev, "clients: "+strings.Join(parts, ", "))
		}
		from, to := d.seriesWindow(aggregate.SeriesScanner)
		d.add(Finding{
			Kind: "scanners", Severity: Info, Status: "404",
			Title:    fmt.Sprintf("Scanners: %s of the 404s are probes for software this site does not run", pctText(share(c.Scanner, c.Count))),
			Evidence: ev,
			Action:   "Harmless while these paths stay absent. Make sure none of them exists (.env, .git), and rate-limit or block the noisiest clients if they cost capacity.",
			Requests: c.Scanner, From: from, To: to,
		})
	}
	site := d.siteHost()
	if site == "" || c.Referers == nil {
		return
	}
	// The site's pages may refer as www.example.com or example.com.
	var own aggregate.Item
	for _, it := range c.Referers.Top(-1) {
		if sameSite(it.Value, site) {
			own.Count += it.Count
			own.Err += it.Err
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
	ev := []string{fmt.Sprintf("%s of %s 404s (%s) were requested from pages of %s (their referer)", textfmt.Num(own.Count), textfmt.Num(c.Count), pctText(share(own.Count, c.Count)), textfmt.Clean(site, 60))}
	if len(broken) > 0 {
		ev = append(ev, "most requested missing paths, whatever their referer: "+topValues(broken, 5))
	}
	// A few broken links are a chore; a share of all page views that
	// break is a warning.
	sev := Info
	if share(own.Count, d.total()) >= 0.01 {
		sev = Warning
	}
	from, to := d.seriesWindow(seriesOwn404)
	d.add(Finding{
		Kind: "broken-links", Severity: sev, Status: "404",
		Title:    fmt.Sprintf("Broken links: %s 404s come from the site's own pages", textfmt.Num(own.Count)),
		Evidence: ev,
		Action:   "Your pages link to things that are missing: restore the files, fix the links or templates, or redirect the old URLs.",
		Requests: own.Count, From: from, To: to,
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
		ev := []string{fmt.Sprintf("%s got %s of the %s %ss (%s)", textfmt.Clean(it.Value, 60), textfmt.Num(it.Count), textfmt.Num(c.Count), catalog.StatusText(code), pctText(share(it.Count, c.Count)))}
		var from, to *time.Time
		if it.First != 0 {
			minutes := float64(it.Last-it.First) / 60
			ev = append(ev, fmt.Sprintf("%s, about %.0f per minute", d.span(it.First, it.Last), float64(it.Count)/max(minutes, 1)))
			from, to = timePtr(it.First, d.loc), timePtr(it.Last+1, d.loc)
		}
		if c.Paths != nil {
			ev = append(ev, "paths: "+topValues(c.Paths.Top(3), 3))
		}
		d.add(Finding{
			Kind: "auth-burst", Severity: Warning, Status: catalog.StatusText(code),
			Title:    fmt.Sprintf("One client collects most %s %s answers (password guessing or a broken client)", catalog.StatusText(code), d.lookup(code).Title),
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
	ev := []string{fmt.Sprintf("%s of %s requests (%s) were refused with 429", textfmt.Num(c.Count), textfmt.Num(d.total()), pctText(share(c.Count, d.total())))}
	f := Finding{Kind: "rate-limit", Status: "429", Requests: c.Count}
	f.From, f.To = d.seriesWindow(aggregate.Series429)
	top := []aggregate.Item{}
	if c.Clients != nil {
		top = c.Clients.Top(3)
		ev = append(ev, "clients: "+topValues(top, 3))
	}
	if len(top) > 0 && share(top[0].Count, c.Count) >= concentrated {
		f.Severity = Info
		f.Title = fmt.Sprintf("Rate limiting works on one client: %s gets most 429s", textfmt.Clean(top[0].Value, 60))
		f.Action = "The limit is doing its job against one heavy client: check whether it is abuse (block it) or a partner integration that needs a higher quota or backoff."
	} else {
		f.Severity = Warning
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
	from, to := d.seriesWindow(int(aggregate.Class3xx))
	d.add(Finding{
		Kind: "redirects", Severity: Info, Class: "3xx", From: from, To: to,
		Title:    fmt.Sprintf("Redirects are %s of all requests", pctText(share(n, d.total()))),
		Evidence: []string{fmt.Sprintf("%s redirects (301/302/303/307/308) of %s requests", textfmt.Num(n), textfmt.Num(d.total())), "most redirected: " + topValues(items, 5)},
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
		byReason := d.s.Malformed.ByReason
		for _, r := range MalformedReasons(byReason) {
			reasons = append(reasons, fmt.Sprintf("%s ×%s", textfmt.Clean(r, 80), textfmt.Num(byReason[r])))
		}
		d.add(Finding{
			Kind: "malformed", Severity: Warning,
			Title:    d.malformedTitle(share(m, read)),
			Evidence: []string{strings.Join(reasons[:min(3, len(reasons))], "; ")},
			Action:   "If most lines fail the same way, the log format differs from the one used: give it with --format (the log_format or LogFormat string) or --nginx-conf.",
			Requests: m,
		})
	}
	if n := d.s.Classes[aggregate.ClassOther].Count; n > 0 && share(n, d.total()) >= 0.01 {
		from, to := d.seriesWindow(int(aggregate.ClassOther))
		d.add(Finding{
			Kind: "no-status", Severity: Info, Class: "other", From: from, To: to,
			Title:    fmt.Sprintf("%s of requests got no regular HTTP status", pctText(share(n, d.total()))),
			Evidence: []string{d.codesOf(aggregate.ClassOther)},
			Action:   "These requests ended without a normal answer (000: the client left or no response was sent; -: no status was set). Read each code with logstat explain.",
			Requests: n,
		})
	}
}

// sameSite compares host names ignoring a leading "www.".
func sameSite(a, b string) bool {
	return strings.EqualFold(strings.TrimPrefix(a, "www."), strings.TrimPrefix(b, "www."))
}

func (d *diagnosis) malformedTitle(part float64) string {
	if d.opt.Format == "unknown" {
		return fmt.Sprintf("%s of the lines match no known log format", pctText(part))
	}
	return fmt.Sprintf("%s of the lines did not parse as %s", pctText(part), d.opt.Format)
}

// dominantClient finds one client behind most answers of a 4xx code that
// no other finding reads by client (401/403: auth-burst, 429: rate-limit,
// 499: client-aborts): a crawler or scanner walking paths that do not
// exist, or one broken client.
func (d *diagnosis) dominantClient() {
	for _, c := range d.s.Codes() {
		if aggregate.ClassOf(c.Code) != aggregate.Class4xx || c.Clients == nil || c.Count < minCodeCount {
			continue
		}
		switch c.Code {
		case 401, 403, 429, 499:
			continue
		}
		top := c.Clients.Top(1)
		if len(top) == 0 || share(top[0].Count-top[0].Err, c.Count) < concentrated {
			continue
		}
		it := top[0]
		e := d.lookup(c.Code)
		ev := []string{fmt.Sprintf("%s got %s of the %s %ss (%s)", textfmt.Clean(it.Value, 60), textfmt.Num(it.Count), textfmt.Num(c.Count), catalog.StatusText(c.Code), pctText(share(it.Count, c.Count)))}
		if when := d.span(it.First, it.Last); when != "" {
			ev = append(ev, when)
		}
		if c.Paths != nil {
			ev = append(ev, "paths: "+topValues(c.Paths.Top(5), 5))
		}
		sev := Info
		if share(it.Count, d.total()) >= 0.1 {
			sev = Warning
		}
		var from, to *time.Time
		if it.First != 0 {
			from, to = timePtr(it.First, d.loc), timePtr(it.Last+1, d.loc)
		}
		d.add(Finding{
			Kind: "one-client", Severity: sev, Status: catalog.StatusText(c.Code),
			Title:    fmt.Sprintf("One client causes most %s %s answers", catalog.StatusText(c.Code), e.Title),
			Evidence: ev,
			Action:   "Usually a crawler or scanner walking paths that do not exist, or one misconfigured client: look up the address, and block or rate-limit it if it is not one you want; the other clients' errors are the ones to fix.",
			Requests: it.Count, From: from, To: to,
		})
	}
}
