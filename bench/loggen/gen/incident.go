package gen

import (
	"fmt"
	"strings"
	"time"
)

// Incident is one problem written into a log, for testing what a
// diagnosis finds, or "clean" for none at all. Every kind but the empty
// one draws statuses from a healthy mix (about 0.2% 5xx, 1.2% 404
// outside scanner probes) and leaves out the two-hourly upstream
// incident of the default mix, so that the log shows that one problem
// and nothing else:
//
//   - clean: no incident;
//   - storm: from At for For, Percent% of requests (default 30) fail with
//     Code (default 502) on POST /api/checkout;
//   - flood: from At for For, one client (an address no other line uses,
//     with the user agent python-requests) sends Percent% (default 95) of
//     the requests, on top of the usual traffic: the log's rate rises to
//     100/(100-Percent) times its usual rate (twenty times by default);
//   - deploy: from At to the end, Percent% of requests (default 5) get
//     Code (default 404) from the new release: the 404s ask for a script
//     bundle the release's pages link to but that was not deployed
//     (/static/js/app.4f1c2a.js, with the site's pages as referers), the
//     5xx fail on /api/v2/cart.
//
// The incident's draws come from a stream of their own, so the other
// lines are those of the clean log of the same Seed.
type Incident struct {
	Kind    string        // "", "clean", "storm", "flood" or "deploy"
	At      time.Duration // when it starts, from Config.Start (default: 6h for a storm, 3h for a flood, 7h for a deploy)
	For     time.Duration // how long a storm or flood lasts (default 10 minutes for a storm, 5 for a flood)
	Percent int           // the share of requests it concerns, 1–99
	Code    int           // the status of a storm or deploy
}

// IncidentKinds are the values Incident.Kind may take.
var IncidentKinds = []string{"clean", "storm", "flood", "deploy"}

const (
	incNone = iota
	incClean
	incStorm
	incFlood
	incDeploy
)

// incident is an Incident as a Generator uses it.
type incident struct {
	kind     int
	from, to int64 // seconds after the start: [from, to)
	percent  int
	code     int
	// A flood's lines: its first and after-last line, and the spacing of
	// its lines in nanoseconds.
	floodFirst, floodEnd int64
	floodNs              int64
	flooder              int // the flooder's client index
}

// Paths the incidents write, as appendPath writes pool paths -1, -2, -3.
var incidentPaths = []string{"/api/checkout", "/static/js/app.4f1c2a.js", "/api/v2/cart"}

const (
	pathCheckout = -1 - iota
	pathBundle
	pathCart
)

// flooderAgent is the flooder's user agent, an index in userAgents.
const flooderAgent = 14 // python-requests

const incidentSalt = 0x696e63 // "inc"

// setIncident checks c.Incident and keeps it in g; nsPerLine must be set.
func (g *Generator) setIncident(c Config) error {
	in := c.Incident
	inc := incident{percent: in.Percent, code: in.Code}
	switch in.Kind {
	case "":
		if in != (Incident{}) {
			return fmt.Errorf("an incident without a kind (want %s)", strings.Join(IncidentKinds, ", "))
		}
		g.inc = inc
		return nil
	case "clean":
		inc.kind = incClean
	case "storm":
		inc.kind = incStorm
		in.At, in.For = orDuration(in.At, 6*time.Hour), orDuration(in.For, 10*time.Minute)
		inc.percent, inc.code = orInt(in.Percent, 30), orInt(in.Code, 502)
	case "flood":
		inc.kind = incFlood
		in.At, in.For = orDuration(in.At, 3*time.Hour), orDuration(in.For, 5*time.Minute)
		inc.percent = orInt(in.Percent, 95)
	case "deploy":
		inc.kind = incDeploy
		in.At = orDuration(in.At, 7*time.Hour)
		inc.percent, inc.code = orInt(in.Percent, 5), orInt(in.Code, 404)
	default:
		return fmt.Errorf("unknown incident %q (want %s)", in.Kind, strings.Join(IncidentKinds, ", "))
	}
	switch {
	case in.At < 0 || in.For < 0:
		return fmt.Errorf("incident times must not be negative")
	case inc.kind != incClean && (inc.percent < 1 || inc.percent > 99):
		return fmt.Errorf("incident percent %d: want 1–99", inc.percent)
	case inc.kind == incStorm && (inc.code < 400 || inc.code > 599), inc.kind == incDeploy && inc.code != 404 && (inc.code < 500 || inc.code > 599):
		return fmt.Errorf("incident code %d: a storm is 4xx or 5xx, a deploy 404 or 5xx", inc.code)
	}
	inc.from = int64(in.At / time.Second)
	inc.to = inc.from + int64(in.For/time.Second)
	if inc.kind == incDeploy {
		inc.to = 1 << 62
	}
	if inc.kind == incFlood {
		// The flood packs its lines 100/(100-percent) times as close,
		// from the first line at or after At.
		inc.floodNs = max(g.nsPerLine*int64(100-inc.percent)/100, 1)
		inc.floodFirst = (int64(in.At) + g.nsPerLine - 1) / g.nsPerLine
		inc.floodEnd = inc.floodFirst + int64(in.For)/inc.floodNs
		// An IPv4 client outside those the traffic draws from.
		inc.flooder = g.clients
		for mix(uint64(inc.flooder)^clientSalt)%100 < 15 {
			inc.flooder++
		}
	}
	g.inc = inc
	return nil
}

