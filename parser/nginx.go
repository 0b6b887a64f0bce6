package parser

import "strings"

// nginxVars maps the nginx variables logstat interprets to field kinds and
// ranks (lowest rank wins when a format has two of a kind). Every other
// variable is accepted and kept as an extra field.
var nginxVars = map[string]struct {
	kind kind
	rank int
}{
	"remote_addr":        {kindClient, 0},
	"realip_remote_addr": {kindClient, 1},
	"remote_user":        {kindUser, 0},
	"time_local":         {kindTimeCLF, 0},
	"time_iso8601":       {kindTimeISO, 1},
	"msec":               {kindTimeUnix, 2},
	"request":            {kindRequest, 0},
	"request_method":     {kindMethod, 0},
	"request_uri":        {kindPath, 0},
	"uri":                {kindPath, 1},
	"document_uri":       {kindPath, 2},
	"server_protocol":    {kindProtocol, 0},
	"status":             {kindStatus, 0},
	"body_bytes_sent":    {kindBytes, 0},
	"bytes_sent":         {kindBytes, 1},
	"http_referer":       {kindReferer, 0},
	"http_user_agent":    {kindUserAgent, 0},
	"host":               {kindHost, 0},
	"http_host":          {kindHost, 1},
	"server_name":        {kindHost, 2},
	"request_time":       {kindSeconds, 0},
	"upstream_status":    {kindUpstreamStatus, 0},
	"upstream_addr":      {kindUpstreamAddr, 0},
	// Gcore writes it too.
	"upstream_cache_status": {kindCacheStatus, 0},
	// A CDN's X-Err-Code refines a status (404 with 1000/2000/3000).
	"sent_http_x_err_code":     {kindSubStatus, 0},
	"upstream_http_x_err_code": {kindSubStatus, 1},
}

// nginxSpaceless lists variables kept as extras whose values never hold a
// blank (numbers, ports, ids).
var nginxSpaceless = map[string]bool{
	"bytes_sent": true, "request_length": true, "remote_port": true, "server_port": true,
	"connection": true, "connection_requests": true, "pipe": true, "pid": true,
	"request_id": true, "server_addr": true, "scheme": true, "https": true,
}

// nginxCounts lists the variables whose values are byte counts: digits,
// or "-". Those logstat does not read as Record.Bytes are extras, checked.
var nginxCounts = map[string]bool{"body_bytes_sent": true, "bytes_sent": true, "request_length": true}

// CompileNginx compiles an nginx log_format string such as
// `$remote_addr - $remote_user [$time_local] "$request" $status ...`.
// Variables may be written $name or ${name}. A line with text after the
// format's last field is malformed.
func CompileNginx(name, format string) (*Format, error) {
	return compileNginx(name, format, false)
}

// compileNginx is CompileNginx; with trailing, the format ignores text
// that follows its last field after a space or a tab (see Format).
func compileNginx(name, format string, trailing bool) (*Format, error) {
	var toks []token
	lit := strings.Builder{}
	flush := func() {
		if lit.Len() > 0 {
			toks = append(toks, token{lit: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(format); {
		c := format[i]
		if c != '$' {
			lit.WriteByte(c)
			i++
			continue
		}
		start := i
		var v string
		if i+1 < len(format) && format[i+1] == '{' {
			end := strings.IndexByte(format[i:], '}')
			if end < 0 {
				return nil, &FormatError{Format: format, Pos: start, Msg: "${ without a closing }"}
			}
			v = format[i+2 : i+end]
			i += end + 1
		} else {
			j := i + 1
			for j < len(format) && isVarByte(format[j]) {
				j++
			}
			v = format[i+1 : j]
			i = j
		}
		if v == "" || !validVar(v) {
			return nil, &FormatError{Format: format, Pos: start, Msg: "a $ that is not followed by a variable name"}
		}
		flush()
		t := token{name: "$" + v, pos: start}
		if k, ok := nginxVars[v]; ok {
			t.kind, t.rank = k.kind, k.rank
		}
		t.spaceless = nginxSpaceless[v]
		t.count = nginxCounts[v]
		toks = append(toks, t)
	}
	flush()
	return build(name, format, "nginx", toks, trailing)
}

func isVarByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func validVar(v string) bool {
	for i := 0; i < len(v); i++ {
		if !isVarByte(v[i]) {
			return false
		}
	}
	return true
}
