package diagnose

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/report/catalog"
	"github.com/logstat/logstat/report/textfmt"
)

// What the findings read from CDN, proxy and load-balancer logs that
// give the origin's status beside the edge's (aggregate.Edge): whether a
// 502 or 504 had no origin response, an origin that failed or timed out,
// or an origin that answered; where the server errors came from; and
// the share of answers the cache logged as errors.

// originSplit is one code's requests by what the origin did: none (no
// origin response: "-", 0 or 000 logged), an origin 5xx, or an origin
// answer below 500. Logged is their sum: requests whose line has an
// origin status.
type originSplit struct {
	none, failed, answered, logged int64
	top                            []originCount // most frequent first
}

type originCount struct {
	status int // aggregate.NoOrigin for none
	count  int64
}

func originOf(c *aggregate.CodeStats) originSplit {
	var o originSplit
	for _, st := range c.Edge.OriginStatuses() {
		n := c.Edge.Origin[st]
		switch {
		case st == aggregate.NoOrigin:
			o.none += n
		case st >= 500:
			o.failed += n
		default:
			o.answered += n
		}
		o.logged += n
		o.top = append(o.top, originCount{st, n})
	}
	sort.SliceStable(o.top, func(i, j int) bool { return o.top[i].count > o.top[j].count })
	return o
}

// originReading is what most of a code's requests had from the origin.
type originReading int

const (
	noOriginData   originReading = iota
	noOrigin                     // no origin response
	originTimedOut               // the origin's status is 504 (nginx: it timed out)
	originFailed                 // another origin 5xx
	originAnswered               // an origin status below 500
)

// reading picks the largest part (no response before a failure before
// an answer on ties); failures that are mostly origin 504s read as
// timeouts.
func (o originSplit) reading() originReading {
	switch {
	case o.logged == 0:
		return noOriginData
	case o.none >= o.failed && o.none >= o.answered:
		return noOrigin
	case o.failed >= o.answered:
		if o.count(504)*2 > o.failed {
			return originTimedOut
		}
		return originFailed
	}
	return originAnswered
}

func (o originSplit) count(status int) int64 {
	for _, t := range o.top {
		if t.status == status {
			return t.count
		}
	}
	return 0
}

// evidence writes the origin statuses, most frequent first with their
// shares: `origin: no response ×9 (53%), 504 ×8 (47%)`.
func (o originSplit) evidence() string {
	var parts []string
	for _, t := range o.top[:min(4, len(o.top))] {
		name := strconv.Itoa(t.status)
		if t.status == aggregate.NoOrigin {
			name = "no response"
		}
		parts = append(parts, fmt.Sprintf("%s ×%s (%s)", name, textfmt.Num(t.count), pctText(share(t.count, o.logged))))
	}
	if len(o.top) > 4 {
		parts = append(parts, "…")
	}
	return "origin status: " + strings.Join(parts, ", ")
}

// answeredStatuses lists the origin's answers below 500: "200 ×11".
func (o originSplit) answeredStatuses() string {
	var parts []string
	for _, t := range o.top {
		if t.status != aggregate.NoOrigin && t.status < 500 && len(parts) < 3 {
			parts = append(parts, fmt.Sprintf("%d ×%s", t.status, textfmt.Num(t.count)))
		}
	}
	return strings.Join(parts, ", ")
}

// upstreamText is the title and action of a 502 or 504 read by what the
// origin did; ok false when the log gives no origin status.
func upstreamText(code int, o originSplit) (title, action string, ok bool) {
	status := catalog.StatusText(code)
	switch r := o.reading(); {
	case r == noOriginData:
		return "", "", false
	case r == noOrigin && code == 504:
		return status + " with no origin response in time: the origin is too slow or hung",
			"The edge gave up waiting before the origin answered at all (the load balancer's idle timeout, proxy_read_timeout, the CDN's origin timeout): find what holds those requests in the origin (its own log and request times, a database, a downstream service), or raise the edge's timeout only for routes that are slow by design.", true
	case r == noOrigin:
		return status + " with no origin response: the origin could not be reached",
			"The edge got no answer from the origin: connections refused, reset or timed out, no healthy target, or an answer it could not read. Check that the origin is up and listening, that the edge may reach it (security groups, firewalls, DNS, TLS to the origin), its health checks and connection limits, and crashes or deploys at those times.", true
	case r == originTimedOut:
		return status + ": the origin is too slow (its status is 504: it timed out)",
			"The origin side timed out: a proxy in front of the backend (nginx's $upstream_status 504) or the origin itself gave up on a slower service. Find the slow requests in the backend, or raise the timeout only for routes that are slow by design.", true
	case r == originFailed:
		return status + " from the origin side: the origin failed or broke the answer",
			"The origin answered with a server error, or its connection broke mid-answer, and the edge passed it on: the origin is the one to fix. Read its error log for those times; bursts during deploys mean it restarted without draining connections.", true
	}
	return fmt.Sprintf("%s although the origin answered (%s): the edge could not pass the answer on", status, o.answeredStatuses()),
		"The origin answered, yet the edge failed the request: an answer it found invalid (oversized or malformed headers, a protocol error), cut off mid-transfer, or too late for its timeout. Compare the edge's error detail with the origin's log for the same requests.", true
}

