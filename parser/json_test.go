package parser

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// nginxJSON is nginx's log_format with escape=json as it is usually
// written: every value quoted, a missing one empty.
const nginxJSON = `{"time_local":"18/Jul/2023:13:44:16 +0200","remote_addr":"203.0.113.9","remote_user":"",` +
	`"request":"GET /a?b=1 HTTP/1.1","status": "404","body_bytes_sent":"153","request_time":"0.004",` +
	`"http_referer":"","http_user_agent":"curl/8.0 \"x\"","upstream_status":"","upstream_cache_status":"MISS"}`

func TestJSONLines(t *testing.T) {
	checkLines(t, jsonLines, []lineCase{
		{name: "nginx escape=json", line: nginxJSON, want: want{Time: "2023-07-18T13:44:16+02:00", Client: "203.0.113.9",
			Request: "GET /a?b=1 HTTP/1.1", Method: "GET", Path: "/a?b=1", Protocol: "HTTP/1.1", Status: 404, Bytes: "153",
			UserAgent: `curl/8.0 "x"`, RequestTime: "4ms", CacheStatus: "MISS"}},
		{name: "numbers, ISO time, parts of the request", line: `{"time_iso8601":"2023-07-18T13:44:16+00:00","remote_addr":"192.0.2.1",` +
			`"request_method":"POST","request_uri":"/api","server_protocol":"HTTP/2.0","status":201,"body_bytes_sent":0,` +
			`"request_time":0.031,"upstream_status":"502, 201","upstream_addr":"10.0.0.1:80","host":"example.com"}`,
			want: want{Time: "2023-07-18T13:44:16Z", Client: "192.0.2.1", Request: "POST /api HTTP/2.0", Method: "POST", Path: "/api",
				Protocol: "HTTP/2.0", Status: 201, Bytes: "0", RequestTime: "31ms", UpstreamStatus: "502, 201",
				UpstreamAddr: "10.0.0.1:80", Host: "example.com"}},
		{name: "uri and args", line: `{"status":200,"uri":"/s","args":"q=1"}`,
			want: want{Request: "/s?q=1", Path: "/s?q=1", Status: 200, Bytes: ""}},
		{name: "unicode escapes", line: `{"status":200,"user_agent":"\u00e9\ud83d\ude00\u0001\t\/"}`,
			want: want{Status: 200, UserAgent: "é😀\x01\t/"}},
		{name: "nested values and arrays stepped over", line: `{"a":{"b":[1,{"c":"}\"]"}]},"status":200,"x":[],"y":true}`,
			want: want{Status: 200}},
		{name: "null and dash are no value", line: `{"status":200,"remote_addr":null,"remote_user":"-"}`, want: want{Status: 200}},
		{name: "the likelier key wins whatever the order", line: `{"status":200,"uri":"/b","request_uri":"/a?x"}`,
			want: want{Status: 200, Request: "/a?x", Path: "/a?x"}},
		{name: "docker compose prefix", line: `web-1  | {"status":301}`, want: want{Status: 301}},
		{name: "unix seconds with a fraction", line: `{"status":200,"ts":1689688256.5}`, want: want{Status: 200, Time: "2023-07-18T13:50:56.5Z"}},
		{name: "unix milliseconds", line: `{"status":200,"timestamp":"1689688256500"}`, want: want{Status: 200, Time: "2023-07-18T13:50:56.5Z"}},
		{name: "unix nanoseconds", line: `{"status":200,"time":1689688256000000007}`, want: want{Status: 200, Time: "2023-07-18T13:50:56.000000007Z"}},
		{name: "request time with an exponent", line: `{"status":200,"request_time":7.5e-05}`, want: want{Status: 200, RequestTime: "75µs"}},
		{name: "blank around", line: " {\"status\" : 200 } \r", want: want{Status: 200}},

		{name: "not an object", line: `hello`, err: ReasonJSONNotObject},
		{name: "an array", line: `[{"status":200}]`, err: ReasonJSONNotObject},
		{name: "cut short", line: `{"status":200,`, err: ReasonJSONSyntax, off: 14},
		{name: "unterminated string", line: `{"status":"200`, err: ReasonJSONSyntax, off: 14},
		{name: "no colon", line: `{"status" 200}`, err: ReasonJSONSyntax, off: 10},
		{name: "text after the object", line: `{"status":200} x`, err: ReasonJSONTrailing, off: 15},
		{name: "no status", line: `{"path":"/"}`, err: "no status field"},
		{name: "a bad status", line: `{"status":"OK"}`, err: "bad value in status", off: 11},
		{name: "a bad count names its key", line: `{"status":200,"bytes":"x"}`, err: "bad value in bytes", off: 23},
		{name: "a bad time", line: `{"status":200,"time":"yesterday"}`, err: "bad value in time", off: 22},
		{name: "empty", line: "", err: ReasonEmpty},
	})
}

