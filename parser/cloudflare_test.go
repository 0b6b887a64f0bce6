package parser

import "testing"

// cloudflareLine is a Logpush http_requests record with the fields logstat reads.
const cloudflareLine = `{"CacheCacheStatus":"hit","ClientIP":"203.0.113.9","ClientRequestHost":"www.example.com",` +
	`"ClientRequestMethod":"GET","ClientRequestProtocol":"HTTP/2","ClientRequestReferer":"https://www.example.com/",` +
	`"ClientRequestURI":"/live/s1/index.m3u8?t=1","ClientRequestUserAgent":"Mozilla/5.0","EdgeEndTimestamp":1506702504533000200,` +
	`"EdgeResponseBytes":2900,"EdgeResponseStatus":200,"EdgeStartTimestamp":1506702504433000200,"OriginIP":"",` +
	`"OriginResponseStatus":0,"RayID":"3a6050bcbe121a87"}`

func TestCloudflareLines(t *testing.T) {
	checkLines(t, cloudflare, []lineCase{
		{name: "a cache hit, no origin asked", line: cloudflareLine, want: want{Time: "2017-09-29T16:28:24.4330002Z",
			Client: "203.0.113.9", Request: "GET /live/s1/index.m3u8?t=1 HTTP/2", Method: "GET", Path: "/live/s1/index.m3u8?t=1",
			Protocol: "HTTP/2", Status: 200, Bytes: "2900", Referer: "https://www.example.com/", UserAgent: "Mozilla/5.0",
			Host: "www.example.com", RequestTime: "100ms", UpstreamStatus: "0", CacheStatus: "hit"}},
		{name: "edge and origin statuses, unix seconds", line: `{"EdgeResponseStatus":502,"OriginResponseStatus":502,` +
			`"OriginIP":"198.51.100.7","CacheCacheStatus":"miss","EdgeStartTimestamp":1506702504,"EdgeEndTimestamp":1506702505}`,
			want: want{Time: "2017-09-29T16:28:24Z", Status: 502, UpstreamStatus: "502", UpstreamAddr: "198.51.100.7",
				CacheStatus: "miss", RequestTime: "1s"}},
		{name: "RFC 3339 timestamps, body bytes over bytes", line: `{"EdgeStartTimestamp":"2017-09-29T16:28:24Z",` +
			`"EdgeResponseBytes":900,"EdgeResponseBodyBytes":600,"EdgeResponseStatus":304,"ClientRequestPath":"/a","ClientRequestURI":"/a?b"}`,
			want: want{Time: "2017-09-29T16:28:24Z", Status: 304, Bytes: "600", Request: "/a?b", Path: "/a?b"}},
		{name: "the docs' sample has no status", line: `{"ClientIP":"89.163.242.206","EdgeStartTimestamp":1506702504433000200,"RayID":"3a6050bcbe121a87"}`,
			err: "no EdgeResponseStatus field"},
		{name: "a bad status", line: `{"EdgeResponseStatus":"x"}`, err: "bad value in EdgeResponseStatus", off: 23},
	})
}

// TestCloudflareNoStatus: a Logpush log without EdgeResponseStatus is no
// format, and Detect says which field is missing; NoFormat carries that
// to every line and to the message about the input.
func TestCloudflareNoStatus(t *testing.T) {
	const problem = "no EdgeResponseStatus field: add EdgeResponseStatus to the Logpush job's fields"
	cases := []fileCase{{file: "cloudflare_logpush_cfdocs_example.ndjson", problem: problem}}
	checkFiles(t, cdnTestdata, cases)
	checkFiles(t, cdnCorpus, cases)
	spec := NoFormat{Reason: problem}
	if _, _, malformed := tallyLines(spec, [][]byte{[]byte("{}")}); malformed[problem] != 1 || Unreadable(spec) != problem {
		t.Errorf("NoFormat: malformed %v, Unreadable %q", malformed, Unreadable(spec))
	}
}

func TestCloudflareFiles(t *testing.T) {
	checkFiles(t, cdnTestdata, []fileCase{
		{file: "cloudflare_synthetic.ndjson", detect: "cloudflare", statuses: map[int]int{200: 2, 403: 1, 502: 1, 520: 1}},
	})
}

// TestDetectCloudflareOverJSON: a Logpush record with a "status" key too
// is Cloudflare's, not generic JSON lines.
func TestDetectCloudflareOverJSON(t *testing.T) {
	line := []byte(`{"status":200,"EdgeResponseStatus":200,"RayID":"x"}`)
	if d := Detect([][]byte{line}); d.Spec == nil || d.Spec.Name() != "cloudflare" || !d.Specific {
		t.Errorf("Detect = %+v", d)
	}
}

func TestCloudflareAllocs(t *testing.T) {
	checkAllocs(t, cloudflare, [][]byte{[]byte(cloudflareLine)})
}

func BenchmarkCloudflare(b *testing.B) {
	benchLinesOf(b, cloudflare, [][]byte{[]byte(cloudflareLine)})
}

func FuzzCloudflare(f *testing.F) {
	f.Add(cloudflareLine)
	seedFile(f, "cloudflare_synthetic.ndjson")
	seedFile(f, "cloudflare_logpush_cfdocs_example.ndjson")
	before := [][]byte{[]byte(cloudflareLine)}
	f.Fuzz(func(t *testing.T, line string) { checkStateless(t, cloudflare, before, []byte(line)) })
}
