package diagnose

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/bench/loggen/gen"
	"github.com/logstat/logstat/parser"
)

// Findings on whole logs: generated ones with one incident written in
// (bench/loggen), and the corpus.

// summarize parses a log's lines as the format detected on its first
// ones, into a Summary.
func summarize(t testing.TB, data []byte) *aggregate.Summary {
	t.Helper()
	lines := bytes.Split(bytes.TrimRight(data, "\n"), []byte("\n"))
	det := parser.Detect(lines[:min(200, len(lines))])
	if det.Spec == nil {
		t.Fatal("no format parses the log")
	}
	p := det.Spec.NewParser()
	s := aggregate.New(aggregate.Options{})
	var rec parser.Record
	for i, l := range lines {
		switch err := p.Parse(l, &rec); {
		case err == nil:
			s.Add(&rec)
		case err == parser.ErrSkip:
			s.AddSkipped()
		default:
			s.AddMalformed(aggregate.Sample{Source: "test", Line: int64(i + 1), Reason: "malformed"})
		}
	}
	return s
}

// incidentLog is ten hours of a generated log at two lines a second.
func incidentLog(t testing.TB, seed uint64, in gen.Incident) *aggregate.Summary {
	t.Helper()
	var b bytes.Buffer
	if err := gen.Write(&b, gen.Config{Seed: seed, Rate: 2, Incident: in}, 10*3600*2); err != nil {
		t.Fatal(err)
	}
	return summarize(t, b.Bytes())
}

var genStart = gen.DefaultStart

// at is the generated log's start plus d.
func at(d time.Duration) time.Time { return genStart.Add(d) }

// TestIncidentFindings: each kind of incident gives its finding, with
// its window, and a smaller one of the same kind (the near miss) does
// not.
func TestIncidentFindings(t *testing.T) {
	tests := []struct {
		name     string
		kind     string
		fires    gen.Incident
		quiet    gen.Incident
		severity Severity
		status   string // the finding's status or class
		from, to time.Time
		evident  string
	}{
		{"a 10-minute 502 storm", "spike",
			gen.Incident{Kind: "storm"}, // 30% of requests fail with 502 from 6:00 to 6:10
			gen.Incident{Kind: "storm", Percent: 1, For: 5 * time.Minute},
			Critical, "502", at(6 * time.Hour), at(6*time.Hour + 10*time.Minute), "/api/checkout"},
		{"a 2-minute 503 storm", "spike",
			gen.Incident{Kind: "storm", Code: 503, Percent: 50, For: 2 * time.Minute, At: 2 * time.Hour},
			gen.Incident{Kind: "storm", Code: 503, Percent: 2, For: 2 * time.Minute, At: 2 * time.Hour},
			Critical, "503", at(2 * time.Hour), at(2*time.Hour + 2*time.Minute), "503 Service Unavailable"},
		{"a flood from one client", "flood",
			gen.Incident{Kind: "flood"}, // 95% of the lines from 3:00 for five minutes, twenty times the rate
			gen.Incident{Kind: "flood", Percent: 20},
			Warning, "", at(3 * time.Hour), at(3*time.Hour + 5*time.Minute), "per second"},
		{"a deploy that broke a script bundle", "regression",
			gen.Incident{Kind: "deploy"}, // 5% of requests 404 from 7:00 on
			gen.Incident{Kind: "deploy", Percent: 1},
			Warning, "404", at(7 * time.Hour), at(10 * time.Hour), "/static/js/app.4f1c2a.js"},
		{"a deploy that broke the cart", "regression",
			gen.Incident{Kind: "deploy", Code: 500, Percent: 6},
			// An hour of the same errors that then stop is a storm, not
			// a regression.
			gen.Incident{Kind: "storm", Code: 500, Percent: 6, At: 7 * time.Hour, For: time.Hour},
			Critical, "5xx", at(7 * time.Hour), at(10 * time.Hour), "/api/v2/cart"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Diagnose(incidentLog(t, 11, tc.fires), Options{})
			f := find(r, tc.kind)
			if f == nil {
				t.Fatalf("no %s finding; findings: %v", tc.kind, kinds(r))
			}
			if f.Severity != tc.severity || f.Status+f.Class != tc.status && !(tc.status == "" || f.Status == tc.status) {
				t.Errorf("%s %s/%s, want %s %s", f.Kind, f.Severity, f.Status+f.Class, tc.severity, tc.status)
			}
			if f.From == nil || f.To == nil || f.From.Sub(tc.from).Abs() > time.Minute || f.To.Sub(tc.to).Abs() > time.Minute {
				t.Errorf("window %v – %v, want %v – %v", f.From, f.To, tc.from, tc.to)
			}
			if all := f.Title + " " + strings.Join(f.Evidence, " "); !strings.Contains(all, tc.evident) {
				t.Errorf("lacks %q: %s", tc.evident, all)
			}
			if r[0].Kind != tc.kind {
				t.Errorf("the incident is not the first finding: %v", kinds(r))
			}
			q := Diagnose(incidentLog(t, 11, tc.quiet), Options{})
			if f := find(q, tc.kind); f != nil {
				t.Errorf("the near miss gives a %s finding too: %s", tc.kind, f.Title)
			}
		})
	}
}

