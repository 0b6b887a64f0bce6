package main

import (
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
