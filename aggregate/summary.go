package aggregate

import (
	"bytes"
	"time"

	"github.com/logstat/logstat/parser"
)

// Options bound what a Summary keeps.
type Options struct {
	// TopCapacity is how many values each top list tracks (default 200).
	TopCapacity int
	// MaxTopCodes is how many distinct non-2xx codes get top lists
	// (default 64); further codes are still counted exactly. When more
	// codes occur, the lists go to the well-known codes first (those
	// net/http names, and nginx's 444 and 494–499), then to the lowest
	// codes: which codes have lists depends on the set of codes seen, not
	// on the order they came in, so that Merge is exact.
	MaxTopCodes int
	// MaxSamples is how many malformed lines are kept as samples (default 10).
	MaxSamples int
	// KeepQuery keeps the query string in top paths ("/a?x=1" and "/a?x=2"
	// are then two paths).
	KeepQuery bool
}

// WithDefaults returns o with every zero field set to its default: the
// options a Summary made with o reports.
func (o Options) WithDefaults() Options { return o.withDefaults() }

func (o Options) withDefaults() Options {
	if o.TopCapacity <= 0 {
		o.TopCapacity = 200
	}
	if o.MaxTopCodes <= 0 {
		o.MaxTopCodes = 64
	}
	if o.MaxSamples <= 0 {
		o.MaxSamples = 10
	}
	return o
}

// Counter is a request count and the bytes sent for those requests.
type Counter struct {
	Count int64
	Bytes int64
}

func (c *Counter) add(bytes int64) {
	c.Count++
	if bytes > 0 {
		c.Bytes += bytes
	}
}

func (c *Counter) merge(o Counter) {
	c.Count += o.Count
	c.Bytes += o.Bytes
}

// CodeStats is what a Summary knows about one status code.
type CodeStats struct {
	Code int // as parser.Record.Status: 0–999, parser.StatusNone for "-"
	Counter
	// Top lists, nil for 2xx codes and for codes beyond Options.MaxTopCodes.
	Paths, Clients, Hosts *TopK
	// Referers counts referer hosts ("-" for none), Upstreams the raw
	// $upstream_status values and UpstreamAddrs the $upstream_addr values,
	// with the top lists (nil like them).
	Referers, Upstreams, UpstreamAddrs *TopK
	// Scanner counts 4xx requests for paths that scanners probe (/.env,
	// /wp-login.php...).
	Scanner int64
	// Latency is the request time histogram, for formats that log it.
	Latency Latency
	// Sub counts the sub-status values (X-Err-Code, IIS substatus), nil
	// until one is seen.
	Sub *TopK
	// Edge counts the origin statuses, cache verdicts and streaming
	// requests behind this (edge) status, for the formats that log them.
	Edge Edge
	// staged are lines not yet counted in the lists (Summary.Flush).
	staged []staged
}

// RawFields are the Record fields a Summary never reads decoded: the
// user and user agent are not read at all, the referer only for its host,
// which escapes do not touch. Parsers may leave them as logged.
const RawFields = parser.FieldUser | parser.FieldReferer | parser.FieldUserAgent

// signalCapacity is the size of the smaller lists kept per code.
const signalCapacity = 64

// Lines counts input lines by outcome.
type Lines struct {
	Parsed, Malformed, Skipped int64
}

// Read is every line seen: Parsed + Malformed + Skipped.
func (l Lines) Read() int64 { return l.Parsed + l.Malformed + l.Skipped }

// Summary aggregates records. The zero value is not usable: call New. A
// Summary is not safe for concurrent use; parallel workers keep one each and
// Merge them.
type Summary struct {
	opts      Options
	Lines     Lines
	Classes   [NumClasses]Counter
	codes     [1001]*CodeStats // index Status+1, so StatusNone is 0
	topCodes  int
	First     time.Time // earliest record time, zero when none had one
	Last      time.Time // latest record time
	Malformed Malformed
	// Timeline counts classes per time bucket.
	Timeline Timeline
	// ScannerClients are the clients of the Scanner requests of every code.
	ScannerClients *TopK
	// Minutes counts classes and some codes per minute, for the findings
	// (the last MinuteWindow minutes of the log).
	Minutes Minutes
	// Talkers are the heaviest clients, networks and user agents over
	// requests of every status.
	Talkers Talkers
	// pending holds error lines not yet counted in their code's top
	// lists (see Flush).
	pending pending
	// APICalls counts requests whose path looks like an API call
	// (IsAPIPath) and Writes those with a method that changes something
	// (POST, PUT, PATCH, DELETE): to suggest a profile.
	APICalls, Writes int64
}

// New returns an empty Summary.
func New(opts Options) *Summary {
	o := opts.withDefaults()
	return &Summary{opts: o, Malformed: Malformed{ByReason: map[string]int64{}}, ScannerClients: NewTopK(signalCapacity), Talkers: newTalkers()}
}

