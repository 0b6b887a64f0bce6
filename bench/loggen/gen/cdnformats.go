package gen

import (
	"strconv"
	"strings"
)

// The CDN formats' renderers: each appends one request, newline included.

// cloudfrontHeader opens a CloudFront standard log.
const cloudfrontHeader = "#Version: 1.0\n#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status " +
	"cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes " +
	"time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status " +
	"fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end\n"

// CloudFrontResult returns CloudFront's x-edge-result-type and
// x-edge-detailed-result-type for a request of that status.
func CloudFrontResult(status int, d CDNDraw) (result, detail string) {
	switch {
	case status == 0:
		return "Error", "ClientCommError"
	case status >= 500 && d.Origin == 0:
		return "Error", [2]string{"OriginConnectError", "OriginReadTimeout"}[d.choice]
	case status >= 400:
		return "Error", "Error"
	case d.Cache == CacheHit:
		return "Hit", "Hit"
	case d.Cache == CacheExpired:
		return "RefreshHit", "RefreshHit"
	}
	return "Miss", "Miss"
}

func appendCloudFront(dst []byte, l *cdnLine) []byte {
	if l.i == 0 {
		dst = append(dst, cloudfrontHeader...)
	}
	result, detail := CloudFrontResult(l.e.status, l.d)
	stem, query, _ := strings.Cut(l.target, "?")
	dash := func(s string) string {
		if s == "" {
			return "-"
		}
		return s
	}
	f := []string{l.t.Format("2006-01-02"), l.t.Format("15:04:05"), "AMS54-C1", strconv.FormatInt(l.e.bytes+300, 10),
		string(appendClient(nil, l.e.client)), dash(l.method), "d111111abcdef8.cloudfront.net",
		dash(string(appendPercent(nil, stem, false))), l.status, dash(string(appendPercent(nil, l.ref, false))),
		dash(string(appendPercent(nil, l.ua, false))), dash(string(appendPercent(nil, query, false))), "-", result,
		"r" + strconv.FormatInt(l.i, 36), "www.example.com", "https", "157", string(appendSeconds(nil, l.e.ms)), "-", "TLSv1.3",
		"TLS_AES_128_GCM_SHA256", result, dash(l.proto), "-", "-", "443", string(appendSeconds(nil, l.e.ms)), detail, "-", "-", "-", "-"}
	return append(append(dst, strings.Join(f, "\t")...), '\n')
}

// CloudflareCache is Cloudflare's CacheCacheStatus for a verdict.
var CloudflareCache = [...]string{CacheNone: "unknown", CacheHit: "hit", CacheMiss: "miss", CacheExpired: "expired", CacheBypass: "dynamic"}

func appendCloudflare(dst []byte, l *cdnLine) []byte {
	start := l.t.UnixNano()
	dst = append(dst, `{"CacheCacheStatus":"`...)
	dst = append(dst, CloudflareCache[l.d.Cache]...)
	dst = append(dst, `","ClientIP":"`...)
	dst = appendClient(dst, l.e.client)
	dst = append(dst, `","ClientRequestHost":"www.example.com","ClientRequestMethod":`...)
	dst = appendJSONString(dst, l.method)
	dst = append(dst, `,"ClientRequestProtocol":`...)
	dst = appendJSONString(dst, l.proto)
	dst = append(dst, `,"ClientRequestReferer":`...)
	dst = appendJSONString(dst, l.ref)
	dst = append(dst, `,"ClientRequestURI":`...)
	dst = appendJSONString(dst, validUTF8(l.target))
	dst = append(dst, `,"ClientRequestUserAgent":`...)
	dst = appendJSONString(dst, l.ua)
	dst = append(dst, `,"EdgeEndTimestamp":`...)
	dst = strconv.AppendInt(dst, start+l.e.ms*1e6, 10)
	dst = append(dst, `,"EdgeResponseBytes":`...)
	dst = strconv.AppendInt(dst, l.e.bytes+300, 10)
	dst = append(dst, `,"EdgeResponseStatus":`...)
	dst = strconv.AppendInt(dst, int64(l.e.status), 10)
	dst = append(dst, `,"EdgeStartTimestamp":`...)
	dst = strconv.AppendInt(dst, start, 10)
	dst = append(dst, `,"OriginResponseStatus":`...)
	dst = strconv.AppendInt(dst, int64(l.d.Origin), 10)
	dst = append(dst, `,"RayID":"`...)
	dst = strconv.AppendUint(dst, 0x8ec2b1d000000000+uint64(l.i), 16)
	return append(dst, "\"}\n"...)
}

