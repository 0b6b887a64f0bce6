package ingest

import (
	"strings"
	"sync"
	"testing"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/parser"
)

// TestPoolSnapshotWhileFeeding: snapshots taken while another goroutine
// feeds are consistent cuts: each holds a whole number of chunks, never
// fewer than the one before, and the summaries go on unchanged.
func TestPoolSnapshotWhileFeeding(t *testing.T) {
	const perChunk, chunks = 50, 400
	data := []byte(strings.Repeat(combinedLine(180, 502)+"\n", perChunk))
	spec := parser.PresetFormat("combined")
	pool := NewPool(3, aggregate.Options{}, MaxLineSize)
	var counts Counts
	var fed sync.WaitGroup
	fed.Add(1)
	go func() {
		defer fed.Done()
		for i := range chunks {
			pool.Feed(chunk{counts: &counts, name: "a.log", firstLine: int64(i*perChunk + 1), data: data, spec: spec})
		}
	}()
	var last int64
	for range 50 {
		s := pool.Snapshot()
		n := s.Lines.Parsed
		if n%perChunk != 0 || n < last || s.Classes[aggregate.Class5xx].Count != n {
			t.Fatalf("snapshot with %d lines (%d 5xx), the one before had %d", n, s.Classes[aggregate.Class5xx].Count, last)
		}
		last = n
	}
	fed.Wait()
	if s := pool.Snapshot(); s.Lines.Parsed != perChunk*chunks {
		t.Errorf("snapshot after feeding: %d lines, want %d", s.Lines.Parsed, perChunk*chunks)
	}
	s := pool.Close()
	if s.Lines.Parsed != perChunk*chunks || counts.Parsed.Load() != perChunk*chunks {
		t.Errorf("closed with %d lines (counted %d), want %d", s.Lines.Parsed, counts.Parsed.Load(), perChunk*chunks)
	}
}