// originClassEvidence says where a class's errors came from, for logs
// with origin statuses: "" when none of them has one.
func (d *diagnosis) originClassEvidence(class aggregate.Class) string {
	var fromOrigin, own []string
	var nOrigin, nOwn int64
	for _, c := range d.s.Codes() {
		if aggregate.ClassOf(c.Code) != class {
			continue
		}
		o := originOf(c)
		if o.logged == 0 {
			continue
		}
		if n := o.logged - o.none; n > 0 {
			nOrigin += n
			fromOrigin = append(fromOrigin, fmt.Sprintf("%s ×%s", catalog.StatusText(c.Code), textfmt.Num(n)))
		}
		if o.none > 0 {
			nOwn += o.none
			own = append(own, fmt.Sprintf("%s ×%s", catalog.StatusText(c.Code), textfmt.Num(o.none)))
		}
	}
	if nOrigin+nOwn == 0 {
		return ""
	}
	list := func(parts []string) string {
		if len(parts) > 4 {
			parts = append(parts[:4], "…")
		}
		return " (" + strings.Join(parts, ", ") + ")"
	}
	var out []string
	if nOrigin > 0 {
		out = append(out, "with an origin response "+textfmt.Num(nOrigin)+list(fromOrigin))
	}
	if nOwn > 0 {
		out = append(out, "with no origin response (the edge's own) "+textfmt.Num(nOwn)+list(own))
	}
	return strings.Join(out, "; ")
}

// Thresholds of the cache-errors finding: errors the cache logged on
// answers whose status says they succeeded (2xx, 3xx).
const (
	minCacheErrors   = 10   // such errors before they are a finding
	cacheErrorShare  = 0.02 // share of the 2xx/3xx answers with a verdict, at least (Wilson bound)
	cacheErrorsWarn  = 0.05 // and a warning from this share
	cacheErrorsNamed = 4    // codes named in the evidence
)

// cacheErrors reports answers the cache logged as errors although their
// status says they succeeded: on CloudFront (x-edge-result-type Error
// with a 2xx or 3xx status) the viewer left before the download ended.
// Errors on 4xx and 5xx answers are those answers themselves, which
// their own findings report; the evidence gives the whole share.
func (d *diagnosis) cacheErrors() {
	var okErr, okVerdicts, allErr, allVerdicts int64
	var byCode []*aggregate.CodeStats
	for _, c := range d.s.Codes() {
		e := c.Edge.Cache[aggregate.CacheError]
		v := c.Edge.Cached()
		allErr += e
		allVerdicts += v
		if cl := aggregate.ClassOf(c.Code); cl == aggregate.Class2xx || cl == aggregate.Class3xx {
			okErr += e
			okVerdicts += v
			if e > 0 {
				byCode = append(byCode, c)
			}
		}
	}
	if okErr < minCacheErrors {
		return
	}
	lb := wilson(okErr, okVerdicts)
	if lb < cacheErrorShare {
		return
	}
	sev := Info
	if lb >= cacheErrorsWarn {
		sev = Warning
	}
	sort.SliceStable(byCode, func(i, j int) bool {
		return byCode[i].Edge.Cache[aggregate.CacheError] > byCode[j].Edge.Cache[aggregate.CacheError]
	})
	var codes []string
	var segments int64
	for _, c := range byCode {
		if len(codes) < cacheErrorsNamed {
			codes = append(codes, fmt.Sprintf("%s ×%s", catalog.StatusText(c.Code), textfmt.Num(c.Edge.Cache[aggregate.CacheError])))
		}
		segments += c.Edge.Segments
	}
	ev := []string{
		fmt.Sprintf("%s of %s 2xx and 3xx answers with a cache verdict (%s) were logged as errors: %s",
			textfmt.Num(okErr), textfmt.Num(okVerdicts), pctText(share(okErr, okVerdicts)), strings.Join(codes, ", ")),
		fmt.Sprintf("over all codes, %s of %s answers with a verdict (%s) are cache errors; those on 4xx and 5xx are the errors themselves",
			textfmt.Num(allErr), textfmt.Num(allVerdicts), pctText(share(allErr, allVerdicts))),
	}
	if d.s.Segments() > 0 {
		ev = append(ev, fmt.Sprintf("the codes with such errors carry %s of the log's %s media segment requests", textfmt.Num(segments), textfmt.Num(d.s.Segments())))
	}
	d.add(Finding{
		Kind: "cache-errors", Severity: sev,
		Title:    fmt.Sprintf("%s of successful answers ended in a cache error: viewers left before the download ended", pctText(share(okErr, okVerdicts))),
		Evidence: ev,
		Action:   "An error verdict on a 2xx or 3xx answer (CloudFront's Error with a success status) means the viewer disconnected before the answer was fully sent. A few come from people leaving; many, above all on video segments or large files, point at slow delivery: compare time-taken and time-to-first-byte by edge location, check the origin's speed on cache misses, and the players' timeouts.",
		Requests: okErr,
	})
}
