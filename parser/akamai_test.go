package parser

import "testing"

// akamaiLine is a DataStream 2 record, values as strings.
const akamaiLine = `{"version":1,"streamId":"12345","cp":"123456","reqId":"1239f220","reqTimeSec":"1573840000.25","bytes":"4995",` +
	`"cliIP":"128.147.28.68","statusCode":"206","proto":"HTTPS","reqHost":"test.hostname.net","reqMethod":"GET",` +
	`"reqPath":"/live/s1/seg-1.ts","reqPort":"443","rspContentLen":"5000","rspContentType":"video/mp2t",` +
	`"UA":"Mozilla%2F5.0+%28Macintosh%3B+Intel+Mac+OS+X+10_14_3%29","queryStr":"a=1","referer":"https%3A%2F%2Fexample.com%2F",` +
	`"cacheStatus":"1","errorCode":"","turnAroundTimeMSec":"11","transferTimeMSec":"125"}`

func TestAkamaiLines(t *testing.T) {
	checkLines(t, akamai, []lineCase{
		{name: "a cache hit", line: akamaiLine, want: want{Time: "2019-11-15T17:46:40.25Z", Client: "128.147.28.68",
			Request: "GET /live/s1/seg-1.ts?a=1", Method: "GET", Path: "/live/s1/seg-1.ts?a=1", Status: 206, Bytes: "4995",
			Referer: "https://example.com/", UserAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_3)",
			Host: "test.hostname.net", CacheStatus: "HIT"}},
		{name: "a miss refused by the edge", line: `{"streamId":"1","statusCode":"403","reqTimeSec":"1573840000","cacheStatus":"0","errorCode":"ERR_ACCESS_DENIED|fwd_acl"}`,
			want: want{Time: "2019-11-15T17:46:40Z", Status: 403, CacheStatus: "MISS", SubStatus: "ERR_ACCESS_DENIED|fwd_acl"}},
		{name: "another cache status is kept", line: `{"streamId":"1","statusCode":"200","cacheStatus":"2"}`, want: want{Status: 200, CacheStatus: "2"}},
		{name: "no status", line: `{"streamId":"1","reqPath":"/"}`, err: "no statusCode field"},
	})
}

func TestAkamaiFiles(t *testing.T) {
	cases := []fileCase{{file: "akamai_ds2_sample.ndjson", detect: "akamai", statuses: map[int]int{206: 1}}}
	checkFiles(t, cdnTestdata, cases)
	checkFiles(t, cdnCorpus, cases)
}

func TestAkamaiAllocs(t *testing.T) {
	checkAllocs(t, akamai, [][]byte{[]byte(akamaiLine)})
}

func BenchmarkAkamai(b *testing.B) {
	benchLinesOf(b, akamai, [][]byte{[]byte(akamaiLine)})
}

func FuzzAkamai(f *testing.F) {
	f.Add(akamaiLine)
	seedFile(f, "akamai_ds2_sample.ndjson")
	before := [][]byte{[]byte(akamaiLine)}
	f.Fuzz(func(t *testing.T, line string) { checkStateless(t, akamai, before, []byte(line)) })
}
