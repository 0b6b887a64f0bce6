package parser

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// corpusDir is the shared corpus of real logs, outside the module; the
// tests that need it skip when it is absent.
const corpusDir = "../../shared/corpus"

// excerptDir holds small excerpts of the corpus, committed with the module.
const excerptDir = "../testdata/parser"

// logLines splits a log file into lines; the last one may lack its newline.
func logLines(data []byte) [][]byte {
	lines := bytes.Split(data, []byte("\n"))
	if n := len(lines); n > 0 && len(lines[n-1]) == 0 {
		lines = lines[:n-1]
	}
	return lines
}

// tally is what parsing a whole file gives.
type tally struct {
	statuses map[int]int    // parsed lines per status
	reasons  map[string]int // malformed lines per reason
	badLines []int          // 1-based numbers of the malformed lines
}

func parseFile(t *testing.T, path, format string) tally {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f := mustCompile(t, format)
	p := f.NewParser()
	tl := tally{statuses: map[int]int{}, reasons: map[string]int{}}
	var rec Record
	for i, line := range logLines(data) {
		if err := p.Parse(line, &rec); err != nil {
			tl.reasons[err.(*LineError).Reason]++
			tl.badLines = append(tl.badLines, i+1)
			continue
		}
		tl.statuses[rec.Status]++
		if rec.Time.IsZero() || len(rec.Client) == 0 || len(rec.Request) == 0 {
			t.Errorf("%s:%d: missing time, client or request: %+v", filepath.Base(path), i+1, wantOf(&rec))
		}
	}
	return tl
}

type corpusCase struct {
	file, format string
	label        string // names the subtest when format is not a preset name
	statuses     map[int]int
	reasons      map[string]int
	badLines     []int
	detect       string
}

func checkCorpus(t *testing.T, dir string, cases []corpusCase) {
	for _, c := range cases {
		label := c.label
		if label == "" {
			label = c.format
		}
		t.Run(c.file+"/"+label, func(t *testing.T) {
			path := filepath.Join(dir, c.file)
			got := parseFile(t, path, c.format)
			if !reflect.DeepEqual(got.statuses, c.statuses) {
				t.Errorf("statuses = %v, want %v", got.statuses, c.statuses)
			}
			if c.reasons == nil {
				c.reasons = map[string]int{}
			}
			if !reflect.DeepEqual(got.reasons, c.reasons) || !reflect.DeepEqual(got.badLines, c.badLines) {
				t.Errorf("malformed = %v at lines %v, want %v at %v", got.reasons, got.badLines, c.reasons, c.badLines)
			}
			if c.detect == "" {
				return
			}
			data, _ := os.ReadFile(path)
			lines := logLines(data)
			if len(lines) > 1000 {
				lines = lines[:1000]
			}
			if d := Detect(lines); d.Format == nil || d.Format.Name() != c.detect {
				t.Errorf("Detect = %v, want %s", d.Format, c.detect)
			}
		})
	}
}

func TestCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus %s not found (%v): skipping the real-log counts", corpusDir, err)
	}
	nasa := map[int]int{200: 9013, 304: 531, 302: 408, 404: 48}
	ddoser := map[int]int{499: 858}
	elastic := map[int]int{200: 9125, 304: 445, 404: 213, 301: 164, 206: 45, 500: 3, 416: 2, 403: 2}
	checkCorpus(t, corpusDir, []corpusCase{
		{file: "nasa-http_jul95_first10000.log", format: "common", statuses: nasa, detect: "common"},
		{file: "ddoser_nginx_access.log", format: "combined", statuses: ddoser, detect: "combined"},
		{file: "ddoser_nginx_access.log", format: NginxCombined, label: "nginx_combined", statuses: ddoser},
		{file: "elastic-examples_apache_logs.log", format: "combined", statuses: elastic, detect: "combined",
			reasons: map[string]int{"unterminated quote in %{User-Agent}i": 1}, badLines: []int{8899}},
		{file: "elastic-examples_apache_logs.log", format: "hsphere", statuses: elastic,
			reasons: map[string]int{"unterminated quote in %{User-agent}i": 1}, badLines: []int{8899}},
		{file: "elastic-examples_apache_logs.log", format: NginxCombined, label: "nginx_combined", statuses: elastic,
			reasons: map[string]int{"unterminated quote in $http_user_agent": 1}, badLines: []int{8899}},
	})
}

func TestCorpusExcerpts(t *testing.T) {
	checkCorpus(t, excerptDir, []corpusCase{
		{file: "nasa_jul95_excerpt.log", format: "common", statuses: map[int]int{200: 13, 302: 3, 304: 2, 404: 2}, detect: "common"},
		{file: "ddoser_nginx_excerpt.log", format: "combined", statuses: map[int]int{499: 15}, detect: "combined"},
		{file: "elastic_apache_excerpt.log", format: "combined", detect: "combined",
			statuses: map[int]int{200: 12, 206: 1, 301: 1, 304: 1, 403: 1, 416: 1, 500: 1},
			reasons:  map[string]int{"unterminated quote in %{User-Agent}i": 1}, badLines: []int{18}},
	})
}

// TestCorpusExcerptFields pins a few real lines field by field.
func TestCorpusExcerptFields(t *testing.T) {
	tests := []struct {
		file string
		line int
		fx   fixture
	}{
		{"nasa_jul95_excerpt.log", 2, fixture{format: "common", want: want{
			Time: "1995-07-01T00:00:06-04:00", Client: "unicomp6.unicomp.net",
			Request: "GET /shuttle/countdown/ HTTP/1.0", Method: "GET", Path: "/shuttle/countdown/", Protocol: "HTTP/1.0",
			Status: 200, Bytes: "3985"}}},
		{"nasa_jul95_excerpt.log", 18, fixture{format: "common", want: want{
			Time: "1995-07-01T00:22:43-04:00", Client: "pipe6.nyc.pipeline.com",
			Request: "GET /shuttle/missions/sts-71/movies/sts-71-mir-dock.mpg", Method: "GET",
			Path: "/shuttle/missions/sts-71/movies/sts-71-mir-dock.mpg", Status: 200, Bytes: "946425"}}},
		{"elastic_apache_excerpt.log", 16, fixture{format: "combined", want: want{
			Time: "2015-05-19T11:05:10Z", Client: "201.242.142.135",
			Request: "GET /files/logstash/ HTTP/1.0", Method: "GET", Path: "/files/logstash/", Protocol: "HTTP/1.0",
			Status: 200, Bytes: "13316",
			Referer:   "http://\xe4\xe5\xe3\xf2\xff\xf0\xed\xee\xe5-\xec\xfb\xeb\xee.\xf0\xf4/",
			UserAgent: "Mozilla/5.0 (Windows NT 6.1; rv:11.0) Gecko/20100101 Firefox/11.0"}}},
	}
	for _, tt := range tests {
		data, err := os.ReadFile(filepath.Join(excerptDir, tt.file))
		if err != nil {
			t.Fatal(err)
		}
		tt.fx.name = tt.file
		tt.fx.line = string(logLines(data)[tt.line-1])
		checkFixture(t, mustCompile(t, tt.fx.format).NewParser(), tt.fx)
	}
}
