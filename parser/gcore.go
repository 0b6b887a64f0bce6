package parser

// Gcore CDN raw logs (Raw Logs and Logs Uploader): an nginx log_format
// whose every field is double-quoted; the status the client got, the
// upstream's ($upstream_status, field 31) and the cache's verdict
// ($upstream_cache_status) are among them. Gcore appends new fields at
// the end of the line, which are ignored.
var _ = Register(Family{
	Name:   "gcore",
	Doc:    "Gcore CDN raw logs (every field double-quoted)",
	New:    noArg("gcore", func() Spec { return gcore }),
	Detect: detectGcore,
})

// GcoreFormat is the log_format of Gcore's raw logs, as their
// documentation gives it.
const GcoreFormat = `"$remote_addr" "-" "$remote_user" "[$time_local]" "$request" "$status" ` +
	`"$body_bytes_sent" "$http_referer" "$http_user_agent" "$bytes_sent" ` +
	`"$edgename" "$scheme" "$host" "$request_time" ` +
	`"$upstream_response_time" "$request_length" "$http_range" "[$responding_node]" ` +
	`"$upstream_cache_status" "$upstream_response_length" "$upstream_addr" ` +
	`"$gcdn_api_client_id" "$gcdn_api_resource_id" "$uid_got" "$uid_set" ` +
	`"$geoip_country_code" "$geoip_city" "$shield_type" "$server_addr" "$server_port" ` +
	`"$upstream_status" "-" "$upstream_connect_time" "$upstream_header_time" ` +
	`"$shard_addr" "$geoip2_data_asnumber" "$connection" "$connection_requests" ` +
	`"$http_traceparent" "$http_x_forwarded_proto" "$gcdn_internal_status_code" "$ssl_cipher" ` +
	`"$ssl_session_id" "$ssl_session_reused" "$sent_http_content_type" "$tcpinfo_rtt" ` +
	`"$server_country_code" "$gcdn_tcpinfo_snd_cwnd" "$gcdn_tcpinfo_total_retrans" "$gcdn_rule_id"`

// gcore reads Gcore's format; the fields logstat does not interpret are
// parsed over, not kept (there are 35 of them).
var gcore = func() *Format {
	f, err := compileNginx("gcore", GcoreFormat, true)
	if err != nil {
		panic("parser: gcore: " + err.Error())
	}
	for i := range f.segs {
		if f.segs[i].kind == kindExtra {
			f.segs[i].kind = kindIgnore
		}
	}
	f.extras = nil
	return f
}()

// detectGcore parses the sample lines with Gcore's format: no other
// format's lines fit it, so it is Specific.
func detectGcore(lines [][]byte) Detection {
	t := try(gcore, lines)
	return Detection{Spec: gcore, Parsed: t.parsed, Lines: t.lines, Trailing: t.trailing, Specific: true, read: t.read, known: gcore.interpreted()}
}
