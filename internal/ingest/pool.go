package ingest

import (
	"bytes"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/logstat/logstat/aggregate"
	"github.com/logstat/logstat/internal/timewin"
	"github.com/logstat/logstat/parser"
)

// Pool parses chunks of whole lines with a fixed set of worker goroutines,
// each into a Summary of its own, and merges them on demand. Chunk n goes
// to worker n mod Workers, not to whichever is free: each worker's
// summary, and so the merged one with its bounded top lists, then depend
// only on the input and the number of workers.
//
// Feed, AddMalformed, Snapshot and Close may be called from several
// goroutines; one mutex orders them, so a snapshot holds exactly the
// chunks fed before it.
type Pool struct {
	opts    aggregate.Options
	maxLine int

	mu     sync.Mutex
	works  []chan job // one per worker; the Pool made them and closes them
	next   int        // the worker of the next chunk
	own    *aggregate.Summary
	closed bool

	free chan *[]byte
	sums []*aggregate.Summary
	wg   sync.WaitGroup
	// window, when not nil, keeps only the records in it (SetWindow).
	window *timewin.Window
}

// queued is how many chunks may wait for each worker.
const queued = 2

// job is a chunk to parse, or a request for the worker's summary: a copy
// (snap), or the summary itself, the worker starting a new one (cut).
type job struct {
	c    chunk
	snap chan<- *aggregate.Summary
	cut  bool
}

// chunk is whole lines of one source.
type chunk struct {
	counts    *Counts // the source's
	src       int     // the source's order, for malformed samples
	name      string
	firstLine int64 // number of the chunk's first line, 1-based
	data      []byte
	buf       *[]byte // returned to the free list once parsed; may be nil
	// header holds the header lines in force where the chunk starts
	// (W3C's latest #Software: and #Fields:), for a parser.HeaderParser;
	// it is shared between chunks and never written.
	header [][]byte
	spec   parser.Spec // the source's format
}

// Counts are a source's line counts, updated by the workers as they parse.
type Counts struct {
	Parsed, Skipped atomic.Int64
}

// NewPool starts workers (GOMAXPROCS when 0) that parse into summaries
// made with opts; lines over maxLine bytes are counted malformed.
func NewPool(workers int, opts aggregate.Options, maxLine int) *Pool {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	p := &Pool{opts: opts, maxLine: maxLine, own: aggregate.New(opts), works: make([]chan job, workers), sums: make([]*aggregate.Summary, workers)}
	// Room for every buffer that can be out at once (queued, being parsed,
	// being filled), so that none returned is ever dropped and made again:
	// the number of buffers, and so the memory, does not depend on how
	// long the input is or how the goroutines happen to run.
	p.free = make(chan *[]byte, (queued+1)*workers+1)
	for w := range p.works {
		p.works[w] = make(chan job, queued)
		p.sums[w] = aggregate.New(opts)
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.work(w)
		}()
	}
	return p
}

// SetWindow keeps only the records whose time is in w; the others count
// as skipped lines. It must be called before the first Feed.
func (p *Pool) SetWindow(w timewin.Window) {
	if w.Active() {
		p.window = &w
	}
}

// buffer returns a recycled chunk buffer of at most limit capacity, or a
// new one of size bytes.
func (p *Pool) buffer(size, limit int) *[]byte {
	for {
		select {
		case b := <-p.free:
			if cap(*b) > limit {
				continue // grown for a long line: let it go
			}
			return b
		default:
			b := make([]byte, 0, size)
			return &b
		}
	}
}

// Feed hands a chunk to the next worker; it waits while that worker has
// queued chunks. Workers take chunks until Close, so it never waits long.
func (p *Pool) Feed(c chunk) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.works[p.next] <- job{c: c}
	p.next = (p.next + 1) % len(p.works)
}

// AddMalformed counts a line rejected before parsing (too long, cut short).
func (p *Pool) AddMalformed(s aggregate.Sample) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.own.AddMalformed(s)
}

// Snapshot returns a Summary of every chunk fed so far (since the last
// Cut), once they are parsed; the pool goes on.
func (p *Pool) Snapshot() *aggregate.Summary { return p.collect(false) }

// Cut returns a Summary of every chunk fed since the last Cut (or the
// start), once they are parsed, and starts afresh: the summaries of
// successive Cuts add up to the whole input. A follower cuts once per
// interval to keep per-minute summaries.
func (p *Pool) Cut() *aggregate.Summary { return p.collect(true) }