// TestCleanLogsAreQuiet is the precision check: ten clean generated logs
// give no warning and no critical finding, and every finding has its
// window.
func TestCleanLogsAreQuiet(t *testing.T) {
	for seed := range uint64(10) {
		r := Diagnose(incidentLog(t, 100+seed, gen.Incident{Kind: "clean"}), Options{})
		for _, f := range r {
			if f.Severity >= Warning {
				t.Errorf("seed %d: %s %s: %s", 100+seed, f.Severity, f.Kind, f.Title)
			}
			if f.From == nil || f.To == nil {
				t.Errorf("seed %d: %s has no window", 100+seed, f.Kind)
			}
		}
	}
}

// corpus reads a corpus log, skipping the test when it is not there.
func corpus(t *testing.T, name string) *aggregate.Summary {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "corpus", name))
	if err != nil {
		t.Skipf("corpus: %v", err)
	}
	return summarize(t, data)
}

func TestCorpusFindings(t *testing.T) {
	tests := []struct {
		log      string
		kind     string // the first finding's
		severity Severity
		evident  string
		from     string // the first finding's window starts then
		quiet    bool   // no warning or critical at all
	}{
		// 3 of its 6 requests are 502 (OriginDnsError): half failing is
		// critical at any size, and the log says it is small.
		{"cdn/cloudfront_standard_awsdocs_example.log", "error-rate", Critical, "3 of 6 requests", "2019-12-13T22:36:00Z", false},
		// 858 requests in 3 seconds, 655 from one client, all 499.
		{"ddoser_nginx_access.log", "flood", Critical, "192.236.195.162", "2023-07-18T13:44:16Z", false},
		{"nasa-http_jul95_first10000.log", "", Info, "", "", true},
		{"elastic-examples_apache_logs.log", "", Info, "", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.log, func(t *testing.T) {
			r := Diagnose(corpus(t, tc.log), Options{})
			for _, f := range r {
				if f.From == nil {
					t.Errorf("%s has no window", f.Kind)
				}
				if tc.quiet && f.Severity >= Warning {
					t.Errorf("%s %s: %s", f.Severity, f.Kind, f.Title)
				}
			}
			if tc.quiet {
				return
			}
			f := r[0]
			if f.Kind != tc.kind || f.Severity != tc.severity {
				t.Fatalf("first finding %s %s, want %s %s; findings %v", f.Severity, f.Kind, tc.severity, tc.kind, kinds(r))
			}
			if all := f.Title + " " + strings.Join(f.Evidence, " "); !strings.Contains(all, tc.evident) {
				t.Errorf("lacks %q: %s", tc.evident, all)
			}
			if got := f.From.UTC().Format(time.RFC3339); got != tc.from {
				t.Errorf("from %s, want %s", got, tc.from)
			}
		})
	}
	// The small logs say they are small.
	for _, log := range []string{"cdn/cloudfront_standard_awsdocs_example.log", "ddoser_nginx_access.log"} {
		if find(Diagnose(corpus(t, log), Options{}), "small-sample") == nil {
			t.Errorf("%s: no small-sample finding", log)
		}
	}
}

// TestIncidentsMergeAsOneRun: the diagnosis of parts of an incident log,
// merged, is the diagnosis of the whole (with fewer paths and clients
// than the top lists track, so that they are exact).
func TestIncidentsMergeAsOneRun(t *testing.T) {
	for _, in := range []gen.Incident{{Kind: "storm"}, {Kind: "flood"}, {Kind: "deploy"}, {Kind: "deploy", Code: 500}} {
		var b bytes.Buffer
		if err := gen.Write(&b, gen.Config{Seed: 3, Rate: 2, Paths: 150, Clients: 40, Incident: in}, 10*3600*2); err != nil {
			t.Fatal(err)
		}
		data := b.Bytes()
		whole := Diagnose(summarize(t, data), Options{})
		if want := map[string]string{"storm": "spike", "flood": "flood", "deploy": "regression"}[in.Kind]; find(whole, want) == nil {
			t.Fatalf("%s: no %s finding: %v", in.Kind, want, kinds(whole))
		}
		cut := bytes.IndexByte(data[len(data)/3:], '\n') + len(data)/3 + 1
		sum := summarize(t, data[cut:])
		sum.Merge(summarize(t, data[:cut]))
		if got, want := jsonOf(t, Diagnose(sum, Options{})), jsonOf(t, whole); got != want {
			t.Errorf("%s: merged parts diagnosed differently:\n got %.400s\nwant %.400s", in.Kind, got, want)
		}
	}
}