func TestJSONFiles(t *testing.T) {
	checkFiles(t, cdnTestdata, []fileCase{
		{file: "nginx_json_synthetic.log", detect: "json", statuses: map[int]int{200: 1, 206: 1, 404: 1, 502: 1}},
	})
}

func TestCompileJSON(t *testing.T) {
	tests := []struct {
		name, mapping, line string
		want                want
		err                 string
	}{
		{name: "keys renamed, one nested", mapping: "status=code, time=when, path=req.uri",
			line: `{"code":"500","when":"2023-07-18T13:44:16Z","req":{"uri":"/x","method":"GET"},"status":200}`,
			want: want{Status: 500, Time: "2023-07-18T13:44:16Z", Request: "/x", Path: "/x"}},
		{name: "other roles keep their usual keys", mapping: "status=code", line: `{"code":204,"remote_addr":"192.0.2.1"}`,
			want: want{Status: 204, Client: "192.0.2.1"}},
		{name: "durations in other units", mapping: "request_time_ms=ms", line: `{"status":200,"ms":"31"}`,
			want: want{Status: 200, RequestTime: "31ms"}},
		{name: "an unknown role", mapping: "colour=c", err: `unknown role "colour"`},
		{name: "no key", mapping: "status=", err: "write ROLE=KEY"},
		{name: "no equals sign", mapping: "status", err: "write ROLE=KEY"},
		{name: "an empty path step", mapping: "path=a..b", err: "write ROLE=KEY"},
		{name: "a role twice", mapping: "status=a,status=b", err: "status is given twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec, err := CompileSpec("json:" + tt.mapping)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("CompileSpec = %v, %v; want an error with %q", spec, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkLines(t, spec, []lineCase{{name: "line", line: tt.line, want: tt.want}})
		})
	}
}

