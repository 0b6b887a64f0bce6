package diagnose

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/parser"
	"github.com/logstat/logstat/report/catalog"
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

// summary parses the generated log.
func (g *logGen) summary(t *testing.T) *aggregate.Summary {
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
	return s
}

// findings diagnoses the generated log.
func (g *logGen) findings(t *testing.T) []Finding {
	t.Helper()
	return Diagnose(g.summary(t), Options{Format: "test"})
}

func kinds(fs []Finding) []string {
	var k []string
	for _, f := range fs {
		k = append(k, f.Kind+"/"+f.Status+f.Class)
	}
	return k
}

func find(fs []Finding, kind string) *Finding {
	for i := range fs {
		if fs[i].Kind == kind {
			return &fs[i]
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
		{"5xx storm", "spike",
			baseline().add(100, line{status: 500}).add(100, line{}),
			baseline().add(2, line{status: 500}).add(198, line{}),
			"100 of 120 requests from 2024-03-01 06:00 to 06:02 (2 min) failed"},
		{"server error rate", "error-rate",
			steady(900, 100, line{status: 503, path: "/a/%d"}),
			steady(990, 5, line{status: 503}),
			"100 of 1,000 requests"},
		{"half of a small log failing", "error-rate",
			newLog().add(3, line{}).add(3, line{status: 502}),
			newLog().add(5, line{}).add(1, line{status: 502}),
			"3 of 6 requests"},
		{"5xx on one path", "concentration",
			steady(500, 40, line{status: 500, path: "/api/checkout"}).add(5, line{status: 500}),
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
			r := tc.fires.findings(t)
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
			if q := tc.quiet.findings(t); find(q, tc.kind) != nil {
				t.Errorf("the near miss also gives a %s finding: %+v", tc.kind, *find(q, tc.kind))
			}
		})
	}
}

// steady writes ok requests with bad ones spread evenly among them.
func steady(ok, bad int, l line) *logGen {
	g := newLog()
	for i := range ok + bad {
		if i*bad/(ok+bad) != (i+1)*bad/(ok+bad) {
			g.add(1, l)
		} else {
			g.add(1, line{client: fmt.Sprintf("192.0.2.%d", i%200), path: fmt.Sprintf("/page/%d", i%50)})
		}
	}
	return g
}

func TestFindingsHealthyLogIsQuiet(t *testing.T) {
	if r := baseline().findings(t); len(r) != 0 {
		t.Errorf("healthy log has findings: %v", kinds(r))
	}
}

func TestFindingsRanked(t *testing.T) {
	r := newLog().add(300, line{}).add(200, line{status: 301, path: "/old"}).add(60, line{status: 503}).findings(t)
	if len(r) < 2 || r[0].Severity != Critical || r[len(r)-1].Severity != Info {
		t.Errorf("findings not ranked by severity: %v", kinds(r))
	}
}

