package aggregate

import (
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/logstat/logstat/internal/binenc"
	"github.com/logstat/logstat/internal/topk"
)

// summaryEncoding is the version of the layout AppendBinary writes.
const summaryEncoding = 1

// AppendBinary appends the Summary in its binary layout, which
// DecodeSummary reads back into an equal Summary (same counts, lists,
// timeline and samples: encoding that one gives the same bytes). It is
// the summary part of a state file (internal/state), in the encoding of
// internal/binenc:
//
//	version uvarint (1); options: top capacity, max top codes, max
//	samples (uvarints), keep query (bool); lines: parsed, malformed,
//	skipped; per class count and bytes; first and last time (Unix
//	nanoseconds and UTC offset in seconds, varints; 0 0 for none);
//	codes: a count, then each code (varint), count,
//	bytes, scanner, latency (a byte string, Latency.AppendBinary), edge
//	(origin statuses: a count, then status and count each, ascending;
//	six cache counts; manifests, segments), sub (a top list or none),
//	lists (none, or six top lists: paths, clients, hosts, referers, upstreams, upstream addresses); scanner clients (a
//	top list); timeline: step, bucket count, each bucket key and six
//	counts; malformed: reasons (count, each reason and count, sorted),
//	samples (count, each source, line, reason, order); per-minute counts
//	(Minutes.appendBinary: the minutes of the window with requests, each
//	as its distance from the one before, a mask of its non-zero series
//	and those counts); talkers: clients, networks, user agents (three
//	TalkerList.appendBinary); API calls, writes (varints).
//
// A top list is: a bool (false: none), capacity, evicted, cell count
// (0, or the power of two), the non-zero cells (count, then index and
// value), slots (count, then each key, count, err, first, last) in
// ascending order of count, as kept.
func (s *Summary) AppendBinary(b []byte) ([]byte, error) {
	s.Flush()
	b = binenc.AppendUvarint(b, summaryEncoding)
	o := s.opts
	b = appendUvarints(b, uint64(o.TopCapacity), uint64(o.MaxTopCodes), uint64(o.MaxSamples))
	b = binenc.AppendBool(b, o.KeepQuery)
	b = appendVarints(b, s.Lines.Parsed, s.Lines.Malformed, s.Lines.Skipped)
	for _, c := range s.Classes {
		b = appendVarints(b, c.Count, c.Bytes)
	}
	b = appendTime(b, s.First)
	b = appendTime(b, s.Last)
	codes := s.Codes()
	b = binenc.AppendUvarint(b, uint64(len(codes)))
	for _, cs := range codes {
		var err error
		if b, err = appendCode(b, cs); err != nil {
			return nil, err
		}
	}
	b = appendTopK(b, s.ScannerClients)
	b = s.Timeline.appendBinary(b)
	b = s.Malformed.appendBinary(b)
	b = s.Minutes.appendBinary(b)
	for _, l := range s.Talkers.lists() {
		b = l.appendBinary(b)
	}
	return appendVarints(b, s.APICalls, s.Writes), nil
}

func appendCode(b []byte, cs *CodeStats) ([]byte, error) {
	b = appendVarints(b, int64(cs.Code), cs.Count, cs.Bytes, cs.Scanner)
	lat, err := cs.Latency.AppendBinary(nil)
	if err != nil {
		return nil, err
	}
	b = binenc.AppendBytes(b, lat)
	b = cs.Edge.appendBinary(b)
	b = appendTopK(b, cs.Sub)
	b = binenc.AppendBool(b, cs.Paths != nil)
	if cs.Paths != nil {
		for _, l := range cs.lists() {
			b = appendTopK(b, l)
		}
	}
	return b, nil
}

func appendUvarints(b []byte, vs ...uint64) []byte {
	for _, v := range vs {
		b = binenc.AppendUvarint(b, v)
	}
	return b
}

func appendVarints(b []byte, vs ...int64) []byte {
	for _, v := range vs {
		b = binenc.AppendVarint(b, v)
	}
	return b
}

