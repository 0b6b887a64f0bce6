package parser

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

const cloudfrontFields = "#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) " +
	"cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken " +
	"x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields " +
	"c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end"

// cloudfrontLine is a request under cloudfrontFields: a viewer that went
// away (000) while CloudFront was asking the origin.
const cloudfrontLine = "2019-12-13\t22:36:27\tSEA19-C1\t900\t192.0.2.200\tGET\td111111abcdef8.cloudfront.net\t/live/s1/seg%201.ts\t000\t" +
	"http://www.example.com/a%20b\tMozilla/5.0%20(Windows%20NT%2010.0)%20Slackbot%201.0%20(+https://api.slack.com/robots)\tq=1\t-\tError\t" +
	"1pkpNfBQ39sYMnjjUQjmH2w1wdJnbHYTbag21o_3OfcQgPzdL2RSSQ==\twww.example.com\thttp\t675\t0.102\t-\t-\t-\tError\tHTTP/1.1\t-\t-\t" +
	"25260\t0.102\tClientCommError\ttext/html\t507\t-\t-"

// cloudfrontParser is a parser that has read the header.
func cloudfrontParser() Parser {
	p := CloudFront{}.NewParser()
	p.(HeaderParser).SetHeader([]byte(cloudfrontFields))
	return p
}

func TestCloudFrontLine(t *testing.T) {
	var rec Record
	if err := cloudfrontParser().Parse([]byte(cloudfrontLine), &rec); err != nil {
		t.Fatal(err)
	}
	w := want{Time: "2019-12-13T22:36:27Z", Client: "192.0.2.200", Request: "GET /live/s1/seg%201.ts?q=1 HTTP/1.1", Method: "GET",
		Path: "/live/s1/seg%201.ts?q=1", Protocol: "HTTP/1.1", Status: 0, Bytes: "900", Referer: "http://www.example.com/a b",
		UserAgent: "Mozilla/5.0 (Windows NT 10.0) Slackbot 1.0 (+https://api.slack.com/robots)", Host: "www.example.com",
		RequestTime: "102ms", SubStatus: "ClientCommError", CacheStatus: "Error"}
	if got := wantOf(&rec); !reflect.DeepEqual(got, w) {
		t.Errorf("got  %+v\nwant %+v", got, w)
	}
}

func TestCloudFrontFiles(t *testing.T) {
	cases := []fileCase{{file: "cloudfront_standard_awsdocs_example.log", detect: "cloudfront", statuses: map[int]int{200: 3, 502: 3}, skipped: 2}}
	checkFiles(t, cdnTestdata, cases)
	checkFiles(t, cdnCorpus, cases)
}

// TestCloudFrontRecords: the sample's cache verdicts are kept, and the
// detailed result type only where it says more (the 502s' OriginDnsError).
func TestCloudFrontRecords(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(cdnTestdata, "cloudfront_standard_awsdocs_example.log"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	p := CloudFront{}.NewParser()
	var rec Record
	for _, l := range logLines(data) {
		if p.Parse(l, &rec) == nil {
			got[statusKey(rec.Status)+" "+string(rec.CacheStatus)+" "+string(rec.SubStatus)]++
		}
	}
	want := map[string]int{"200 Hit ": 3, "502 Error OriginDnsError": 3}
	if len(got) != len(want) || got["200 Hit "] != 3 || got["502 Error OriginDnsError"] != 3 {
		t.Errorf("status, cache, detail: %v, want %v", got, want)
	}
}

func statusKey(s int) string {
	return string(rune('0'+s/100)) + string(rune('0'+s/10%10)) + string(rune('0'+s%10))
}

// TestDetectCloudFrontOverW3C: W3C reads CloudFront's lines too, but
// CloudFront recognises its columns.
func TestDetectCloudFrontOverW3C(t *testing.T) {
	lines := [][]byte{[]byte("#Version: 1.0"), []byte(cloudfrontFields), []byte(cloudfrontLine)}
	if d := Detect(lines); d.Spec == nil || d.Spec.Name() != "cloudfront" || d.Parsed != 3 {
		t.Errorf("Detect = %+v", d)
	}
	if d := detectW3C(W3C{}, lines); d.Parsed != 3 {
		t.Errorf("W3C parsed %d of CloudFront's lines", d.Parsed)
	}
}

func TestCloudFrontAllocs(t *testing.T) {
	checkAllocs(t, cloudfrontSpec{}, [][]byte{[]byte(cloudfrontLine)})
}

// cloudfrontSpec makes CloudFront parsers that have read the header.
type cloudfrontSpec struct{ CloudFront }

func (cloudfrontSpec) NewParser() Parser { return cloudfrontParser() }

func BenchmarkCloudFront(b *testing.B) {
	benchLinesOf(b, cloudfrontSpec{}, [][]byte{[]byte(cloudfrontLine)})
}

// FuzzCloudFront parses any line after CloudFront's header, and any
// header: the invariants of parseAny hold.
func FuzzCloudFront(f *testing.F) {
	f.Add(cloudfrontLine)
	seedFile(f, "cloudfront_standard_awsdocs_example.log")
	f.Fuzz(func(t *testing.T, line string) {
		parseAny(t, cloudfrontParser(), []byte(line))
		p := CloudFront{}.NewParser()
		parseAny(t, p, []byte(line)) // a header, perhaps
		parseAny(t, p, []byte(cloudfrontLine))
	})
}