func orDuration(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}

func orInt(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// offset returns the time of line i in nanoseconds after the start.
func (g *Generator) offset(i int64) int64 {
	in := &g.inc
	switch {
	case in.kind != incFlood || i < in.floodFirst:
		return i * g.nsPerLine
	case i < in.floodEnd:
		return in.floodFirst*g.nsPerLine + (i-in.floodFirst)*in.floodNs
	}
	// After the flood, lines go on at the usual rate from its end.
	end := in.floodFirst*g.nsPerLine + (in.floodEnd-in.floodFirst)*in.floodNs
	return end + (i-in.floodEnd)*g.nsPerLine
}

// statuses is the status mix of g's lines.
func (g *Generator) statuses() []struct{ status, weight int } {
	if g.inc.kind == incNone {
		return statusTable[:]
	}
	return healthyTable[:]
}

// healthyTable is the mix of a site with no problem, in parts per 10000.
var healthyTable = [...]struct{ status, weight int }{
	{200, 8870}, {206, 20}, {304, 600}, {301, 100}, {302, 100},
	{400, 20}, {401, 15}, {403, 20}, {404, 200}, {429, 5}, {499, 20},
	{500, 8}, {502, 5}, {503, 4}, {504, 3}, {0, 10},
}

// applyIncident changes line i, of second sec, as the incident has it.
func (g *Generator) applyIncident(e *entry, i, sec int64) {
	in := &g.inc
	switch in.kind {
	case incStorm, incDeploy:
		if sec < in.from || sec >= in.to {
			return
		}
		r := rng(mix(g.seed ^ mix(uint64(i)^incidentSalt)))
		if r.intn(100) >= in.percent {
			return
		}
		e.status, e.scanner, e.request = in.code, -1, reqNormal
		e.upstream = upSame
		e.ms = 2 + int64(r.intn(60))
		switch {
		case in.kind == incStorm:
			e.path, e.method = pathCheckout, 1
		case in.code == 404:
			// The new pages ask for a bundle that is not there; nginx
			// answers from disk.
			e.path, e.method, e.upstream = pathBundle, 0, upNone
			e.referer, e.refPath = refSite, 0
		default:
			e.path, e.method = pathCart, 1
		}
		e.bytes = 150 + int64(r.intn(40))
	case incFlood:
		if i < in.floodFirst || i >= in.floodEnd {
			return
		}
		r := rng(mix(g.seed ^ mix(uint64(i)^incidentSalt)))
		if r.intn(100) >= in.percent {
			return
		}
		// The flooder asks for the site's pages, and gets them.
		e.client, e.ua, e.user = in.flooder, flooderAgent, -1
		e.scanner, e.request, e.referer = -1, reqNormal, refNone
		e.status, e.method, e.upstream = 200, 0, upSame
		e.path = r.zipf(64)
		e.bytes = 3000 + int64(r.intn(60000))
		e.ms = 5 + int64(r.intn(200))
	}
}
