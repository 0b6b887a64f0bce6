package report

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/parser"
)

// testFormat is an nginx format with every field the findings read.
const testFormat = `$remote_addr - - [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $host $request_time $upstream_status $upstream_addr`

// line is one request of a generated log; zero fields get defaults.
type line struct {
	client, method, path, ref, host, upstream, addr string
	status                                          int
	noStatus                                        bool // log "000"
	secs                                            float64
}

// logGen writes log lines one second apart from a fixed start.
type logGen struct {
	t     time.Time
	lines []string
}

func newLog() *logGen { return &logGen{t: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)} }

// add appends n copies of l, with %d in client or path replaced by the copy's index.
func (g *logGen) add(n int, l line) *logGen {
	for i := range n {
		c := l
		c.client = sub(def(c.client, "192.0.2.%d"), i%200)
		c.path = sub(def(c.path, "/page/%d"), i%50)
		c.method = def(c.method, "GET")
		c.ref = def(c.ref, "-")
		c.host = def(c.host, "www.example.com")
		c.upstream = def(c.upstream, "-")
		c.addr = def(c.addr, "-")
		if c.status == 0 && !c.noStatus {
			c.status = 200
		}
		if c.secs == 0 {
			c.secs = 0.05
		}
		g.lines = append(g.lines, fmt.Sprintf(`%s - - [%s] "%s %s HTTP/1.1" %03d 512 "%s" "test/1.0" %s %.3f %s %s`,
			c.client, g.t.Format("02/Jan/2006:15:04:05 -0700"), c.method, c.path, c.status, c.ref, c.host, c.secs, c.upstream, c.addr))
		g.t = g.t.Add(time.Second)
	}
	return g
}

func def(v, d string) string {
	if v == "" {
		return d
	}
	return v
}

func sub(v string, i int) string {
	if strings.Contains(v, "%d") {
		return fmt.Sprintf(v, i)
	}
	return v
}

// report parses the generated log and builds its report.
func (g *logGen) report(t *testing.T) *Report {
	t.Helper()
	f, err := parser.CompileNginx("test", testFormat)
	if err != nil {
		t.Fatal(err)
	}
	p := f.NewParser()
	s := aggregate.New(aggregate.Options{})
	var rec parser.Record
	for i, l := range g.lines {
		if err := p.Parse([]byte(l), &rec); err != nil {
			s.AddMalformed(aggregate.Sample{Source: "gen", Line: int64(i + 1), Reason: err.(*parser.LineError).Reason})
			continue
		}
		s.Add(&rec)
	}
	return Build(Input{Summary: s, Format: "test"})
}

func kinds(r *Report) []string {
	var k []string
	for _, f := range r.Findings {
		k = append(k, f.Kind+"/"+f.Status+f.Class)
	}
	return k
}

func find(r *Report, kind string) *Finding {
	for i := range r.Findings {
		if r.Findings[i].Kind == kind {
			return &r.Findings[i]
		}
	}
	return nil
}

// baseline is six hours of healthy traffic.
func baseline() *logGen {
	g := newLog()
	for range 6 {
		g.add(300, line{})
		g.add(3, line{status: 404, path: "/missing/%d"})
		g.t = g.t.Add(time.Hour - 303*time.Second)
	}
	return g
}

