package parser

import (
	"strings"
	"testing"
)

func TestLooksHSphere(t *testing.T) {
	tests := []struct {
		name string
		path string
		want bool
	}{
		{"absolute", "/hsphere/local/home/u/logs/example.com/example.com", true},
		{"rotated gzip", "/hsphere/local/home/u/logs/example.com/example.com.3.gz", true},
		{"relative to /", "hsphere/local/home/u/logs/example.com/example.com", true},
		{"under a mount", "/mnt/old/hsphere/local/home/u/logs/a.example/a.example", true},
		{"not in logs", "/hsphere/local/home/u/example.com/access.log", false},
		{"logs before home", "/logs/hsphere/local/home/u/x", false},
		{"name merely ends like it", "/xhsphere/local/home/u/logs/a/a", false},
		{"elsewhere", "/var/log/nginx/access.log", false},
		{"stdin", "-", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := looksHSphere(tt.path); got != tt.want {
				t.Errorf("looksHSphere(%q) = %v", tt.path, got)
			}
		})
	}
}

// TestPathSpecHSphere: a combined log under H-Sphere's layout is hsphere,
// and an nginx tail Detect inferred from its values is kept.
func TestPathSpecHSphere(t *testing.T) {
	const path = "/hsphere/local/home/u/logs/example.com/example.com.1"
	line := renderLine("combined", normal)
	tailed := Detect([][]byte{[]byte(line + " 0.031 502"), []byte(line + " 0.002 200")})
	if len(tailed.Tail) == 0 {
		t.Fatalf("no tail inferred: %+v", tailed)
	}
	tests := []struct {
		name     string
		path     string
		detected Spec
		want     string // "" for no hint
		source   string // the hinted Format's source must contain it
	}{
		{"combined", path, PresetFormat("combined"), "hsphere", `%{User-agent}i`},
		{"combined with a tail", path, tailed.Spec, "hsphere", "$request_time $upstream_status"},
		{"combined elsewhere", "/var/log/nginx/access.log", PresetFormat("combined"), "", ""},
		{"common", path, PresetFormat("common"), "", ""},
		{"w3c", path, W3C{}, "", ""},
		{"no format", path, NoFormat{}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := PathSpec(tt.path, tt.detected)
			switch {
			case tt.want == "" && got != nil:
				t.Fatalf("PathSpec = %s, want none", got.Name())
			case tt.want == "":
				return
			case got == nil || got.Name() != tt.want:
				t.Fatalf("PathSpec = %v, want %s", got, tt.want)
			}
			if src := got.(*Format).Source(); !strings.Contains(src, tt.source) {
				t.Errorf("source %q lacks %q", src, tt.source)
			}
		})
	}
	if PresetFormat("combined").Name() != "combined" || tailed.Spec.Name() != "combined" {
		t.Error("PathSpec renamed the detected format itself")
	}
}
