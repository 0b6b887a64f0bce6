package parser

import "testing"

const albLine = `https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.086 0.048 0.037 200 200 0 57 ` +
	`"GET https://www.example.com:443/live/s1/index.m3u8?x=1 HTTP/1.1" "curl/7.46.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 ` +
	`arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337281-1d84f3d73c47ec4e58577259" ` +
	`"www.example.com" "arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012" 1 2018-07-02T22:22:48.364000Z ` +
	`"authenticate,forward" "-" "-" "10.0.0.1:80" "200" "-" "-" TID_1234abcd`

func TestALBLines(t *testing.T) {
	checkLines(t, LoadBalancer{}, []lineCase{
		{name: "https, fields appended", line: albLine, want: want{Time: "2018-07-02T22:23:00.186641Z", Client: "192.168.131.39",
			Request: "GET https://www.example.com:443/live/s1/index.m3u8?x=1 HTTP/1.1", Method: "GET", Path: "/live/s1/index.m3u8?x=1",
			Protocol: "HTTP/1.1", Status: 200, Bytes: "57", UserAgent: "curl/7.46.0", Host: "www.example.com", RequestTime: "171ms",
			UpstreamStatus: "200", UpstreamAddr: "10.0.0.1:80"}},
		{name: "the target never answered", line: `http 2018-11-30T22:23:00.186641Z app/lb/50dc 192.168.131.39:2817 - -1 -1 -1 502 - 34 366 ` +
			`"GET http://www.example.com:80 HTTP/1.1" "curl/7.46.0" - - arn:x "Root=1" "-" "-" 0 2018-11-30T22:22:48.364000Z "forward" "-" "LambdaInvalidResponse" "-" "-" "-" "-"`,
			want: want{Time: "2018-11-30T22:23:00.186641Z", Client: "192.168.131.39", Request: "GET http://www.example.com:80 HTTP/1.1",
				Method: "GET", Path: "/", Protocol: "HTTP/1.1", Status: 502, Bytes: "366", UserAgent: "curl/7.46.0", Host: "www.example.com",
				UpstreamStatus: "-", SubStatus: "LambdaInvalidResponse"}},
		{name: "an old line, up to ssl_protocol", line: `h2 2016-08-10T22:08:42.945958Z app/lb/50dc [2001:db8::1]:2817 10.0.0.1:80 0.000 0.001 0.000 404 404 34 366 "GET https://example.com:443/x HTTP/2.0" "-" ECDHE TLSv1.2`,
			want: want{Time: "2016-08-10T22:08:42.945958Z", Client: "2001:db8::1", Request: "GET https://example.com:443/x HTTP/2.0", Method: "GET",
				Path: "/x", Protocol: "HTTP/2.0", Status: 404, Bytes: "366", Host: "example.com", RequestTime: "1ms", UpstreamStatus: "404", UpstreamAddr: "10.0.0.1:80"}},
		{name: "no type", line: `2018-07-02T22:23:00.186641Z app/lb 1:2 - 0 0 0 200 200 0 0 "- - - " "-" - -`, err: ReasonALBType},
		{name: "too short", line: `http 2018-07-02T22:23:00.186641Z app/lb 192.168.131.39:2817 - 0.0 0.0 0.0 200`, err: ReasonLBShort, off: 77},
		{name: "a bad status", line: `http 2018-07-02T22:23:00.186641Z lb 1.2.3.4:5 - 0 0 0 2x0 - 0 0 "GET / HTTP/1.1" "-"`, err: "bad value in elb_status_code", off: 54},
		{name: "an unterminated request", line: `http 2018-07-02T22:23:00.186641Z lb 1.2.3.4:5 - 0 0 0 200 - 0 0 "GET / HTTP/1.1`, err: "unterminated quote in request", off: 64},
		{name: "a quote inside a field", line: `http 2018-07-02T22:23:00.186641Z lb 1.2.3.4:5 - 0 0 0 200 - 0 0 "GET"x "-"`, err: "unterminated quote in request", off: 64},
	})
}

func TestELBLines(t *testing.T) {
	checkLines(t, LoadBalancer{Classic: true}, []lineCase{
		{name: "https", line: `2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000086 0.001048 0.001337 200 200 0 57 "GET https://www.example.com:443/ HTTP/1.1" "curl/7.38.0" DHE-RSA-AES128-SHA TLSv1.2`,
			want: want{Time: "2015-05-13T23:39:43.945958Z", Client: "192.168.131.39", Request: "GET https://www.example.com:443/ HTTP/1.1", Method: "GET",
				Path: "/", Protocol: "HTTP/1.1", Status: 200, Bytes: "57", UserAgent: "curl/7.38.0", Host: "www.example.com", RequestTime: "2.471ms",
				UpstreamStatus: "200", UpstreamAddr: "10.0.0.1:80"}},
		{name: "a TCP listener", line: `2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.001069 0.000028 0.000041 - - 82 305 "- - - " "-" - -`,
			want: want{Time: "2015-05-13T23:39:43.945958Z", Client: "192.168.131.39", Status: StatusNone, Bytes: "305", RequestTime: "1.138ms",
				UpstreamStatus: "-", UpstreamAddr: "10.0.0.1:80"}},
		{name: "an ALB line", line: albLine, err: "bad value in time"},
	})
}

func TestLoadBalancerFiles(t *testing.T) {
	alb := []fileCase{{file: "alb_awsdocs_examples_joined.log", detect: "alb", statuses: map[int]int{200: 4, 101: 2, 502: 1}}}
	checkFiles(t, cdnTestdata, alb)
	checkFiles(t, cdnCorpus, alb)
	checkFiles(t, cdnTestdata, []fileCase{
		{file: "elb_classic_synthetic.log", detect: "elb", statuses: map[int]int{200: 1, 404: 1, 503: 1, 504: 1, StatusNone: 1}},
	})
}

func TestSplitURL(t *testing.T) {
	tests := []struct{ target, host, path string }{
		{"https://www.example.com:443/a?b", "www.example.com", "/a?b"},
		{"http://10.0.0.30:80", "10.0.0.30", "/"},
		{"https://[2001:db8::1]:443/x", "2001:db8::1", "/x"},
		{"/relative", "", "/relative"},
		{"*", "", "*"},
	}
	for _, tt := range tests {
		host, path := splitURL([]byte(tt.target))
		if string(host) != tt.host || string(path) != tt.path {
			t.Errorf("splitURL(%q) = %q, %q", tt.target, host, path)
		}
	}
}

func TestLoadBalancerAllocs(t *testing.T) {
	checkAllocs(t, LoadBalancer{}, [][]byte{[]byte(albLine)})
}

func BenchmarkALB(b *testing.B) {
	benchLinesOf(b, LoadBalancer{}, [][]byte{[]byte(albLine)})
}

func FuzzLoadBalancer(f *testing.F) {
	f.Add(albLine)
	seedFile(f, "alb_awsdocs_examples_joined.log")
	seedFile(f, "elb_classic_synthetic.log")
	before := [][]byte{[]byte(albLine)}
	f.Fuzz(func(t *testing.T, line string) {
		checkStateless(t, LoadBalancer{}, before, []byte(line))
		checkStateless(t, LoadBalancer{Classic: true}, before, []byte(line))
	})
}
