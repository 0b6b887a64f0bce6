package parser

import (
	"reflect"
	"strings"
	"testing"
)

func TestGcoreLine(t *testing.T) {
	line := `"192.0.2.11" "-" "-" "[02/Dec/2024:10:00:01 +0000]" "GET /live/s1/seg-00042.ts HTTP/1.1" "206" "524288" ` +
		`"https://www.example.com/" "Mozilla/5.0 (X11; Linux x86_64)" "524688" "[edge-ams1]" "https" "cdn.example.com" "0.001" "-" ` +
		`"157" "-" "[ams1]" "HIT" "-" "-" "-" "-" "-" "-" "NL" "Amsterdam" "shield_no" "203.0.113.1" "443" "-" "-" "0.001" "0.007" ` +
		`"-" "64496" "1" "2" "-" "https" "-" "TLS_AES_128_GCM_SHA256" "-" "." "video/mp2t" "21" "NL" "10" "0" "-" "appended"`
	var rec Record
	if err := gcore.NewParser().Parse([]byte(line), &rec); err != nil {
		t.Fatal(err)
	}
	w := want{Time: "2024-12-02T10:00:01Z", Client: "192.0.2.11", Request: "GET /live/s1/seg-00042.ts HTTP/1.1", Method: "GET",
		Path: "/live/s1/seg-00042.ts", Protocol: "HTTP/1.1", Status: 206, Bytes: "524288", Referer: "https://www.example.com/",
		UserAgent: "Mozilla/5.0 (X11; Linux x86_64)", Host: "cdn.example.com", RequestTime: "1ms", UpstreamStatus: "-", CacheStatus: "HIT"}
	if got := wantOf(&rec); !reflect.DeepEqual(got, w) {
		t.Errorf("got  %+v\nwant %+v", got, w)
	}
	if n := len(gcore.ExtraNames()); n != 0 {
		t.Errorf("%d extra fields, want none", n)
	}
}

func TestGcoreFiles(t *testing.T) {
	checkFiles(t, cdnTestdata, []fileCase{
		{file: "gcore_synthetic.log", detect: "gcore", statuses: map[int]int{200: 2, 206: 1, 304: 1, 404: 1, 502: 1, 504: 1}},
	})
	checkFiles(t, cdnCorpus, []fileCase{{file: "gcore_rawlogs_docs_example.log", detect: "gcore", statuses: map[int]int{200: 1}}})
}

// TestGcoreFormat: 50 fields, every one quoted, the upstream status 31st.
func TestGcoreFormat(t *testing.T) {
	fields := strings.Split(GcoreFormat, `" "`)
	if len(fields) != 50 || fields[30] != "$upstream_status" || fields[18] != "$upstream_cache_status" {
		t.Errorf("%d fields; 31st %q, 19th %q", len(fields), fields[30], fields[18])
	}
}

func gcoreLines(tb testing.TB) [][]byte {
	tb.Helper()
	return [][]byte{[]byte(renderFormat(gcore))}
}

func TestGcoreAllocs(t *testing.T) {
	checkAllocs(t, gcore, gcoreLines(t))
}

func BenchmarkGcore(b *testing.B) {
	benchLinesOf(b, gcore, gcoreLines(b))
}

// FuzzGcore checks Gcore's format as the nginx fuzzers check formats:
// Parse agrees with the reference parser.
func FuzzGcore(f *testing.F) {
	seedFile(f, "gcore_synthetic.log")
	f.Fuzz(func(t *testing.T, line string) {
		checkFastPaths(t, gcore, []byte(line))
		checkStateless(t, gcore, gcoreLines(t), []byte(line))
	})
}
