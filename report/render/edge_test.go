package render

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/parser"
	"github.com/logstat/logstat/report"
)

// cdnSamples are the CDN samples whose reports are kept as golden files
// (testdata/golden/cdn-NAME.*; go test ./report/render -update writes
// them): a load balancer's and a CDN's, with both statuses.
var cdnSamples = []struct{ name, format, file string }{
	{"alb", "alb", "alb_awsdocs_examples_joined.log"},
	{"gcore", "gcore", "gcore_synthetic.log"},
}

// cdnReport reads a file of testdata/cdn as the CLI does with --format.
func cdnReport(t *testing.T, format, file string) *report.Report {
	t.Helper()
	spec, err := parser.CompileSpec(format)
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join("testdata", "cdn", file)
	f, err := os.Open(filepath.Join("..", "..", src))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p := spec.NewParser()
	s := aggregate.New(aggregate.Options{})
	sc := bufio.NewScanner(f)
	for n := int64(1); sc.Scan(); n++ {
		var rec parser.Record
		switch err := p.Parse(sc.Bytes(), &rec); {
		case err == nil:
			s.Add(&rec)
		case errors.Is(err, parser.ErrSkip):
			s.Lines.Skipped++
		default:
			t.Fatalf("%s:%d: %v", src, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return report.Build(report.Input{Summary: s, Format: spec.Name(), Sources: []string{src}})
}

// originCounts reads a report's edge × origin counts: "502/none" → 1.
func originCounts(r *report.Report) map[string]int64 {
	out := map[string]int64{}
	for _, c := range r.Codes {
		for _, o := range c.Origin {
			out[c.Status+"/"+o.Status] = o.Count
		}
	}
	return out
}

// TestEdgeOriginSamples: the edge × origin counts of the ALB and Gcore
// samples, as read from their lines by hand.
func TestEdgeOriginSamples(t *testing.T) {
	for _, tc := range []struct {
		format, file string
		want         map[string]int64
	}{
		// ALB: target_status_code; "-" when the target never answered
		// (the Lambda's invalid response).
		{"alb", "alb_awsdocs_examples_joined.log", map[string]int64{"101/101": 2, "200/200": 4, "502/none": 1}},
		// Gcore: the upstream status; "-" for cache hits, "504, 504" read
		// as its last.
		{"gcore", "gcore_synthetic.log", map[string]int64{"200/none": 1, "200/200": 1, "206/none": 1, "304/304": 1, "404/404": 1, "502/502": 1, "504/504": 1}},
	} {
		t.Run(tc.format, func(t *testing.T) {
			if got := originCounts(cdnReport(t, tc.format, tc.file)); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("edge/origin = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestGoldenCDN renders the CDN samples' reports in text, json, markdown
// and html and compares them with testdata/golden/cdn-*.
func TestGoldenCDN(t *testing.T) {
	for _, sample := range cdnSamples {
		r := cdnReport(t, sample.format, sample.file)
		for _, out := range []struct{ renderer, ext string }{{"text", "txt"}, {"json", "json"}, {"markdown", "md"}, {"html", "html"}} {
			t.Run(sample.name+"/"+out.renderer, func(t *testing.T) {
				var b bytes.Buffer
				if err := Render(&b, out.renderer, r, Options{Width: 120}); err != nil {
					t.Fatal(err)
				}
				path := filepath.Join(goldenDir, "cdn-"+sample.name+"."+out.ext)
				if *update {
					if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (go test ./report/render -update writes it)", err)
				}
				if !bytes.Equal(b.Bytes(), want) {
					t.Errorf("output differs from %s (go test ./report/render -update to accept):\n%s", path, b.String())
				}
			})
		}
		// The JSON read back renders the same text.
		var js, direct, back bytes.Buffer
		if err := Render(&js, "json", r, Options{}); err != nil {
			t.Fatal(err)
		}
		var rb report.Report
		if err := json.Unmarshal(js.Bytes(), &rb); err != nil {
			t.Fatal(err)
		}
		if err := Render(&direct, "text", r, Options{Width: 120}); err != nil {
			t.Fatal(err)
		}
		if err := Render(&back, "text", &rb, Options{Width: 120}); err != nil {
			t.Fatal(err)
		}
		if direct.String() != back.String() {
			t.Errorf("%s: the report read back from its JSON renders differently:\n%s", sample.name, back.String())
		}
	}
}

// edgeRecords adds records of one status, origin status, cache verdict,
// path and sub-status to s.
func edgeRecords(s *aggregate.Summary, n, status int, upstream, cache, path, sub string) {
	for range n {
		s.Add(&parser.Record{Status: status, RequestTime: -1, Path: []byte(path), Client: []byte("192.0.2.1"),
			UpstreamStatus: []byte(upstream), CacheStatus: []byte(cache), SubStatus: []byte(sub)})
	}
}

// edgeReport is a CDN report built from records: codes with origin
// statuses, cache verdicts and streaming paths.
func edgeReport(t *testing.T) *report.Report {
	t.Helper()
	s := aggregate.New(aggregate.Options{})
	edgeRecords(s, 60, 200, "-", "HIT", "/live/seg-1.ts", "")
	edgeRecords(s, 30, 200, "200", "MISS", "/live/index.m3u8", "")
	edgeRecords(s, 10, 200, "200", "MISS", "/page", "")
	edgeRecords(s, 9, 502, "-", "MISS", "/live/seg-2.ts", "")
	edgeRecords(s, 1, 502, "502", "MISS", "/api", "")
	edgeRecords(s, 4, 504, "504", "MISS", "/api", "")
	edgeRecords(s, 2, 503, "503", "MISS", "/api", "")
	edgeRecords(s, 3, 404, "-", "Error", "/live/seg-9.ts", "1001")
	edgeRecords(s, 1, 404, "", "", "/live/gone.m3u8", "")
	return report.Build(report.Input{Summary: s, Format: "gcore", Sources: []string{"cdn.log"}})
}

func tableRows(t *edgeTable) map[string][]string {
	out := map[string][]string{}
	for _, r := range t.Rows {
		out[r.Cells[0]] = r.Cells
	}
	return out
}

// TestOriginTable: a column per origin status (none first), "Not
// logged" for lines without one, and each error code read.
func TestOriginTable(t *testing.T) {
	r := edgeReport(t)
	tb := originTable(r)
	if tb == nil {
		t.Fatal("no table")
	}
	wantHeader := []string{"Edge", "Requests", "None", "200", "502", "503", "504", "Not logged", "Reading"}
	if !reflect.DeepEqual(tb.Header, wantHeader) {
		t.Errorf("header %q, want %q", tb.Header, wantHeader)
	}
	rows := tableRows(tb)
	for status, want := range map[string][]string{
		"200": {"200", "100", "60", "40", "", "", "", "", ""},
		"404": {"404", "4", "3", "", "", "", "", "1", "75% no origin response: from cache or edge"},
		"502": {"502", "10", "9", "", "1", "", "", "", "90% no origin response: the edge's own error"},
		"503": {"503", "2", "", "", "", "2", "", "", "100% 503 from the origin (unavailable)"},
		"504": {"504", "4", "", "", "", "", "4", "", "100% 504 from the origin side (too slow)"},
	} {
		if got := rows[status]; !reflect.DeepEqual(got, want) {
			t.Errorf("row %s = %q, want %q", status, got, want)
		}
	}
	if len(tb.Foot) != 1 || !strings.HasPrefix(tb.Foot[0], "Not logged") {
		t.Errorf("foot %q", tb.Foot)
	}
	if originTable(report.Build(report.Input{Summary: aggregate.New(aggregate.Options{})})) != nil {
		t.Error("a table without origin statuses")
	}
}

// TestOriginTableOther: beyond maxOriginColumns statuses, the rarest
// share a column named in a note, none and the 5xx kept.
func TestOriginTableOther(t *testing.T) {
	s := aggregate.New(aggregate.Options{})
	for st := 200; st < 212; st++ { // 12 origin statuses behind a 502
		edgeRecords(s, 1, 502, fmt.Sprint(st), "", "/x", "")
	}
	edgeRecords(s, 1, 503, "-", "", "/x", "")
	edgeRecords(s, 2, 503, "503", "", "/x", "")
	tb := originTable(report.Build(report.Input{Summary: s}))
	if n := len(tb.Header); n != 2+maxOriginColumns+1 {
		t.Fatalf("%d columns: %q", n, tb.Header)
	}
	if tb.Header[2] != "None" || tb.Header[len(tb.Header)-2] != "Other" || !slices.Contains(tb.Header, "503") {
		t.Errorf("header %q: none first, 503 kept, Other last before the reading", tb.Header)
	}
	if len(tb.Foot) != 1 || tb.Foot[0] != "Other: origin statuses 207, 208, 209, 210, 211." {
		t.Errorf("foot %q", tb.Foot)
	}
	if got := tableRows(tb)["502"]; got[len(got)-2] != "5" {
		t.Errorf("502's Other = %q, want 5", got[len(got)-2])
	}
}

func TestOriginWords(t *testing.T) {
	for _, tc := range []struct {
		code         int
		class, other string
		want         string
	}{
		{502, "5xx", "none", "no origin response: the edge's own error"},
		{504, "5xx", "none", "no origin response in time (edge timeout)"},
		{524, "5xx", "none", "no origin response in time (edge timeout)"},
		{504, "5xx", "504", "504 from the origin side (too slow)"},
		{502, "5xx", "502", "502 from the origin side (failed, cut off)"},
		{500, "5xx", "500", "passed through from the origin"},
		{520, "5xx", "200", "the origin answered 200"},
		{403, "4xx", "none", "no origin response: from cache or edge"},
		{0, "other", "none", "no origin response"},
	} {
		if got := originWords(tc.code, tc.class, tc.other); got != tc.want {
			t.Errorf("originWords(%d, %s) = %q, want %q", tc.code, tc.other, got, tc.want)
		}
	}
	// The reading names the second part when the first is not most.
	c := report.CodeRow{Code: 504, Status: "504", Class: "5xx", Count: 10,
		Origin: []report.OriginRow{{Status: "none", Count: 5}, {Status: "504", Count: 4}, {Status: "200", Count: 1}}}
	if got, want := originReading(c), "50% no origin response in time (edge timeout); 40% 504 from the origin side (too slow)"; got != want {
		t.Errorf("reading %q, want %q", got, want)
	}
	if got := originReading(report.CodeRow{Status: "200", Class: "2xx", Count: 1, Origin: []report.OriginRow{{Status: "none", Count: 1}}}); got != "" {
		t.Errorf("a 2xx read as %q", got)
	}
}

// TestCacheTable: shares of the requests with a verdict per code, and
// the row of all; hit, miss and error always, other kinds when seen.
func TestCacheTable(t *testing.T) {
	tb := cacheTable(edgeReport(t))
	if want := []string{"Code", "With a verdict", "Hit", "Miss", "Error"}; !reflect.DeepEqual(tb.Header, want) {
		t.Errorf("header %q, want %q", tb.Header, want)
	}
	rows := tableRows(tb)
	for status, want := range map[string][]string{
		"200": {"200", "100", "60.0%", "40.0%", ""},
		"404": {"404", "3", "", "", "100.0%"},
		"All": {"All", "119", "50.4%", "47.1%", "2.5%"},
	} {
		if got := rows[status]; !reflect.DeepEqual(got, want) {
			t.Errorf("row %s = %q, want %q", status, got, want)
		}
	}
	if cacheTable(report.Build(report.Input{Summary: aggregate.New(aggregate.Options{})})) != nil {
		t.Error("a cache table without verdicts")
	}
}

// TestStreamTables: kinds by class, then codes by kind with the 404's
// sub-codes under it.
func TestStreamTables(t *testing.T) {
	tbs := streamTables(edgeReport(t))
	if len(tbs) != 2 {
		t.Fatalf("%d tables", len(tbs))
	}
	kinds := tableRows(tbs[0])
	for kind, want := range map[string][]string{
		"manifest": {"manifest", "31", "25.83%", "96.8%", "", "3.2%", ""},
		"segment":  {"segment", "72", "60.00%", "83.3%", "", "4.2%", "12.5%"},
		"other":    {"other", "17", "14.17%", "58.8%", "", "", "41.2%"},
	} {
		if got := kinds[kind]; !reflect.DeepEqual(got, want) {
			t.Errorf("kind %s = %q, want %q", kind, got, want)
		}
	}
	codes := tableRows(tbs[1])
	if got, want := codes["404"], []string{"404", "Not Found", "4", "1", "3", ""}; !reflect.DeepEqual(got, want) {
		t.Errorf("404 = %q, want %q", got, want)
	}
	if got := codes["↳ 1001"]; got == nil || got[2] != "3" {
		t.Errorf("the 404's sub-code: %q", got)
	}
	if streamTables(report.Build(report.Input{Summary: aggregate.New(aggregate.Options{})})) != nil {
		t.Error("streaming tables without manifests or segments")
	}
}

// TestEdgeSectionsHostile: an X-Err-Code written by an attacker shows as
// text in every output of the streaming section.
func TestEdgeSectionsHostile(t *testing.T) {
	const payload = "<img src=x onerror=alert(1)>\x1b[31m[x](javascript:alert(2))"
	s := aggregate.New(aggregate.Options{})
	for range 5 {
		s.Add(&parser.Record{Status: 404, RequestTime: -1, Path: []byte("/live/a.ts"), Client: []byte("192.0.2.1"),
			UpstreamStatus: []byte("-"), CacheStatus: []byte("MISS"), SubStatus: []byte(payload)})
	}
	r := report.Build(report.Input{Summary: s, Format: "custom", Sources: []string{"a.log"}})
	for _, name := range []string{"text", "markdown", "html"} {
		var out bytes.Buffer
		if err := Render(&out, name, r, Options{Width: 120}); err != nil {
			t.Fatal(err)
		}
		page := out.String()
		if strings.Contains(page, "\x1b") || (name == "html" && strings.Contains(page, "<img")) {
			t.Errorf("%s: the payload is live:\n%s", name, page)
		}
		if !strings.Contains(page, "Video streaming") || !strings.Contains(page, "Edge and origin") || !strings.Contains(page, "Cache") {
			t.Errorf("%s: a section is missing:\n%s", name, page)
		}
		if name == "html" {
			checkElements(t, page)
		}
		if name == "markdown" {
			for i, c := range page {
				if (c == '<' || c == '[') && (i == 0 || page[i-1] != '\\') {
					t.Errorf("markdown: unescaped %q at %d: %q", c, i, page[max(0, i-40):min(len(page), i+40)])
				}
			}
		}
	}
}

// TestOriginTableNoReading: a log whose codes are all successes has no
// reading column.
func TestOriginTableNoReading(t *testing.T) {
	s := aggregate.New(aggregate.Options{})
	edgeRecords(s, 2, 200, "200", "", "/", "")
	edgeRecords(s, 1, 304, "-", "", "/", "")
	tb := originTable(report.Build(report.Input{Summary: s}))
	if want := []string{"Edge", "Requests", "None", "200"}; !reflect.DeepEqual(tb.Header, want) || len(tb.Wrap) != 0 {
		t.Errorf("header %q (wrap %v), want %q", tb.Header, tb.Wrap, want)
	}
}