func appendAkamai(dst []byte, l *cdnLine) []byte {
	path, query, _ := strings.Cut(l.target, "?")
	ms := l.t.UnixMilli()
	hit := "0"
	if l.d.Cache == CacheHit {
		hit = "1"
	}
	dst = append(dst, `{"version":1,"streamId":"12345","cp":"123456","reqId":"`...)
	dst = strconv.AppendInt(dst, l.i, 16)
	dst = append(dst, `","reqTimeSec":"`...)
	dst = strconv.AppendInt(dst, ms/1000, 10)
	dst = append(dst, '.')
	dst = append(dst, strconv.FormatInt(1000+ms%1000, 10)[1:]...)
	dst = append(dst, `","bytes":"`...)
	dst = strconv.AppendInt(dst, l.e.bytes, 10)
	dst = append(dst, `","cliIP":"`...)
	dst = appendClient(dst, l.e.client)
	dst = append(dst, `","statusCode":"`...)
	dst = strconv.AppendInt(dst, int64(l.e.status), 10)
	dst = append(dst, `","proto":"HTTPS","reqHost":"www.example.com","reqMethod":`...)
	dst = appendJSONString(dst, l.method)
	dst = append(dst, `,"reqPath":`...)
	dst = appendJSONString(dst, validUTF8(path))
	dst = append(dst, `,"queryStr":`...)
	dst = appendJSONString(dst, query)
	dst = append(dst, `,"UA":"`...)
	dst = appendPercent(dst, l.ua, true)
	dst = append(dst, `","referer":"`...)
	dst = appendPercent(dst, l.ref, true)
	dst = append(dst, `","cacheStatus":"`...)
	dst = append(dst, hit...)
	dst = append(dst, `","turnAroundTimeMSec":"`...)
	dst = strconv.AppendInt(dst, l.e.ms, 10)
	return append(dst, "\"}\n"...)
}

// NginxCache is $upstream_cache_status for a verdict ("-": none).
var NginxCache = [...]string{CacheNone: "-", CacheHit: "HIT", CacheMiss: "MISS", CacheExpired: "EXPIRED", CacheBypass: "BYPASS"}

func appendGcore(dst []byte, l *cdnLine) []byte {
	up, upTime, upAddr := "-", "-", "-"
	if l.d.Origin != 0 {
		up, upTime, upAddr = strconv.Itoa(l.d.Origin), string(appendSeconds(nil, l.e.ms*9/10)), "198.51.100.7:443"
	}
	rng := "-"
	if l.e.status == 206 {
		rng = "bytes=0-" + strconv.FormatInt(l.e.bytes-1, 10)
	}
	f := []string{string(appendClient(nil, l.e.client)), "-", "-", l.t.Format("[02/Jan/2006:15:04:05 -0700]"),
		nginxRequest(l), l.status, strconv.FormatInt(l.e.bytes, 10), esc(l.ref)[0], esc(l.ua)[0],
		strconv.FormatInt(l.e.bytes+300, 10), "[edge-ams1]", "https", "cdn.example.com", string(appendSeconds(nil, l.e.ms)),
		upTime, "157", rng, "[ams1]", NginxCache[l.d.Cache], "-", upAddr, "-", "-", "-", "-", "NL", "-", "shield_no",
		"203.0.113.1", "443", up, "-", "0.001", "0.007", "-", "64496", "1", "1", "-", "https", "-",
		"TLS_AES_128_GCM_SHA256", "-", ".", "-", "21", "NL", "10", "0", "-"}
	return append(append(dst, `"`+strings.Join(f, `" "`)+`"`...), '\n')
}

// nginxRequest is the request line as nginx writes it ("-" for none).
func nginxRequest(l *cdnLine) string {
	if l.method == "" {
		return esc(l.target)[0]
	}
	return l.method + " " + esc(l.target)[0] + " " + l.proto
}

// appendFastly writes Fastly's classic syslog prefix, then the request in
// Apache's common format (%b is "-" for no bytes).
func appendFastly(dst []byte, l *cdnLine) []byte {
	dst = append(dst, "<134>"...)
	dst = l.t.AppendFormat(dst, "2006-01-02T15:04:05Z")
	dst = append(dst, " cache-ams21 access[1234]: "...)
	dst = appendClient(dst, l.e.client)
	dst = append(dst, " - - "...)
	dst = l.t.AppendFormat(dst, "[02/Jan/2006:15:04:05 -0700]")
	request := "-"
	if l.method != "" {
		request = l.method + " " + esc(l.target)[1] + " " + l.proto
	} else if l.target != "" {
		request = esc(l.target)[1]
	}
	dst = append(dst, ` "`+request+`" `+l.status+" "...)
	if l.e.bytes == 0 {
		return append(dst, "-\n"...)
	}
	return append(strconv.AppendInt(dst, l.e.bytes, 10), '\n')
}

