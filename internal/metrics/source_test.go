package metrics

import (
	"sync"
	"time"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/parser"
)

// fakeSource is a Source over a Summary that tests add to; Snapshot
// returns a copy, as ingest.Pool does.
type fakeSource struct {
	mu                     sync.Mutex
	sum                    *aggregate.Summary
	rotations, truncations int64
	files                  int
}

func newFakeSource() *fakeSource {
	return &fakeSource{sum: aggregate.New(aggregate.Options{}), files: 1}
}

func (f *fakeSource) Snapshot() *aggregate.Summary {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := aggregate.New(f.sum.Options())
	s.Merge(f.sum)
	return s
}

func (f *fakeSource) FollowStats() (rotations, truncations int64, files int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.rotations, f.truncations, f.files
}

// req is one logged request: its status, body bytes (-1: none) and
// request time in seconds (-1: not logged).
type req struct {
	status int
	bytes  int64
	secs   float64
}

func (f *fakeSource) add(reqs ...req) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, q := range reqs {
		r := parser.Record{Status: q.status, Bytes: q.bytes, RequestTime: -1, Path: []byte("/x"), Client: []byte("10.0.0.1")}
		if q.secs >= 0 {
			r.RequestTime = time.Duration(q.secs * 1e9)
		}
		f.sum.Add(&r)
	}
}

// times repeats a request n times.
func times(n int, q req) []req {
	out := make([]req, n)
	for i := range out {
		out[i] = q
	}
	return out
}
