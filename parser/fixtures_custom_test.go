package parser

// nginxTimed is nginx combined plus the request time and the upstream
// status, whose value may hold spaces ("502, 504 : 200").
const nginxTimed = NginxCombined + ` $request_time $upstream_status`

const clfHead = `192.0.2.10 - - [18/Jul/2023:13:44:16 +0000] "GET /api/v1/items HTTP/1.1" `

// apiWant is what clfHead gives.
var apiWant = want{
	Time: "2023-07-18T13:44:16Z", Client: "192.0.2.10",
	Request: "GET /api/v1/items HTTP/1.1", Method: "GET", Path: "/api/v1/items", Protocol: "HTTP/1.1",
}

// api returns apiWant with edit applied.
func api(edit func(w *want)) want {
	w := apiWant
	edit(&w)
	return w
}

var customFixtures = []fixture{
	// A user name with a space: nginx's literal " [" after $remote_user
	// delimits it; Apache's %u ends at the first space, and reading on to
	// the "[" would also accept lines with one field too many
	// ("vhost:port client - - [" as client "vhost:port", user "- -").
	{name: "main/user_with_space", format: "main",
		line: `192.0.2.10 - frank smith [18/Jul/2023:13:44:16 +0000] "GET /api/v1/items HTTP/1.1" 200 5 "-" "-" "-"`,
		want: api(func(w *want) { w.User, w.Status, w.Bytes, w.Extra = "frank smith", 200, "5", []string{""} })},
	{name: "combined/user_with_space", format: "combined",
		line: `192.0.2.10 - frank smith [18/Jul/2023:13:44:16 +0000] "GET /api/v1/items HTTP/1.1" 200 5 "-" "-"`,
		err:  "bad value in %t"},
	{name: "combined/vcombined_line", format: "combined",
		line: `www.example.com:443 ` + clfHead + `200 5 "-" "-"`, err: "bad value in %t"},
	{name: "nginx/combined_vcombined_line", format: NginxCombined,
		line: `www.example.com:443 ` + clfHead + `200 5 "-" "-"`, err: "bad value in $remote_addr"},
	{name: "common/vcommon_line", format: "common",
		line: `www.example.com ` + clfHead + `200 5`, err: "bad value in %t"},
	// Trailing text must be set off by a blank to be ignored.
	{name: "combined/trailing_text_glued", format: "combined",
		line: clfHead + `200 5 "-" "curl"x 0.016`, err: "unexpected text after %{User-Agent}i (the log has more fields than the format)"},
	{name: "common/trailing_text_glued", format: "common",
		line: clfHead + `200 5x 0.016`, err: "bad value in %b"},
	{name: "main/unquoted_user_agent_glued", format: "main",
		line: clfHead + `200 5 "-" "curl" "203.0.113.9"x`, err: "unexpected text after $http_x_forwarded_for (the log has more fields than the format)"},
	// A format string stays strict: nothing after its last field.
	{name: "nginx/combined_string_is_strict", format: NginxCombined,
		line: clfHead + `200 5 "-" "curl" 0.016`, err: "unexpected text after $http_user_agent (the log has more fields than the format)"},
	// An unterminated user agent is not trailing text.
	{name: "combined/unterminated_agent_then_text", format: "combined",
		line: clfHead + `200 5 "-" "curl 0.016`, err: "unterminated quote in %{User-Agent}i"},

	// nginx
	{name: "nginx/request_time_upstream_status_last", format: nginxTimed,
		line: clfHead + `502 157 "-" "curl/8.1.2" 0.031 502, 504`,
		want: api(func(w *want) {
			w.Status, w.Bytes, w.UserAgent, w.RequestTime, w.UpstreamStatus = 502, "157", "curl/8.1.2", "31ms", "502, 504"
		})},
	{name: "nginx/upstream_status_internal_redirect", format: nginxTimed,
		line: clfHead + `200 5 "-" "curl/8.1.2" 1.250 502, 504 : 200`,
		want: api(func(w *want) {
			w.Status, w.Bytes, w.UserAgent, w.RequestTime, w.UpstreamStatus = 200, "5", "curl/8.1.2", "1.25s", "502, 504 : 200"
		})},
	{name: "nginx/upstream_status_dash", format: nginxTimed,
		line: clfHead + `404 0 "-" "-" 0.000 -`,
		want: api(func(w *want) { w.Status, w.Bytes, w.RequestTime, w.UpstreamStatus = 404, "0", "0s", "-" })},
	// A last list ends at a blank that joins no items: what follows is
	// text the format does not have, as after any blankless field.
	{name: "nginx/upstream_status_last_then_text", format: nginxTimed,
		line: clfHead + `502 157 "-" "curl/8.1.2" 0.031 502, 504 HIT`,
		err:  "unexpected text after $upstream_status (the log has more fields than the format)"},
	{name: "nginx/upstream_header_last_runs_to_the_end", format: `$remote_addr "$request" $status $upstream_http_server`,
		line: `192.0.2.10 "GET /api/v1/items HTTP/1.1" 200 nginx/1.24.0 (Ubuntu), Apache`,
		want: api(func(w *want) { w.Time, w.Status, w.Extra = "", 200, []string{"nginx/1.24.0 (Ubuntu), Apache"} })},
	{name: "nginx/request_time_bad", format: nginxTimed,
		line: clfHead + `200 5 "-" "-" 0.0.31 200`, err: "bad value in $request_time"},
	{name: "nginx/upstream_status_not_last", format: `$remote_addr [$time_local] "$request" $status $upstream_status $request_time`,
		line: `192.0.2.10 [18/Jul/2023:13:44:16 +0000] "GET /api/v1/items HTTP/1.1" 200 502, 504 : 200 0.031`,
		want: api(func(w *want) { w.Status, w.UpstreamStatus, w.RequestTime = 200, "502, 504 : 200", "31ms" })},
	{name: "nginx/upstream_status_quoted", format: `$remote_addr "$request" $status "$upstream_status" $request_time`,
		line: `192.0.2.10 "GET /api/v1/items HTTP/1.1" 200 "502, 200" 0.005`,
		want: api(func(w *want) { w.Time, w.Status, w.UpstreamStatus, w.RequestTime = "", 200, "502, 200", "5ms" })},
	{name: "nginx/braced_variables", format: `${remote_addr} - ${remote_user} [${time_local}] "${request}" ${status} ${body_bytes_sent}`,
		line: clfHead + `201 12`,
		want: api(func(w *want) { w.Status, w.Bytes = 201, "12" })},
	{name: "nginx/extras", format: `$remote_addr "$request" $status $http_x_request_id "$sent_http_x_err_code"`,
		line: `192.0.2.10 "GET /api/v1/items HTTP/1.1" 500 3f2a9c1e "E42 \x22disk\x22"`,
		want: api(func(w *want) { w.Time, w.Status, w.Extra, w.SubStatus = "", 500, []string{"3f2a9c1e"}, `E42 "disk"` })},
	{name: "nginx/extras_dash_is_empty", format: `$remote_addr "$request" $status $http_x_request_id "$sent_http_x_err_code"`,
		line: `192.0.2.10 "GET /api/v1/items HTTP/1.1" 200 - "-"`,
		want: api(func(w *want) { w.Time, w.Status, w.Extra = "", 200, []string{""} })},
	{name: "nginx/x_err_code_and_upstream_addr", format: `$remote_addr "$request" $status $upstream_addr $upstream_status $upstream_http_x_err_code`,
		line: `192.0.2.10 "GET /live/s1/index.m3u8 HTTP/1.1" 404 10.0.0.1:80, 10.0.0.2:80 502, 404 1000`,
		want: want{Client: "192.0.2.10", Request: "GET /live/s1/index.m3u8 HTTP/1.1", Method: "GET", Path: "/live/s1/index.m3u8", Protocol: "HTTP/1.1",
			Status: 404, UpstreamAddr: "10.0.0.1:80, 10.0.0.2:80", UpstreamStatus: "502, 404", SubStatus: "1000"}},
	{name: "nginx/upstream_cache_status", format: `$remote_addr "$request" $status $upstream_cache_status $upstream_status`,
		line: `192.0.2.10 "GET /api/v1/items HTTP/1.1" 200 MISS 200`,
		want: api(func(w *want) { w.Time, w.Status, w.CacheStatus, w.UpstreamStatus = "", 200, "MISS", "200" })},
	{name: "nginx/upstream_cache_status_dash", format: `$remote_addr "$request" $status $upstream_cache_status $upstream_status`,
		line: `192.0.2.10 "GET /api/v1/items HTTP/1.1" 200 - -`,
		want: api(func(w *want) { w.Time, w.Status, w.UpstreamStatus = "", 200, "-" })},
	{name: "apache/x_err_code_response_header", format: `%h "%r" %>s %{X-Err-Code}o`,
		line: `192.0.2.10 "GET /api/v1/items HTTP/1.1" 404 3000`,
		want: api(func(w *want) { w.Time, w.Status, w.SubStatus = "", 404, "3000" })},
	{name: "nginx/time_iso8601", format: `$time_iso8601 $remote_addr "$request" $status`,
		line: `2023-07-18T13:44:16+02:00 192.0.2.10 "GET /api/v1/items HTTP/1.1" 200`,
		want: api(func(w *want) { w.Time, w.Status = "2023-07-18T13:44:16+02:00", 200 })},
	{name: "nginx/msec", format: `$msec $remote_addr "$request" $status`,
		line: `1689688256.123 192.0.2.10 "GET /api/v1/items HTTP/1.1" 200`,
		want: api(func(w *want) { w.Time, w.Status = "2023-07-18T13:50:56.123Z", 200 })},
	{name: "nginx/msec_bad", format: `$msec $remote_addr "$request" $status`,
		line: `99999999999999999999 192.0.2.10 "GET / HTTP/1.1" 200`, err: "bad value in $msec"},
	{name: "nginx/time_local_beats_msec", format: `$msec [$time_local] "$request" $status`,
		line: `1689688256.123 [18/Jul/2023:13:44:16 +0000] "GET /api/v1/items HTTP/1.1" 200`,
		want: api(func(w *want) { w.Client, w.Status, w.Extra = "", 200, []string{"1689688256.123"} })},
	{name: "nginx/host", format: `$host $remote_addr "$request" $status`,
		line: `www.example.com 192.0.2.10 "GET /api/v1/items HTTP/1.1" 200`,
		want: api(func(w *want) { w.Time, w.Host, w.Status = "", "www.example.com", 200 })},
	{name: "nginx/escape_json", format: `{"time":"$time_iso8601","remote_addr":"$remote_addr","request":"$request","status": $status,"ua":"$http_user_agent"}`,
		line: `{"time":"2023-07-18T13:44:16+00:00","remote_addr":"192.0.2.10","request":"GET /a\"b HTTP/1.1","status": 200,"ua":"x\\y \"z\" \u001b"}`,
		want: want{Time: "2023-07-18T13:44:16Z", Client: "192.0.2.10",
			Request: `GET /a"b HTTP/1.1`, Method: "GET", Path: `/a"b`, Protocol: "HTTP/1.1",
			Status: 200, UserAgent: "x\\y \"z\" \x1b"}},
	{name: "nginx/explicit_method_and_uri_win", format: `$request_method "$request_uri" $status "$request"`,
		line: `POST "/x?y=1" 201 "GET /other HTTP/1.0"`,
		want: want{Request: "GET /other HTTP/1.0", Method: "POST", Path: "/x?y=1", Protocol: "HTTP/1.0", Status: 201}},

	// Byte counts are digits or "-", also those kept as extras: a request
	// time and an upstream status are no combinedio %I %O (issue #8).
	{name: "combinedio/request_time_is_no_byte_count", format: "combinedio",
		line: clfHead + `200 5 "-" "-" 0.016 200`, err: "bad value in %I"},
	{name: "combinedio/dashes", format: "combinedio",
		line: clfHead + `200 5 "-" "-" - -`,
		want: api(func(w *want) { w.Status, w.Bytes, w.Extra = 200, "5", []string{"", ""} })},
	{name: "nginx/bytes_sent_extra_not_a_count", format: `$remote_addr "$request" $status $body_bytes_sent $bytes_sent $request_length`,
		line: `192.0.2.10 "GET /api/v1/items HTTP/1.1" 200 5 180 0.5`, err: "bad value in $request_length"},
	{name: "nginx/bytes_sent_extra", format: `$remote_addr "$request" $status $body_bytes_sent $bytes_sent $request_length`,
		line: `192.0.2.10 "GET /api/v1/items HTTP/1.1" 200 5 180 -`,
		want: api(func(w *want) { w.Time, w.Status, w.Bytes, w.Extra = "", 200, "5", []string{"180", ""} })},
	{name: "apache/B_O_S_extras_are_counts", format: `%h "%r" %>s %b %B %O %S`,
		line: `192.0.2.10 "GET /api/v1/items HTTP/1.1" 200 5 5 180 1.5`, err: "bad value in %S"},

	// Apache
	{name: "apache/D_microseconds", format: `%h %l %u %t "%r" %>s %b %D`,
		line: clfHead + `200 2326 31000`,
		want: api(func(w *want) { w.Status, w.Bytes, w.RequestTime = 200, "2326", "31ms" })},
	{name: "apache/T_seconds", format: `%h %l %u %t "%r" %>s %b %T`,
		line: clfHead + `200 2326 2`,
		want: api(func(w *want) { w.Status, w.Bytes, w.RequestTime = 200, "2326", "2s" })},
	{name: "apache/T_ms", format: `%h %l %u %t "%r" %>s %b %{ms}T`,
		line: clfHead + `200 2326 31`,
		want: api(func(w *want) { w.Status, w.Bytes, w.RequestTime = 200, "2326", "31ms" })},
	{name: "apache/D_beats_T", format: `%h %l %u %t "%r" %>s %T %D`,
		line: clfHead + `200 0 31337`,
		want: api(func(w *want) { w.Status, w.RequestTime, w.Extra = 200, "31.337ms", []string{"0"} })},
	{name: "apache/D_trailing_text", format: `%h %l %u %t "%r" %>s %b %D`,
		line: clfHead + `200 2326 31000 extra`, err: "unexpected text after %D (the log has more fields than the format)"},
	{name: "apache/x_forwarded_for", format: `%h %l %u %t "%r" %>s %b "%{X-Forwarded-For}i"`,
		line: clfHead + `200 2326 "203.0.113.9, 10.0.0.1"`,
		want: api(func(w *want) { w.Status, w.Bytes, w.Extra = 200, "2326", []string{"203.0.113.9, 10.0.0.1"} })},
	{name: "apache/final_status_beats_original", format: `%h %l %u %t "%r" %s %>s %b`,
		line: clfHead + `302 200 512`,
		want: api(func(w *want) { w.Status, w.Bytes, w.Extra = 200, "512", []string{"302"} })},
	{name: "apache/original_status_alone", format: `%h %l %u %t "%r" %s %b`,
		line: clfHead + `302 512`,
		want: api(func(w *want) { w.Status, w.Bytes = 302, "512" })},
	{name: "apache/t_sec", format: `%{sec}t %h "%r" %>s`,
		line: `1689688256 192.0.2.10 "GET /api/v1/items HTTP/1.1" 200`,
		want: api(func(w *want) { w.Time, w.Status = "2023-07-18T13:50:56Z", 200 })},
	{name: "apache/t_msec", format: `%{msec}t %h "%r" %>s`,
		line: `1689688256123 192.0.2.10 "GET /api/v1/items HTTP/1.1" 200`,
		want: api(func(w *want) { w.Time, w.Status = "2023-07-18T13:50:56.123Z", 200 })},
	{name: "apache/vhost_port", format: `%v:%p %h %l %u %t "%r" %>s %O`,
		line: `www.example.com:8443 ` + clfHead + `200 2326`,
		want: api(func(w *want) { w.Host, w.Status, w.Bytes, w.Extra = "www.example.com", 200, "2326", []string{"8443"} })},
	{name: "apache/conf_escaped_quotes", format: `%h %l %u %t \"%r\" %>s %b`,
		line: clfHead + `200 2326`,
		want: api(func(w *want) { w.Status, w.Bytes = 200, "2326" })},
	{name: "apache/a_beats_h", format: `%a %h "%r" %>s`,
		line: `192.0.2.10 host.example "GET /api/v1/items HTTP/1.1" 200`,
		want: api(func(w *want) { w.Time, w.Status, w.Extra = "", 200, []string{"host.example"} })},
}
