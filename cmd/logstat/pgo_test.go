package main

import (
	"bufio"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/logstat/logstat/bench/loggen/gen"
)

// BenchmarkPGOProfile is the work default.pgo, the profile Go's
// profile-guided optimisation builds logstat with, is recorded from: one
// report each over generated logs of the formats most runs read, in about
// the proportions users have them. Refresh it after changes to the
// per-line path (see bench/README.md):
//
//	go test -run '^$' -bench '^BenchmarkPGOProfile$' -benchtime 10x \
//	    -cpuprofile cmd/logstat/default.pgo ./cmd/logstat
func BenchmarkPGOProfile(b *testing.B) {
	dir := b.TempDir()
	var files []string
	for _, l := range []struct {
		name string
		cfg  gen.Config
		n    int64
	}{
		{"combined.log", gen.Config{Seed: 1}, 300_000},
		{"common.log", gen.Config{Format: "common", Seed: 2}, 300_000},
		{"timed.log", gen.Config{Seed: 3, Tail: []string{"request_time", "upstream_status"}}, 100_000},
		{"alb.log", gen.Config{Format: "alb", Seed: 4}, 30_000},
		{"cloudfront.log", gen.Config{Format: "cloudfront", Seed: 5}, 30_000},
		{"json.log", gen.Config{Format: "json", Seed: 6}, 30_000},
	} {
		path := filepath.Join(dir, l.name)
		if err := writeLog(path, l.cfg, l.n); err != nil {
			b.Fatal(err)
		}
		files = append(files, path)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, f := range files {
			if code := run(context.Background(), []string{f}, strings.NewReader(""), io.Discard, io.Discard); code != exitOK {
				b.Fatalf("logstat %s: exit %d", f, code)
			}
		}
	}
}

func writeLog(path string, cfg gen.Config, n int64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	if err := gen.Write(w, cfg, n); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