func (p *Pool) collect(cut bool) *aggregate.Summary {
	p.mu.Lock()
	defer p.mu.Unlock()
	replies := make([]chan *aggregate.Summary, len(p.works))
	for w, work := range p.works {
		replies[w] = make(chan *aggregate.Summary, 1)
		work <- job{snap: replies[w], cut: cut}
	}
	s := aggregate.New(p.opts)
	for _, r := range replies {
		s.Merge(<-r)
	}
	s.Merge(p.own)
	if cut {
		p.own = aggregate.New(p.opts)
	}
	return s
}

// Close waits for every chunk fed to be parsed, stops the workers and
// returns the merged Summary. The pool cannot be fed afterwards.
func (p *Pool) Close() *aggregate.Summary {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.closed {
		p.closed = true
		for _, w := range p.works {
			close(w)
		}
		p.wg.Wait()
		// Into the first worker's summary: merging into an empty one would
		// rebuild every top list for nothing.
		for _, s := range p.sums[1:] {
			p.sums[0].Merge(s)
		}
		p.sums[0].Merge(p.own)
	}
	return p.sums[0]
}

// work is worker w: it parses chunks into its summary until its channel
// is closed.
func (p *Pool) work(w int) {
	work, sum := p.works[w], p.sums[w]
	// One parser per format met: inputs may differ.
	parsers := map[parser.Spec]parser.Parser{}
	var rec parser.Record
	for j := range work {
		switch {
		case j.cut:
			j.snap <- sum
			sum = aggregate.New(p.opts)
			p.sums[w] = sum // read only by Close, after the workers end
			continue
		case j.snap != nil:
			s := aggregate.New(p.opts)
			s.Merge(sum)
			j.snap <- s
			continue
		}
		c := j.c
		prs := parsers[c.spec]
		if prs == nil {
			prs = c.spec.NewParser()
			if r, ok := prs.(parser.Raw); ok {
				r.Raw(aggregate.RawFields)
			}
			parsers[c.spec] = prs
		}
		ok, skips := parseChunk(c, prs, p.maxLine, p.window, sum, &rec)
		c.counts.Parsed.Add(ok)
		c.counts.Skipped.Add(skips)
		if c.buf != nil {
			select {
			case p.free <- c.buf:
			default:
			}
		}
	}
	// The staged lines are counted here, in parallel, rather than by
	// Close's merge, one worker after the other.
	sum.Flush()
}

// parseChunk parses c's lines with prs into sum and returns how many
// parsed and how many were skipped.
// Records outside win (nil: no window) are skipped lines.
func parseChunk(c chunk, prs parser.Parser, maxLine int, win *timewin.Window, sum *aggregate.Summary, rec *parser.Record) (ok, skips int64) {
	if hp, isHeader := prs.(parser.HeaderParser); isHeader {
		// The chunk parses as if read from the start of its source.
		hp.SetHeader(nil)
		for _, h := range c.header {
			if h != nil {
				hp.SetHeader(h)
			}
		}
	}
	data, line := c.data, c.firstLine
	for len(data) > 0 {
		nl := bytes.IndexByte(data, '\n')
		var l []byte
		if nl >= 0 {
			l, data = data[:nl], data[nl+1:]
		} else {
			l, data = data, nil
		}
		if len(l) > maxLine {
			// The reader only catches lines longer than its buffer.
			sum.AddMalformed(aggregate.Sample{Source: c.name, Line: line, Reason: ReasonTooLong, Order: c.src})
			line++
			continue
		}
		if n := len(l); n > 0 && l[n-1] == '\r' {
			l = l[:n-1]
		}
		if err := prs.Parse(l, rec); err == parser.ErrSkip {
			sum.AddSkipped()
			skips++
		} else if err != nil {
			reason := err.Error()
			if le, isLine := err.(*parser.LineError); isLine {
				reason = le.Reason
			}
			sum.AddMalformed(aggregate.Sample{Source: c.name, Line: line, Reason: reason, Order: c.src})
		} else if win != nil && !win.Contains(rec.Time) {
			sum.AddSkipped()
			skips++
		} else {
			sum.Add(rec)
			ok++
		}
		line++
	}
	return ok, skips
}
