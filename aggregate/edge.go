package aggregate

import (
	"bytes"
	"fmt"
	"sort"

	"github.com/logstat/logstat/internal/binenc"
)

// Edge counts what a CDN, proxy or load balancer logs beside the status it
// answered (the edge status, CodeStats.Code): the status its origin gave
// (nginx $upstream_status, ALB target_status_code, Cloudflare
// OriginResponseStatus, Gcore's upstream status), the cache's verdict, and
// whether the request was for a streaming manifest or segment. Every
// field is exact and merges by addition.
type Edge struct {
	// Origin counts the requests by the origin's final status (the last
	// of a list such as "502, 504"); NoOrigin is the key of requests the
	// origin never answered ("-", "0", "000"). Nil until one is seen.
	Origin map[int]int64
	// Cache counts the requests by the cache's verdict, as CacheKind
	// reads it.
	Cache [NumCacheKinds]int64
	// Manifests and Segments count HLS/DASH manifest and media segment
	// requests.
	Manifests, Segments int64
}

// NoOrigin is the Edge.Origin key of requests no origin answered.
const NoOrigin = -1

// CacheKind is a cache's verdict, read from the many ways logs write it.
type CacheKind uint8

// The cache kinds, in report order.
const (
	CacheHit    CacheKind = iota // HIT, RefreshHit, TCP_HIT, hit, 1
	CacheMiss                    // MISS, Miss, miss, 0
	CacheStale                   // EXPIRED, STALE, UPDATING, REVALIDATED
	CacheBypass                  // BYPASS, dynamic, none: not cacheable
	CacheError                   // Error (CloudFront), LimitExceeded, CapacityExceeded
	CacheOther                   // anything else
	NumCacheKinds
)

var cacheKindNames = [NumCacheKinds]string{"hit", "miss", "stale", "bypass", "error", "other"}

func (k CacheKind) String() string { return cacheKindNames[k] }

// cacheWords map the words of cache verdicts, lower-cased, to kinds;
// checked in order, as substrings.
var cacheWords = []struct {
	word string
	kind CacheKind
}{
	{"miss", CacheMiss}, {"hit", CacheHit}, {"expired", CacheStale}, {"stale", CacheStale},
	{"updating", CacheStale}, {"revalidated", CacheStale}, {"bypass", CacheBypass},
	{"dynamic", CacheBypass}, {"none", CacheBypass}, {"error", CacheError},
	{"exceeded", CacheError},
}

// CacheKindOf reads a cache verdict as logged. "-" and empty are no
// verdict (ok false).
func CacheKindOf(v []byte) (k CacheKind, ok bool) {
	switch string(v) { // the usual spellings, without a scan
	case "", "-":
		return 0, false
	case "HIT", "Hit", "hit", "1":
		return CacheHit, true
	case "MISS", "Miss", "miss", "0":
		return CacheMiss, true
	}
	var buf [24]byte
	low := buf[:0]
	for _, c := range v[:min(len(v), len(buf))] {
		low = append(low, lower(c))
	}
	for _, w := range cacheWords {
		if bytes.Contains(low, []byte(w.word)) {
			return w.kind, true
		}
	}
	return CacheOther, true
}

// originStatus reads the final status of an upstream status list ("502,
// 504", "502 : 504", "200"): NoOrigin for "-", "0" and "000", ok false for
// what is no status.
func originStatus(v []byte) (int, bool) {
	if i := bytes.LastIndexAny(v, ",:"); i >= 0 {
		v = v[i+1:]
	}
	v = bytes.TrimSpace(v)
	if len(v) == 1 && v[0] == '-' {
		return NoOrigin, true
	}
	if len(v) == 0 || len(v) > 3 {
		return 0, false
	}
	n := 0
	for _, c := range v {
		if c-'0' > 9 {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	if n == 0 {
		return NoOrigin, true
	}
	return n, true
}

// add counts one request's origin status, cache verdict and media kind.
func (e *Edge) add(upstream, cache []byte, media int) {
	if len(upstream) > 0 {
		if st, ok := originStatus(upstream); ok {
			if e.Origin == nil {
				e.Origin = map[int]int64{}
			}
			e.Origin[st]++
		}
	}
	if k, ok := CacheKindOf(cache); ok {
		e.Cache[k]++
	}
	switch media {
	case mediaManifest:
		e.Manifests++
	case mediaSegment:
		e.Segments++
	}
}

func (e *Edge) merge(o *Edge) {
	for st, n := range o.Origin {
		if e.Origin == nil {
			e.Origin = map[int]int64{}
		}
		e.Origin[st] += n
	}
	for k := range e.Cache {
		e.Cache[k] += o.Cache[k]
	}
	e.Manifests += o.Manifests
	e.Segments += o.Segments
}

// Cached is the number of requests with a cache verdict.
func (e *Edge) Cached() int64 {
	var n int64
	for _, c := range e.Cache {
		n += c
	}
	return n
}

// OriginStatuses returns the origin statuses seen, in order (NoOrigin
// first).
func (e *Edge) OriginStatuses() []int {
	out := make([]int, 0, len(e.Origin))
	for st := range e.Origin {
		out = append(out, st)
	}
	sort.Ints(out)
	return out
}

// appendBinary writes the origin statuses (count, then status and count
// each, in order), the cache counts and the media counts, as varints.
func (e *Edge) appendBinary(b []byte) []byte {
	b = binenc.AppendUvarint(b, uint64(len(e.Origin)))
	for _, st := range e.OriginStatuses() {
		b = appendVarints(b, int64(st), e.Origin[st])
	}
	b = appendVarints(b, e.Cache[:]...)
	return appendVarints(b, e.Manifests, e.Segments)
}

func (e *Edge) readBinary(r *binenc.Reader) {
	n := r.Count(2)
	if r.Err() == nil && n > 1001 {
		r.Fail(fmt.Errorf("%d origin statuses", n))
	}
	last := NoOrigin - 1
	for range n {
		st, c := int(r.Varint()), r.Varint()
		if r.Err() == nil && (st <= last || st > 999 || c < 0) {
			r.Fail(fmt.Errorf("origin status %d (count %d) out of order or range", st, c))
		}
		if r.Err() != nil {
			return
		}
		if e.Origin == nil {
			e.Origin = map[int]int64{}
		}
		e.Origin[st], last = c, st
	}
	for k := range e.Cache {
		e.Cache[k] = r.Varint()
	}
	e.Manifests, e.Segments = r.Varint(), r.Varint()
}
