package parser

// Cloudflare Logpush (http_requests), as ndjson: EdgeResponseStatus is
// the status the client got, OriginResponseStatus the origin's (0 when
// no origin was asked), CacheCacheStatus the cache's verdict;
// EdgeStartTimestamp is in nanoseconds by default, or seconds, or RFC
// 3339, as the job's timestamp format says.
var _ = Register(Family{
	Name:   "cloudflare",
	Doc:    "Cloudflare Logpush http_requests (ndjson)",
	New:    noArg("cloudflare", func() Spec { return cloudflare }),
	Detect: func(lines [][]byte) Detection { return detectJSON(cloudflare, lines) },
})

var cloudflare = func() *JSONSpec {
	s := newJSONSpec("cloudflare", []jsonField{
		{"EdgeResponseStatus", jStatus, true},
		{"OriginResponseStatus", jUpstreamStatus, true},
		{"OriginIP", jUpstreamAddr, true},
		{"CacheCacheStatus", jCacheStatus, true},
		{"EdgeStartTimestamp", jTime, true},
		{"EdgeEndTimestamp", jEndTime, true},
		{"ClientIP", jClient, true},
		{"ClientRequestHost", jHost, true},
		{"ClientRequestMethod", jMethod, true},
		{"ClientRequestURI", jPath, true},
		{"ClientRequestPath", jPath, true},
		{"ClientRequestProtocol", jProtocol, true},
		{"ClientRequestReferer", jReferer, true},
		{"ClientRequestUserAgent", jUserAgent, true},
		{"EdgeResponseBodyBytes", jBytes, true},
		{"EdgeResponseBytes", jBytes, true},
		{"RayID", jNone, true},
	})
	s.fix = "add EdgeResponseStatus to the Logpush job's fields"
	return s
}()
