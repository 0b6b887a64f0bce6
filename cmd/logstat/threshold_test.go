package main

import (
	"os"
	"strings"
	"testing"
)

func TestFailOn(t *testing.T) {
	// The sample: 216 lines, 215 parsed, 44 of them 4xx (40 404s), one malformed.
	tests := []struct {
		name    string
		rules   string
		code    int
		errOut  []string
		written bool
	}{
		{"nothing crossed", "5xx>5%,404>100,malformed>1%", 0, nil, true},
		{"a share crossed", "4xx>10%", 3, []string{"--fail-on 4xx>10% crossed: 20.47%"}, true},
		{"a count crossed, and one not", "404>39,502>1000", 3, []string{"--fail-on 404>39 crossed: 40"}, true},
		{"malformed share", "malformed>0.1%", 3, []string{"--fail-on malformed>0.1% crossed"}, true},
		{"an invalid rule", "5xx>>2", 2, []string{"--fail-on: rule"}, false},
		{"an unknown subject", "latency>2", 2, []string{"is not a class"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, "", "--fail-on", tt.rules, sample)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, errOut)
			}
			for _, want := range tt.errOut {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr %q lacks %q", errOut, want)
				}
			}
			if written := strings.Contains(out, "Status codes"); written != tt.written {
				t.Errorf("report written %v, want %v", written, tt.written)
			}
		})
	}
}

// TestOutputAsFileName: -o report.json writes that format to that file,
// as GoAccess users type it.
func TestOutputAsFileName(t *testing.T) {
	dir := t.TempDir()
	out := dir + "/report.JSON"
	if code, stdout, errOut := runCLI(t, "", "-o", out, sample); code != 0 || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, errOut)
	}
	if data, err := os.ReadFile(out); err != nil || !strings.HasPrefix(string(data), "{") {
		t.Errorf("%s: %v %.40q", out, err, data)
	}
	for _, tt := range []struct {
		args   []string
		errOut string
	}{
		{[]string{"-o", "report.xyz"}, `--output "report.xyz": use one of`},
		{[]string{"-o", "yaml"}, `--output "yaml": use one of`},
		{[]string{"-o", dir + "/a.json", "--out", dir + "/b.json"}, "give one"},
	} {
		if code, _, errOut := runCLI(t, "", append(tt.args, sample)...); code != 2 || !strings.Contains(errOut, tt.errOut) {
			t.Errorf("%v: exit %d, stderr %q", tt.args, code, errOut)
		}
	}
}
