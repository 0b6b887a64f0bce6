package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/logstat/logstat/parser"
)

// TestHeaderCarried: an input read from its start begins under the header
// lines the input before it ended with, so that a rotated tail of a W3C
// log without a header of its own reads with the previous file's
// #Fields; an input with its own header, or of a format without one, is
// read as on its own.
func TestHeaderCarried(t *testing.T) {
	const (
		iisHeader = "#Software: Microsoft Internet Information Services 10.0\n#Fields: date time c-ip cs-method cs-uri-stem sc-status\n"
		iisLines  = "2024-12-02 10:00:00 192.0.2.1 GET / 200\n2024-12-02 10:00:01 192.0.2.2 GET /x 404\n"
		cfHeader  = "#Version: 1.0\n#Fields: date time c-ip cs-method cs-uri-stem sc-status x-edge-result-type\n"
		cfLines   = "2024-12-02\t10:00:00\t192.0.2.1\tGET\t/\t200\tHit\n2024-12-02\t10:00:01\t192.0.2.2\tGET\t/x\t502\tError\n"
		combined  = "192.0.2.1 - - [02/Dec/2024:10:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"curl\"\n"
		other     = "#Fields: date c-ip sc-status\n2024-12-02 192.0.2.9 500\n"
	)
	tests := []struct {
		name    string
		texts   []string
		formats []string // each input's
		parsed  []int64  // each input's
	}{
		{"a headerless tail after its file", []string{iisHeader + iisLines, iisLines}, []string{"w3c", "w3c"}, []int64{2, 2}},
		{"CloudFront too", []string{cfHeader + cfLines, cfLines}, []string{"cloudfront", "cloudfront"}, []int64{2, 2}},
		{"a tail first has nothing to go by", []string{iisLines, iisHeader + iisLines}, []string{"unknown", "w3c"}, []int64{0, 2}},
		{"an input with its own header", []string{iisHeader + iisLines, other}, []string{"w3c", "w3c"}, []int64{2, 1}},
		{"another format in between ends the header", []string{iisHeader + iisLines, combined, iisLines}, []string{"w3c", "combined", "unknown"}, []int64{2, 1, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			texts := make([][]byte, len(tt.texts))
			for i, s := range tt.texts {
				texts[i] = []byte(s)
			}
			res := run(t, writeFiles(t, texts...), Config{Workers: 2, Incremental: true})
			for i, s := range res.Sources {
				if s.Spec == nil || s.Spec.Name() != tt.formats[i] || s.Parsed != tt.parsed[i] {
					t.Errorf("input %d: format %v, %d parsed; want %s, %d", i, s.Spec, s.Parsed, tt.formats[i], tt.parsed[i])
				}
			}
			for i, p := range res.Positions {
				if headed := len(p.Header) > 0; headed != (tt.formats[i] == "w3c" || tt.formats[i] == "cloudfront") {
					t.Errorf("input %d (%s): position header %q", i, tt.formats[i], p.Header)
				}
			}
		})
	}
}

// TestCloudflareWithoutStatus: a Logpush log without EdgeResponseStatus
// is read as no format, each line malformed with a reason naming the
// field, and the input's problem says so.
func TestCloudflareWithoutStatus(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "cdn", "cloudflare_logpush_cfdocs_example.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	res := run(t, writeFiles(t, data), Config{})
	s := res.Sources[0]
	problem := parser.Unreadable(s.Spec)
	if !strings.Contains(problem, "EdgeResponseStatus") || s.Parsed != 0 || s.Lines != 3 {
		t.Fatalf("spec %v, problem %q, %d of %d lines parsed", s.Spec, problem, s.Parsed, s.Lines)
	}
	if n := res.Summary.Malformed.ByReason[problem]; n != 3 {
		t.Errorf("malformed by reason %v", res.Summary.Malformed.ByReason)
	}
}