// TestMergedSummaryDiagnosesAsOneRun: the diagnosis reads only the
// Summary, so the sum of two halves of a log (logstat merge) gives the
// findings of one run over all of it.
func TestMergedSummaryDiagnosesAsOneRun(t *testing.T) {
	g := baseline().
		add(100, line{status: 500, path: "/api/checkout"}).
		add(40, line{status: 404, path: "/wp-login.php", client: "203.0.113.9"}).
		add(40, line{status: 404, path: "/img/logo-%d.png", ref: "https://www.example.com/about"}).
		add(200, line{status: 401, client: "198.51.100.66", path: "/login"}).
		add(30, line{status: 502, upstream: "-"}).
		add(20, line{noStatus: true})
	g.lines = append(g.lines, "garbage", "more garbage")
	tests := []struct {
		name  string
		split func(i int) bool // whether line i goes to the first half
	}{
		{"first and second half", func(i int) bool { return i < len(g.lines)/2 }},
		{"interleaved", func(i int) bool { return i%2 == 0 }},
	}
	whole := Diagnose(g.summary(t), Options{Format: "test"})
	if len(whole) < 6 {
		t.Fatalf("the log gives only %v", kinds(whole))
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := &logGen{}, &logGen{}
			for i, l := range g.lines {
				if tc.split(i) {
					a.lines = append(a.lines, l)
				} else {
					b.lines = append(b.lines, l)
				}
			}
			sum := a.summary(t)
			sum.Merge(b.summary(t))
			if got, want := jsonOf(t, Diagnose(sum, Options{Format: "test"})), jsonOf(t, whole); got != want {
				t.Errorf("merged summary diagnosed differently:\n got %s\nwant %s", got, want)
			}
		})
	}
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestOptions: the bucket, profile and format options reach the findings.
func TestOptions(t *testing.T) {
	spiky := baseline().add(100, line{status: 500}).add(100, line{})
	tests := []struct {
		name    string
		g       *logGen
		opt     Options
		kind    string
		has     string // in the title, evidence or action
		missing bool   // no finding of kind
	}{
		// Storms are found per minute whatever the report's step.
		{"spike per minute", spiky, Options{Bucket: "minute"}, "spike", "per minute", false},
		{"spike with a daily timeline", spiky, Options{Bucket: "day"}, "spike", "06:00–06:02", false},
		{"api profile action", newLog().add(500, line{}).add(40, line{status: 500, path: "/api/x"}),
			Options{Profile: "api"}, "concentration", catalog.LookupProfile(500, "api").Action, false},
		{"malformed as the format", func() *logGen {
			g := newLog().add(100, line{})
			g.lines = append(g.lines, "x", "y")
			return g
		}(), Options{Format: "combined"}, "malformed", "did not parse as combined", false},
		{"malformed with no format", func() *logGen {
			g := newLog().add(100, line{})
			g.lines = append(g.lines, "x", "y")
			return g
		}(), Options{Format: "unknown"}, "malformed", "match no known log format", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := find(Diagnose(tc.g.summary(t), tc.opt), tc.kind)
			if tc.missing {
				if f != nil {
					t.Errorf("unexpected %s finding: %+v", tc.kind, *f)
				}
				return
			}
			if f == nil {
				t.Fatalf("no %s finding", tc.kind)
			}
			if all := f.Title + " " + strings.Join(f.Evidence, " ") + " " + f.Action; !strings.Contains(all, tc.has) {
				t.Errorf("%s finding lacks %q: %s", tc.kind, tc.has, all)
			}
		})
	}
}

func TestSeverity(t *testing.T) {
	tests := []struct {
		name string
		s    Severity
		text string
	}{
		{"info", Info, "info"},
		{"warning", Warning, "warning"},
		{"critical", Critical, "critical"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(tc.s)
			if err != nil || string(b) != `"`+tc.text+`"` {
				t.Errorf("JSON %s %v, want %q", b, err, tc.text)
			}
			var back Severity
			if err := json.Unmarshal(b, &back); err != nil || back != tc.s {
				t.Errorf("read back %v %v", back, err)
			}
			if p, err := ParseSeverity(tc.text); err != nil || p != tc.s || tc.s.String() != tc.text {
				t.Errorf("ParseSeverity(%q) = %v %v", tc.text, p, err)
			}
		})
	}
	if !(Info < Warning && Warning < Critical) {
		t.Error("severities out of order")
	}
	if _, err := ParseSeverity("fatal"); err == nil {
		t.Error("ParseSeverity accepted fatal")
	}
	if _, err := json.Marshal(Severity(7)); err == nil {
		t.Error("an unknown severity marshalled")
	}
	if got := Severities(); len(got) != 3 || got[0] != Critical {
		t.Errorf("Severities() = %v", got)
	}
}

// TestSmallLogs: a log too small for rates says so, and still reports
// what is plainly bad.
func TestSmallLogs(t *testing.T) {
	tests := []struct {
		name     string
		g        *logGen
		severity Severity // of the error-rate finding; -1: none
	}{
		{"15 of 40 requests 503", steady(25, 15, line{status: 503}), Critical},
		{"3 of 6 requests 502", newLog().add(3, line{}).add(3, line{status: 502}), Critical},
		{"2 of 40 requests 503", steady(38, 2, line{status: 503}), -1},
		{"1 of 2 requests 500", newLog().add(1, line{}).add(1, line{status: 500}), -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.g.findings(t)
			if find(r, "small-sample") == nil {
				t.Errorf("no small-sample finding: %v", kinds(r))
			}
			f := find(r, "error-rate")
			switch {
			case tc.severity < 0 && f != nil:
				t.Errorf("error-rate %s: %s", f.Severity, f.Title)
			case tc.severity >= 0 && (f == nil || f.Severity != tc.severity):
				t.Errorf("findings %v, want error-rate %s", kinds(r), tc.severity)
			case f != nil && (r[0].Kind != "error-rate" || f.From == nil):
				t.Errorf("error-rate not first, or without window: %v", kinds(r))
			}
		})
	}
}