// Options returns the options the Summary was made with.
func (s *Summary) Options() Options { return s.opts }

// Add counts one parsed record.
func (s *Summary) Add(r *parser.Record) {
	s.Lines.Parsed++
	class := ClassOf(r.Status)
	s.Classes[class].add(r.Bytes)
	cs := s.code(r.Status)
	cs.add(r.Bytes)
	var at int64
	if !r.Time.IsZero() {
		// Lines of one second share the parser's time value, and one
		// equal to Last is neither before First nor after Last: the
		// comparisons are for the others (== compares the representation,
		// which is what makes this cheap).
		if r.Time != s.Last {
			if s.First.IsZero() || r.Time.Before(s.First) {
				s.First = r.Time
			}
			if r.Time.After(s.Last) {
				s.Last = r.Time
			}
		}
		at = r.Time.Unix()
		s.Timeline.add(at, class)
	}
	if isWrite(r.Method) {
		s.Writes++
	}
	if r.RequestTime >= 0 {
		cs.Latency.add(r.RequestTime)
	}
	if len(r.SubStatus) > 0 {
		if cs.Sub == nil {
			cs.Sub = NewTopK(signalCapacity)
		}
		cs.Sub.Add(r.SubStatus)
	}
	path := r.Path
	if !s.opts.KeepQuery {
		if q := bytes.IndexByte(path, '?'); q >= 0 {
			path = path[:q]
		}
	}
	if media := mediaKind(path); media != mediaNone || len(r.UpstreamStatus) > 0 || len(r.CacheStatus) > 0 {
		cs.Edge.add(r.UpstreamStatus, r.CacheStatus, media)
	}
	if IsAPIPath(path) {
		s.APICalls++
	}
	path = orDash(path)
	client := orDash(r.Client)
	scanner := class == Class4xx && IsScannerPath(path)
	if scanner {
		cs.Scanner++
		s.ScannerClients.AddAt(client, at)
	}
	if !r.Time.IsZero() {
		s.Minutes.add(at, class, r.Status, scanner)
	}
	s.Talkers.add(client, r.UserAgent, at)
	if cs.Paths == nil {
		return
	}
	var referer []byte
	if class == Class3xx || r.Status == 404 {
		// Read by the broken-link finding (404) and to tell the site's
		// own host (3xx, mostly 304s for its own assets).
		referer = orDash(refererHost(r.Referer))
	}
	s.stage(cs, at, path, client, r.Host, referer, r.UpstreamStatus, r.UpstreamAddr)
}

var dash = []byte("-")

func orDash(b []byte) []byte {
	if len(b) == 0 {
		return dash
	}
	return b
}

// code returns the stats of a status code, creating them on first use.
func (s *Summary) code(status int) *CodeStats {
	i := status + 1
	if i < 0 || i >= len(s.codes) {
		i = 0
	}
	cs := s.codes[i]
	if cs == nil {
		cs = &CodeStats{Code: i - 1}
		s.codes[i] = cs
		if ClassOf(cs.Code) != Class2xx {
			s.giveLists(cs)
		}
	}
	return cs
}

// giveLists gives a new code top lists if it is among the MaxTopCodes
// codes of best topRank seen so far, taking them from the worst-ranked code
// that has lists when all are given out. A code that gets lists thus gets
// them at its first occurrence, and a code that loses them never gets them
// back (the codes ranked before it only become more), so every list is
// complete and depends only on the set of codes seen.
func (s *Summary) giveLists(cs *CodeStats) {
	if s.topCodes < s.opts.MaxTopCodes {
		s.topCodes++
		s.newLists(cs)
		return
	}
	var worst *CodeStats
	for _, c := range s.codes {
		if c != nil && c.Paths != nil && (worst == nil || topRank(c.Code) > topRank(worst.Code)) {
			worst = c
		}
	}
	if worst == nil || topRank(cs.Code) > topRank(worst.Code) {
		return
	}
	s.Flush() // the staged lines of worst go to its lists first
	s.newLists(cs)
	worst.Paths, worst.Clients, worst.Hosts = nil, nil, nil
	worst.Referers, worst.Upstreams, worst.UpstreamAddrs = nil, nil, nil
}

// newLists gives a code its top lists.
func (s *Summary) newLists(cs *CodeStats) {
	cs.Paths = NewTopK(s.opts.TopCapacity)
	cs.Clients = NewTopK(s.opts.TopCapacity)
	cs.Hosts = NewTopK(s.opts.TopCapacity)
	cs.Referers = NewTopK(signalCapacity)
	cs.Upstreams = NewTopK(signalCapacity)
	cs.UpstreamAddrs = NewTopK(signalCapacity)
}

