package parser

import (
	"os"
	"testing"
)

// cdnCorpusCases is every sample of the shared corpus's cdn directory:
// the format Detect finds on its first lines and what parsing it gives
// (the Cloudflare sample has no status: no format, and why).
var cdnCorpusCases = []fileCase{
	{file: "akamai_ds2_sample.ndjson", detect: "akamai", statuses: map[int]int{206: 1}},
	{file: "alb_awsdocs_examples_joined.log", detect: "alb", statuses: map[int]int{200: 4, 101: 2, 502: 1}},
	{file: "caddy_json_lnav_logfile_caddy_log.log", detect: "caddy", statuses: map[int]int{304: 3, 200: 1}, skipped: 35},
	{file: "cloudflare_logpush_cfdocs_example.ndjson", problem: "no EdgeResponseStatus field: add EdgeResponseStatus to the Logpush job's fields"},
	{file: "cloudfront_standard_awsdocs_example.log", detect: "cloudfront", statuses: map[int]int{200: 3, 502: 3}, skipped: 2},
	{file: "gcore_rawlogs_docs_example.log", detect: "gcore", statuses: map[int]int{200: 1}},
	{file: "hsphere_iis_w3c_ossecdocs.log", detect: "hsphere-iis", statuses: map[int]int{200: 2}, skipped: 3},
	{file: "iis6_w3c_ossecdocs.log", detect: "w3c", statuses: map[int]int{200: 3}, skipped: 4},
	{file: "iis_w3c_lnav_logfile_w3c_0.log", detect: "w3c", statuses: map[int]int{200: 1}, skipped: 4},
	{file: "iis_w3c_lnav_logfile_w3c_big.log", detect: "w3c", statuses: map[int]int{200: 8, 404: 202}, skipped: 44},
}

// TestCDNCorpus checks every sample of the corpus's cdn directory, and
// that none is left out of the table.
func TestCDNCorpus(t *testing.T) {
	entries, err := os.ReadDir(cdnCorpus)
	if err != nil {
		t.Skipf("the shared corpus is not here: %v", err)
	}
	known := map[string]bool{"SOURCES.md": true}
	for _, c := range cdnCorpusCases {
		known[c.file] = true
	}
	for _, e := range entries {
		if !known[e.Name()] {
			t.Errorf("%s is in the corpus but not in cdnCorpusCases", e.Name())
		}
	}
	checkFiles(t, cdnCorpus, cdnCorpusCases)
}