func TestJSONScanHelpers(t *testing.T) {
	tests := []struct {
		name string
		f    func() any
		want any
	}{
		{"string end skips escaped quotes", func() any { return stringEnd([]byte(`a\"b\\"c`), 0) }, 6},
		{"string end unterminated", func() any { return stringEnd([]byte(`a\"`), 0) }, -1},
		{"nested value", func() any { n, ok := skipValue([]byte(`{"a":["]",{}]},1`), 0); return [2]any{n, ok} }, [2]any{14, true}},
		{"nested cut short", func() any { n, ok := skipValue([]byte(`{"a":[`), 0); return [2]any{n, ok} }, [2]any{6, false}},
		{"no value", func() any { n, ok := skipValue([]byte(`,`), 0); return [2]any{n, ok} }, [2]any{0, false}},
		{"first string of an array", func() any { return string(firstString([]byte(`[ "x", "y"]`), 0)) }, "x"},
		{"percent decoded with plus", func() any { return string(appendPercentDecoded(nil, []byte("a%2Fb+c%zz%4"), true)) }, "a/b c%zz%4"},
		{"percent decoded, plus kept", func() any { return string(appendPercentDecoded(nil, []byte("a%20+"), false)) }, "a +"},
		{"a lone surrogate", func() any { return string(appendJSONUnescaped(nil, []byte(`\ud83dx`))) }, "\uFFFDx"},
		{"a bad escape kept", func() any { return string(appendJSONUnescaped(nil, []byte(`\q\u12`))) }, `\q\u12`},
		{"compose prefix", func() any { return containerPrefix([]byte("caddy  | {")) }, 9},
		{"no compose prefix", func() any { return containerPrefix([]byte("a b | {")) }, 0},
	}
	for _, tt := range tests {
		if got := tt.f(); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestStringEnd compares stringEnd, which reads eight bytes at a time,
// with a byte-by-byte reading, on strings of quotes, backslashes and
// letters of every length up to three words.
func TestStringEnd(t *testing.T) {
	ref := func(line []byte, from int) int {
		for i := from; i < len(line); i++ {
			switch line[i] {
			case '"':
				return i
			case '\\':
				i++
			}
		}
		return -1
	}
	r := rand.New(rand.NewPCG(9, 9))
	for range 20000 {
		line := make([]byte, r.IntN(26))
		for i := range line {
			line[i] = `ab"\\x`[r.IntN(5)]
		}
		from := r.IntN(len(line) + 1)
		if got, want := stringEnd(line, from), ref(line, from); got != want {
			t.Fatalf("stringEnd(%q, %d) = %d, want %d", line, from, got, want)
		}
	}
}

// TestDetectJSON: JSON lines with a status are json; without one, or
// among other lines, they are not.
func TestDetectJSON(t *testing.T) {
	tests := []struct {
		name   string
		lines  []string
		want   string
		parsed int
	}{
		{"nginx escape=json", []string{nginxJSON, nginxJSON}, "json", 2},
		{"some junk", []string{nginxJSON, "junk", `{"status":200}`}, "json", 2},
		{"no status anywhere", []string{`{"msg":"a"}`, `{"msg":"b"}`}, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var lines [][]byte
			for _, l := range tt.lines {
				lines = append(lines, []byte(l))
			}
			d := Detect(lines)
			name := ""
			if d.Spec != nil {
				name = d.Spec.Name()
			}
			if name != tt.want || d.Parsed != tt.parsed || d.Problem != "" {
				t.Errorf("Detect = %q parsed %d, problem %q; want %q parsed %d", name, d.Parsed, d.Problem, tt.want, tt.parsed)
			}
		})
	}
}

// jsonBenchLines are typical lines of the JSON families.
func jsonBenchLines() map[string][][]byte {
	return map[string][][]byte{
		"json": {[]byte(nginxJSON), []byte(`{"time_iso8601":"2023-07-18T13:44:16+00:00","remote_addr":"192.0.2.1","request":"GET /shop/item.php?id=4711 HTTP/2.0",` +
			`"status":200,"body_bytes_sent":48213,"request_time":0.031,"http_referer":"https://www.example.com/shop/",` +
			`"http_user_agent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36","upstream_status":"200"}`)},
	}
}

func TestJSONAllocs(t *testing.T) {
	checkAllocs(t, jsonLines, jsonBenchLines()["json"])
}

func BenchmarkJSON(b *testing.B) {
	benchLinesOf(b, jsonLines, jsonBenchLines()["json"][1:])
}

// FuzzJSON parses any line as JSON lines: it never panics, keeps the
// invariants of parseAny, and reads a line the same after other lines.
func FuzzJSON(f *testing.F) {
	for _, l := range jsonBenchLines()["json"] {
		f.Add(string(l))
	}
	f.Add(`caddy  | {"level":"info","logger":"http.log.access","status":200,"request":{"uri":"/","headers":{"User-Agent":["x"]}}}`)
	f.Add(`{"EdgeResponseStatus":200,"OriginResponseStatus":0,"EdgeStartTimestamp":1506702504433000200,"EdgeEndTimestamp":"2017-09-29T16:28:24Z"}`)
	f.Add(`{"statusCode":"206","reqTimeSec":"1573840000","UA":"a%2Fb+c","cacheStatus":"1","queryStr":"x=1"}`)
	f.Add(`{"a":[{"b":"\u00e9\ud83d"}],"status":"-","bytes":""}`)
	seedFile(f, "nginx_json_synthetic.log")
	before := [][]byte{[]byte(nginxJSON), []byte(`{"status":200,"uri":"/p","args":"a","ts":1.5,"request_time":"-"}`)}
	f.Fuzz(func(t *testing.T, line string) { checkStateless(t, jsonLines, before, []byte(line)) })
}