// appendLB writes an Application Load Balancer's line, or a Classic
// one's.
func appendLB(dst []byte, l *cdnLine, classic bool) []byte {
	target, targetStatus, targetTime := "10.0.0.11:8080", "-", "-1"
	if l.d.Origin != 0 {
		targetStatus, targetTime = strconv.Itoa(l.d.Origin), string(appendSeconds(nil, l.e.ms))
	} else if l.d.Cache == CacheNone || l.d.Cache == CacheHit {
		target, targetTime = "-", "-1" // the load balancer answered on its own
	}
	request := "- - - "
	if l.method != "" {
		request = l.method + " https://www.example.com:443" + esc(l.target)[0] + " " + l.proto
	}
	if !classic {
		dst = append(dst, "https "...)
	}
	dst = l.t.AppendFormat(dst, "2006-01-02T15:04:05.000000Z")
	dst = append(dst, " app/my-loadbalancer/50dc6c495c0c9188 "...)
	dst = appendClient(dst, l.e.client)
	dst = append(dst, ":"+strconv.FormatInt(1024+l.i%60000, 10)+" "+target+" 0.000 "+targetTime+" 0.000 "+l.status+" "+targetStatus+" 157 "...)
	dst = strconv.AppendInt(dst, l.e.bytes+300, 10)
	dst = append(dst, ` "`+request+`" "`+esc(l.ua)[0]+`" TLS_AES_128_GCM_SHA256 TLSv1.3`...)
	if !classic {
		dst = append(dst, ` arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/73e2d6bc24d8a067 "Root=1-67890abc-`+
			strconv.FormatInt(l.i, 16)+`" "www.example.com" "-" 0 `...)
		dst = l.t.AppendFormat(dst, "2006-01-02T15:04:05.000000Z")
		dst = append(dst, ` "forward" "-" "-" "`+target+`" "`+targetStatus+`" "-" "-"`...)
	}
	return append(dst, '\n')
}

func appendCaddy(dst []byte, l *cdnLine) []byte {
	ts := func(dst []byte) []byte {
		dst = strconv.AppendInt(dst, l.t.Unix(), 10)
		return append(append(dst, '.'), strconv.FormatInt(1e9+int64(l.t.Nanosecond()), 10)[1:]...)
	}
	if l.i%1000 == 0 {
		dst = append(dst, `{"level":"info","ts":`...)
		dst = ts(dst)
		dst = append(dst, ",\"logger\":\"tls\",\"msg\":\"finished cleaning storage units\"}\n"...)
	}
	dst = append(dst, `{"level":"info","ts":`...)
	dst = ts(dst)
	dst = append(dst, `,"logger":"http.log.access.log0","msg":"handled request","request":{"remote_ip":"`...)
	dst = appendClient(dst, l.e.client)
	dst = append(dst, `","remote_port":"41234","client_ip":"`...)
	dst = appendClient(dst, l.e.client)
	dst = append(dst, `","proto":`...)
	dst = appendJSONString(dst, l.proto)
	dst = append(dst, `,"method":`...)
	dst = appendJSONString(dst, l.method)
	dst = append(dst, `,"host":"www.example.com","uri":`...)
	dst = appendJSONString(dst, validUTF8(l.target))
	dst = append(dst, `,"headers":{"User-Agent":[`...)
	dst = appendJSONString(dst, validUTF8(l.ua))
	dst = append(dst, `],"Referer":[`...)
	dst = appendJSONString(dst, l.ref)
	dst = append(dst, `]}},"bytes_read":0,"user_id":"","duration":`...)
	dst = appendSeconds(dst, l.e.ms)
	dst = append(dst, `,"size":`...)
	dst = strconv.AppendInt(dst, l.e.bytes, 10)
	dst = append(dst, `,"status":`...)
	dst = strconv.AppendInt(dst, int64(l.e.status), 10)
	return append(dst, ",\"resp_headers\":{\"Server\":[\"Caddy\"]}}\n"...)
}

// appendNginxJSON writes nginx's log_format with escape=json, every value
// quoted, a missing one empty.
func appendNginxJSON(dst []byte, l *cdnLine) []byte {
	up := ""
	if l.d.Origin != 0 {
		up = strconv.Itoa(l.d.Origin)
	}
	cache := NginxCache[l.d.Cache]
	if cache == "-" {
		cache = ""
	}
	request := ""
	if l.method != "" {
		request = l.method + " " + l.target + " " + l.proto
	} else if l.target != "" {
		request = l.target
	}
	dst = append(dst, `{"time_local":"`...)
	dst = l.t.AppendFormat(dst, "02/Jan/2006:15:04:05 -0700")
	dst = append(dst, `","remote_addr":"`...)
	dst = appendClient(dst, l.e.client)
	dst = append(dst, `","remote_user":"","request":`...)
	dst = appendJSONString(dst, request)
	dst = append(dst, `,"status":"`+l.status+`","body_bytes_sent":"`...)
	dst = strconv.AppendInt(dst, l.e.bytes, 10)
	dst = append(dst, `","request_time":"`...)
	dst = appendSeconds(dst, l.e.ms)
	dst = append(dst, `","http_referer":`...)
	dst = appendJSONString(dst, l.ref)
	dst = append(dst, `,"http_user_agent":`...)
	dst = appendJSONString(dst, l.ua)
	dst = append(dst, `,"upstream_status":"`+up+`","upstream_cache_status":"`+cache+"\"}\n"...)
	return dst
}
