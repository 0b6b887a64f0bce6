package render

import (
	"fmt"
	"testing"
	"time"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/parser"
	"github.com/logstat/logstat/report"
)

// hostileFormat logs everything an attacker writes into a request: path,
// referer, user agent and host, with request and upstream times.
const hostileFormat = `$remote_addr - - [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $host $request_time`

// Payloads an attacker can put in a log. nginx writes " as \x22, which
// the parser decodes; paths cannot hold spaces, so / separates attributes.
var (
	hostilePaths = []string{
		`/<script>alert(1)</script>`,
		`/\x22><img/src=x/onerror=alert(2)>`,
		`/</svg><script>alert(3)</script><svg>`,
		`/</title></style><iframe/src=javascript:alert(4)>`,
		"/\xe2\x80\xaeevil.exe",
	}
	hostileReferer = `http://\x22><img/src=x/onerror=alert(5)>/</svg>`
	hostileAgent   = `<script>alert(6)</script> \x22><img src=x onerror=alert(7)>`
	hostileHost    = `</svg><img/src=x/onerror=alert(8)>`
	hostileSource  = `<img src=x onerror=alert(9)>.log`
)

// hostileReport is the report of a log whose paths, referers, user
// agents, hosts and file name carry markup: with findings (5xx on one
// path, a one-client 404 crawl), request times, a timeline, top lists
// and a malformed line.
func hostileReport(t *testing.T) *report.Report {
	t.Helper()
	f, err := parser.CompileNginx("hostile", hostileFormat)
	if err != nil {
		t.Fatal(err)
	}
	p := f.NewParser()
	s := aggregate.New(aggregate.Options{})
	at := time.Date(2024, 3, 1, 0, 0, 0, 0, time.FixedZone("", 3600))
	add := func(n, status int, path, client string, secs float64) {
		for range n {
			line := fmt.Sprintf(`%s - - [%s] "GET %s HTTP/1.1" %d 512 "%s" "%s" %s %.3f`,
				client, at.Format("02/Jan/2006:15:04:05 -0700"), path, status, hostileReferer, hostileAgent, hostileHost, secs)
			var rec parser.Record
			if err := p.Parse([]byte(line), &rec); err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			s.Add(&rec)
			at = at.Add(7 * time.Second)
		}
	}
	for i, path := range hostilePaths {
		add(200, 200, "/ok", "192.0.2.1", 0.05)
		add(30, 500, hostilePaths[0], "192.0.2.2", 2.5)
		add(40, 404, path, "198.51.100.9", 0.01)
		add(5, 403, path, fmt.Sprintf("203.0.113.%d", i), 0.02)
	}
	s.AddMalformed(aggregate.Sample{Source: hostileSource, Line: 3, Reason: "unterminated quote in $http_user_agent"})
	prev := report.Build(report.Input{Summary: aggregate.New(aggregate.Options{})})
	r := report.Build(report.Input{Summary: s, Format: "hostile", Sources: []string{hostileSource}, Errors: []report.SourceError{{Source: hostileSource, Error: hostileSource + ": cut short"}}, Incomplete: true,
		Previous: &report.Previous{Source: hostileSource, Kind: report.PreviousReport, Report: prev}})
	// As a JSON report read back could carry them: a window and rules
	// with markup and terminal escapes.
	r.Window = &report.Window{Since: hostileWindow}
	r.Thresholds = []report.Threshold{{Rule: hostileRule, Value: 3, Crossed: true}, {Rule: hostileRule + "%", Value: 1}}
	return r
}

const (
	hostileWindow = "<script>alert(10)</script>\x1b[31m"
	hostileRule   = "[x](javascript:alert(11))<b>\u202e"
)
