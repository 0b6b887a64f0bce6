package catalog

import (
	"strings"
	"testing"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/parser"
)

func summaryOf(paths []string, status int, cache string) *aggregate.Summary {
	s := aggregate.New(aggregate.Options{})
	for _, p := range paths {
		s.Add(&parser.Record{Status: status, Bytes: -1, RequestTime: -1, Path: []byte(p), Client: []byte("192.0.2.1"), Method: []byte("GET"), CacheStatus: []byte(cache)})
	}
	return s
}

func TestSuggest(t *testing.T) {
	api := []string{"/api/v1/users/7", "/v2/orders", "/graphql", "/api/items", "/"}
	video := []string{"/live/a.m3u8", "/live/a/1.ts", "/live/a/2.ts", "/"}
	web := []string{"/", "/about", "/static/app.js", "/api/x"}
	tests := []struct {
		name    string
		s       *aggregate.Summary
		current string
		want    string
		reason  string
	}{
		{"api calls", summaryOf(api, 200, ""), "web", "api", "API calls"},
		{"api calls, api in use", summaryOf(api, 200, ""), "api", "", ""},
		{"video segments", summaryOf(video, 200, ""), "", "video", "manifests and segments"},
		{"cache statuses", summaryOf(web, 200, "HIT"), "web", "cdn", "cache status"},
		{"edge codes", summaryOf(web, 522, ""), "web", "cdn", "520–530"},
		{"a web site", summaryOf(web, 200, ""), "web", "", ""},
		{"nothing", aggregate.New(aggregate.Options{}), "web", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Suggest(tc.s, tc.current)
			if got.Profile != tc.want || !strings.Contains(got.Reason, tc.reason) {
				t.Errorf("Suggest = %+v, want %s (%s)", got, tc.want, tc.reason)
			}
			if s := got.Sentence(); tc.want != "" && !strings.Contains(s, "--profile "+tc.want+" reads the codes") {
				t.Errorf("sentence %q", s)
			}
		})
	}
}
