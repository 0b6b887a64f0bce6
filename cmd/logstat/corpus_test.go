package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// corpusDir holds the real logs the project is checked against; a user's
// clone does not have it.
const corpusDir = "../../../shared/corpus"

func corpusFile(t *testing.T, name string) string {
	t.Helper()
	path := filepath.Join(corpusDir, name)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("corpus file %s not available (only in the project's workspace): %v", name, err)
	}
	return path
}

const (
	nginxCombined = `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"`
	apacheCommon  = `%h %l %u %t \"%r\" %>s %b`
)

func TestCorpusCounts(t *testing.T) {
	corpus := []struct {
		file, preset, custom string
		want                 map[string]int64
		malformed            int64
	}{
		{"nasa-http_jul95_first10000.log", "common", apacheCommon,
			map[string]int64{"200": 9013, "304": 531, "302": 408, "404": 48}, 0},
		{"ddoser_nginx_access.log", "combined", nginxCombined,
			map[string]int64{"499": 858}, 0},
		{"elastic-examples_apache_logs.log", "combined", nginxCombined,
			map[string]int64{"200": 9125, "304": 445, "404": 213, "301": 164, "206": 45, "500": 3, "416": 2, "403": 2}, 1},
	}
	for _, c := range corpus {
		path := corpusFile(t, c.file)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		gz := writeFile(t, c.file+".gz", gzipBytes(t, data))
		ways := []struct {
			name  string
			stdin string
			args  []string
		}{
			{"auto", "", []string{path}},
			{"gzip", "", []string{gz}},
			{"stdin", string(data), []string{"-"}},
			{"stdin gzip", string(gzipBytes(t, data)), nil},
			{"preset", "", []string{"--format", c.preset, path}},
			{"custom format string", "", []string{"--format", c.custom, path}},
			{"one worker", "", []string{"-j", "1", path}},
		}
		for _, w := range ways {
			t.Run(fmt.Sprintf("%s/%s", c.file, w.name), func(t *testing.T) {
				code, out, errOut := runCLI(t, w.stdin, append([]string{"-o", "json"}, w.args...)...)
				if code != 0 {
					t.Fatalf("exit %d: %s", code, errOut)
				}
				r := decode(t, out)
				if got := r.counts(); !reflect.DeepEqual(got, c.want) {
					t.Errorf("codes = %v, want %v", got, c.want)
				}
				if r.Lines.Malformed != c.malformed {
					t.Errorf("malformed = %d, want %d (%v)", r.Lines.Malformed, c.malformed, r.Malformed.ByReason)
				}
				if w.name == "auto" && (r.Format != c.preset || !r.FormatDetected) {
					t.Errorf("detected %q (%v), want %q", r.Format, r.FormatDetected, c.preset)
				}
			})
		}
	}
}

func TestCorpusElasticMalformedLine(t *testing.T) {
	path := corpusFile(t, "elastic-examples_apache_logs.log")
	_, out, _ := runCLI(t, "", "-o", "json", path)
	r := decode(t, out)
	if len(r.Malformed.Samples) != 1 || r.Malformed.Samples[0].Line != 8899 {
		t.Fatalf("samples = %+v, want the truncated user agent on line 8899", r.Malformed.Samples)
	}
}

func TestCustomFormatWithUpstream(t *testing.T) {
	tests := []struct{ name, format, log string }{
		{"last and unquoted", nginxCombined + ` $request_time $upstream_status`,
			`10.0.0.1 - - [18/Jul/2023:13:44:16 +0000] "GET /api HTTP/1.1" 200 12 "-" "curl/8" 0.031 200
10.0.0.2 - - [18/Jul/2023:13:44:17 +0000] "GET /api HTTP/1.1" 502 0 "-" "curl/8" 1.500 502, 504
10.0.0.2 - - [18/Jul/2023:13:44:18 +0000] "POST /api/x HTTP/1.1" 504 0 "-" "curl/8" 60.001 -
`},
		{"quoted, with an extra variable", `$remote_addr [$time_local] "$request" $status $body_bytes_sent $request_time "$upstream_status" $http_x_request_id`,
			`10.0.0.1 [18/Jul/2023:13:44:16 +0000] "GET /api HTTP/1.1" 200 12 0.031 "200" abc
10.0.0.2 [18/Jul/2023:13:44:17 +0000] "GET /api HTTP/1.1" 502 0 1.500 "502, 504" def
10.0.0.2 [18/Jul/2023:13:44:18 +0000] "POST /api/x HTTP/1.1" 504 0 60.001 "-" -
`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, "upstream.log", []byte(tc.log))
			code, out, errOut := runCLI(t, "", "-o", "json", "--format", tc.format, path)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			r := decode(t, out)
			if got, want := r.counts(), map[string]int64{"200": 1, "502": 1, "504": 1}; !reflect.DeepEqual(got, want) {
				t.Errorf("codes = %v, want %v", got, want)
			}
			if r.Format != "custom" || r.Lines.Malformed != 0 {
				t.Errorf("format %q malformed %d %v", r.Format, r.Lines.Malformed, r.Malformed.ByReason)
			}
		})
	}
}

func TestNginxConf(t *testing.T) {
	conf := `# logging
http {
    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';
    log_format timed escape=json '$remote_addr [$time_local] "$request" $status $request_time';
    access_log /var/log/nginx/access.log main;
}
`
	confPath := writeFile(t, "nginx.conf", []byte(conf))
	log := `192.0.2.1 - - [18/Jul/2023:13:44:16 +0000] "GET / HTTP/2.0" 499 0 "-" "curl/8.0" "-"` + "\n" +
		`192.0.2.2 - - [18/Jul/2023:13:44:17 +0000] "GET /x HTTP/2.0" 200 10 "-" "curl/8.0" "203.0.113.9"` + "\n"
	path := writeFile(t, "access.log", []byte(log))
	code, out, errOut := runCLI(t, "", "-o", "json", "--nginx-conf", confPath, "--format", "main", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if r := decode(t, out); r.Format != "main" || !reflect.DeepEqual(r.counts(), map[string]int64{"499": 1, "200": 1}) {
		t.Errorf("format %q counts %v", r.Format, r.counts())
	}
	code, _, errOut = runCLI(t, "", "--nginx-conf", confPath, "--format", "nosuch", path)
	if code != 2 || !strings.Contains(errOut, `no log_format named "nosuch" (found: main, timed)`) {
		t.Errorf("exit %d stderr %q", code, errOut)
	}
}

func TestCorpusMixedFormats(t *testing.T) {
	nasa := corpusFile(t, "nasa-http_jul95_first10000.log")
	elastic := corpusFile(t, "elastic-examples_apache_logs.log")
	code, out, errOut := runCLI(t, "", "-o", "json", nasa, elastic)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var r struct {
		Format        string            `json:"format"`
		SourceFormats map[string]string `json:"source_formats"`
		Lines         struct{ Parsed, Malformed int64 }
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Format != "mixed" || r.SourceFormats[nasa] != "common" || r.SourceFormats[elastic] != "combined" || r.Lines.Parsed != 19999 || r.Lines.Malformed != 1 {
		t.Errorf("got %+v", r)
	}
}
