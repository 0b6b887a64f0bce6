package parser

import (
	"fmt"
	"sort"
	"strings"
)

// JSON lines in general: nginx's log_format with escape=json, and any
// access log of one JSON object per line whose keys have the usual names.
// --format json:status=KEY,time=KEY,… names the keys of a log that uses
// others ("request.uri" reaches into a nested object).
var _ = Register(Family{
	Name:   "json",
	Doc:    "JSON lines (nginx escape=json…); json:status=KEY,time=KEY,path=KEY names other keys",
	New:    CompileJSON,
	Detect: func(lines [][]byte) Detection { return detectJSON(jsonLines, lines) },
})

// jsonRoleNames are the roles a --format json: mapping may name.
var jsonRoleNames = map[string]jrole{
	"status": jStatus, "upstream_status": jUpstreamStatus, "origin_status": jUpstreamStatus,
	"upstream_addr": jUpstreamAddr, "cache_status": jCacheStatus, "substatus": jSubStatus,
	"time": jTime, "end_time": jEndTime, "client": jClient, "user": jUser,
	"request": jRequest, "method": jMethod, "path": jPath, "query": jQuery, "protocol": jProtocol,
	"host": jHost, "bytes": jBytes, "referer": jReferer, "user_agent": jUserAgent,
	"request_time": jSeconds, "request_time_ms": jMillis, "request_time_us": jMicros, "request_time_ns": jNanos,
}

// jsonDefaults are the usual key names of each role, likelier first:
// nginx's variable names, then common spellings.
var jsonDefaults = []struct {
	role jrole
	keys []string
}{
	{jStatus, []string{"status", "status_code", "statusCode", "http_status", "response_status"}},
	{jUpstreamStatus, []string{"upstream_status"}},
	{jUpstreamAddr, []string{"upstream_addr"}},
	{jCacheStatus, []string{"upstream_cache_status", "cache_status", "cache"}},
	{jSubStatus, []string{"sent_http_x_err_code", "upstream_http_x_err_code", "x_err_code"}},
	{jTime, []string{"time_iso8601", "time_local", "timestamp", "@timestamp", "time", "ts", "msec"}},
	{jClient, []string{"remote_addr", "client_ip", "remote_ip", "ip", "client"}},
	{jUser, []string{"remote_user", "user"}},
	{jRequest, []string{"request"}},
	{jMethod, []string{"request_method", "method"}},
	{jPath, []string{"request_uri", "uri", "path", "url"}},
	{jQuery, []string{"args", "query_string", "query"}},
	{jProtocol, []string{"server_protocol", "protocol"}},
	{jHost, []string{"host", "http_host", "server_name", "vhost"}},
	{jBytes, []string{"body_bytes_sent", "bytes_sent", "bytes", "size"}},
	{jReferer, []string{"http_referer", "referer", "referrer"}},
	{jUserAgent, []string{"http_user_agent", "user_agent", "agent"}},
	{jSeconds, []string{"request_time"}},
}

// jsonLines is the spec of JSON lines with the usual key names.
var jsonLines = mustJSON(CompileJSON(""))

func mustJSON(s Spec, err error) *JSONSpec {
	if err != nil {
		panic("parser: " + err.Error())
	}
	return s.(*JSONSpec)
}

// CompileJSON returns the spec of JSON lines whose keys are the usual
// ones, except those mapping names: "status=code,time=ts,path=request.uri"
// (a role, "=", a key or a dotted path to a key in a nested object).
func CompileJSON(mapping string) (Spec, error) {
	given := map[jrole]string{}
	var fields []jsonField
	for _, pair := range strings.Split(mapping, ",") {
		if pair = strings.TrimSpace(pair); pair == "" {
			continue
		}
		role, key, ok := strings.Cut(pair, "=")
		r, known := jsonRoleNames[strings.TrimSpace(role)]
		key = strings.TrimSpace(key)
		switch {
		case !ok || key == "" || strings.Contains(key, "..") || strings.HasPrefix(key, ".") || strings.HasSuffix(key, "."):
			return nil, fmt.Errorf("json field %q: write ROLE=KEY, KEY a key or a dotted path (request.uri)", pair)
		case !known:
			return nil, fmt.Errorf("json field %q: unknown role %q (want %s)", pair, role, jsonRoles())
		case given[r] != "":
			return nil, fmt.Errorf("json field %q: %s is given twice", pair, role)
		}
		given[r] = key
		fields = append(fields, jsonField{path: key, role: r})
	}
	for _, d := range jsonDefaults {
		if given[d.role] != "" {
			continue
		}
		for _, k := range d.keys {
			fields = append(fields, jsonField{path: k, role: d.role})
		}
	}
	return newJSONSpec("json", fields), nil
}

// jsonRoles lists the role names of a mapping.
func jsonRoles() string {
	names := make([]string, 0, len(jsonRoleNames))
	for n := range jsonRoleNames {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// detectJSON parses the sample lines with spec: it fits when a request
// parses. A spec with mark keys fits only lines that hold one (they are
// its family's: Specific), and when none of them has a status it says so
// in Problem.
func detectJSON(spec *JSONSpec, lines [][]byte) Detection {
	p := spec.NewParser().(*jsonParser)
	var rec Record
	d := Detection{Spec: spec, Specific: spec.marked}
	requests, skipped, marked, noStatus := 0, 0, 0, 0
	for _, l := range lines {
		if len(l) == 0 {
			continue
		}
		d.Lines++
		err := p.Parse(l, &rec)
		if p.marked {
			marked++
		}
		switch {
		case err == nil:
			requests++
		case err == ErrSkip:
			skipped++
		case p.err.Reason == spec.noStatus && p.marked:
			noStatus++
		}
	}
	switch {
	case spec.marked && marked == 0:
		return Detection{}
	case requests == 0 && noStatus > 0:
		return Detection{Problem: spec.noStatus + ": " + spec.fix}
	case requests == 0:
		return Detection{}
	}
	d.Parsed = requests + skipped
	return d
}