func TestFindings(t *testing.T) {
	tests := []struct {
		name    string
		kind    string
		fires   *logGen
		quiet   *logGen
		evident string // a piece of evidence the finding must show
	}{
		{"5xx spike", "spike",
			baseline().add(100, line{status: 500}).add(100, line{}),
			baseline().add(2, line{status: 500}).add(198, line{}),
			"were 5xx"},
		{"server error rate", "error-rate",
			newLog().add(900, line{}).add(100, line{status: 503, path: "/a/%d"}),
			newLog().add(990, line{}).add(5, line{status: 503}),
			"100 of 1,000 requests"},
		{"5xx on one path", "concentration",
			newLog().add(500, line{}).add(40, line{status: 500, path: "/api/checkout"}).add(5, line{status: 500}),
			newLog().add(500, line{}).add(40, line{status: 500}),
			"path /api/checkout"},
		{"5xx from one upstream", "concentration",
			newLog().add(500, line{}).add(40, line{status: 502, addr: "10.0.0.3:8080", upstream: "502"}).add(5, line{status: 502, addr: "10.0.0.4:8080", upstream: "502"}),
			newLog().add(500, line{}).add(20, line{status: 502, addr: "10.0.0.3:8080", upstream: "502"}).add(20, line{status: 502, addr: "10.0.0.4:8080", upstream: "502"}),
			"upstream 10.0.0.3:8080"},
		{"499 with slow requests", "slow-upstream",
			newLog().add(900, line{secs: 0.08}).add(60, line{status: 499, secs: 12}),
			newLog().add(900, line{secs: 0.08}).add(60, line{status: 499, secs: 0.09}),
			"median request time"},
		{"499 flood", "client-aborts",
			newLog().add(100, line{}).add(200, line{status: 499, client: "198.51.100.7", secs: 0.01}),
			newLog().add(1000, line{}).add(20, line{status: 499, secs: 0.01}),
			"198.51.100.7"},
		{"502 origin down", "upstream",
			newLog().add(500, line{}).add(30, line{status: 502, upstream: "-"}),
			newLog().add(500, line{}).add(5, line{status: 502, upstream: "-"}),
			"could not be reached"},
		{"504 origin slow", "upstream",
			newLog().add(500, line{}).add(30, line{status: 504, upstream: "504", secs: 60}),
			newLog().add(500, line{}).add(30, line{status: 200, upstream: "200", secs: 60}),
			"too slow"},
		{"404 scanners", "scanners",
			newLog().add(500, line{}).add(40, line{status: 404, path: "/wp-login.php", client: "203.0.113.9"}).add(40, line{status: 404, path: "/old/%d"}),
			newLog().add(500, line{}).add(5, line{status: 404, path: "/.env"}).add(80, line{status: 404, path: "/old/%d"}),
			"203.0.113.9"},
		{"404 broken links", "broken-links",
			newLog().add(500, line{ref: "https://www.example.com/"}).add(40, line{status: 404, path: "/img/logo-%d.png", ref: "https://www.example.com/about"}),
			newLog().add(500, line{ref: "https://www.example.com/"}).add(40, line{status: 404, path: "/img/logo-%d.png", ref: "https://other.example/"}),
			"from pages of www.example.com"},
		{"401 burst from one client", "auth-burst",
			newLog().add(500, line{}).add(200, line{status: 401, client: "198.51.100.66", method: "POST", path: "/login"}),
			newLog().add(500, line{}).add(200, line{status: 401, method: "POST", path: "/login"}),
			"198.51.100.66 got 200"},
		{"404s from one crawler", "one-client",
			newLog().add(500, line{}).add(60, line{status: 404, client: "198.51.100.99", path: "/cms/%d"}).add(10, line{status: 404}),
			newLog().add(500, line{}).add(70, line{status: 404, path: "/cms/%d"}),
			"198.51.100.99 got 60"},
		{"429 spread over clients", "rate-limit",
			newLog().add(500, line{}).add(100, line{status: 429}),
			newLog().add(5000, line{}).add(20, line{status: 429}),
			"spread over many clients"},
		{"redirects dominate", "redirects",
			newLog().add(300, line{}).add(200, line{status: 301, path: "/old-home"}),
			newLog().add(900, line{}).add(100, line{status: 301, path: "/old-home"}),
			"/old-home"},
		{"malformed lines", "malformed",
			func() *logGen {
				g := newLog().add(300, line{})
				g.lines = append(g.lines, "garbage", "more garbage", "x y z", "q")
				return g
			}(),
			func() *logGen { g := newLog().add(1000, line{}); g.lines = append(g.lines, "garbage"); return g }(),
			"did not parse"},
		{"no status", "no-status",
			newLog().add(500, line{}).add(20, line{noStatus: true}),
			newLog().add(5000, line{}).add(20, line{noStatus: true}),
			"000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.fires.report(t)
			f := find(r, tc.kind)
			if f == nil {
				t.Fatalf("no %s finding; findings: %v", tc.kind, kinds(r))
			}
			all := f.Title + " " + strings.Join(f.Evidence, " ")
			if !strings.Contains(all, tc.evident) {
				t.Errorf("%s finding lacks %q: %s", tc.kind, tc.evident, all)
			}
			if f.Action == "" || len(f.Evidence) == 0 || f.Requests <= 0 {
				t.Errorf("finding without action, evidence or numbers: %+v", f)
			}
			if q := tc.quiet.report(t); find(q, tc.kind) != nil {
				t.Errorf("the near miss also gives a %s finding: %+v", tc.kind, *find(q, tc.kind))
			}
		})
	}
}

func TestFindingsHealthyLogIsQuiet(t *testing.T) {
	if r := baseline().report(t); len(r.Findings) != 0 {
		t.Errorf("healthy log has findings: %v", kinds(r))
	}
}

func TestFindingsRanked(t *testing.T) {
	r := newLog().add(300, line{}).add(200, line{status: 301, path: "/old"}).add(60, line{status: 503}).report(t)
	if len(r.Findings) < 2 || r.Findings[0].Severity != "critical" || r.Findings[len(r.Findings)-1].Severity != "info" {
		t.Errorf("findings not ranked by severity: %v", kinds(r))
	}
}
