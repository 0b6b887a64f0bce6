package report

import (
	"strconv"

	"github.com/logstat/logstat/aggregate"
)

// What CDN, proxy and load-balancer logs say beside the status the edge
// answered (a code's Code): the status the origin gave, the cache's
// verdict, and whether the request fetched a streaming manifest or
// segment (aggregate.Edge). A report has these only when the log does:
// every field here is omitted from the JSON otherwise.

// OriginNone is the Status of an OriginRow for the requests no origin
// answered: a cache hit, a request the edge answered itself, or an origin
// that never replied ("-", "0" or "000" in the log).
const OriginNone = "none"

// OriginRow is the number of a code's requests whose origin gave one
// final status (the last of a list such as "502, 504").
type OriginRow struct {
	Status  string  `json:"status"` // "502", or OriginNone
	Count   int64   `json:"count"`
	Percent float64 `json:"percent"` // of the code's requests
}

// Code is the origin status as a number, -1 for OriginNone.
func (o OriginRow) Code() int {
	n, err := strconv.Atoi(o.Status)
	if err != nil {
		return -1
	}
	return n
}

// CacheRow counts requests by the cache's verdict (aggregate.CacheKind):
// Requests is those with a verdict, and Percent each kind's share of them.
type CacheRow struct {
	Requests int64       `json:"requests"`
	Hit      int64       `json:"hit"`
	Miss     int64       `json:"miss"`
	Stale    int64       `json:"stale"`
	Bypass   int64       `json:"bypass"`
	Error    int64       `json:"error"`
	Other    int64       `json:"other"`
	Percent  CacheShares `json:"percent"`
}

// CacheShares are the kinds' shares of the requests with a verdict, in
// percent with two decimals.
type CacheShares struct {
	Hit    float64 `json:"hit"`
	Miss   float64 `json:"miss"`
	Stale  float64 `json:"stale"`
	Bypass float64 `json:"bypass"`
	Error  float64 `json:"error"`
	Other  float64 `json:"other"`
}

// Counts returns the counts in aggregate.CacheKind order.
func (c *CacheRow) Counts() [aggregate.NumCacheKinds]int64 {
	return [aggregate.NumCacheKinds]int64{c.Hit, c.Miss, c.Stale, c.Bypass, c.Error, c.Other}
}

// Shares returns the shares in aggregate.CacheKind order.
func (c *CacheRow) Shares() [aggregate.NumCacheKinds]float64 {
	p := c.Percent
	return [aggregate.NumCacheKinds]float64{p.Hit, p.Miss, p.Stale, p.Bypass, p.Error, p.Other}
}

// newCacheRow makes the row of counts in aggregate.CacheKind order; nil
// when none has a verdict.
func newCacheRow(n [aggregate.NumCacheKinds]int64) *CacheRow {
	var total int64
	for _, c := range n {
		total += c
	}
	if total == 0 {
		return nil
	}
	return &CacheRow{
		Requests: total,
		Hit:      n[aggregate.CacheHit], Miss: n[aggregate.CacheMiss], Stale: n[aggregate.CacheStale],
		Bypass: n[aggregate.CacheBypass], Error: n[aggregate.CacheError], Other: n[aggregate.CacheOther],
		Percent: CacheShares{
			Hit: Percent(n[aggregate.CacheHit], total), Miss: Percent(n[aggregate.CacheMiss], total),
			Stale: Percent(n[aggregate.CacheStale], total), Bypass: Percent(n[aggregate.CacheBypass], total),
			Error: Percent(n[aggregate.CacheError], total), Other: Percent(n[aggregate.CacheOther], total),
		},
	}
}

// MediaRow splits a code's requests by what they fetched: HLS/DASH
// manifests (.m3u8, .mpd), media segments (.ts, .m4s, .mp4, .aac…) and
// the rest.
type MediaRow struct {
	Manifest int64 `json:"manifest"`
	Segment  int64 `json:"segment"`
	Other    int64 `json:"other"`
}

// Streaming breaks a video delivery log down by what the requests
// fetched: manifests, segments and everything else, each by class and
// code. A report has it when the log has manifests or segments.
type Streaming struct {
	Manifest StreamKind `json:"manifest"`
	Segment  StreamKind `json:"segment"`
	Other    StreamKind `json:"other"`
}

