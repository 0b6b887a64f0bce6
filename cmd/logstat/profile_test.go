package main

import (
	"fmt"
	"strings"
	"testing"
)

// videoLog is a CDN log of HLS traffic whose 404s carry X-Err-Code.
func videoLog(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	for i := range 300 {
		path, status, errCode := fmt.Sprintf("/live/s1/seg-%d.ts", i), 200, "-"
		switch {
		case i%10 == 0:
			path = "/live/s1/index.m3u8"
		case i%25 == 1:
			path, status, errCode = "/live/s9/index.m3u8", 404, "1000"
		case i%50 == 2:
			path, status, errCode = "/live/x/index.m3u8", 404, "2000"
		}
		fmt.Fprintf(&b, "198.51.100.%d [18/Jul/2023:13:%02d:%02d +0000] \"GET %s HTTP/1.1\" %d 1024 %s\n", i%9, i/60, i%60, path, status, errCode)
	}
	return writeFile(t, "cdn.log", []byte(b.String()))
}

const videoFormat = `$remote_addr [$time_local] "$request" $status $body_bytes_sent $sent_http_x_err_code`

func TestVideoProfile(t *testing.T) {
	path := videoLog(t)
	_, out, _ := runCLI(t, "", "--format", videoFormat, path)
	if !strings.Contains(out, "--profile video reads the codes") {
		t.Errorf("no video suggestion:\n%s", out)
	}
	code, out, errOut := runCLI(t, "", "--format", videoFormat, "--profile", "video", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Codes read with the video profile", "↳ 1000", "↳ 2000", "live stream"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(out, "--profile video reads the codes") {
		t.Error("suggests the profile already in use")
	}
	_, out, _ = runCLI(t, "", "-o", "json", "--format", videoFormat, "--profile", "video", path)
	for _, want := range []string{`"profile": "video"`, `"subcodes": [`, `"value": "1000"`, `"title": "Master stream missing"`, `"timeline": {`, `"findings": [`} {
		if !strings.Contains(out, want) {
			t.Errorf("JSON lacks %s", want)
		}
	}
}

func TestProfileAndBucketFlags(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		want   int
		errHas string
	}{
		{[]string{"--profile", "tv", sample}, 2, "--profile"},
		{[]string{"--bucket", "fortnight", sample}, 2, "--bucket"},
		{[]string{"--bucket", "day", "-o", "json", sample}, 0, ""},
	} {
		code, out, errOut := runCLI(t, "", tc.args...)
		if code != tc.want || !strings.Contains(errOut, tc.errHas) {
			t.Errorf("%v: exit %d stderr %q", tc.args, code, errOut)
		}
		if tc.want == 0 && !strings.Contains(out, `"step": "day"`) {
			t.Errorf("--bucket day not applied")
		}
	}
}
