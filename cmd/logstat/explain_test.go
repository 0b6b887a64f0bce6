package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestExplain(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		want   int
		has    []string
		hasNot []string
		errHas string
		isJSON bool
	}{
		{"nginx and cloudflare codes", []string{"explain", "444", "499", "520", "404"}, 0,
			[]string{"444 No Response", "499 Client Closed Request", "520 ", "404 Not Found", "What to do:", "On cdn:", "X-Err-Code 1000 (video)"}, nil, "", false},
		{"one profile only", []string{"explain", "--profile", "video", "422"}, 0,
			[]string{"What it means (video)"}, []string{"On api:", "On cdn:"}, "", false},
		{"api profile backoff", []string{"explain", "--profile", "api", "404"}, 0,
			[]string{"5, 10 and 15 s"}, []string{"X-Err-Code"}, "", false},
		{"iis substatus", []string{"explain", "404.3"}, 0, []string{"IIS 404.3"}, []string{"IIS 404.4"}, "", false},
		{"no status and 000", []string{"explain", "-", "000", "009"}, 0, []string{"- ", "000 ", "009 "}, nil, "", false},
		{"unknown code falls back to class", []string{"explain", "452"}, 0, []string{"Unknown 4xx status", "not in the catalog"}, nil, "", false},
		{"json", []string{"explain", "-o", "json", "503"}, 0, []string{`"code": 503`}, nil, "", true},
		{"list", []string{"explain", "--list"}, 0, []string{"418", "599", "Cloudflare"}, nil, "", false},
		{"not a code", []string{"explain", "abc"}, 2, nil, nil, `"abc" is not a status code`, false},
		{"bad profile", []string{"explain", "--profile", "tv", "404"}, 2, nil, nil, "--profile", false},
		{"no code", []string{"explain"}, 2, nil, nil, "Usage", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, "", tc.args...)
			if code != tc.want {
				t.Fatalf("exit %d, want %d; stderr %s", code, tc.want, errOut)
			}
			for _, s := range tc.has {
				if !strings.Contains(out, s) {
					t.Errorf("output lacks %q:\n%s", s, out)
				}
			}
			for _, s := range tc.hasNot {
				if strings.Contains(out, s) {
					t.Errorf("output has %q", s)
				}
			}
			if !strings.Contains(errOut, tc.errHas) {
				t.Errorf("stderr %q lacks %q", errOut, tc.errHas)
			}
			if tc.isJSON && !json.Valid([]byte(out)) {
				t.Errorf("not JSON: %s", out)
			}
		})
	}
}
