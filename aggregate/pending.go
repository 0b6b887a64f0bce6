package aggregate

// The top lists of the error codes are the costliest part of counting a
// line: each is a few KiB of index, cells and slots, a run keeps a dozen
// codes' worth of them, and between two lines of one code the log text
// streaming through the caches has evicted them, so a line used to pay a
// few cache misses per list. Add therefore stages what an error line
// gives the lists of its code (copying the values, which the parser may
// reuse) and Flush counts the staged lines code by code: the lists of one
// code stay in cache while all of its lines are counted. Each list still
// sees its values in the order they came, so every count, bound, eviction
// and time range is what counting them at once gives; only when lists
// are updated changes.

// staged is an error line waiting for the top lists of its code: its
// values are spans of pending.bytes.
type staged struct {
	at                                          int64
	path, client, host, referer, upstream, addr span
}

// span is a value in pending.bytes; n is 0 for a value the line has not.
type span struct{ off, n uint32 }

// pending is the staging area of a Summary: the codes with staged lines
// (CodeStats.staged, in the order they came) and the values' bytes.
type pending struct {
	codes []*CodeStats
	lines int
	bytes []byte
}

// Flushes happen at these sizes, which keep the staging area small next
// to the lists it spares misses on.
const (
	pendingLines = 2048
	pendingBytes = 128 << 10
)

func (p *pending) value(b []byte) span {
	if len(b) == 0 {
		return span{}
	}
	// The lists keep no more of a value; a longer one would only make
	// the staging area large.
	b = b[:min(len(b), MaxKeyLen)]
	off := len(p.bytes)
	p.bytes = append(p.bytes, b...)
	return span{off: uint32(off), n: uint32(len(b))}
}

func (p *pending) get(s span) []byte { return p.bytes[s.off : s.off+s.n] }

// stage queues an error line's values for the top lists of cs.
func (s *Summary) stage(cs *CodeStats, at int64, path, client, host, referer, upstream, addr []byte) {
	p := &s.pending
	if len(cs.staged) == 0 {
		p.codes = append(p.codes, cs)
	}
	cs.staged = append(cs.staged, staged{
		at:   at,
		path: p.value(path), client: p.value(client), host: p.value(host),
		referer: p.value(referer), upstream: p.value(upstream), addr: p.value(addr),
	})
	if p.lines++; p.lines >= pendingLines || len(p.bytes) >= pendingBytes {
		s.Flush()
	}
}

// Flush counts the staged lines into the top lists. Add calls it as the
// staging area fills, and every method that reads the lists (Codes,
// Code, Merge, AppendBinary) first; a caller reading the lists of a
// Summary it added records to in another way calls it itself.
func (s *Summary) Flush() {
	p := &s.pending
	for _, cs := range p.codes {
		for i := range cs.staged {
			s.count(cs, &cs.staged[i])
		}
		cs.staged = cs.staged[:0]
	}
	clear(p.codes)
	p.codes, p.lines, p.bytes = p.codes[:0], 0, p.bytes[:0]
}

// count adds a staged line to the lists of its code, cs.
func (s *Summary) count(cs *CodeStats, l *staged) {
	p := &s.pending
	cs.Paths.AddAt(p.get(l.path), l.at)
	cs.Clients.AddAt(p.get(l.client), l.at)
	if l.host.n > 0 {
		cs.Hosts.AddAt(p.get(l.host), l.at)
	}
	if l.referer.n > 0 {
		cs.Referers.Add(p.get(l.referer))
	}
	if l.upstream.n > 0 {
		cs.Upstreams.Add(p.get(l.upstream))
	}
	if l.addr.n > 0 {
		cs.UpstreamAddrs.Add(p.get(l.addr))
	}
}
