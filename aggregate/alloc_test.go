package aggregate

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/logstat/logstat/parser"
)

// records returns n records cycling over paths and clients values, the
// codes given in turn.
func records(n, paths, clients int, codes []int, pathLen func(i int) int) []parser.Record {
	t0 := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	out := make([]parser.Record, n)
	for i := range out {
		p := fmt.Appendf(nil, "/p/%d", i%paths)
		if pathLen != nil {
			for len(p) < pathLen(i) {
				p = append(p, 'x')
			}
		}
		out[i] = parser.Record{
			// Times repeat hourly, so that after the warm-up every
			// timeline bucket exists: a new bucket allocates once per
			// minute of log time, which TestTimelineAllocs bounds.
			Time:   t0.Add(time.Duration(i%3600) * time.Second),
			Status: codes[i%len(codes)],
			Bytes:  int64(i % 900),
			Path:   append(p, "?id=7"...),
			Client: fmt.Appendf(nil, "198.51.100.%d", i%clients),
			Host:   []byte("example.com"),
		}
	}
	return out
}

func TestSummaryAddAllocs(t *testing.T) {
	codes := []int{200, 404, 500, 301, 200, 503}
	tests := []struct {
		name    string
		opts    Options
		paths   int
		pathLen func(int) int
	}{
		// Every value was seen in the warm-up: counting it allocates nothing.
		{"repeating values within capacity", Options{}, 150, nil},
		// The sketch is full and every path is new: each evicts a value
		// and reuses that slot's key buffer.
		{"always-new paths, sketch full", Options{TopCapacity: 50}, 1 << 30, nil},
		{"always-new paths of varying length", Options{TopCapacity: 50}, 1 << 30, func(i int) int { return 5 + i*7919%120 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const warm, runs = 4000, 2000
			recs := records(warm+runs+2, min(tt.paths, warm+runs+2), 40, codes, tt.pathLen)
			if tt.paths < warm {
				copy(recs[warm:], recs[:runs+2])
			}
			s := New(tt.opts)
			for i := range warm {
				s.Add(&recs[i])
			}
			i := warm
			f := func() {
				s.Add(&recs[i])
				i++
			}
			if allocs := testing.AllocsPerRun(runs/2, f); allocs != 0 {
				t.Errorf("Summary.Add allocates %v times per record", allocs)
			}
			// AllocsPerRun rounds down: count every allocation too.
			if n := totalAllocs(runs/2, f); n != 0 {
				t.Errorf("%d allocations in %d calls of Summary.Add", n, runs/2)
			}
		})
	}
}

// totalAllocs is testing.AllocsPerRun without the rounding: the number of
// heap allocations of runs calls of f.
func totalAllocs(runs int, f func()) uint64 {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	f() // warm up, as AllocsPerRun does
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		f()
	}
	runtime.ReadMemStats(&after)
	return after.Mallocs - before.Mallocs
}

func BenchmarkSummaryAdd(b *testing.B) {
	// 2xx-heavy, as real logs are.
	codes := []int{200, 200, 200, 200, 200, 200, 200, 304, 200, 404, 200, 200, 301, 200, 500, 200, 206, 200, 403, 200}
	recs := records(1<<14, 3000, 500, codes, nil)
	s := New(Options{})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		s.Add(&recs[i&(len(recs)-1)])
	}
}

func BenchmarkTopKAdd(b *testing.B) {
	// High cardinality: nearly every value is new and evicts another.
	keys := make([][]byte, 1<<16)
	for i := range keys {
		keys[i] = fmt.Appendf(nil, "/static/assets/%d/img-%x.png", i, i*2654435761)
	}
	tk := NewTopK(200)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		tk.Add(keys[i&(len(keys)-1)])
	}
}

func TestTimelineAllocs(t *testing.T) {
	// One record per second: a new minute bucket every 60 records. The
	// timeline may allocate for a new bucket (its counters and the map's
	// growth), never for a record that lands in an existing one.
	t0 := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC).Unix()
	var tl Timeline
	const n = 6000
	i := int64(0)
	allocs := totalAllocs(n, func() {
		tl.add(t0+i, Class2xx)
		i++
	})
	if buckets := uint64(n / 60); allocs > 2*buckets {
		t.Errorf("%d allocations for %d records in %d buckets", allocs, n, buckets)
	}
	i = 0
	if again := totalAllocs(n, func() {
		tl.add(t0+i, Class4xx)
		i++
	}); again != 0 {
		t.Errorf("%d allocations adding to existing buckets", again)
	}
}