// lists returns the code's top lists, for merging them pairwise.
func (cs *CodeStats) lists() []*TopK {
	return []*TopK{cs.Paths, cs.Clients, cs.Hosts, cs.Referers, cs.Upstreams, cs.UpstreamAddrs}
}

// topRank orders codes for the right to top lists, lowest first:
// well-known codes, then the others, each by code.
func topRank(code int) int {
	r := code + 1 // 0 for StatusNone
	if code < 0 || code >= len(wellKnown) || !wellKnown[code] {
		r += 1001
	}
	return r
}

// wellKnown marks the status codes net/http names, and those nginx logs of
// its own (444 no response, 494–497 request and TLS errors, 499 client
// closed the connection).
var wellKnown = func() (w [600]bool) {
	for _, r := range [][2]int{
		{100, 103}, {200, 208}, {226, 226}, {300, 305}, {307, 308},
		{400, 418}, {421, 426}, {428, 429}, {431, 431}, {444, 444},
		{451, 451}, {494, 497}, {499, 499}, {500, 508}, {510, 511},
	} {
		for c := r[0]; c <= r[1]; c++ {
			w[c] = true
		}
	}
	return w
}()

// AddMalformed counts a line that did not parse.
func (s *Summary) AddMalformed(sample Sample) {
	s.Lines.Malformed++
	s.Malformed.add(sample, s.opts.MaxSamples)
}

// AddSkipped counts a line that is not a request (a W3C directive, a
// non-access line in a mixed log).
func (s *Summary) AddSkipped() { s.Lines.Skipped++ }

// Codes returns the stats of every code seen, in code order.
func (s *Summary) Codes() []*CodeStats {
	s.Flush()
	var out []*CodeStats
	for _, cs := range s.codes {
		if cs != nil {
			out = append(out, cs)
		}
	}
	return out
}

// Code returns the stats of one code, or nil when it was not seen.
func (s *Summary) Code(status int) *CodeStats {
	s.Flush()
	if i := status + 1; i >= 0 && i < len(s.codes) {
		return s.codes[i]
	}
	return nil
}

// Merge adds o into s. Every count, byte total, the time range and the
// malformed-line accounting are exact; top lists merge as TopK.Merge says.
// Both summaries should have the same Options: when o kept no lists for a
// code that s keeps lists for (o had a smaller MaxTopCodes), those lists
// miss o's records and are marked Approximate.
func (s *Summary) Merge(o *Summary) {
	s.Flush()
	o.Flush()
	if o == s {
		return
	}
	s.Lines.Parsed += o.Lines.Parsed
	s.Lines.Malformed += o.Lines.Malformed
	s.Lines.Skipped += o.Lines.Skipped
	for i := range s.Classes {
		s.Classes[i].merge(o.Classes[i])
	}
	for _, oc := range o.codes {
		if oc == nil {
			continue
		}
		cs := s.code(oc.Code)
		cs.merge(oc.Counter)
		cs.Scanner += oc.Scanner
		cs.Latency.merge(&oc.Latency)
		cs.Edge.merge(&oc.Edge)
		if oc.Sub != nil {
			if cs.Sub == nil {
				cs.Sub = NewTopK(signalCapacity)
			}
			cs.Sub.Merge(oc.Sub)
		}
		switch {
		case cs.Paths == nil:
		case oc.Paths != nil:
			for i, l := range cs.lists() {
				l.Merge(oc.lists()[i])
			}
		case oc.Count > 0:
			for _, l := range cs.lists() {
				l.MarkApproximate()
			}
		}
	}
	s.Timeline.merge(&o.Timeline)
	s.ScannerClients.Merge(o.ScannerClients)
	s.Minutes.merge(&o.Minutes)
	s.Talkers.merge(&o.Talkers)
	s.APICalls += o.APICalls
	s.Writes += o.Writes
	if !o.First.IsZero() && (s.First.IsZero() || o.First.Before(s.First)) {
		s.First = o.First
	}
	if o.Last.After(s.Last) {
		s.Last = o.Last
	}
	s.Malformed.merge(o.Malformed, s.opts.MaxSamples)
}

// Manifests, Segments and Cached count, over every code, the requests for
// HLS/DASH manifests and media segments (to recognise a video delivery
// log) and those the log gives a cache verdict (a CDN or caching proxy):
// sums of the codes' Edge counts.
func (s *Summary) Manifests() int64 { return s.sumEdge(func(e *Edge) int64 { return e.Manifests }) }

// Segments: see Manifests.
func (s *Summary) Segments() int64 { return s.sumEdge(func(e *Edge) int64 { return e.Segments }) }

// Cached: see Manifests.
func (s *Summary) Cached() int64 { return s.sumEdge((*Edge).Cached) }

func (s *Summary) sumEdge(f func(*Edge) int64) int64 {
	var n int64
	for _, cs := range s.codes {
		if cs != nil {
			n += f(&cs.Edge)
		}
	}
	return n
}