// Kinds returns the kinds with their names, in report order.
func (s *Streaming) Kinds() []NamedStreamKind {
	return []NamedStreamKind{{"manifest", &s.Manifest}, {"segment", &s.Segment}, {"other", &s.Other}}
}

// NamedStreamKind is a StreamKind with its name.
type NamedStreamKind struct {
	Name string
	*StreamKind
}

// StreamKind is one kind of request of a streaming log.
type StreamKind struct {
	Requests int64        `json:"requests"`
	Percent  float64      `json:"percent"` // of parsed requests
	Classes  ClassCounts  `json:"classes"`
	Codes    []StreamCode `json:"codes"` // in the order of the report's codes
}

// ClassCounts counts requests per status class.
type ClassCounts struct {
	C1xx  int64 `json:"1xx"`
	C2xx  int64 `json:"2xx"`
	C3xx  int64 `json:"3xx"`
	C4xx  int64 `json:"4xx"`
	C5xx  int64 `json:"5xx"`
	Other int64 `json:"other"`
}

// Class returns the count of one class.
func (c *ClassCounts) Class(k aggregate.Class) int64 {
	return *c.at(k)
}

func (c *ClassCounts) at(k aggregate.Class) *int64 {
	switch k {
	case aggregate.Class1xx:
		return &c.C1xx
	case aggregate.Class2xx:
		return &c.C2xx
	case aggregate.Class3xx:
		return &c.C3xx
	case aggregate.Class4xx:
		return &c.C4xx
	case aggregate.Class5xx:
		return &c.C5xx
	}
	return &c.Other
}

// StreamCode is one code's requests of a StreamKind.
type StreamCode struct {
	Code    int     `json:"code"`
	Status  string  `json:"status"`
	Class   string  `json:"class"`
	Count   int64   `json:"count"`
	Percent float64 `json:"percent"` // of the kind's requests
}

// edgeRows fills a code's row from what the edge logged beside it.
func edgeRows(row *CodeRow, e *aggregate.Edge) {
	for _, st := range e.OriginStatuses() {
		status := strconv.Itoa(st)
		if st == aggregate.NoOrigin {
			status = OriginNone
		}
		row.Origin = append(row.Origin, OriginRow{Status: status, Count: e.Origin[st], Percent: Percent(e.Origin[st], row.Count)})
	}
	row.Cache = newCacheRow(e.Cache)
	if e.Manifests > 0 || e.Segments > 0 {
		row.Media = &MediaRow{Manifest: e.Manifests, Segment: e.Segments, Other: row.Count - e.Manifests - e.Segments}
	}
}

// edgeTotals sets the report's cache totals and streaming breakdown from
// its codes' rows.
func edgeTotals(r *Report, s *aggregate.Summary) {
	var cache [aggregate.NumCacheKinds]int64
	for _, c := range r.Codes {
		if c.Cache != nil {
			for k, n := range c.Cache.Counts() {
				cache[k] += n
			}
		}
	}
	r.Cache = newCacheRow(cache)
	if s.Manifests() == 0 && s.Segments() == 0 {
		return
	}
	st := &Streaming{}
	for _, c := range r.Codes {
		media := MediaRow{Other: c.Count}
		if c.Media != nil {
			media = *c.Media
		}
		class := aggregate.ClassOf(c.Code)
		for _, k := range []struct {
			kind *StreamKind
			n    int64
		}{{&st.Manifest, media.Manifest}, {&st.Segment, media.Segment}, {&st.Other, media.Other}} {
			if k.n == 0 {
				continue
			}
			k.kind.Requests += k.n
			*k.kind.Classes.at(class) += k.n
			k.kind.Codes = append(k.kind.Codes, StreamCode{Code: c.Code, Status: c.Status, Class: c.Class, Count: k.n})
		}
	}
	for _, k := range st.Kinds() {
		k.Percent = Percent(k.Requests, r.Lines.Parsed)
		if k.Codes == nil {
			k.Codes = []StreamCode{}
		}
		for i := range k.Codes {
			k.Codes[i].Percent = Percent(k.Codes[i].Count, k.Requests)
		}
	}
	r.Streaming = st
}
