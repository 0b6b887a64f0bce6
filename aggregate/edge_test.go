package aggregate

import (
	"testing"

	"github.com/logstat/logstat/parser"
)

func TestCacheKindOf(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want CacheKind
		ok   bool
	}{
		{"HIT", CacheHit, true}, {"RefreshHit", CacheHit, true}, {"TCP_HIT", CacheHit, true}, {"hit", CacheHit, true},
		{"MISS", CacheMiss, true}, {"Miss", CacheMiss, true}, {"TCP_REFRESH_MISS", CacheMiss, true},
		{"EXPIRED", CacheStale, true}, {"STALE", CacheStale, true}, {"UPDATING", CacheStale, true}, {"REVALIDATED", CacheStale, true},
		{"BYPASS", CacheBypass, true}, {"dynamic", CacheBypass, true}, {"none", CacheBypass, true},
		{"Error", CacheError, true}, {"LimitExceeded", CacheError, true},
		{"Redirect", CacheOther, true}, {"-", 0, false}, {"", 0, false},
	} {
		if k, ok := CacheKindOf([]byte(tt.in)); k != tt.want || ok != tt.ok {
			t.Errorf("CacheKindOf(%q) = %v %v, want %v %v", tt.in, k, ok, tt.want, tt.ok)
		}
	}
}

func TestOriginStatus(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"200", 200, true}, {"502, 504", 504, true}, {"502 : 504", 504, true}, {"-", NoOrigin, true},
		{"0", NoOrigin, true}, {"000", NoOrigin, true}, {"abc", 0, false}, {"1234", 0, false}, {"", 0, false},
	} {
		if st, ok := originStatus([]byte(tt.in)); st != tt.want || ok != tt.ok {
			t.Errorf("originStatus(%q) = %d %v, want %d %v", tt.in, st, ok, tt.want, tt.ok)
		}
	}
}

// TestEdge: edge × origin, cache and streaming counts per code, merged
// and encoded exactly.
func TestEdge(t *testing.T) {
	recs := []parser.Record{
		{Status: 502, UpstreamStatus: []byte("-"), CacheStatus: []byte("MISS"), Path: []byte("/live/a.m3u8")},
		{Status: 502, UpstreamStatus: []byte("502"), CacheStatus: []byte("MISS"), Path: []byte("/live/1.ts")},
		{Status: 504, UpstreamStatus: []byte("504, 504"), Path: []byte("/api")},
		{Status: 200, UpstreamStatus: []byte("200"), CacheStatus: []byte("HIT"), Path: []byte("/live/2.ts")},
		{Status: 200, CacheStatus: []byte("HIT"), Path: []byte("/x")},
		{Status: 200, Path: []byte("/plain")},
	}
	whole, a, b := New(Options{}), New(Options{}), New(Options{})
	for i := range recs {
		recs[i].RequestTime, recs[i].Bytes = -1, 1
		whole.Add(&recs[i])
		if i%2 == 0 {
			a.Add(&recs[i])
		} else {
			b.Add(&recs[i])
		}
	}
	a.Merge(b)
	for _, s := range []*Summary{whole, a} {
		e502 := s.Code(502).Edge
		if e502.Origin[NoOrigin] != 1 || e502.Origin[502] != 1 || e502.Cache[CacheMiss] != 2 || e502.Manifests != 1 || e502.Segments != 1 {
			t.Errorf("502: %+v", e502)
		}
		if e := s.Code(504).Edge; e.Origin[504] != 1 || e.Cached() != 0 {
			t.Errorf("504: %+v", e)
		}
		if e := s.Code(200).Edge; e.Origin[200] != 1 || e.Cache[CacheHit] != 2 || e.Segments != 1 {
			t.Errorf("200: %+v", e)
		}
	}
	got, _ := roundTrip(t, whole)
	if e := got.Code(502).Edge; e.Origin[NoOrigin] != 1 || e.Cache[CacheMiss] != 2 || e.Segments != 1 {
		t.Errorf("decoded 502: %+v", e)
	}
}
