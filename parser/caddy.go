package parser

// Caddy's JSON logs: the access log's lines ("logger":"http.log.access…",
// "msg":"handled request") among Caddy's other messages, which are skipped
// (as W3C directives are), and often behind docker compose's "caddy  | ".
// ts is seconds since 1970 with a fraction, duration seconds; the request
// is an object with the client, method, host, uri and headers.
var _ = Register(Family{
	Name:   "caddy",
	Doc:    "Caddy JSON logs (its access log among its other messages)",
	New:    noArg("caddy", func() Spec { return caddy }),
	Detect: func(lines [][]byte) Detection { return detectJSON(caddy, lines) },
})

var caddy = func() *JSONSpec {
	s := newJSONSpec("caddy", []jsonField{
		{"status", jStatus, false},
		{"logger", jLogger, true},
		{"ts", jTime, false},
		{"size", jBytes, false},
		{"duration", jSeconds, false},
		{"user_id", jUser, false},
		{"request.client_ip", jClient, false},
		{"request.remote_ip", jClient, false},
		{"request.proto", jProtocol, false},
		{"request.method", jMethod, false},
		{"request.host", jHost, false},
		{"request.uri", jPath, false},
		{"request.headers.User-Agent", jUserAgent, false},
		{"request.headers.Referer", jReferer, false},
	})
	s.logger = "http.log.access"
	s.fix = "it is Caddy's access log that holds them"
	return s
}()
