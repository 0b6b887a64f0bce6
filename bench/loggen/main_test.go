package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"-n", "3", "-format", "upstream", "-seed", "2"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if n := strings.Count(out.String(), "\n"); n != 3 {
		t.Errorf("%d lines, want 3:\n%s", n, out.String())
	}
	file := filepath.Join(t.TempDir(), "a.log")
	if code := run([]string{"-n", "3", "-format", "upstream", "-seed", "2", "-out", file}, &bytes.Buffer{}, &errb); code != 0 {
		t.Fatalf("-out: exit %d: %s", code, errb.String())
	}
	if b, err := os.ReadFile(file); err != nil || !bytes.Equal(b, out.Bytes()) {
		t.Errorf("-out wrote %q (%v), want %q", b, err, out.Bytes())
	}
	out.Reset()
	if code := run([]string{"-n", "2", "-tail", "request_time,upstream_status"}, &out, &errb); code != 0 || strings.Count(out.String(), "\n") != 2 {
		t.Fatalf("-tail: exit %d, %q: %s", code, out.String(), errb.String())
	}
	out.Reset()
	if code := run([]string{"-tail", "upstream_status", "-print-format"}, &out, &errb); code != 0 ||
		!strings.HasSuffix(out.String(), `"$http_user_agent" $upstream_status`+"\n") {
		t.Errorf("-print-format: exit %d, %q", code, out.String())
	}
	out.Reset()
	if code := run([]string{"-n", "2", "-format", "cloudfront"}, &out, &errb); code != 0 || strings.Count(out.String(), "\n") != 4 {
		t.Errorf("cloudfront: exit %d, %q (two header lines, two requests)", code, out.String())
	}
	out.Reset()
	if code := run([]string{"-format", "caddy", "-print-format"}, &out, &errb); code != 0 || out.String() != "--format caddy\n" {
		t.Errorf("-print-format of a CDN format: exit %d, %q", code, out.String())
	}
	for _, args := range [][]string{{"-format", "w3c"}, {"-format", "alb", "-tail", "request_time"}, {"-paths", "0"}, {"-rate", "0"}, {"-start", "yesterday"}, {"extra"}, {"-nope"},
		{"-tail", "bytes"}, {"-tail", "request_time,request_time"}, {"-format", "common", "-tail", "request_time"}} {
		if code := run(args, &bytes.Buffer{}, &bytes.Buffer{}); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

func TestRunIncident(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"-n", "400", "-rate", "2", "-incident", "storm", "-incident-at", "1m", "-incident-for", "1m", "-incident-percent", "50"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), `"POST /api/checkout HTTP/`) {
		t.Errorf("no storm in:\n%.500s", out.String())
	}
	for _, args := range [][]string{{"-incident", "meteor"}, {"-incident", "storm", "-incident-percent", "100"}, {"-incident-at", "1h"}} {
		if code := run(args, &bytes.Buffer{}, &bytes.Buffer{}); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
