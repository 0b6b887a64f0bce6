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

// TestPoolCuts: the summaries of successive cuts, taken while another
// goroutine feeds, add up to the whole input.
func TestPoolCuts(t *testing.T) {
	const perChunk, chunks = 20, 300
	data := []byte(strings.Repeat(combinedLine(150, 404)+"\n", perChunk))
	spec := parser.PresetFormat("combined")
	pool := NewPool(2, aggregate.Options{}, MaxLineSize)
	var counts Counts
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range chunks {
			pool.Feed(chunk{counts: &counts, name: "a.log", firstLine: int64(i*perChunk + 1), data: data, spec: spec})
		}
	}()
	total := aggregate.New(aggregate.Options{})
	for range 40 {
		c := pool.Cut()
		if c.Lines.Parsed%perChunk != 0 {
			t.Fatalf("a cut with %d lines: not whole chunks", c.Lines.Parsed)
		}
		total.Merge(c)
	}
	<-done
	total.Merge(pool.Cut())
	total.Merge(pool.Close())
	if total.Lines.Parsed != perChunk*chunks {
		t.Errorf("cuts add up to %d lines, want %d", total.Lines.Parsed, perChunk*chunks)
	}
}
