package topk

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// checkBuckets fails the test when tk's invariants do not hold.
func checkBuckets(t *testing.T, tk *List) {
	t.Helper()
	checkIndex(t, tk)
}

func TestTopKBuckets(t *testing.T) {
	tests := []struct {
		name               string
		n, distinct, capac int
		seed               uint64
		skewed             bool
	}{
		{"skewed churn", 20000, 5000, 20, 41, true},
		{"uniform churn", 20000, 300, 50, 42, false},
		{"capacity one", 2000, 5, 1, 43, true},
		{"no eviction", 5000, 64, 64, 44, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRand(tt.seed)
			stream := uniformStream
			if tt.skewed {
				stream = skewedStream
			}
			tk := New(tt.capac)
			for i, k := range stream(r, tt.n, tt.distinct) {
				tk.Add(k)
				if i%7 == 0 {
					checkBuckets(t, tk)
				}
			}
			checkBuckets(t, tk)
			// A merge rebuilds with large counts and may leave a floor
			// that new values start from.
			o := sketch(tt.capac, stream(r, tt.n/2, tt.distinct))
			tk.Merge(o)
			checkBuckets(t, tk)
			checkIndex(t, tk)
			small := sketch(3*tt.capac, stream(r, tt.n/4, tt.distinct))
			small.Merge(o)
			checkBuckets(t, small)
			for _, k := range stream(r, tt.n/4, tt.distinct) {
				small.Add(k)
				checkBuckets(t, small)
			}
			checkIndex(t, small)
		})
	}
}

// BenchmarkTopKAddRepeat counts values already tracked: no eviction.
func BenchmarkTopKAddRepeat(b *testing.B) {
	keys := skewedStream(newRand(9), 1<<12, 150)
	tk := New(200)
	for _, k := range keys {
		tk.Add(k)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		tk.Add(keys[i&(len(keys)-1)])
	}
}

// BenchmarkTopKAddSkewed is a long tail with heavy hitters in a full list:
// counts spread over many buckets.
func BenchmarkTopKAddSkewed(b *testing.B) {
	r := newRand(10)
	keys := skewedStream(r, 1<<16, 200000)
	tk := New(200)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		tk.Add(keys[i&(len(keys)-1)])
	}
}

func BenchmarkTopKMerge(b *testing.B) {
	r := newRand(11)
	parts := make([]*List, 4)
	for i := range parts {
		parts[i] = sketch(200, skewedStream(r, 20000, 5000))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		m := New(200)
		for _, p := range parts {
			m.Merge(p)
		}
	}
}

// coldLists is the load of logstat's summaries on its top lists: for each
// of 16 status codes a list of paths and one of clients, capacity 200,
// updated in turn by a long tail of values while the log text streams
// through the caches between one update and the next.
type coldLists struct {
	lists []*List
	ops   []coldOp
	buf   []uint64 // the log text read between ops
}

type coldOp struct {
	list int32
	key  []byte
}

const (
	coldCodes  = 16
	coldBuf    = 64 << 20 // larger than the last-level cache
	coldPerOp  = 4 << 10  // bytes of log read before each op
	coldStream = 1 << 17
)

func newColdLists() *coldLists {
	r := newRand(12)
	c := &coldLists{buf: make([]uint64, coldBuf/8)}
	for i := range c.buf {
		c.buf[i] = uint64(i)
	}
	for range 2 * coldCodes {
		c.lists = append(c.lists, New(200))
	}
	code := rand.NewZipf(r, 1.1, 1, coldCodes-1)
	hotPath := rand.NewZipf(r, 1.2, 1, 999)
	hotClient := rand.NewZipf(r, 1.2, 1, 999)
	for range coldStream {
		cd := int32(code.Uint64())
		var path, client []byte
		// Mostly the long tail, seen once or twice in a run; some hot values.
		if r.IntN(10) < 7 {
			path = fmt.Appendf(nil, "/api/v1/users/%d", r.IntN(1000000))
		} else {
			path = fmt.Appendf(nil, "/static/app/%d.js", hotPath.Uint64())
		}
		if r.IntN(10) < 7 {
			client = fmt.Appendf(nil, "%d.%d.%d.%d", 1+r.IntN(223), r.IntN(256), r.IntN(256), r.IntN(256))
		} else {
			h := hotClient.Uint64()
			client = fmt.Appendf(nil, "203.0.%d.%d", h/256, h%256)
		}
		c.ops = append(c.ops, coldOp{2 * cd, path}, coldOp{2*cd + 1, client})
	}
	// The keys lie back to back in the order of the ops, as in the log
	// text the parse has just read, not scattered over the heap.
	var text []byte
	for _, op := range c.ops {
		text = append(text, op.key...)
	}
	for i, off := 0, 0; i < len(c.ops); i++ {
		n := len(c.ops[i].key)
		c.ops[i].key = text[off : off+n : off+n]
		off += n
	}
	// Fill the lists, so that the benchmark sees the steady state: full
	// lists, cells in use.
	for _, op := range c.ops {
		c.lists[op.list].AddAt(op.key, 1700000000)
	}
	return c
}

// scan reads n bytes of the buffer from word w on, one word per cache
// line, as a parse reading the text would bring them in.
func (c *coldLists) scan(w, n int) (int, uint64) {
	var sum uint64
	for end := w + n/8; w < end; w += 8 {
		if w >= len(c.buf) {
			w, end = 0, end-w
		}
		sum += c.buf[w]
	}
	return w, sum
}

var coldSink uint64

// BenchmarkTopKAddCold is List.AddAt as logstat's parse meets it: 32 full
// lists updated in turn by a long tail of paths and clients, with 4 KiB of
// a 64 MiB buffer read before each op, so that the lists' lines are no
// longer in the near caches. Blocks of ops alternate with blocks that only
// read, and the metric add-ns/op is the median over pairs of blocks of the
// difference: what an op costs on top of the reading, little moved by
// bursts of other work on the host (ns/op counts both kinds of block).
func BenchmarkTopKAddCold(b *testing.B) {
	c := newColdLists()
	const block = 256
	b.ReportAllocs()
	b.ResetTimer()
	w, sum := 0, uint64(0)
	var diffs []float64
	var tAdd time.Duration
	for i := 0; i < b.N; {
		n := min(block, b.N-i)
		add := (i/block)&1 == 0
		start := time.Now()
		for j := i; j < i+n; j++ {
			var s uint64
			w, s = c.scan(w, coldPerOp)
			sum += s
			op := &c.ops[j&(len(c.ops)-1)]
			if add {
				c.lists[op.list].AddAt(op.key, 1700000000+int64(j>>10))
			} else {
				sum += uint64(len(op.key)) + uint64(op.list)
			}
		}
		d := time.Since(start)
		if add {
			tAdd = d
		} else if n == block {
			diffs = append(diffs, float64(tAdd-d)/block)
		}
		i += n
	}
	b.StopTimer()
	coldSink = sum
	if len(diffs) > 0 {
		slices.Sort(diffs)
		b.ReportMetric(diffs[len(diffs)/2], "add-ns/op")
	}
}
