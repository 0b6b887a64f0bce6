package parser

// Akamai DataStream 2 in JSON: every value is a string; statusCode,
// reqTimeSec (seconds since 1970), reqPath and queryStr, cliIP, reqHost;
// the user agent and referer are URL-encoded (+ for a space); cacheStatus
// is 1 for a hit, 0 for a miss; errorCode says why an edge refused.
var _ = Register(Family{
	Name:   "akamai",
	Doc:    "Akamai DataStream 2 (JSON)",
	New:    noArg("akamai", func() Spec { return akamai }),
	Detect: func(lines [][]byte) Detection { return detectJSON(akamai, lines) },
})

var akamai = func() *JSONSpec {
	s := newJSONSpec("akamai", []jsonField{
		{"statusCode", jStatus, false},
		{"reqTimeSec", jTime, true},
		{"cliIP", jClient, true},
		{"reqHost", jHost, true},
		{"reqMethod", jMethod, true},
		{"reqPath", jPath, true},
		{"queryStr", jQuery, true},
		{"bytes", jBytes, false},
		{"UA", jUserAgent, false},
		{"referer", jReferer, false},
		{"cacheStatus", jCacheStatus, false},
		{"errorCode", jSubStatus, false},
		{"streamId", jNone, true},
	})
	s.percent, s.plus, s.cacheBool = true, true, true
	s.fix = "add statusCode to the stream's data set"
	return s
}()
