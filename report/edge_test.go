package report

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/parser"
)

// edgeSummary is a CDN log's summary: edge codes with their origin's
// status, the cache's verdict and streaming paths.
func edgeSummary(t *testing.T) *aggregate.Summary {
	t.Helper()
	s := aggregate.New(aggregate.Options{})
	add := func(n, status int, upstream, cache, path string) {
		for range n {
			s.Add(&parser.Record{Status: status, RequestTime: -1, Path: []byte(path), Client: []byte("192.0.2.1"),
				UpstreamStatus: []byte(upstream), CacheStatus: []byte(cache)})
		}
	}
	add(6, 200, "-", "HIT", "/live/seg-1.ts")
	add(2, 200, "200", "MISS", "/live/index.m3u8")
	add(2, 200, "200", "MISS", "/page")
	add(3, 502, "-", "MISS", "/live/seg-2.ts")
	add(1, 502, "502", "MISS", "/api")
	add(2, 504, "502, 504", "Error", "/api")
	add(1, 404, "", "", "/live/index.m3u8") // no origin status, no verdict
	return s
}

// TestBuildEdge: per code, the origin statuses (none first), the cache's
// verdicts and the media kinds; the report's cache totals and streaming
// breakdown.
func TestBuildEdge(t *testing.T) {
	r := Build(Input{Summary: edgeSummary(t), Format: "gcore"})
	codes := map[string]CodeRow{}
	for _, c := range r.Codes {
		codes[c.Status] = c
	}
	wantOrigin := map[string][]OriginRow{
		"200": {{"none", 6, 60}, {"200", 4, 40}},
		"404": nil,
		"502": {{"none", 3, 75}, {"502", 1, 25}},
		"504": {{"504", 2, 100}},
	}
	for status, want := range wantOrigin {
		if got := codes[status].Origin; !reflect.DeepEqual(got, want) {
			t.Errorf("%s origin = %+v, want %+v", status, got, want)
		}
	}
	if c := codes["200"].Cache; c == nil || c.Requests != 10 || c.Hit != 6 || c.Miss != 4 || c.Percent.Hit != 60 || c.Percent.Miss != 40 {
		t.Errorf("200 cache = %+v", c)
	}
	if c := codes["504"].Cache; c == nil || c.Error != 2 || c.Percent.Error != 100 {
		t.Errorf("504 cache = %+v", c)
	}
	if codes["404"].Cache != nil {
		t.Errorf("404 has no verdict, yet cache = %+v", codes["404"].Cache)
	}
	if c := r.Cache; c == nil || c.Requests != 16 || c.Hit != 6 || c.Miss != 8 || c.Error != 2 || c.Percent.Error != 12.5 {
		t.Errorf("report cache = %+v", c)
	}
	if m := codes["200"].Media; m == nil || *m != (MediaRow{Manifest: 2, Segment: 6, Other: 2}) {
		t.Errorf("200 media = %+v", m)
	}
	if m := codes["504"].Media; m != nil {
		t.Errorf("504 fetched no media, yet media = %+v", m)
	}
	st := r.Streaming
	if st == nil {
		t.Fatal("no streaming breakdown")
	}
	if st.Manifest.Requests != 3 || st.Segment.Requests != 9 || st.Other.Requests != 5 {
		t.Errorf("streaming requests %d %d %d, want 3 9 5", st.Manifest.Requests, st.Segment.Requests, st.Other.Requests)
	}
	if st.Segment.Classes != (ClassCounts{C2xx: 6, C5xx: 3}) || st.Segment.Percent != 52.94 {
		t.Errorf("segments %+v", st.Segment)
	}
	wantCodes := []StreamCode{{200, "200", "2xx", 2, 66.67}, {404, "404", "4xx", 1, 33.33}}
	if !reflect.DeepEqual(st.Manifest.Codes, wantCodes) {
		t.Errorf("manifest codes %+v, want %+v", st.Manifest.Codes, wantCodes)
	}
}

// TestEdgeOmitted: a log without origin statuses, verdicts or media has
// none of their fields in its JSON.
func TestEdgeOmitted(t *testing.T) {
	r := Build(Input{Summary: summaryOf(t, 200, 404, 502)})
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"origin"`, `"cache"`, `"media"`, `"streaming"`} {
		if strings.Contains(string(b), key) {
			t.Errorf("the JSON has %s: %s", key, b)
		}
	}
}

// TestEdgeJSONShape: the fields as the contract writes them, read back
// into the same report.
func TestEdgeJSONShape(t *testing.T) {
	r := Build(Input{Summary: edgeSummary(t), Format: "gcore"})
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"origin":[{"status":"none","count":3,"percent":75},{"status":"502","count":1,"percent":25}]`,
		`"cache":{"requests":2,"hit":0,"miss":0,"stale":0,"bypass":0,"error":2,"other":0,"percent":{"hit":0,"miss":0,"stale":0,"bypass":0,"error":100,"other":0}}`,
		`"media":{"manifest":2,"segment":6,"other":2}`,
		`"streaming":{"manifest":{"requests":3,"percent":17.65,"classes":{"1xx":0,"2xx":2,"3xx":0,"4xx":1,"5xx":0,"other":0},"codes":[{"code":200,"status":"200","class":"2xx","count":2,"percent":66.67}`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the JSON lacks %s:\n%s", want, b)
		}
	}
	var back Report
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Streaming, r.Streaming) || !reflect.DeepEqual(back.Cache, r.Cache) || !reflect.DeepEqual(back.Codes[1].Origin, r.Codes[1].Origin) {
		t.Error("the edge fields do not read back as written")
	}
}

func TestOriginRowCode(t *testing.T) {
	for st, want := range map[string]int{"none": -1, "502": 502, "0": 0, "x": -1} {
		if got := (OriginRow{Status: st}).Code(); got != want {
			t.Errorf("OriginRow{%q}.Code() = %d, want %d", st, got, want)
		}
	}
}