func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return appendVarints(b, 0, 0)
	}
	_, off := t.Zone()
	return appendVarints(b, t.UnixNano(), int64(off))
}

// appendTopK appends a bool (false: no list), then the list.
func appendTopK(b []byte, t *TopK) []byte {
	b = binenc.AppendBool(b, t != nil)
	if t == nil {
		return b
	}
	return t.AppendBinary(b)
}

func (t *Timeline) appendBinary(b []byte) []byte {
	b = binenc.AppendVarint(b, t.Step)
	keys := make([]int64, 0, len(t.buckets))
	for k := range t.buckets {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	b = binenc.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		b = binenc.AppendVarint(b, k)
		b = appendVarints(b, t.buckets[k][:]...)
	}
	return b
}

func (m *Malformed) appendBinary(b []byte) []byte {
	reasons := make([]string, 0, len(m.ByReason))
	for r := range m.ByReason {
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	b = binenc.AppendUvarint(b, uint64(len(reasons)))
	for _, r := range reasons {
		b = binenc.AppendString(b, r)
		b = binenc.AppendVarint(b, m.ByReason[r])
	}
	b = binenc.AppendUvarint(b, uint64(len(m.Samples)))
	for _, s := range m.Samples {
		b = binenc.AppendString(b, s.Source)
		b = binenc.AppendVarint(b, s.Line)
		b = binenc.AppendString(b, s.Reason)
		b = binenc.AppendVarint(b, int64(s.Order))
	}
	return b
}

// Bounds a decoder checks, so that a damaged file cannot make it allocate
// without end: far above anything logstat writes.
const (
	maxDecodedCapacity = 1 << 12
)

// The times a log can hold (parser): years 1 to 9999, in Unix seconds.
const (
	minTime = -62135596800
	maxTime = 253402300799
)

// errEncoding is the cause of every DecodeSummary error.
var errEncoding = errors.New("not a summary encoding")

// DecodeSummary reads what AppendBinary wrote.
func DecodeSummary(data []byte) (*Summary, error) {
	r := binenc.NewReader(data)
	if v := r.Uvarint(); r.Err() == nil && v != summaryEncoding {
		return nil, fmt.Errorf("%w: summary version %d, this logstat reads %d", errEncoding, v, summaryEncoding)
	}
	opts := Options{TopCapacity: int(r.Uvarint()), MaxTopCodes: int(r.Uvarint()), MaxSamples: int(r.Uvarint()), KeepQuery: r.Bool()}
	if r.Err() == nil && (opts.TopCapacity < 1 || opts.TopCapacity > maxDecodedCapacity || opts.MaxTopCodes < 1 || opts.MaxTopCodes > 1001 || opts.MaxSamples < 1 || opts.MaxSamples > maxDecodedCapacity) {
		r.Fail(fmt.Errorf("options %+v out of range", opts))
	}
	if r.Err() != nil {
		return nil, fmt.Errorf("%w: %v", errEncoding, r.Err())
	}
	s := New(opts)
	s.Lines = Lines{Parsed: r.Varint(), Malformed: r.Varint(), Skipped: r.Varint()}
	for i := range s.Classes {
		s.Classes[i] = Counter{Count: r.Varint(), Bytes: r.Varint()}
	}
	s.First, s.Last = readTime(r), readTime(r)
	n := r.Count(6)
	for range n {
		readCode(r, s)
	}
	if sc := readTopK(r, signalCapacity); sc != nil {
		s.ScannerClients = sc
	}
	s.Timeline.readBinary(r)
	s.Malformed.readBinary(r, opts.MaxSamples)
	s.Minutes.readBinary(r)
	for _, l := range s.Talkers.lists() {
		if d := readTalkerList(r, l.keyCap); d != nil {
			*l = *d
		}
	}
	s.APICalls, s.Writes = r.Varint(), r.Varint()
	if r.Err() == nil && (s.APICalls < 0 || s.Writes < 0) {
		r.Fail(errors.New("a negative count"))
	}
	if r.Err() == nil && r.Len() != 0 {
		r.Fail(fmt.Errorf("%d bytes after the summary", r.Len()))
	}
	if err := r.Err(); err != nil {
		return nil, fmt.Errorf("%w: %v", errEncoding, err)
	}
	return s, nil
}

func readTime(r *binenc.Reader) time.Time {
	ns, off := r.Varint(), r.Varint()
	if ns == 0 && off == 0 {
		return time.Time{}
	}
	if off < -18*3600 || off > 18*3600 {
		r.Fail(fmt.Errorf("UTC offset %d", off))
		return time.Time{}
	}
	loc := time.UTC
	if off != 0 {
		loc = time.FixedZone("", int(off))
	}
	return time.Unix(0, ns).In(loc)
}

func readCode(r *binenc.Reader, s *Summary) {
	code := r.Varint()
	if r.Err() == nil && (code < -1 || code > 999 || s.Code(int(code)) != nil) {
		r.Fail(fmt.Errorf("status %d out of range or twice", code))
	}
	if r.Err() != nil {
		return
	}
	cs := &CodeStats{Code: int(code)}
	s.codes[code+1] = cs
	cs.Count, cs.Bytes, cs.Scanner = r.Varint(), r.Varint(), r.Varint()
	if lat := r.Bytes(); r.Err() == nil {
		if err := cs.Latency.UnmarshalBinary(lat); err != nil {
			r.Fail(err)
		}
	}
	cs.Edge.readBinary(r)
	cs.Sub = readTopK(r, signalCapacity)
	if r.Bool() {
		if s.topCodes++; s.topCodes > s.opts.MaxTopCodes {
			r.Fail(fmt.Errorf("more codes with lists than %d", s.opts.MaxTopCodes))
		}
		top := s.opts.TopCapacity
		cs.Paths, cs.Clients, cs.Hosts = readTopK(r, top), readTopK(r, top), readTopK(r, top)
		cs.Referers, cs.Upstreams, cs.UpstreamAddrs = readTopK(r, signalCapacity), readTopK(r, signalCapacity), readTopK(r, signalCapacity)
		for _, l := range cs.lists() {
			if l == nil && r.Err() == nil {
				r.Fail(errors.New("a code with lists lacks one"))
			}
		}
	}
}

// readTopK reads what appendTopK wrote; the list must have the capacity
// a Summary gives lists of its kind.
func readTopK(r *binenc.Reader, want int) *TopK {
	if !r.Bool() {
		return nil
	}
	return topk.Decode(r, want)
}

func (t *Timeline) readBinary(r *binenc.Reader) {
	step := r.Varint()
	n := r.Count(7)
	if r.Err() == nil && n > 0 && (!validStep(step) || n > MaxTimelineBuckets) {
		r.Fail(fmt.Errorf("timeline of %d buckets of %d s", n, step))
	}
	if r.Err() != nil || n == 0 {
		return
	}
	t.Step = step
	t.buckets = make(map[int64]*[NumClasses]int64, n)
	for range n {
		k := r.Varint()
		if r.Err() == nil && (k < minTime/step || k > maxTime/step) {
			r.Fail(fmt.Errorf("timeline bucket %d outside the years 1–9999", k))
		}
		b := new([NumClasses]int64)
		for i := range b {
			b[i] = r.Varint()
		}
		t.buckets[k] = b
	}
}

func validStep(step int64) bool {
	for _, s := range timelineSteps {
		if s == step {
			return true
		}
	}
	return false
}

func (m *Malformed) readBinary(r *binenc.Reader, max int) {
	for range r.Count(2) {
		reason := r.String()
		m.ByReason[reason] = r.Varint()
	}
	n := r.Count(4)
	if r.Err() == nil && n > max {
		r.Fail(fmt.Errorf("%d malformed samples, at most %d kept", n, max))
	}
	for range n {
		s := Sample{Source: r.String(), Line: r.Varint(), Reason: r.String(), Order: int(r.Varint())}
		if r.Err() != nil {
			return
		}
		m.Samples = append(m.Samples, s)
	}
}
