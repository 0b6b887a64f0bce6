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
	for _, args := range [][]string{{"-format", "w3c"}, {"-paths", "0"}, {"-rate", "0"}, {"-start", "yesterday"}, {"extra"}, {"-nope"}} {
		if code := run(args, &bytes.Buffer{}, &bytes.Buffer{}); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
