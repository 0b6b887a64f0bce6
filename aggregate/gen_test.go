package aggregate

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/logstat/logstat/parser"
)

// newRand returns a deterministic generator for a test.
func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x10657a7)) }

// recordGen makes random parsed records: mostly 2xx, paths and clients
// from bounded sets, some records without time or bytes.
type recordGen struct {
	r       *rand.Rand
	codes   []int
	paths   int // distinct paths
	clients int
	base    time.Time
}

func newRecordGen(seed uint64) *recordGen {
	return &recordGen{
		r:       newRand(seed),
		codes:   []int{200, 200, 200, 200, 204, 206, 301, 304, 404, 404, 403, 500, 502, 499, 0, parser.StatusNone, 101, 999},
		paths:   40,
		clients: 25,
		base:    time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC),
	}
}

func (g *recordGen) record() parser.Record {
	rec := parser.Record{
		Status: g.codes[g.r.IntN(len(g.codes))],
		Bytes:  int64(g.r.IntN(5000)) - 1, // -1 sometimes: unknown
		Path:   fmt.Appendf(nil, "/p/%d", g.r.IntN(g.paths)),
		Client: fmt.Appendf(nil, "10.0.0.%d", g.r.IntN(g.clients)),
	}
	if g.r.IntN(4) == 0 {
		rec.Path = fmt.Appendf(rec.Path, "?q=%d", g.r.IntN(3))
	}
	if g.r.IntN(3) == 0 {
		rec.Host = fmt.Appendf(nil, "h%d.example", g.r.IntN(4))
	}
	if g.r.IntN(10) == 0 {
		rec.Path = nil // counted as "-"
	}
	if g.r.IntN(8) != 0 {
		rec.Time = g.base.Add(time.Duration(g.r.IntN(86400)) * time.Second)
	}
	rec.RequestTime = -1
	if g.r.IntN(2) == 0 {
		rec.RequestTime = time.Duration(g.r.IntN(5_000_000)) * time.Microsecond
	}
	switch g.r.IntN(6) {
	case 0:
		rec.Referer = fmt.Appendf(nil, "https://r%d.example/x", g.r.IntN(3))
	case 1:
		rec.Path = []byte([]string{"/.env", "/wp-login.php", "/live/a.m3u8", "/live/a/1.ts"}[g.r.IntN(4)])
	case 2:
		rec.UpstreamStatus = []byte([]string{"502", "502, 504", "-"}[g.r.IntN(3)])
		rec.UpstreamAddr = fmt.Appendf(nil, "10.1.0.%d:80", g.r.IntN(3))
	case 3:
		rec.SubStatus = fmt.Appendf(nil, "%d000", 1+g.r.IntN(3))
	}
	return rec
}

// event is one input to a Summary: a record, a malformed line or a
// skipped line.
type event struct {
	kind   int // 0 record, 1 malformed, 2 skipped
	rec    parser.Record
	sample Sample
}

// events returns a stream of n events from src sources in reading order.
func (g *recordGen) events(n, sources int) []event {
	out := make([]event, n)
	line := make([]int64, sources)
	src := 0
	for i := range out {
		if src < sources-1 && g.r.IntN(n/sources+1) == 0 {
			src++
		}
		line[src]++
		switch k := g.r.IntN(20); {
		case k < 2:
			reasons := []string{"empty line", "bad status", parser.ReasonMismatch}
			out[i] = event{kind: 1, sample: Sample{Source: fmt.Sprintf("f%d", src), Line: line[src], Reason: reasons[g.r.IntN(len(reasons))], Order: src}}
		case k < 3:
			out[i] = event{kind: 2}
		default:
			out[i] = event{rec: g.record()}
		}
	}
	return out
}

func feed(s *Summary, evs []event) *Summary {
	for i := range evs {
		switch e := &evs[i]; e.kind {
		case 0:
			s.Add(&e.rec)
		case 1:
			s.AddMalformed(e.sample)
		case 2:
			s.AddSkipped()
		}
	}
	return s
}
