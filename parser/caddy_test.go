package parser

import "testing"

// caddyLine is an access log line as docker compose shows it.
const caddyLine = `caddy  | {"level":"info","ts":1761019957.9247544,"logger":"http.log.access","msg":"handled request",` +
	`"request":{"remote_ip":"172.19.0.1","remote_port":"37882","client_ip":"203.0.113.7","proto":"HTTP/2.0","method":"GET",` +
	`"host":"localhost","uri":"/index.html?x=1","headers":{"Accept":["text/html"],"User-Agent":["Mozilla/5.0 (X11)"],` +
	`"Referer":["https://localhost/"]}},"bytes_read":0,"user_id":"","duration":0.000073649,"size":188,"status":200,` +
	`"resp_headers":{"Server":["Caddy"],"Content-Type":["text/html; charset=utf-8"]}}`

func TestCaddyLines(t *testing.T) {
	checkLines(t, caddy, []lineCase{
		{name: "an access log line", line: caddyLine, want: want{Time: "2025-10-21T04:12:37.9247544Z", Client: "203.0.113.7",
			Request: "GET /index.html?x=1 HTTP/2.0", Method: "GET", Path: "/index.html?x=1", Protocol: "HTTP/2.0", Status: 200,
			Bytes: "188", Referer: "https://localhost/", UserAgent: "Mozilla/5.0 (X11)", Host: "localhost", RequestTime: "73.649µs"}},
		{name: "remote_ip without client_ip, a named access logger", line: `{"logger":"http.log.access.log0","status":404,"request":{"remote_ip":"192.0.2.1"}}`,
			want: want{Status: 404, Client: "192.0.2.1"}},
		{name: "another logger's line", line: `caddy  | {"level":"info","ts":1761019822.316192,"logger":"admin","msg":"admin endpoint started"}`, skip: true},
		{name: "a line without a logger", line: `{"level":"info","ts":1761019831.8273869,"msg":"shutting down apps"}`, skip: true},
		{name: "not JSON", line: `caddy  | panic: runtime error`, err: ReasonJSONNotObject, off: 9},
		{name: "an access line without a status", line: `{"logger":"http.log.access","request":{}}`, err: "no status field"},
	})
}

func TestCaddyFiles(t *testing.T) {
	cases := []fileCase{{file: "caddy_json_lnav_logfile_caddy_log.log", detect: "caddy", statuses: map[int]int{304: 3, 200: 1}, skipped: 35}}
	checkFiles(t, cdnTestdata, cases)
	checkFiles(t, cdnCorpus, cases)
}

func TestCaddyAllocs(t *testing.T) {
	checkAllocs(t, caddy, [][]byte{[]byte(caddyLine), []byte(`caddy  | {"level":"info","logger":"admin","msg":"x"}`)})
}

func BenchmarkCaddy(b *testing.B) {
	benchLinesOf(b, caddy, [][]byte{[]byte(caddyLine)})
}

func FuzzCaddy(f *testing.F) {
	f.Add(caddyLine)
	seedFile(f, "caddy_json_lnav_logfile_caddy_log.log")
	before := [][]byte{[]byte(caddyLine)}
	f.Fuzz(func(t *testing.T, line string) { checkStateless(t, caddy, before, []byte(line)) })
}
